#include "execsession.h"

#include "client/session/clustersession.h"
#include "client/streams/channelcodec.h"
#include "client/streams/upgradesocket.h"
#include "client/transport/apicall.h"

#include <QLoggingCategory>
#include <QTimer>
#include <QWebSocket>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcExecSession, "binnacle.execsession", QtWarningMsg)

namespace binnacle {

namespace {

QString boolean(bool value)
{
    return value ? u"true"_s : u"false"_s;
}

QString commandLine(const QStringList &argv)
{
    return argv.join(u' ');
}

} // namespace

QList<QStringList> ExecRequest::defaultShells()
{
    return {{u"bash"_s}, {u"sh"_s}};
}

ExecRequest ExecRequest::shell(QString namespaceName, QString pod, QString container)
{
    ExecRequest request;
    request.namespaceName = std::move(namespaceName);
    request.pod = std::move(pod);
    request.container = std::move(container);
    request.commands = defaultShells();
    return request;
}

ExecRequest ExecRequest::command(QString namespaceName, QString pod, QString container, QStringList argv)
{
    ExecRequest request = shell(std::move(namespaceName), std::move(pod), std::move(container));
    request.commands = {std::move(argv)};
    return request;
}

ExecSession::ExecSession(ClusterSession *session, ExecRequest request, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_request(std::move(request))
    , m_pingTimer(new QTimer(this))
{
    qRegisterMetaType<binnacle::ExecResult>();
    m_pingTimer->setInterval(DefaultPingIntervalMs);
    connect(m_pingTimer, &QTimer::timeout, this, &ExecSession::onPingTimer);
}

ExecSession::~ExecSession()
{
    dropSocket();
}

ApiCall ExecSession::upgradeCall(const ExecRequest &request, const QStringList &command)
{
    QUrlQuery query;
    if (!request.attach) {
        for (const QString &argument : command)
            query.addQueryItem(u"command"_s, QString::fromUtf8(QUrl::toPercentEncoding(argument)));
    }
    if (!request.container.isEmpty())
        query.addQueryItem(u"container"_s, request.container);
    query.addQueryItem(u"stdin"_s, boolean(request.stdin));
    query.addQueryItem(u"stdout"_s, u"true"_s);
    query.addQueryItem(u"stderr"_s, boolean(!request.tty)); // a tty has no separate stderr
    query.addQueryItem(u"tty"_s, boolean(request.tty));
    ApiCall call;
    call.path = u"/api/v1/namespaces/%1/pods/%2/%3"_s.arg(request.namespaceName, request.pod,
                                                          request.attach ? u"attach"_s : u"exec"_s);
    call.query = query;
    call.longRunning = true;
    call.accept = "*/*";
    return call;
}

QStringList ExecSession::command() const
{
    return m_request.attach ? QStringList() : m_request.commands.value(m_commandIndex);
}

void ExecSession::setPingInterval(int milliseconds)
{
    m_pingTimer->setInterval(milliseconds);
}

void ExecSession::start()
{
    if (m_state != State::Idle)
        return;
    if (!m_request.attach && m_request.commands.isEmpty()) {
        finish(ExecResult::failure(Error(Error::Kind::Config, u"No command to run."_s)));
        return;
    }
    m_state = State::Connecting;
    prepare(false);
}

void ExecSession::prepare(bool reauthenticate)
{
    m_session->prepareUpgrade(upgradeCall(m_request, command()), reauthenticate, this,
                              [this](const Result<UpgradeRequest> &upgrade) {
                                  if (m_state == State::Finished)
                                      return;
                                  if (!upgrade.ok())
                                      finish(ExecResult::failure(upgrade.error()));
                                  else
                                      open(upgrade.value());
                              });
}

void ExecSession::open(const UpgradeRequest &upgrade)
{
    dropSocket();
    m_connected = false;
    m_transportError.clear();
    m_socket = UpgradeSocket::create(upgrade, this);
    connect(m_socket, &QWebSocket::connected, this, &ExecSession::onConnected);
    connect(m_socket, &QWebSocket::disconnected, this, &ExecSession::onDisconnected);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &ExecSession::onMessage);
    connect(m_socket, &QWebSocket::pong, this, [this] {
        m_missedPongs = 0;
        ++m_pongs;
    });
    // Qt 6.4: `error`; `errorOccurred` only arrived in 6.5.
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, &ExecSession::onSocketError);
    qCDebug(lcExecSession) << "opening" << upgrade.request.url().path() << "running" << command(); // never the headers
    UpgradeSocket::open(m_socket, upgrade,
                        {QString::fromLatin1(ChannelCodec::V5Protocol), QString::fromLatin1(ChannelCodec::V4Protocol)});
}

