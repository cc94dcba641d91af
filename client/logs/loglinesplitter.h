#pragma once

#include "client/logs/logtypes.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace binnacle {

// Turns the raw bytes of a log stream, cut anywhere by the network, into lines. A line split across chunks is
// joined; each line's RFC3339 timestamp prefix (`2026-11-22T19:50:21.123456789Z `, what `timestamps=true` adds) is
// parsed into nanoseconds since the epoch and stripped. A line without a valid prefix is kept whole, with timestamp 0.
//
// It runs on the worker for every byte of a 150 MB log, so there is no QDateTime per line: the digits are read by
// hand and the day number of the last date seen is cached (a log's lines nearly all share their date).
class LogLineSplitter final
{
public:
    // A line longer than this is cut (a container writing without newlines must not grow memory without bound); the
    // rest continues as a line of its own with the same timestamp.
    static constexpr qsizetype DefaultMaxLineBytes = 4 * 1024 * 1024;

    explicit LogLineSplitter(qsizetype maxLineBytes = DefaultMaxLineBytes)
        : m_maxLineBytes(maxLineBytes)
    { }

    // Appends the lines `chunk` completes to `out`.
    void feed(QByteArrayView chunk, LogBatch &out);
    // The end of the stream: a last line without newline, if any, goes to `out`.
    void finish(LogBatch &out);
    void reset();
    qsizetype pendingBytes() const { return m_pending.size(); }

    struct Timestamp
    {
        qint64 nanoseconds;
        qsizetype prefixLength; // the timestamp and the one space after it
    };
    // The timestamp prefix of `line`, if it has one.
    std::optional<Timestamp> parsePrefix(QByteArrayView line);

    // RFC3339 with all nine fraction digits, UTC (`2026-11-22T19:50:21.123456789Z`): what sinceTime is given.
    static QByteArray formatTimestamp(qint64 nanoseconds);

private:
    void emitLine(QByteArrayView line, LogBatch &out);

    QByteArray m_pending; // the start of a line whose newline has not come yet
    qsizetype m_maxLineBytes;
    bool m_continuation = false; // m_pending continues a line that was cut: no prefix to parse
    qint64 m_continuationTimestamp = 0;
    // The last date parsed ("2026-11-22") and its day number since 1970-01-01.
    char m_cachedDate[10] = {};
    qint64 m_cachedDays = 0;
    bool m_hasCachedDate = false;
};

} // namespace binnacle
