#include "models/probe/probecomparison.h"

#include "models/probe/bodycanonicalizer.h"

#include <QHash>
#include <QObject>

#include <algorithm>
#include <tuple>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

// The order of the members of a group, and of groups of one size: by pod name, which the user reads in the table;
// cluster and namespace only separate pods of the same name.
bool sortsBefore(const ProbeAnswer &a, const ProbeAnswer &b)
{
    return std::tie(a.pod, a.cluster, a.namespaceName) < std::tie(b.pod, b.cluster, b.namespaceName);
}

QString pods(qsizetype count)
{
    return count == 1 ? QObject::tr("1 pod") : QObject::tr("%1 pods").arg(count);
}

} // namespace

ProbeComparison ProbeComparison::compare(const QList<ProbeAnswer> &answers, const QStringList &exclusions)
{
    ProbeComparison result;
    result.m_answers = answers;
    result.m_verdicts.resize(answers.size());
    const BodyCanonicalizer canonicalizer(exclusions);

    // Groups in arrival order first, keyed by what makes two answers alike: a status and a canonical body, or a
    // failure's reason.
    QList<Group> groups;
    QHash<QByteArray, int> groupOfKey;
    QList<QString> pretty(answers.size());
    for (qsizetype i = 0; i < answers.size(); ++i) {
        const ProbeAnswer &answer = answers.at(i);
        BodyCanonicalizer::Form form = canonicalizer.canonicalize(answer.body);
        if (answer.statusCode > 0)
            result.m_verdicts[i].hash = form.hash;
        pretty[i] = std::move(form.pretty);
        const bool failed = answer.failed();
        QByteArray key;
        if (failed)
            key = 'F' + answer.failureReason().toUtf8();
        else
            key = 'S' + QByteArray::number(answer.statusCode) + ' ' + form.canonical;
        auto it = groupOfKey.constFind(key);
        if (it == groupOfKey.constEnd()) {
            Group group;
            group.statusCode = answer.statusCode;
            group.failure = answer.failureReason();
            if (!failed)
                group.hash = form.hash;
            it = groupOfKey.insert(key, int(groups.size()));
            groups.append(group);
        }
        groups[it.value()].members.append(int(i));
    }

    const auto memberBefore = [&answers](int a, int b) { return sortsBefore(answers.at(a), answers.at(b)); };
    for (Group &group : groups) {
        std::stable_sort(group.members.begin(), group.members.end(), memberBefore);
        group.pretty = pretty.at(group.members.first());
        group.statusCode = answers.at(group.members.first()).statusCode;
    }
    std::stable_sort(groups.begin(), groups.end(), [&answers](const Group &a, const Group &b) {
        if (a.failed() != b.failed())
            return !a.failed();
        if (a.members.size() != b.members.size())
            return a.members.size() > b.members.size();
        if (a.failed())
            return a.failure < b.failure;
        return sortsBefore(answers.at(a.members.first()), answers.at(b.members.first()));
    });
    result.m_groups = groups;

    if (!groups.isEmpty() && !groups.first().failed()) {
        result.m_reference = 0;
        result.m_tied = groups.size() > 1 && !groups.at(1).failed()
            && groups.at(1).members.size() == groups.first().members.size();
    }

    // Every member of a group that did not fail has the same pretty body, so one diff per distinct text suffices.
    QHash<QString, TextDiff> diffs;
    for (qsizetype g = 0; g < groups.size(); ++g) {
        for (const int i : groups.at(g).members) {
            Verdict &verdict = result.m_verdicts[i];
            verdict.group = int(g);
            verdict.differs = g != result.m_reference;
            if (!result.hasReference())
                continue;
            auto diff = diffs.constFind(pretty.at(i));
            if (diff == diffs.constEnd())
                diff = diffs.insert(pretty.at(i), TextDiff::compute(groups.first().pretty, pretty.at(i)));
            verdict.diff = diff.value();
        }
    }
    return result;
}

int ProbeComparison::agreeing() const
{
    return hasReference() ? int(m_groups.at(m_reference).members.size()) : 0;
}

int ProbeComparison::differing() const
{
    return int(m_answers.size()) - agreeing() - failedCount();
}

int ProbeComparison::failedCount() const
{
    qsizetype count = 0;
    for (const Group &group : m_groups) {
        if (group.failed())
            count += group.members.size();
    }
    return int(count);
}

QString ProbeComparison::summary() const
{
    const qsizetype total = m_answers.size();
    if (total == 0)
        return QObject::tr("No answers");
    const QString failed = QObject::tr("%1 failed").arg(failedCount());
    if (!hasReference())
        return QObject::tr("None of %1 answered; %2").arg(pods(total), failed);
    if (m_tied) {
        const qsizetype largest = m_groups.first().members.size();
        const qsizetype tied = std::count_if(m_groups.begin(), m_groups.end(), [largest](const Group &group) {
            return !group.failed() && group.members.size() == largest;
        });
        return QObject::tr("No majority among %1: %2 groups of %3 each; %4")
            .arg(pods(total))
            .arg(tied)
            .arg(largest)
            .arg(failed);
    }
    const int differ = differing();
    const QString agree
        = total == 1 ? QObject::tr("1 of 1 pod agrees") : QObject::tr("%1 of %2 pods agree").arg(agreeing()).arg(total);
    const QString differs = differ == 1 ? QObject::tr("1 differs") : QObject::tr("%1 differ").arg(differ);
    return agree + u"; "_s + differs + u"; "_s + failed;
}

} // namespace binnacle
