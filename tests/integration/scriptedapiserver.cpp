#include "scriptedapiserver.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>

using namespace Qt::StringLiterals;

namespace binnacle::testing {

ScriptedApiServer::ScriptedApiServer(Script script, QObject *parent)
    : QObject(parent)
    , m_script(std::move(script))
{ }

std::unique_ptr<ScriptedApiServer> ScriptedApiServer::silent()
{
    std::unique_ptr<ScriptedApiServer> server(new ScriptedApiServer);
    server->m_silent = true;
    return server;
}

ScriptedApiServer::~ScriptedApiServer()
{
    for (const QPointer<QTcpSocket> &socket : std::as_const(m_sockets))
        delete socket.data();
}

void ScriptedApiServer::useTls(const QSslCertificate &certificate, const QSslKey &key,
                               const QList<QSslCertificate> &clientAuthorities)
{
    m_tls = true;
    m_certificate = certificate;
    m_key = key;
    m_clientAuthorities = clientAuthorities;
}

bool ScriptedApiServer::listen()
{
    if (m_tls && !m_silent) {
        auto *server = new QSslServer(this);
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setLocalCertificate(m_certificate);
        ssl.setPrivateKey(m_key);
        ssl.setAllowedNextProtocols({QSslConfiguration::NextProtocolHttp1_1});
        if (!m_clientAuthorities.isEmpty()) {
            ssl.setCaCertificates(m_clientAuthorities);
            ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
        } else {
            ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        }
        server->setSslConfiguration(ssl);
        connect(server, &QSslServer::errorOccurred, this, [this] { ++m_failedHandshakes; });
        connect(server, &QSslServer::peerVerifyError, this, [this] { ++m_failedHandshakes; });
        m_server = server;
    } else {
        m_server = new QTcpServer(this);
    }
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection())
            accept(socket);
    });
    return m_server->listen(QHostAddress::LocalHost);
}

quint16 ScriptedApiServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

QUrl ScriptedApiServer::url() const
{
    return QUrl(u"%1://127.0.0.1:%2"_s.arg(m_tls ? u"https"_s : u"http"_s).arg(port()));
}

void ScriptedApiServer::accept(QTcpSocket *socket)
{
    ++m_connections;
    m_sockets << socket;
    socket->setParent(nullptr); // ours until we end: a silent server keeps every connection open
    if (m_silent)
        return;
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        m_buffers.remove(socket);
        socket->deleteLater();
    });
    if (socket->bytesAvailable() > 0)
        serve(socket);
}

void ScriptedApiServer::serve(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    buffer.clear();
    Request request;
    const QList<QByteArray> first = lines.first().trimmed().split(' ');
    request.method = first.value(0);
    const QUrl target(QString::fromUtf8(first.value(1)));
    request.path = target.path();
    request.query = QUrlQuery(target.query());
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            request.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    m_requests << request;
    const Answer answer = m_script(request);
    QByteArray response = "HTTP/1.1 " + QByteArray::number(answer.code) + " Scripted\r\n";
    if (!answer.contentType.isEmpty())
        response += "Content-Type: " + answer.contentType + "\r\n";
    for (const auto &[name, value] : answer.headers)
        response += name + ": " + value + "\r\n";
    if (answer.open) {
        socket->write(response + "Transfer-Encoding: chunked\r\n\r\n");
        m_streams << socket;
        return;
    }
    response += "Content-Length: " + QByteArray::number(answer.body.size()) + "\r\nConnection: close\r\n\r\n";
    socket->write(response + answer.body);
    socket->disconnectFromHost();
}

} // namespace binnacle::testing

namespace binnacle::testing {

void ScriptedApiServer::endStreams()
{
    for (const QPointer<QTcpSocket> &socket : std::as_const(m_streams)) {
        if (!socket)
            continue;
        socket->write("0\r\n\r\n");
        socket->disconnectFromHost();
    }
    m_streams.clear();
}

QByteArray ScriptedApiServer::status(int code, const QString &reason, const QString &message)
{
    return QJsonDocument(QJsonObject {{u"kind"_s, u"Status"_s},
                                      {u"apiVersion"_s, u"v1"_s},
                                      {u"status"_s, u"Failure"_s},
                                      {u"code"_s, code},
                                      {u"reason"_s, reason},
                                      {u"message"_s, message}})
        .toJson(QJsonDocument::Compact);
}

} // namespace binnacle::testing
