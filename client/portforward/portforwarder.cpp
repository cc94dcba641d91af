#include "portforwarder.h"

#include "client/portforward/forwardedconnection.h"
#include "client/portforward/portforwardstream.h"
#include "client/portforward/readypods.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

constexpr int ChangedCoalesceMs = 100;
constexpr int RecentFailureMs = 15000; // a failure this recent (and no success since) sets the health

QTcpServer *listenOn(const QHostAddress &address, quint16 port, QObject *parent, QString *error)
{
    auto *server = new QTcpServer(parent);
    if (server->listen(address, port))
        return server;
    if (error)
        *error = server->errorString();
    delete server;
    return nullptr;
}

QString sentence(const QString &text)
{
    return text.endsWith(u'.') || text.endsWith(u'…') ? text : text + u'.';
}

} // namespace

PortForwarder::PortForwarder(ClusterSession *session, ForwardTarget target, quint16 localPort, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_target(std::move(target))
    , m_requestedPort(localPort)
    , m_checkTimer(new QTimer(this))
    , m_changedTimer(new QTimer(this))
{
    m_checkTimer->setInterval(CheckIntervalMs);
    connect(m_checkTimer, &QTimer::timeout, this, [this] {
        evaluate(); // a success ages out
        check();
    });
    m_changedTimer->setSingleShot(true);
    m_changedTimer->setInterval(ChangedCoalesceMs);
    connect(m_changedTimer, &QTimer::timeout, this, &PortForwarder::changed);
}

PortForwarder::~PortForwarder()
{
    stop();
}

QString PortForwarder::healthName(Health health)
{
    switch (health) {
    case Health::Stopped:
        return tr("stopped");
    case Health::Starting:
        return tr("checking");
    case Health::Ready:
        return tr("ready");
    case Health::NoReadyPod:
        return tr("no ready pod");
    case Health::Unreachable:
        return tr("server unreachable");
    case Health::Forbidden:
        return tr("forbidden");
    case Health::Failing:
        return tr("failing");
    }
    return {};
}

quint16 PortForwarder::freePort(quint16 preferred)
{
    if (preferred) {
        QTcpServer probe;
        if (probe.listen(QHostAddress::LocalHost, preferred))
            return preferred;
    }
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

bool PortForwarder::isListening() const
{
    return m_ipv4 != nullptr;
}

QString PortForwarder::localAddress() const
{
    return u"127.0.0.1:%1"_s.arg(m_localPort);
}

Status PortForwarder::start()
{
    if (isListening())
        return Done {};
    quint16 port = m_requestedPort;
    if (!port) {
        bool numeric = false;
        const int remote = m_target.port.toInt(&numeric);
        // The remote port when it is free and not privileged (binding below 1024 needs root), like kubectl's default.
        if (numeric && remote >= 1024 && remote <= 65535)
            port = freePort(quint16(remote));
    }
    QString error;
    m_ipv4 = listenOn(QHostAddress::LocalHost, port, this, &error);
    if (!m_ipv4)
        return Error(Error::Kind::Config,
                     tr("Local port %1 is in use (%2): choose another, e.g. %3.").arg(port).arg(error).arg(freePort()));
    m_localPort = m_ipv4->serverPort();
    m_ipv6 = listenOn(QHostAddress::LocalHostIPv6, m_localPort, this, nullptr); // optional: no IPv6, no ::1
    for (QTcpServer *server : {m_ipv4, m_ipv6}) {
        if (server)
            connect(server, &QTcpServer::newConnection, this, [this, server] { onNewConnection(server); });
    }
    m_pods = new ReadyPods(m_session, m_target, this);
    connect(m_pods, &ReadyPods::changed, this, [this] {
        if (!m_servingPod.isEmpty() && !m_pods->find(m_servingPod))
            m_servingPod.clear(); // gone or not ready: the next connection goes elsewhere, and health is rechecked
        evaluate();
        if (m_health == Health::Starting)
            check();
    });
    if (Status started = m_pods->start(); !started) {
        stop();
        return started;
    }
    m_checkTimer->start();
    evaluate();
    return Done {};
}

void PortForwarder::stop()
{
    if (!m_ipv4)
        return;
    delete m_ipv4;
    m_ipv4 = nullptr;
    delete m_ipv6;
    m_ipv6 = nullptr;
    m_checkTimer->stop();
    for (const QPointer<ForwardedConnection> &connection : std::as_const(m_connections)) {
        if (connection) {
            connection->disconnect(this);
            connection->close();
            connection->deleteLater();
        }
    }
    m_connections.clear();
    m_stats.activeConnections = 0;
    if (m_check)
        m_check->deleteLater();
    delete m_pods;
    m_pods = nullptr;
    m_health = Health::Stopped;
    m_healthText = tr("Stopped.");
    m_nextRetry = {};
    changedSoon();
}

std::optional<ReadyPod> PortForwarder::route(const QString &avoid)
{
    if (!m_pods || m_pods->pods().isEmpty())
        return std::nullopt;
    // The pod serving now, while it stays ready (one pod, as kubectl's forward of a Service: what a user sees in
    // the panel is what answers); another one when it fails.
    if (!m_servingPod.isEmpty() && m_servingPod != avoid) {
        if (const std::optional<ReadyPod> serving = m_pods->find(m_servingPod))
            return serving;
    }
    for (const ReadyPod &pod : m_pods->pods()) {
        if (pod.name != avoid) {
            m_servingPod = pod.name;
            return pod;
        }
    }
    return m_pods->pods().first();
}

void PortForwarder::onNewConnection(QTcpServer *server)
{
    while (QTcpSocket *socket = server->nextPendingConnection()) {
        auto *connection = new ForwardedConnection(
            m_session, socket, [this](const QString &avoid) { return route(avoid); }, this);
        m_connections.append(connection);
        ++m_stats.connections;
        ++m_stats.activeConnections;
        connect(connection, &ForwardedConnection::connectedToPod, this, &PortForwarder::noteSuccess);
        connect(connection, &ForwardedConnection::transferred, this, [this](qint64 toPod, qint64 fromPod) {
            m_stats.bytesToPod += toPod;
            m_stats.bytesFromPod += fromPod;
            changedSoon();
        });
        connect(connection, &ForwardedConnection::retrying, this, &PortForwarder::noteFailure);
        connect(connection, &ForwardedConnection::finished, this,
                [this, connection](const Error &error) { onConnectionFinished(connection, error); });
        connection->start();
    }
    changedSoon();
}

void PortForwarder::onConnectionFinished(ForwardedConnection *connection, const Error &error)
{
    m_connections.removeAll(connection);
    m_connections.removeAll(nullptr);
    --m_stats.activeConnections;
    if (error.kind() != Error::Kind::Cancelled) {
        ++m_stats.failedConnections;
        noteFailure(error, -1);
    }
    connection->deleteLater();
    changedSoon();
}

void PortForwarder::noteSuccess(const QString &pod)
{
    m_servingPod = pod;
    m_lastSuccess.start();
    evaluate();
}

void PortForwarder::noteFailure(const Error &error, int retryInMs)
{
    m_lastFailure.start();
    m_lastFailureError = error;
    m_lastError = error.message();
    m_nextRetry = retryInMs >= 0 ? QDateTime::currentDateTime().addMSecs(retryInMs) : QDateTime();
    evaluate();
}

void PortForwarder::check()
{
    if (!isListening() || m_check || m_pods->pods().isEmpty())
        return;
    if (m_lastSuccess.isValid() && m_lastSuccess.elapsed() < RecentSuccessMs / 2)
        return; // real traffic says enough
    const std::optional<ReadyPod> pod = route({});
    if (!pod)
        return;
    // A connection of its own that sends nothing: the kubelet reports a port it cannot reach on the error channel
    // right after the upgrade; a stream still open a moment later reached the pod's port.
    m_check = new PortForwardStream(m_session, pod->namespaceName, pod->name, pod->port, this);
    PortForwardStream *check = m_check;
    connect(check, &PortForwardStream::opened, this, [this, check] {
        QTimer::singleShot(CheckGraceMs, check, [this, check] {
            if (check->state() != PortForwardStream::State::Open)
                return;
            check->close();
            check->deleteLater();
            noteSuccess(check->pod());
        });
    });
    connect(check, &PortForwardStream::ended, this, [this, check](const Error &error) {
        check->deleteLater();
        noteFailure(error.kind() == Error::Kind::Cancelled ? Error(
                        Error::Kind::Network, tr("the server closed the check connection to %1").arg(check->pod()))
                                                           : error,
                    CheckIntervalMs);
    });
    check->open();
}

void PortForwarder::evaluate()
{
    Health health = Health::Starting;
    QString text;
    const bool recentSuccess = m_lastSuccess.isValid() && m_lastSuccess.elapsed() < RecentSuccessMs;
    const bool failedSinceSuccess = m_lastFailure.isValid()
        && (!m_lastSuccess.isValid() || m_lastFailure.elapsed() < m_lastSuccess.elapsed())
        && m_lastFailure.elapsed() < RecentFailureMs;
    const QString retry = m_nextRetry.isValid() ? tr(" Retrying at %1.").arg(m_nextRetry.toString(u"HH:mm:ss"_s))
                                                : tr(" Checking again within %1 s.").arg(CheckIntervalMs / 1000);
    if (!isListening()) {
        health = Health::Stopped;
        text = tr("Stopped.");
    } else if (m_pods->forbidden() || (failedSinceSuccess && m_lastFailureError.isForbidden())) {
        health = Health::Forbidden;
        text = m_pods->forbidden() ? m_pods->problem() : m_lastFailureError.message();
    } else if (m_pods->synced() && m_pods->pods().isEmpty()) {
        health = Health::NoReadyPod;
        text = sentence(m_pods->problem()) + tr(" Connections wait for a ready pod.");
    } else if (failedSinceSuccess) {
        const bool network
            = m_lastFailureError.kind() == Error::Kind::Network || m_lastFailureError.kind() == Error::Kind::Tls;
        health = network ? Health::Unreachable : Health::Failing;
        text = sentence(m_lastFailureError.message()) + retry;
    } else if (recentSuccess) {
        health = Health::Ready;
        text = tr("Forwarding %1 to %2 (pod %3).").arg(localAddress(), m_target.displayName(), m_servingPod);
    } else {
        text = m_pods->synced() ? tr("Checking the connection to %1…").arg(m_target.displayName()) : m_pods->problem();
    }
    if (health != Health::Unreachable && health != Health::Failing)
        m_nextRetry = {};
    if (health == m_health && text == m_healthText)
        return;
    m_health = health;
    m_healthText = text;
    changedSoon();
}

void PortForwarder::changedSoon()
{
    if (!m_changedTimer->isActive())
        m_changedTimer->start();
}

} // namespace binnacle
