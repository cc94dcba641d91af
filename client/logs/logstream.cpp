#include "logstream.h"

#include "client/session/clusterworker.h"

namespace binnacle {

void LogStreamChannel::postLines(const LogBatch &batch)
{
    QMutexLocker lock(&m_mutex);
    if (m_open)
        QMetaObject::invokeMethod(
            m_target, [target = m_target, batch] { emit target->linesArrived(batch); }, Qt::QueuedConnection);
}

void LogStreamChannel::postStatus(const LogStreamStatus &status)
{
    QMutexLocker lock(&m_mutex);
    if (m_open)
        QMetaObject::invokeMethod(
            m_target,
            [target = m_target, status] {
                target->m_status = status;
                emit target->statusChanged(status);
            },
            Qt::QueuedConnection);
}

void LogStreamChannel::close()
{
    QMutexLocker lock(&m_mutex);
    m_open = false;
}

bool LogStreamChannel::isOpen()
{
    QMutexLocker lock(&m_mutex);
    return m_open;
}

LogStream::LogStream(ClusterWorker *worker, LogRequest request, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
    , m_channel(std::make_shared<LogStreamChannel>(this))
    , m_request(std::move(request))
{ }

LogStream::~LogStream()
{
    m_channel->close(); // from here on the worker posts nothing to us
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker.data(), [channel = m_channel] { delete channel->follower.data(); }, Qt::QueuedConnection);
}

} // namespace binnacle
