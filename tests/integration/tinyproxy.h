#pragma once

#include <QByteArray>
#include <QTcpServer>

namespace binnacle::testing {

// A minimal forward proxy on loopback that speaks HTTP CONNECT or SOCKS5 (no auth) and then relays bytes. Enough
// to prove that a kubeconfig's proxy-url is honoured end to end, TLS and HTTP/2 included.
class TinyProxy final : public QTcpServer
{
    Q_OBJECT

public:
    enum class Protocol { HttpConnect, Socks5 };
    explicit TinyProxy(Protocol protocol, QObject *parent = nullptr);

    int tunnels() const { return m_tunnels; } // connections relayed so far
    QByteArray lastTarget() const { return m_lastTarget; }

private:
    void accept(QTcpSocket *client);
    void relay(QTcpSocket *client, const QString &host, quint16 port, const QByteArray &reply);

    Protocol m_protocol;
    int m_tunnels = 0;
    QByteArray m_lastTarget;
};

} // namespace binnacle::testing
