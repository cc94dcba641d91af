#pragma once

#include "client/logs/loglinesplitter.h"
#include "client/logs/logtypes.h"
#include "client/watch/backoff.h"

#include <QObject>
#include <QPointer>
#include <QUrlQuery>

class QTimer;

namespace binnacle {

class ApiReply;
class ClusterConnection;

// One container's log, read on the cluster's worker thread: `GET …/pods/{pod}/log` as a long-running call (a stream
// manager of the connection, no transfer timeout), always with timestamps=true, split into lines here and handed
// on in coalesced batches (at most one per FlushIntervalMs), so a 150 MB log costs the GUI thread ~30 posts a second.
//
// A followed stream that ends is not taken at its word: a dropped connection, a restarted apiserver and a proxy's
// idle timeout look the same as the container ending (a clean end of the body). After a clean end the follower
// GETs the pod: a container still running means the stream dropped. Then, and after network errors and 5xx/429, it
// reconnects with back-off from the last line's timestamp (sinceTime, full nanoseconds) and drops what it has already
// delivered: lines older than that timestamp (the apiserver passes sinceTime on to the kubelet in whole seconds) and
// as many lines at that very timestamp as it had seen. A partial last line of a dropped stream is discarded (it comes
// again whole). A refusal before the stream (400, 401, 403, 404, ...) fails with the server's Status, and is not
// retried.
class LogFollower final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogFollower)

public:
    static constexpr int FlushIntervalMs = 33;

    LogFollower(ClusterConnection *connection, LogRequest request, QObject *parent = nullptr);
    ~LogFollower() override;

    void start();
    const LogStreamStatus &status() const { return m_status; }
    const LogRequest &request() const { return m_request; }
    int reconnects() const { return m_reconnects; }

    // The query of a request; with `resumeFromNs`, the one that resumes after the line of that timestamp.
    static QUrlQuery queryFor(const LogRequest &request, std::optional<qint64> resumeFromNs = std::nullopt,
                              std::optional<qint64> limitBytes = std::nullopt);

signals:
    void linesReady(const binnacle::LogBatch &batch);
    void statusChanged(const binnacle::LogStreamStatus &status);

private:
    void open();
    void onResponseStarted();
    void onData();
    void consume(const QByteArray &bytes);
    void onFinished();
    void checkContainer(); // after a clean end of a follow: ended, or dropped?
    void end(const QString &message);
    void reconnectLater(const QString &reason);
    void fail(const Error &error);
    void deliver(const LogBatch &lines);
    void track(const LogBatch &batch, qsizetype from);
    void flush();
    void setStatus(LogStreamStatus::State state, const QString &message = {}, const Error &error = {},
                   const QDateTime &nextAttempt = {});

    ClusterConnection *m_connection;
    LogRequest m_request;
    QPointer<ApiReply> m_reply;
    LogLineSplitter m_splitter;
    LogBatch m_outgoing;
    QTimer *m_flushTimer;
    QTimer *m_retryTimer;
    Backoff m_backoff;
    LogStreamStatus m_status;
    int m_reconnects = 0;
    qint64 m_bytesReceived = 0; // for limitBytes across reconnects
    bool m_gotLines = false;

    // The last line delivered: its timestamp and how many lines had it.
    qint64 m_lastTimestampNs = 0;
    qint64 m_linesAtLastTimestamp = 0;
    // While resuming: lines older than m_resumeFromNs, and the first m_skipAtResume lines at it, were seen already.
    bool m_resuming = false;
    qint64 m_resumeFromNs = 0;
    qint64 m_skipAtResume = 0;
};

} // namespace binnacle
