#include "forwardedconnection.h"

#include "client/portforward/portforwardstream.h"

#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

constexpr int FirstBackoffMs = 200;
constexpr int MaxBackoffMs = 2000;

} // namespace

ForwardedConnection::ForwardedConnection(ClusterSession *session, QTcpSocket *local, Route route, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_local(local)
    , m_route(std::move(route))
    , m_retryTimer(new QTimer(this))
{
    m_local->setParent(this);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &ForwardedConnection::attempt);
    connect(m_local, &QTcpSocket::readyRead, this, &ForwardedConnection::readLocal);
    connect(m_local, &QTcpSocket::disconnected, this, [this] { finish(Error(Error::Kind::Cancelled, {})); });
}

ForwardedConnection::~ForwardedConnection() = default; // the socket, the stream and the timer are children

QString ForwardedConnection::pod() const
{
    return m_stream ? m_stream->pod() : QString();
}

void ForwardedConnection::start()
{
    m_sinceStart.start();
    attempt();
}

void ForwardedConnection::attempt()
{
    if (m_finished)
        return;
    const std::optional<ReadyPod> pod = m_route(m_failedPod);
    if (!pod) {
        retryLater(Error(Error::Kind::Network, tr("no ready pod")));
        return;
    }
    ++m_attempts;
    if (m_stream)
        m_stream->deleteLater();
    m_stream = new PortForwardStream(m_session, pod->namespaceName, pod->name, pod->port, this);
    connect(m_stream, &PortForwardStream::received, this, &ForwardedConnection::onPodBytes);
    connect(m_stream, &PortForwardStream::ended, this, &ForwardedConnection::onStreamEnded);
    connect(m_stream, &PortForwardStream::drained, this, &ForwardedConnection::readLocal);
    m_stream->open();
    if (!m_replay.isEmpty())
        m_stream->send(m_replay);
    readLocal();
}

void ForwardedConnection::retryLater(const Error &error)
{
    const int elapsed = int(m_sinceStart.elapsed());
    if (elapsed >= ConnectDeadlineMs) {
        finish(error);
        return;
    }
    m_backoffMs = m_backoffMs ? std::min(m_backoffMs * 2, MaxBackoffMs) : FirstBackoffMs;
    const int wait = std::min(m_backoffMs, ConnectDeadlineMs - elapsed);
    emit retrying(error, wait);
    m_retryTimer->start(wait);
}

void ForwardedConnection::readLocal()
{
    if (!m_stream || m_finished)
        return;
    qint64 toPod = 0;
    while (m_local->bytesAvailable() > 0 && m_stream->unwrittenBytes() < BufferLimit) {
        const QByteArray chunk = m_local->read(ChunkSize);
        if (chunk.isEmpty())
            break;
        if (!m_answered && m_replayComplete) {
            // Kept for another attempt until the pod answers; a client that sends a lot first is not replayed.
            if (m_replay.size() + chunk.size() <= BufferLimit)
                m_replay.append(chunk);
            else
                m_replayComplete = false, m_replay.clear();
        }
        m_stream->send(chunk);
        toPod += chunk.size();
    }
    if (toPod)
        emit transferred(toPod, 0);
}

void ForwardedConnection::onPodBytes(const QByteArray &bytes)
{
    if (!m_answered) {
        m_answered = true;
        m_replay.clear();
        emit connectedToPod(m_stream->pod());
    }
    m_local->write(bytes);
    emit transferred(0, bytes.size());
}

bool ForwardedConnection::isWorthRetrying(const Error &error, bool beforeAnswer) const
{
    if (!beforeAnswer || !m_replayComplete || m_answered)
        return false;
    switch (error.kind()) {
    case Error::Kind::Network:
        return true; // the server unreachable or gone mid-way: the listener stays, the connection waits
    case Error::Kind::Api:
        // The pod is gone (404), or the kubelet could not reach the pod's port (error channel, no status code):
        // another pod may. Forbidden and every other refusal stand.
        return error.isNotFound() || error.status().code == 0 || error.status().code >= 500;
    default:
        return false;
    }
}

void ForwardedConnection::onStreamEnded(const Error &error, bool beforeData)
{
    if (m_finished)
        return;
    // Closed without a word after the pod may have seen the request: not replayed (it may not be idempotent).
    if (error.kind() != Error::Kind::Cancelled && isWorthRetrying(error, beforeData)) {
        m_failedPod = m_stream->pod();
        retryLater(error);
        return;
    }
    finish(error);
}

void ForwardedConnection::close()
{
    finish(Error(Error::Kind::Cancelled, {}));
}

void ForwardedConnection::finish(const Error &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_retryTimer->stop();
    if (m_stream)
        m_stream->close();
    // What the pod sent is still written out before the local side closes.
    if (m_local->state() == QAbstractSocket::ConnectedState)
        m_local->disconnectFromHost();
    emit finished(error);
}

} // namespace binnacle
