#include "applyreport.h"

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

QString names(const QList<const ApplyOutcome *> &outcomes)
{
    QStringList parts;
    for (const ApplyOutcome *outcome : outcomes)
        parts << outcome->displayName();
    return parts.join(u", "_s);
}

} // namespace

QString ApplyOutcome::displayName() const
{
    const QString object = namespaceName.isEmpty() ? name : namespaceName + u'/' + name;
    return object.isEmpty() ? kind : kind + u' ' + object;
}

QList<const ApplyOutcome *> ApplyReport::inState(ApplyOutcome::State state) const
{
    QList<const ApplyOutcome *> found;
    for (const ApplyOutcome &outcome : documents) {
        if (outcome.state == state)
            found << &outcome;
    }
    return found;
}

const ApplyOutcome *ApplyReport::failure() const
{
    for (const ApplyOutcome &outcome : documents) {
        if (outcome.error)
            return &outcome;
    }
    return nullptr;
}

QString ApplyReport::message() const
{
    using State = ApplyOutcome::State;
    if (created) {
        const QList<const ApplyOutcome *> all = inState(State::Created);
        return u"Created %1 %2: %3."_s.arg(all.size()).arg(all.size() == 1 ? u"object"_s : u"objects"_s, names(all));
    }
    QStringList sentences;
    if (const ApplyOutcome *failed = failure()) {
        const QString what = failed->kind.isEmpty()
            ? u"Document %1 (line %2)"_s.arg(failed->document).arg(failed->line)
            : u"Document %1 (%2, line %3)"_s.arg(failed->document).arg(failed->displayName()).arg(failed->line);
        QString reason = failed->error->message();
        if (failed->error->kind() == Error::Kind::Api && !failed->error->status().reason.isEmpty())
            reason += u" (%1, %2)"_s.arg(failed->error->status().reason).arg(failed->error->status().code);
        sentences << u"%1 failed: %2."_s.arg(what, reason);
    } else {
        sentences << u"The apply stopped before every document was created."_s;
    }
    const QList<const ApplyOutcome *> rolledBack = inState(State::RolledBack);
    const QList<const ApplyOutcome *> stuck = inState(State::NotRolledBack);
    if (rolledBack.isEmpty() && stuck.isEmpty())
        sentences << u"Nothing was created."_s;
    if (!rolledBack.isEmpty())
        sentences << u"Deleted again what this apply had created: %1."_s.arg(names(rolledBack));
    for (const ApplyOutcome *outcome : stuck)
        sentences << u"Could not delete %1 again (%2): it is still there."_s.arg(outcome->displayName(),
                                                                                 outcome->rollbackError->message());
    return sentences.join(u' ');
}

} // namespace binnacle
