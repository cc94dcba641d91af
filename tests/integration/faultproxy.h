#pragma once

#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>

class QTcpSocket;
class QTimer;

namespace binnacle::testing {

// A loopback TCP relay in front of a real server that can cut, stall and slow the connections through it, for
// what a flaky network does to Binnacle. TLS passes through untouched (the client still verifies the server), so
// pointing a kubeconfig at url() instead of the apiserver's address is all it takes.
class FaultProxy final : public QTcpServer
{
    Q_OBJECT

public:
    FaultProxy(QHostAddress upstreamHost, quint16 upstreamPort, QObject *parent = nullptr);

    quint16 port() const { return serverPort(); }

    // Closes every relayed connection at once (both ends), as a dropped link or a restarted load balancer does.
    void cut();
    // Stops passing bytes either way while keeping the connections open; new connections are accepted and stall
    // too. stall(false) passes everything held back.
    void stall(bool stalled = true);
    // Passes at most `bytesPerSecond` each way per connection (0: no limit).
    void slow(int bytesPerSecond);

    int connectionsSoFar() const { return m_accepted; }
    int openConnections() const;

private:
    struct Pipe;
    void relay(QTcpSocket *client);
    void pump();

    QHostAddress m_upstreamHost;
    quint16 m_upstreamPort;
    bool m_stalled = false;
    int m_bytesPerSecond = 0;
    int m_accepted = 0;
    QTimer *m_pump;
    QList<QPointer<QTcpSocket>> m_clients;
};

} // namespace binnacle::testing
