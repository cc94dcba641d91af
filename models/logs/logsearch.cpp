#include "models/logs/logsearch.h"

#include "models/logs/logstore.h"

#include <QMutex>
#include <QThreadPool>

#include <algorithm>

namespace binnacle {

// How a scan on a worker thread reaches its LogSearch, which the GUI may destroy at any moment: the search clears
// `target` under the lock in its destructor, so nothing is posted to it once that has begun (and Qt drops what was
// posted before).
struct LogSearchInbox
{
    QMutex mutex;
    LogSearch *target;

    void post(quint64 generation, LogSearch::Found found, qint64 upTo)
    {
        const QMutexLocker lock(&mutex);
        if (!target)
            return;
        LogSearch *search = target;
        QMetaObject::invokeMethod(
            search,
            [search, generation, found = std::move(found), upTo]() mutable {
                search->scanned(generation, std::move(found), upTo);
            },
            Qt::QueuedConnection);
    }
};

namespace {

template<typename Found>
void scanBlock(const LogMatcher &matcher, const LogBlock &block, qsizetype begin, qsizetype end, QByteArray &scratch,
               Found &&found)
{
    if (begin >= end)
        return;
    const quint32 base = begin == 0 ? 0 : block.ends[size_t(begin - 1)];
    const QByteArrayView text(block.text.data() + base, qsizetype(block.ends[size_t(end - 1)] - base));
    matcher.scan(text, block.ends.data() + begin, base, end - begin, scratch,
                 [&](qsizetype i, int count) { found(block.firstLine + begin + i, count); });
}

} // namespace

LogSearch::LogSearch(const LogStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_inbox(std::make_shared<LogSearchInbox>())
{
    m_inbox->target = this;
}

LogSearch::~LogSearch()
{
    const QMutexLocker lock(&m_inbox->mutex);
    m_inbox->target = nullptr;
}

void LogSearch::setQuery(const LogQuery &query)
{
    m_matcher = LogMatcher(query);
    ++m_generation;
    m_lines.clear();
    m_counts.clear();
    m_matchCount = 0;
    m_scannedUpTo = m_store.endLine();
    m_scanning = false;
    if (!isActive()) {
        emit resultsChanged();
        return;
    }
    m_scanning = true;
    QThreadPool::globalInstance()->start(
        [inbox = m_inbox, matcher = m_matcher, snapshot = m_store.snapshot(), generation = m_generation] {
            Found found;
            QByteArray scratch;
            for (const auto &block : snapshot.blocks) {
                const qsizetype begin = qsizetype(std::max<qint64>(0, snapshot.firstLine - block->firstLine));
                scanBlock(matcher, *block, begin, block->lineCount(), scratch, [&](qint64 line, int count) {
                    found.lines.push_back(line);
                    found.counts.push_back(count);
                    found.total += count;
                });
            }
            inbox->post(generation, std::move(found), snapshot.endLine);
        });
    emit resultsChanged();
}

void LogSearch::scanned(quint64 generation, Found found, qint64 upTo)
{
    if (generation != m_generation)
        return; // a query since replaced
    m_lines = std::move(found.lines);
    m_counts = std::move(found.counts);
    m_matchCount = found.total;
    m_scanning = false;
    dropBefore(m_store.firstLine());
    scanStore(std::max(upTo, m_store.firstLine()), m_store.endLine()); // what arrived during the scan
    emit resultsChanged();
}

void LogSearch::storeChanged()
{
    if (!isActive())
        return;
    const qint64 before = m_matchCount;
    const size_t linesBefore = m_lines.size();
    dropBefore(m_store.firstLine());
    if (!m_scanning && m_scannedUpTo < m_store.endLine())
        scanStore(std::max(m_scannedUpTo, m_store.firstLine()), m_store.endLine());
    if (m_matchCount != before || m_lines.size() != linesBefore)
        emit resultsChanged();
}

void LogSearch::scanStore(qint64 from, qint64 to)
{
    if (from < to) {
        for (const LogBlock *block : m_store.blocksBetween(from, to)) {
            const qsizetype begin = qsizetype(std::max(from, block->firstLine) - block->firstLine);
            const qsizetype end = qsizetype(std::min(to, block->endLine()) - block->firstLine);
            scanBlock(m_matcher, *block, begin, end, m_scratch, [this](qint64 line, int count) {
                m_lines.push_back(line);
                m_counts.push_back(count);
                m_matchCount += count;
            });
        }
    }
    m_scannedUpTo = std::max(m_scannedUpTo, to);
}

void LogSearch::dropBefore(qint64 line)
{
    while (!m_lines.empty() && m_lines.front() < line) {
        m_matchCount -= m_counts.front();
        m_lines.pop_front();
        m_counts.pop_front();
    }
    if (m_scannedUpTo < line)
        m_scannedUpTo = line;
}

bool LogSearch::lineMatches(qint64 line) const
{
    return std::binary_search(m_lines.begin(), m_lines.end(), line);
}

qint64 LogSearch::firstMatchAtOrAfter(qint64 line) const
{
    return qint64(std::lower_bound(m_lines.begin(), m_lines.end(), line) - m_lines.begin());
}

qint64 LogSearch::matchesBefore(qint64 line) const
{
    return firstMatchAtOrAfter(line);
}

qint64 LogSearch::filteredRowCount(bool invert) const
{
    return invert ? m_store.lineCount() - qint64(m_lines.size()) : qint64(m_lines.size());
}

qint64 LogSearch::filteredLine(qint64 row, bool invert) const
{
    if (!invert)
        return m_lines[size_t(row)];
    // The row-th line that does not match: the smallest line L with `row + 1` non-matching lines up to it.
    qint64 low = m_store.firstLine() + row;
    qint64 high = std::min(low + qint64(m_lines.size()), m_store.endLine() - 1);
    while (low < high) {
        const qint64 mid = low + (high - low) / 2;
        const qint64 nonMatching = (mid + 1 - m_store.firstLine()) - matchesBefore(mid + 1);
        if (nonMatching >= row + 1)
            high = mid;
        else
            low = mid + 1;
    }
    return low;
}

qint64 LogSearch::filteredRowOf(qint64 line, bool invert) const
{
    const qint64 matching = matchesBefore(line);
    return invert ? (line - m_store.firstLine()) - matching : matching;
}

} // namespace binnacle
