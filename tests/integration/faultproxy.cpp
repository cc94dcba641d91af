#include "faultproxy.h"

#include <QTcpSocket>
#include <QTimer>

namespace binnacle::testing {

namespace {
constexpr int PumpMs = 50;
const char *const PeerProperty = "faultProxyPeer";

QTcpSocket *peerOf(QTcpSocket *socket)
{
    return socket->property(PeerProperty).value<QTcpSocket *>();
}
} // namespace

FaultProxy::FaultProxy(QHostAddress upstreamHost, quint16 upstreamPort, QObject *parent)
    : QTcpServer(parent)
    , m_upstreamHost(std::move(upstreamHost))
    , m_upstreamPort(upstreamPort)
    , m_pump(new QTimer(this))
{
    // Bytes wait in the sockets' read buffers; the pump moves them on when neither stalled nor over the budget.
    m_pump->setInterval(PumpMs);
    connect(m_pump, &QTimer::timeout, this, &FaultProxy::pump);
    m_pump->start();
    listen(QHostAddress::LocalHost);
    connect(this, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *client = nextPendingConnection())
            relay(client);
    });
}

void FaultProxy::relay(QTcpSocket *client)
{
    ++m_accepted;
    auto *upstream = new QTcpSocket(client);
    client->setProperty(PeerProperty, QVariant::fromValue(upstream));
    upstream->setProperty(PeerProperty, QVariant::fromValue(client));
    m_clients << client;
    for (QTcpSocket *socket : {client, upstream})
        connect(socket, &QTcpSocket::readyRead, this, &FaultProxy::pump);
    connect(upstream, &QTcpSocket::connected, this, &FaultProxy::pump); // what the client sent meanwhile
    connect(upstream, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
    connect(client, &QTcpSocket::disconnected, client, [client, upstream] {
        upstream->disconnectFromHost();
        client->deleteLater();
    });
    upstream->connectToHost(m_upstreamHost, m_upstreamPort);
}

void FaultProxy::pump()
{
    if (m_stalled)
        return;
    const qint64 budget = m_bytesPerSecond > 0 ? qMax<qint64>(1, qint64(m_bytesPerSecond) * PumpMs / 1000) : -1;
    m_clients.removeIf([](const QPointer<QTcpSocket> &client) { return !client; });
    for (const QPointer<QTcpSocket> &client : std::as_const(m_clients)) {
        QTcpSocket *upstream = peerOf(client);
        if (!upstream || upstream->state() != QAbstractSocket::ConnectedState)
            continue;
        for (auto [from, to] : {std::pair {client.data(), upstream}, std::pair {upstream, client.data()}}) {
            const QByteArray bytes = budget < 0 ? from->readAll() : from->read(budget);
            if (!bytes.isEmpty())
                to->write(bytes);
        }
    }
}

void FaultProxy::cut()
{
    for (const QPointer<QTcpSocket> &client : std::as_const(m_clients)) {
        if (!client)
            continue;
        if (QTcpSocket *upstream = peerOf(client))
            upstream->abort();
        client->abort();
        client->deleteLater();
    }
    m_clients.clear();
}

void FaultProxy::stall(bool stalled)
{
    m_stalled = stalled;
    if (!stalled)
        pump();
}

void FaultProxy::slow(int bytesPerSecond)
{
    m_bytesPerSecond = bytesPerSecond;
}

int FaultProxy::openConnections() const
{
    int open = 0;
    for (const QPointer<QTcpSocket> &client : m_clients)
        open += client && client->state() == QAbstractSocket::ConnectedState;
    return open;
}

} // namespace binnacle::testing