void ExecSession::onConnected()
{
    m_connected = true;
    m_protocol = m_socket->subprotocol();
    qCDebug(lcExecSession) << "upgraded, subprotocol" << m_protocol;
    if (m_protocol != QLatin1StringView(ChannelCodec::V5Protocol)
        && m_protocol != QLatin1StringView(ChannelCodec::V4Protocol)) {
        finish(ExecResult::failure(Error(
            Error::Kind::Parse,
            u"The server accepted the connection but none of the protocols offered (%1, %2): it answered \"%3\"."_s.arg(
                QLatin1StringView(ChannelCodec::V5Protocol), QLatin1StringView(ChannelCodec::V4Protocol),
                m_protocol))));
        return;
    }
    m_state = State::Running;
    m_missedPongs = 0;
    m_pingTimer->start();
    if (m_request.tty && !m_pendingSize && m_request.columns > 0 && m_request.rows > 0)
        m_pendingSize = std::pair(m_request.columns, m_request.rows);
    if (m_pendingSize) {
        m_socket->sendBinaryMessage(ChannelCodec::resizeFrame(m_pendingSize->first, m_pendingSize->second));
        m_pendingSize.reset();
    }
    if (!m_pendingInput.isEmpty()) {
        m_socket->sendBinaryMessage(ChannelCodec::encode(ChannelCodec::Stdin, m_pendingInput));
        m_pendingInput.clear();
    }
    emit started();
}

void ExecSession::onMessage(const QByteArray &message)
{
    if (m_state != State::Running)
        return;
    const std::optional<ChannelCodec::Frame> frame = ChannelCodec::decode(message);
    if (!frame)
        return;
    qCDebug(lcExecSession).noquote() << "<-"
                                     << ChannelCodec::describe(message,
                                                               frame->channel == ChannelCodec::Error ? 2000 : 64);
    switch (frame->channel) {
    case ChannelCodec::Stdout:
    case ChannelCodec::Stderr:
        // v5 begins with an empty stdout frame, its "ready": nothing to show.
        if (!frame->payload.isEmpty()) {
            m_sawOutput = true;
            emit output(frame->payload, frame->channel == ChannelCodec::Stderr);
        }
        break;
    case ChannelCodec::Error:
        // The last word: the server closes after it. The session ends here, not at the close, so that a server
        // that leaves the connection open does not leave the terminal waiting.
        endWith(ExecResult::fromStatus(frame->payload));
        break;
    default:
        qCDebug(lcExecSession) << "ignoring a frame on channel" << frame->channel;
        break;
    }
}

void ExecSession::onSocketError(QAbstractSocket::SocketError error)
{
    if (!m_socket || m_state == State::Finished)
        return;
    const QString text = m_socket->errorString();
    qCDebug(lcExecSession) << "socket error" << error << text;
    if (m_connected) {
        m_transportError = text; // disconnected() follows and ends the session with it
        return;
    }
    const std::optional<int> code = UpgradeSocket::refusedStatusCode(text);
    dropSocket();
    if (code == 401 && !m_reauthenticated) {
        m_reauthenticated = true; // an exec plugin's token may have expired: fetch a new one once
        prepare(true);
        return;
    }
    if (code) {
        explainRefusal(*code);
        return;
    }
    finish(ExecResult::failure(
        UpgradeSocket::connectionError(error == QAbstractSocket::SslHandshakeFailedError, text, u"session"_s)));
}

