#include "labelselector.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace binnacle {

Result<LabelSelector> LabelSelector::parse(const QString &text)
{
    LabelSelector selector;
    // Split on commas outside parentheses.
    QStringList parts;
    QString current;
    int depth = 0;
    for (const QChar c : text) {
        if (c == u'(')
            ++depth;
        else if (c == u')')
            --depth;
        if (c == u',' && depth == 0) {
            parts << current;
            current.clear();
        } else {
            current += c;
        }
    }
    parts << current;

    static const QRegularExpression key(uR"(^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$)"_s);
    static const QRegularExpression setForm(uR"(^(\S+)\s+(in|notin)\s*\(([^)]*)\)$)"_s);
    for (QString part : parts) {
        part = part.trimmed();
        if (part.isEmpty())
            continue;
        Requirement requirement;
        if (const auto match = setForm.match(part); match.hasMatch()) {
            requirement.key = match.captured(1);
            requirement.op = match.captured(2) == u"in" ? Op::In : Op::NotIn;
            for (const QString &value : match.captured(3).split(u',', Qt::SkipEmptyParts))
                requirement.values << value.trimmed();
        } else if (part.startsWith(u'!')) {
            requirement.key = part.mid(1).trimmed();
            requirement.op = Op::DoesNotExist;
        } else if (const qsizetype ne = part.indexOf(u"!="_s); ne > 0) {
            requirement.key = part.left(ne).trimmed();
            requirement.op = Op::NotEquals;
            requirement.values << part.mid(ne + 2).trimmed();
        } else if (const qsizetype eq = part.indexOf(u'='); eq > 0) {
            requirement.key = part.left(eq).trimmed();
            requirement.op = Op::Equals;
            requirement.values << part.mid(part.mid(eq, 2) == u"==" ? eq + 2 : eq + 1).trimmed();
        } else {
            requirement.key = part;
            requirement.op = Op::Exists;
        }
        if (!key.match(requirement.key).hasMatch())
            return Error(Error::Kind::Parse, u"\"%1\" is not a valid label key"_s.arg(requirement.key));
        selector.m_requirements << requirement;
    }
    return selector;
}

bool LabelSelector::matches(const LabelSet &labels) const
{
    for (const Requirement &r : m_requirements) {
        const QString *it = labels.find(r.key);
        const bool has = it != nullptr;
        switch (r.op) {
        case Op::Equals:
        case Op::In:
            if (!has || !r.values.contains(*it))
                return false;
            break;
        case Op::NotEquals:
        case Op::NotIn:
            if (has && r.values.contains(*it))
                return false;
            break;
        case Op::Exists:
            if (!has)
                return false;
            break;
        case Op::DoesNotExist:
            if (has)
                return false;
            break;
        }
    }
    return true;
}

} // namespace binnacle
