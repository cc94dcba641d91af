#pragma once

#include "models/logs/logmatcher.h"

#include <QObject>

#include <deque>
#include <memory>

namespace binnacle {

class LogStore;
struct LogSearchInbox;

// The lines of a LogStore that match a query, kept right while lines stream in and old ones are dropped. A new
// query first scans what is stored on a worker thread (over a snapshot: a million lines take well under 200 ms,
// and the GUI thread goes on meanwhile), then catches up with what arrived during the scan; after that each flush of
// new lines is scanned as it comes. Also maps the rows of a filtered view (only the matching lines, or with
// `invert` only the others) to lines.
class LogSearch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogSearch)

public:
    explicit LogSearch(const LogStore &store, QObject *parent = nullptr);
    ~LogSearch() override;

    void setQuery(const LogQuery &query);
    const LogMatcher &matcher() const { return m_matcher; }
    bool isActive() const { return !m_matcher.isEmpty() && m_matcher.isValid(); }
    bool isScanning() const { return m_scanning; }

    // After the store changed (lines appended, old ones dropped, cleared): once per flush.
    void storeChanged();

    qint64 matchCount() const { return m_matchCount; } // occurrences among the lines kept
    qint64 matchingLineCount() const { return qint64(m_lines.size()); }
    qint64 matchingLine(qint64 index) const { return m_lines[size_t(index)]; } // absolute line numbers, ascending
    bool lineMatches(qint64 line) const;
    // The index of the first matching line at or after `line` (matchingLineCount() when there is none).
    qint64 firstMatchAtOrAfter(qint64 line) const;

    // A filtered view's rows.
    qint64 filteredRowCount(bool invert) const;
    qint64 filteredLine(qint64 row, bool invert) const;
    qint64 filteredRowOf(qint64 line, bool invert) const; // the row showing `line`, or the next one after it

signals:
    void resultsChanged();

private:
    friend struct LogSearchInbox;
    struct Found
    {
        std::deque<qint64> lines;
        std::deque<int> counts;
        qint64 total = 0;
    };
    void scanned(quint64 generation, Found found, qint64 upTo);
    void scanStore(qint64 from, qint64 to); // on this thread
    void dropBefore(qint64 line);
    qint64 matchesBefore(qint64 line) const;

    const LogStore &m_store;
    LogMatcher m_matcher;
    std::shared_ptr<LogSearchInbox> m_inbox;
    quint64 m_generation = 0;
    bool m_scanning = false;
    qint64 m_scannedUpTo = 0; // lines below this were looked at
    std::deque<qint64> m_lines;
    std::deque<int> m_counts; // occurrences in each of m_lines
    qint64 m_matchCount = 0;
    QByteArray m_scratch;
};

} // namespace binnacle
