#include "portforwardstream.h"

#include "client/session/clustersession.h"
#include "client/streams/channelcodec.h"
#include "client/streams/upgradesocket.h"
#include "client/transport/apicall.h"

#include <QLoggingCategory>
#include <QWebSocket>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPortForward, "binnacle.portforward", QtWarningMsg)

namespace binnacle {

namespace {

// What a client frame of `payload` bytes costs on the wire (RFC 6455: 2 bytes, the extended length, the mask), so
// that bytesWritten, which counts the wire, drains what was sent.
qint64 wireSize(qint64 payload)
{
    return payload + 2 + (payload > 0xFFFF ? 8 : payload > 125 ? 2 : 0) + 4;
}

} // namespace

PortForwardStream::PortForwardStream(ClusterSession *session, QString namespaceName, QString pod, quint16 port,
                                     QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_namespace(std::move(namespaceName))
    , m_pod(std::move(pod))
    , m_port(port)
{ }

PortForwardStream::~PortForwardStream()
{
    dropSocket();
}

ApiCall PortForwardStream::upgradeCall(const QString &namespaceName, const QString &pod, quint16 port)
{
    ApiCall call;
    call.path = u"/api/v1/namespaces/%1/pods/%2/portforward"_s.arg(namespaceName, pod);
    QUrlQuery query;
    query.addQueryItem(u"ports"_s, QString::number(port));
    call.query = query;
    call.longRunning = true;
    call.accept = "*/*";
    return call;
}

void PortForwardStream::open()
{
    if (m_state != State::Idle)
        return;
    m_state = State::Connecting;
    prepare(false);
}

void PortForwardStream::prepare(bool reauthenticate)
{
    m_session->prepareUpgrade(upgradeCall(m_namespace, m_pod, m_port), reauthenticate, this,
                              [this](const Result<UpgradeRequest> &upgrade) {
                                  if (m_state == State::Ended)
                                      return;
                                  if (!upgrade.ok())
                                      end(upgrade.error());
                                  else
                                      startSocket(upgrade.value());
                              });
}

void PortForwardStream::startSocket(const UpgradeRequest &upgrade)
{
    dropSocket();
    m_decoder.emplace(QList<quint16> {m_port});
    m_socket = UpgradeSocket::create(upgrade, this);
    connect(m_socket, &QWebSocket::connected, this, &PortForwardStream::onConnected);
    connect(m_socket, &QWebSocket::disconnected, this, &PortForwardStream::onDisconnected);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &PortForwardStream::onMessage);
    connect(m_socket, &QWebSocket::bytesWritten, this, [this](qint64 written) {
        m_unwritten = std::max<qint64>(0, m_unwritten - written);
        emit drained();
    });
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            &PortForwardStream::onSocketError);
    UpgradeSocket::open(m_socket, upgrade, {QString::fromLatin1(ChannelCodec::V4Protocol)});
}

void PortForwardStream::onConnected()
{
    m_connected = true;
    if (m_socket->subprotocol() != QLatin1StringView(ChannelCodec::V4Protocol)) {
        end(Error(Error::Kind::Parse,
                  u"The server accepted the port-forward but not the protocol offered (%1): it answered \"%2\"."_s.arg(
                      QLatin1StringView(ChannelCodec::V4Protocol), m_socket->subprotocol())));
        return;
    }
    m_state = State::Open;
    qCDebug(lcPortForward) << "open" << m_pod << m_port;
    if (!m_pending.isEmpty()) {
        writeFrame(m_pending);
        m_pending.clear();
    }
    emit opened();
}

void PortForwardStream::onMessage(const QByteArray &message)
{
    if (m_state != State::Open)
        return;
    Result<PortForwardDecoder::Chunk> chunk = m_decoder->decode(message);
    if (!chunk) {
        end(chunk.error());
        return;
    }
    if (chunk->bytes.isEmpty())
        return; // the port announcement
    if (chunk->kind == PortForwardDecoder::Chunk::Kind::Error) {
        // The kubelet's word on the connection ("error forwarding port 8080 to pod …: dial tcp …: connection
        // refused"); the server closes after it.
        m_errorText += QString::fromUtf8(chunk->bytes);
        end(Error(Error::Kind::Api, m_errorText.trimmed()));
        return;
    }
    m_receivedData = true;
    emit received(chunk->bytes);
}

void PortForwardStream::send(QByteArrayView bytes)
{
    if (bytes.isEmpty() || m_state == State::Ended)
        return;
    if (m_state == State::Open)
        writeFrame(bytes);
    else
        m_pending.append(bytes);
}

void PortForwardStream::writeFrame(QByteArrayView bytes)
{
    const QByteArray frame = PortForwardDecoder::encodeData(0, bytes);
    m_unwritten += wireSize(frame.size());
    m_socket->sendBinaryMessage(frame);
}

void PortForwardStream::onSocketError(QAbstractSocket::SocketError error)
{
    if (!m_socket || m_state == State::Ended)
        return;
    const QString text = m_socket->errorString();
    qCDebug(lcPortForward) << "socket error" << error << text;
    if (m_connected)
        return; // disconnected() follows
    const std::optional<int> code = UpgradeSocket::refusedStatusCode(text);
    dropSocket();
    if (code == 401 && !m_reauthenticated) {
        m_reauthenticated = true; // an exec plugin's token may have expired: fetch a new one once
        prepare(true);
        return;
    }
    if (code) {
        UpgradeSocket::explainRefusal(m_session, upgradeCall(m_namespace, m_pod, m_port), *code, this,
                                      [this](const Error &refusal) {
                                          if (m_state != State::Ended)
                                              end(refusal);
                                      });
        return;
    }
    end(UpgradeSocket::connectionError(error == QAbstractSocket::SslHandshakeFailedError, text, u"port-forward"_s));
}

void PortForwardStream::onDisconnected()
{
    if (!m_socket || m_state == State::Ended || !m_connected)
        return;
    end(Error(Error::Kind::Cancelled, {}));
}

void PortForwardStream::close()
{
    if (m_state == State::Ended)
        return;
    m_state = State::Ended;
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->close(QWebSocketProtocol::CloseCodeNormal);
}

void PortForwardStream::end(const Error &error)
{
    if (m_state == State::Ended)
        return;
    m_state = State::Ended;
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->close(QWebSocketProtocol::CloseCodeNormal);
    emit ended(error, !m_receivedData);
}

void PortForwardStream::dropSocket()
{
    if (!m_socket)
        return;
    m_socket->disconnect(this);
    m_socket->abort();
    m_socket->deleteLater();
    m_socket = nullptr;
    m_connected = false;
}

} // namespace binnacle
