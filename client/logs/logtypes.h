#pragma once

#include "client/core/error.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace binnacle {

// What to ask `GET /api/v1/namespaces/{ns}/pods/{pod}/log` for (../shared/PROTOCOL.md, "Logs"). The stream always
// asks for timestamps: it needs them to resume a dropped follow without gaps or duplicates, whether or not the view
// shows them.
struct LogRequest
{
    QString namespaceName;
    QString pod;
    QString container; // empty: the pod's only container (the server refuses this for several)
    bool follow = true;
    bool previous = false; // the last terminated instance of the container
    std::optional<int> tailLines;
    std::optional<qint64> sinceSeconds; // at most one of sinceSeconds and sinceTime
    std::optional<QDateTime> sinceTime;
    std::optional<qint64> limitBytes;
};

// Lines as they arrive, in one buffer: the text of each line back to back (no newline, no timestamp prefix), the
// end offset of each line in `text`, and each line's timestamp in nanoseconds since the epoch (0 when the server
// gave none). One allocation per batch, not one per line: a chatty pod sends hundreds of thousands of lines.
struct LogBatch
{
    QByteArray text;
    QList<qsizetype> ends;
    QList<qint64> timestampsNs;

    qsizetype lineCount() const { return ends.size(); }
    QByteArrayView line(qsizetype i) const
    {
        const qsizetype begin = i == 0 ? 0 : ends[i - 1];
        return QByteArrayView(text).sliced(begin, ends[i] - begin);
    }
    void append(QByteArrayView line, qint64 timestampNs)
    {
        text.append(line);
        ends.append(text.size());
        timestampsNs.append(timestampNs);
    }
};

// Where a stream stands, in words the log view shows as they are.
struct LogStreamStatus
{
    enum class State {
        Connecting,
        Streaming,
        Reconnecting, // the followed stream dropped; `message` says why, `nextAttempt` when it tries again
        Ended, // the server closed the stream: the container terminated, or it was not a follow
        Failed, // the server refused (forbidden, no such pod or container, ...): `error` carries its Status
    };
    State state = State::Connecting;
    QString message;
    Error error;
    QDateTime nextAttempt;
};

} // namespace binnacle

Q_DECLARE_METATYPE(binnacle::LogBatch)
Q_DECLARE_METATYPE(binnacle::LogStreamStatus)