void ExecSession::explainRefusal(int statusCode)
{
    UpgradeSocket::explainRefusal(m_session, upgradeCall(m_request, command()), statusCode, this,
                                  [this](const Error &error) {
                                      if (m_state != State::Finished)
                                          endWith(ExecResult::failure(error));
                                  });
}

void ExecSession::onDisconnected()
{
    if (!m_socket || m_state == State::Finished || !m_connected)
        return;
    const QString reason = m_socket->closeReason();
    const int code = m_socket->closeCode();
    QString message = u"The connection to the server was lost before the command ended"_s;
    if (!m_transportError.isEmpty())
        message += u": "_s + m_transportError;
    else if (!reason.isEmpty())
        message += u" (%1: %2)"_s.arg(code).arg(reason);
    endWith(ExecResult::failure(Error(Error::Kind::Network, message + u'.')));
}

void ExecSession::onPingTimer()
{
    if (!m_socket || !m_connected)
        return;
    if (++m_missedPongs > MissedPongsBeforeGivingUp) {
        m_transportError = u"the server has not answered %1 pings"_s.arg(MissedPongsBeforeGivingUp);
        m_socket->abort();
        return;
    }
    m_socket->ping();
}

void ExecSession::endWith(ExecResult result)
{
    const QStringList current = command();
    if (!m_request.attach)
        m_tried << commandLine(current);
    // Shell detection: a candidate the container does not have gives way to the next one, unless it already spoke
    // or the user typed into it (then it did run, and its end is the session's).
    if (result.commandNotFound && !m_sawOutput && !m_wroteInput && !m_request.attach
        && m_commandIndex + 1 < m_request.commands.size()) {
        qCDebug(lcExecSession) << "no" << current << "in the container, trying"
                               << m_request.commands.at(m_commandIndex + 1);
        dropSocket();
        ++m_commandIndex;
        m_reauthenticated = false;
        m_state = State::Connecting;
        prepare(false);
        return;
    }
    if (result.commandNotFound && m_tried.size() > 1) {
        result.triedCommands = m_tried;
        result.message = u"None of the commands could be started in the container (tried %1): %2"_s.arg(
            m_tried.join(u", "_s), result.message);
    } else if (result.commandNotFound) {
        result.triedCommands = m_tried;
    }
    finish(std::move(result));
}

void ExecSession::write(QByteArrayView bytes)
{
    if (bytes.isEmpty() || m_state == State::Finished)
        return;
    m_wroteInput = true;
    if (m_state == State::Running)
        m_socket->sendBinaryMessage(ChannelCodec::encode(ChannelCodec::Stdin, bytes));
    else
        m_pendingInput.append(bytes);
}

void ExecSession::resize(int columns, int rows)
{
    if (m_state == State::Finished || columns <= 0 || rows <= 0)
        return;
    if (m_state == State::Running)
        m_socket->sendBinaryMessage(ChannelCodec::resizeFrame(columns, rows));
    else
        m_pendingSize = std::pair(columns, rows);
}

bool ExecSession::closeStdin()
{
    if (m_state != State::Running || m_protocol != QLatin1StringView(ChannelCodec::V5Protocol))
        return false;
    m_socket->sendBinaryMessage(ChannelCodec::closeFrame(ChannelCodec::Stdin));
    return true;
}

void ExecSession::close()
{
    if (m_state == State::Finished)
        return;
    finish(ExecResult::failure(Error(Error::Kind::Cancelled, u"The session was closed."_s)));
}

void ExecSession::finish(ExecResult result)
{
    if (m_state == State::Finished)
        return;
    m_state = State::Finished;
    m_pingTimer->stop();
    m_result = result;
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->close(QWebSocketProtocol::CloseCodeNormal);
    emit finished(result);
}

void ExecSession::dropSocket()
{
    if (!m_socket)
        return;
    m_socket->disconnect(this);
    m_socket->abort();
    m_socket->deleteLater();
    m_socket = nullptr;
    m_connected = false;
    m_pingTimer->stop();
}

} // namespace binnacle
