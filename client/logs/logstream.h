#pragma once

#include "client/logs/logtypes.h"

#include <QMutex>
#include <QObject>
#include <QPointer>

#include <memory>

namespace binnacle {

class ClusterWorker;
class LogStream;

// The only way the worker thread reaches a LogStream on the GUI thread, as SubscriptionChannel is for informers: the
// stream may be destroyed at any moment over there; the lock and the `open` flag make sure nothing is posted to it
// after its destructor has begun (and Qt drops what was posted before).
class LogStreamChannel final
{
public:
    explicit LogStreamChannel(LogStream *target)
        : m_target(target)
    { }
    void postLines(const LogBatch &batch);
    void postStatus(const LogStreamStatus &status);
    void close();
    bool isOpen();

    // Worker thread only: the LogFollower reading for this stream.
    QPointer<QObject> follower;

private:
    QMutex m_mutex;
    LogStream *m_target;
    bool m_open = true;
};

// A container's log as the GUI thread sees it (ClusterSession::streamLogs): lines arrive in batches coalesced on the
// worker (at most ~30 a second, a batch may hold many thousands of lines), with the stream's status. Destroying the
// stream aborts the request on the worker.
class LogStream final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogStream)

public:
    ~LogStream() override;

    const LogRequest &request() const { return m_request; }
    const LogStreamStatus &status() const { return m_status; }

signals:
    void linesArrived(const binnacle::LogBatch &batch);
    void statusChanged(const binnacle::LogStreamStatus &status);

private:
    friend class ClusterSession;
    friend class LogStreamChannel;
    LogStream(ClusterWorker *worker, LogRequest request, QObject *parent);

    QPointer<ClusterWorker> m_worker;
    std::shared_ptr<LogStreamChannel> m_channel;
    LogRequest m_request;
    LogStreamStatus m_status;
};

} // namespace binnacle
