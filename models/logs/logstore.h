#pragma once

#include "client/logs/logtypes.h"

#include <QByteArrayView>

#include <deque>
#include <memory>
#include <vector>

namespace binnacle {

// A run of log lines stored compactly: their text back to back in one buffer, and per line its end offset,
// timestamp, source and flags — about 15 bytes per line besides its text, instead of a QString each. Blocks are
// appended to until full, then sealed: a sealed block never changes, so other threads (search, save) may read it
// through a LogStoreSnapshot while the GUI thread goes on appending.
struct LogBlock
{
    static constexpr qsizetype Capacity = 1 << 20; // text bytes per block

    qint64 firstLine = 0; // the absolute number of the block's first line
    std::vector<char> text;
    std::vector<quint32> ends;
    std::vector<qint64> timestampsNs;
    std::vector<quint16> sources;
    std::vector<quint8> flags;

    qsizetype lineCount() const { return qsizetype(ends.size()); }
    qint64 endLine() const { return firstLine + lineCount(); }
    QByteArrayView line(qsizetype i) const
    {
        const quint32 begin = i == 0 ? 0 : ends[size_t(i - 1)];
        return QByteArrayView(text.data() + begin, qsizetype(ends[size_t(i)] - begin));
    }
    qsizetype bytesUsed() const;
};

// What a worker thread reads: the blocks as they were when the snapshot was taken (the open block copied).
struct LogStoreSnapshot
{
    std::vector<std::shared_ptr<const LogBlock>> blocks;
    qint64 firstLine = 0;
    qint64 endLine = 0;
};

// Every line a log view holds, in arrival order, within a memory budget: when the bytes held pass it, the oldest
// blocks go, and the store counts the lines it dropped so the view can say so. Lines are addressed by absolute
// number (the n-th line ever appended), so a position survives the oldest lines going. GUI thread only; share
// lines with other threads through snapshot().
class LogStore final
{
public:
    enum Flag : quint8 {
        Marker = 1, // a line the view wrote ("pod web-1 deleted"), not the container
    };

    static constexpr qsizetype DefaultBudgetBytes = qsizetype(256) << 20;

    explicit LogStore(qsizetype budgetBytes = DefaultBudgetBytes);

    void setBudget(qsizetype bytes);
    qsizetype budget() const { return m_budget; }

    void append(const LogBatch &batch, quint16 source);
    void appendLine(QByteArrayView text, qint64 timestampNs, quint16 source, quint8 flags = 0);
    void clear(); // drops every line; numbering goes on from where it was

    qint64 firstLine() const { return m_firstLine; }
    qint64 endLine() const { return m_endLine; }
    qint64 lineCount() const { return m_endLine - m_firstLine; }
    qint64 droppedLines() const { return m_dropped; } // to the budget, not by clear()
    qsizetype bytesUsed() const { return m_bytes; }
    qsizetype longestLine() const { return m_longestLine; } // in bytes, of every line ever held

    // For firstLine() <= line < endLine():
    QByteArrayView text(qint64 line) const;
    qint64 timestampNs(qint64 line) const;
    quint16 source(qint64 line) const;
    quint8 flags(qint64 line) const;

    LogStoreSnapshot snapshot() const;
    // The blocks holding lines [from, to), for reading on this thread.
    std::vector<const LogBlock *> blocksBetween(qint64 from, qint64 to) const;

private:
    struct Position
    {
        const LogBlock *block;
        qsizetype index;
    };
    Position locate(qint64 line) const;
    LogBlock &openBlock(qsizetype incomingBytes);
    void enforceBudget();

    std::deque<std::shared_ptr<LogBlock>> m_blocks; // only the last one is ever appended to
    qsizetype m_budget;
    qsizetype m_bytes = 0; // of every block but the open one, plus the open one's at its last count
    qsizetype m_openBlockBytes = 0;
    qint64 m_firstLine = 0;
    qint64 m_endLine = 0;
    qint64 m_dropped = 0;
    qsizetype m_longestLine = 0;
    mutable qsizetype m_lastBlock = 0; // where the last lookup landed: views read neighbouring lines
};

} // namespace binnacle
