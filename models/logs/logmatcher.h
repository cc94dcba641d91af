#pragma once

#include <QByteArray>
#include <QByteArrayMatcher>
#include <QList>
#include <QRegularExpression>
#include <QString>

namespace binnacle {

// What the person searches a log for.
struct LogQuery
{
    QString pattern;
    bool regex = false;
    bool caseSensitive = false;

    bool isEmpty() const { return pattern.isEmpty(); }
    bool operator==(const LogQuery &) const = default;
};

// A compiled LogQuery. Plain text is matched on the raw UTF-8 bytes (case folding is ASCII-only: lowering every
// byte of a 150 MB log is what keeps a search of a million lines under 200 ms); regular expressions need QString
// and are slower. Const and free of shared state: worker threads use one matcher at once.
class LogMatcher final
{
public:
    LogMatcher() = default;
    explicit LogMatcher(const LogQuery &query);

    bool isEmpty() const { return m_query.isEmpty(); }
    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; } // the regular expression's problem, for the search bar
    const LogQuery &query() const { return m_query; }

    // How many times the query occurs in one line of raw bytes (matches do not overlap).
    int countIn(QByteArrayView line) const;

    // Every match in `lines`, back-to-back lines whose ends are `ends[i] - base`: calls found(i, matchesInLine)
    // once per line with at least one match. `scratch` is reused between calls to lower the text.
    template<typename Found>
    void scan(QByteArrayView lines, const quint32 *ends, quint32 base, qsizetype lineCount, QByteArray &scratch,
              Found &&found) const;

    // Where the query occurs in displayed text (start, length), to highlight it.
    QList<QPair<int, int>> matchesIn(QStringView text) const;

private:
    LogQuery m_query;
    QString m_error;
    QByteArray m_needle; // lowered unless case-sensitive
    QByteArrayMatcher m_matcher;
    QRegularExpression m_expression;
};

void lowerAscii(QByteArrayView from, QByteArray &to);

template<typename Found>
void LogMatcher::scan(QByteArrayView lines, const quint32 *ends, quint32 base, qsizetype lineCount, QByteArray &scratch,
                      Found &&found) const
{
    if (isEmpty() || !isValid() || lineCount == 0)
        return;
    if (m_query.regex) {
        quint32 begin = 0;
        for (qsizetype i = 0; i < lineCount; ++i) {
            const quint32 end = ends[i] - base;
            const int n = countIn(lines.sliced(begin, end - begin));
            if (n > 0)
                found(i, n);
            begin = end;
        }
        return;
    }
    // Plain text: one pass of the matcher over the whole buffer, then each hit is given to its line; a hit that
    // runs past its line's end is two lines' text glued together, not a match.
    QByteArrayView haystack = lines;
    if (!m_query.caseSensitive) {
        lowerAscii(lines, scratch);
        haystack = scratch;
    }
    qsizetype line = 0;
    qsizetype from = 0;
    int inLine = 0;
    const qsizetype length = m_needle.size();
    while (true) {
        const qsizetype at = m_matcher.indexIn(haystack, from);
        if (at < 0)
            break;
        while (line < lineCount && qsizetype(ends[line] - base) <= at) {
            if (inLine > 0)
                found(line, inLine);
            inLine = 0;
            ++line;
        }
        if (line >= lineCount)
            break;
        if (at + length <= qsizetype(ends[line] - base)) {
            ++inLine;
            from = at + length;
        } else {
            from = ends[line] - base; // glued across lines: the next match starts in the next line at the earliest
        }
    }
    if (inLine > 0 && line < lineCount)
        found(line, inLine);
}

} // namespace binnacle
