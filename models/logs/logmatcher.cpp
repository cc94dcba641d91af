#include "models/logs/logmatcher.h"

namespace binnacle {

void lowerAscii(QByteArrayView from, QByteArray &to)
{
    to.resize(from.size());
    const char *in = from.data();
    char *out = to.data();
    for (qsizetype i = 0; i < from.size(); ++i) {
        const char c = in[i];
        out[i] = (c >= 'A' && c <= 'Z') ? char(c + ('a' - 'A')) : c;
    }
}

LogMatcher::LogMatcher(const LogQuery &query)
    : m_query(query)
{
    if (query.regex) {
        m_expression.setPattern(query.pattern);
        m_expression.setPatternOptions(query.caseSensitive ? QRegularExpression::NoPatternOption
                                                           : QRegularExpression::CaseInsensitiveOption);
        if (!m_expression.isValid())
            m_error = m_expression.errorString();
        else
            m_expression.optimize();
        return;
    }
    m_needle = query.pattern.toUtf8();
    if (!query.caseSensitive) {
        QByteArray lowered;
        lowerAscii(m_needle, lowered);
        m_needle = lowered;
    }
    m_matcher.setPattern(m_needle);
}

int LogMatcher::countIn(QByteArrayView line) const
{
    if (isEmpty() || !isValid())
        return 0;
    if (m_query.regex) {
        const QString text = QString::fromUtf8(line);
        int count = 0;
        auto it = m_expression.globalMatch(text);
        while (it.hasNext()) {
            const auto match = it.next();
            if (match.capturedLength() > 0)
                ++count;
        }
        return count;
    }
    QByteArray lowered;
    QByteArrayView haystack = line;
    if (!m_query.caseSensitive) {
        lowerAscii(line, lowered);
        haystack = lowered;
    }
    int count = 0;
    for (qsizetype at = m_matcher.indexIn(haystack, 0); at >= 0; at = m_matcher.indexIn(haystack, at + m_needle.size()))
        ++count;
    return count;
}

QList<QPair<int, int>> LogMatcher::matchesIn(QStringView text) const
{
    QList<QPair<int, int>> matches;
    if (isEmpty() || !isValid())
        return matches;
    if (m_query.regex) {
        auto it = m_expression.globalMatch(text.toString()); // Qt 6.4 has no globalMatchView
        while (it.hasNext()) {
            const auto match = it.next();
            if (match.capturedLength() > 0)
                matches.append({int(match.capturedStart()), int(match.capturedLength())});
        }
        return matches;
    }
    const Qt::CaseSensitivity cs = m_query.caseSensitive ? Qt::CaseSensitive : Qt::CaseInsensitive;
    const qsizetype length = m_query.pattern.size();
    for (qsizetype at = text.indexOf(m_query.pattern, 0, cs); at >= 0;
         at = text.indexOf(m_query.pattern, at + length, cs))
        matches.append({int(at), int(length)});
    return matches;
}

} // namespace binnacle
