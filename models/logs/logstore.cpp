#include "models/logs/logstore.h"

#include <algorithm>

namespace binnacle {

namespace {
// Per-line vectors start at a size that fits typical lines (~100 bytes) so a full block rarely reallocates them.
constexpr size_t ExpectedLinesPerBlock = LogBlock::Capacity / 96;
} // namespace

qsizetype LogBlock::bytesUsed() const
{
    return qsizetype(sizeof(LogBlock) + text.capacity() + ends.capacity() * sizeof(quint32)
                     + timestampsNs.capacity() * sizeof(qint64) + sources.capacity() * sizeof(quint16)
                     + flags.capacity());
}

LogStore::LogStore(qsizetype budgetBytes)
    : m_budget(budgetBytes)
{ }

void LogStore::setBudget(qsizetype bytes)
{
    m_budget = bytes;
    enforceBudget();
}

LogBlock &LogStore::openBlock(qsizetype incomingBytes)
{
    if (!m_blocks.empty()) {
        LogBlock &last = *m_blocks.back();
        if (qsizetype(last.text.size()) + incomingBytes <= LogBlock::Capacity || last.ends.empty())
            return last;
        // Seal it: shrink what it will never use, so the budget counts what is really held.
        last.ends.shrink_to_fit();
        last.timestampsNs.shrink_to_fit();
        last.sources.shrink_to_fit();
        last.flags.shrink_to_fit();
        m_bytes += last.bytesUsed() - m_openBlockBytes;
    }
    auto block = std::make_shared<LogBlock>();
    block->firstLine = m_endLine;
    block->text.reserve(size_t(std::max(LogBlock::Capacity, incomingBytes)));
    block->ends.reserve(ExpectedLinesPerBlock);
    block->timestampsNs.reserve(ExpectedLinesPerBlock);
    block->sources.reserve(ExpectedLinesPerBlock);
    block->flags.reserve(ExpectedLinesPerBlock);
    m_openBlockBytes = block->bytesUsed();
    m_bytes += m_openBlockBytes;
    m_blocks.push_back(std::move(block));
    return *m_blocks.back();
}

void LogStore::appendLine(QByteArrayView text, qint64 timestampNs, quint16 source, quint8 flags)
{
    LogBlock &block = openBlock(text.size());
    block.text.insert(block.text.end(), text.begin(), text.end());
    block.ends.push_back(quint32(block.text.size()));
    block.timestampsNs.push_back(timestampNs);
    block.sources.push_back(source);
    block.flags.push_back(flags);
    m_longestLine = std::max(m_longestLine, text.size());
    ++m_endLine;
}

void LogStore::append(const LogBatch &batch, quint16 source)
{
    for (qsizetype i = 0; i < batch.lineCount(); ++i)
        appendLine(batch.line(i), batch.timestampsNs[i], source);
    if (!m_blocks.empty()) {
        const qsizetype now = m_blocks.back()->bytesUsed();
        m_bytes += now - m_openBlockBytes;
        m_openBlockBytes = now;
    }
    enforceBudget();
}

void LogStore::enforceBudget()
{
    if (!m_blocks.empty()) {
        const qsizetype now = m_blocks.back()->bytesUsed();
        m_bytes += now - m_openBlockBytes;
        m_openBlockBytes = now;
    }
    // The open block always stays: the newest lines are the ones a person is reading.
    while (m_bytes > m_budget && m_blocks.size() > 1) {
        const LogBlock &oldest = *m_blocks.front();
        m_bytes -= oldest.bytesUsed();
        m_dropped += oldest.lineCount();
        m_firstLine = oldest.endLine();
        m_blocks.pop_front();
    }
    m_lastBlock = 0;
}

void LogStore::clear()
{
    m_blocks.clear();
    m_bytes = 0;
    m_openBlockBytes = 0;
    m_firstLine = m_endLine;
    m_lastBlock = 0;
}

LogStore::Position LogStore::locate(qint64 line) const
{
    Q_ASSERT(line >= m_firstLine && line < m_endLine);
    if (m_lastBlock < qsizetype(m_blocks.size())) {
        const LogBlock &guess = *m_blocks[size_t(m_lastBlock)];
        if (line >= guess.firstLine && line < guess.endLine())
            return {&guess, qsizetype(line - guess.firstLine)};
    }
    const auto it = std::upper_bound(m_blocks.begin(), m_blocks.end(), line,
                                     [](qint64 l, const std::shared_ptr<LogBlock> &b) { return l < b->firstLine; });
    const auto &block = *std::prev(it);
    m_lastBlock = qsizetype(std::prev(it) - m_blocks.begin());
    return {block.get(), qsizetype(line - block->firstLine)};
}

QByteArrayView LogStore::text(qint64 line) const
{
    const Position at = locate(line);
    return at.block->line(at.index);
}

qint64 LogStore::timestampNs(qint64 line) const
{
    const Position at = locate(line);
    return at.block->timestampsNs[size_t(at.index)];
}

quint16 LogStore::source(qint64 line) const
{
    const Position at = locate(line);
    return at.block->sources[size_t(at.index)];
}

quint8 LogStore::flags(qint64 line) const
{
    const Position at = locate(line);
    return at.block->flags[size_t(at.index)];
}

std::vector<const LogBlock *> LogStore::blocksBetween(qint64 from, qint64 to) const
{
    std::vector<const LogBlock *> blocks;
    for (const auto &block : m_blocks) {
        if (block->endLine() > from && block->firstLine < to)
            blocks.push_back(block.get());
    }
    return blocks;
}

LogStoreSnapshot LogStore::snapshot() const
{
    LogStoreSnapshot snapshot;
    snapshot.firstLine = m_firstLine;
    snapshot.endLine = m_endLine;
    snapshot.blocks.reserve(m_blocks.size());
    for (size_t i = 0; i < m_blocks.size(); ++i) {
        if (i + 1 < m_blocks.size())
            snapshot.blocks.push_back(m_blocks[i]);
        else
            snapshot.blocks.push_back(std::make_shared<const LogBlock>(*m_blocks[i])); // still being appended to
    }
    return snapshot;
}

} // namespace binnacle
