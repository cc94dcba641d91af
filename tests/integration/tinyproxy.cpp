#include "tinyproxy.h"

#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace binnacle::testing {

TinyProxy::TinyProxy(Protocol protocol, QObject *parent)
    : QTcpServer(parent)
    , m_protocol(protocol)
{
    listen(QHostAddress::LocalHost);
    connect(this, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *client = nextPendingConnection())
            accept(client);
    });
}

void TinyProxy::accept(QTcpSocket *client)
{
    // The client owns its buffer: the context is the client itself, so `client->disconnect(this)` below (once the
    // tunnel is up) does not take the delete with it, and neither does the proxy going first (LSan saw both leak).
    auto *buffer = new QByteArray;
    connect(client, &QObject::destroyed, client, [buffer] { delete buffer; });
    connect(client, &QTcpSocket::readyRead, this, [this, client, buffer] {
        *buffer += client->readAll();
        if (m_protocol == Protocol::HttpConnect) {
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            // CONNECT host:port HTTP/1.1
            const QByteArray target = buffer->split(' ').value(1);
            const qsizetype colon = target.lastIndexOf(':');
            client->disconnect(this);
            relay(client, QString::fromLatin1(target.left(colon)), quint16(target.mid(colon + 1).toUInt()),
                  "HTTP/1.1 200 Connection established\r\n\r\n");
            return;
        }
        // SOCKS5: greeting [5, n, methods...] → [5, 0]; request [5, 1, 0, atyp, addr, port] → success.
        if (buffer->size() >= 3 && buffer->at(0) == 5 && !client->property("greeted").toBool()) {
            const int methods = buffer->at(1);
            if (buffer->size() < 2 + methods)
                return;
            buffer->remove(0, 2 + methods);
            client->setProperty("greeted", true);
            client->write(QByteArray("\x05\x00", 2));
        }
        if (!client->property("greeted").toBool() || buffer->size() < 5)
            return;
        const quint8 type = quint8(buffer->at(3));
        QString host;
        int consumed = 0;
        if (type == 1 && buffer->size() >= 10) {
            host = u"%1.%2.%3.%4"_s.arg(quint8(buffer->at(4)))
                       .arg(quint8(buffer->at(5)))
                       .arg(quint8(buffer->at(6)))
                       .arg(quint8(buffer->at(7)));
            consumed = 8;
        } else if (type == 3 && buffer->size() >= 5 + quint8(buffer->at(4)) + 2) {
            host = QString::fromLatin1(buffer->mid(5, quint8(buffer->at(4))));
            consumed = 5 + quint8(buffer->at(4));
        } else {
            return;
        }
        const quint16 port = quint16((quint8(buffer->at(consumed)) << 8) | quint8(buffer->at(consumed + 1)));
        client->disconnect(this);
        relay(client, host, port, QByteArray("\x05\x00\x00\x01\x00\x00\x00\x00\x00\x00", 10));
    });
}

void TinyProxy::relay(QTcpSocket *client, const QString &host, quint16 port, const QByteArray &reply)
{
    ++m_tunnels;
    m_lastTarget = host.toLatin1() + ':' + QByteArray::number(port);
    auto *upstream = new QTcpSocket(client);
    connect(upstream, &QTcpSocket::connected, client, [client, reply] { client->write(reply); });
    connect(upstream, &QTcpSocket::readyRead, client, [client, upstream] { client->write(upstream->readAll()); });
    connect(client, &QTcpSocket::readyRead, upstream, [client, upstream] { upstream->write(client->readAll()); });
    connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
    connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
    upstream->connectToHost(host == u"localhost" ? u"127.0.0.1"_s : host, port);
}

} // namespace binnacle::testing
