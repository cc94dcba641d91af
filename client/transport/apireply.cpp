#include "apireply.h"

#include "client/core/displayurl.h"
#include "client/transport/clusterconnection.h"
#include "client/transport/responsebody.h"
#include "client/transport/tlsdiagnosis.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

QString reasonForCode(int code)
{
    switch (code) {
    case 400:
        return u"BadRequest"_s;
    case 401:
        return u"Unauthorized"_s;
    case 403:
        return u"Forbidden"_s;
    case 404:
        return u"NotFound"_s;
    case 405:
        return u"MethodNotAllowed"_s;
    case 406:
        return u"NotAcceptable"_s;
    case 409:
        return u"Conflict"_s;
    case 410:
        return u"Gone"_s;
    case 413:
        return u"RequestEntityTooLarge"_s;
    case 415:
        return u"UnsupportedMediaType"_s;
    case 422:
        return u"Invalid"_s;
    case 429:
        return u"TooManyRequests"_s;
    case 500:
        return u"InternalError"_s;
    case 503:
        return u"ServiceUnavailable"_s;
    case 504:
        return u"Timeout"_s;
    default:
        return {};
    }
}

constexpr int MaxRateLimitRetries = 3;

// The credentials this request carried, to blank them in any excerpt of what the server sent back (a server or
// proxy may echo a request).
QList<QByteArray> credentialsSent(const QNetworkRequest &request)
{
    QList<QByteArray> secrets;
    const QByteArray authorization = request.rawHeader("Authorization");
    const qsizetype space = authorization.indexOf(' ');
    if (space < 0)
        return secrets;
    const QByteArray value = authorization.mid(space + 1).trimmed();
    secrets << value;
    if (authorization.left(space).compare("Basic", Qt::CaseInsensitive) == 0) {
        const QByteArray pair = QByteArray::fromBase64(value);
        secrets << pair << pair.mid(pair.indexOf(':') + 1);
    }
    return secrets;
}

// Where a redirect points, without what may carry a credential (a query's tickets, user info).
QString redirectTarget(QNetworkReply *reply)
{
    const QUrl location = reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
    if (location.isEmpty())
        return {};
    return reply->url().resolved(location).toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
}

} // namespace

QStringList parseWarningHeader(const QByteArray &value)
{
    // warn-code SP warn-agent SP quoted-text, e.g. 299 - "spec.foo: unknown field"
    static const QRegularExpression warning(uR"re((\d{3})\s+\S+\s+"((?:[^"\\]|\\.)*)")re"_s);
    QStringList messages;
    auto it = warning.globalMatch(QString::fromUtf8(value));
    while (it.hasNext()) {
        QString text = it.next().captured(2);
        text.replace(u"\\\""_s, u"\""_s).replace(u"\\\\"_s, u"\\"_s);
        messages.append(text);
    }
    return messages;
}

ApiReply::ApiReply(ClusterConnection *connection, ApiCall call, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_call(std::move(call))
{ }

ApiReply::~ApiReply()
{
    releaseNetworkReply();
}

void ApiReply::releaseNetworkReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply.clear();
    reply->disconnect(this);
    if (reply->isRunning())
        reply->abort();
    reply->deleteLater();
    if (m_streaming && m_connection)
        m_connection->streamEnded(reply->manager());
    m_streaming = false;
}

void ApiReply::abort()
{
    if (isFinished())
        return;
    releaseNetworkReply();
    complete(Error(Error::Kind::Cancelled, u"the request was cancelled"_s));
}

QByteArray ApiReply::readAvailable()
{
    // A reply that failed or was aborted is closed; reading it would only make Qt warn ("device not open").
    return m_reply && m_reply->isOpen() ? m_reply->readAll() : QByteArray();
}

void ApiReply::attach(QNetworkReply *reply)
{
    m_reply = reply;
    m_streaming = m_call.longRunning;
    m_sslErrors.clear();
    connect(reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) { m_sslErrors = errors; });
    connect(reply, &QNetworkReply::finished, this, &ApiReply::onNetworkFinished);
    if (m_call.longRunning) {
        // Only successful streams are streamed; an error body is read whole when the reply finishes.
        // A follow of a quiet container may send nothing for minutes: its headers say the stream is open.
        connect(reply, &QNetworkReply::metaDataChanged, this, [this] {
            const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status >= 200 && status < 300)
                emit responseStarted();
        });
        connect(reply, &QNetworkReply::readyRead, this, [this] {
            const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status >= 200 && status < 300)
                emit dataAvailable();
        });
    }
}

void ApiReply::onNetworkFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();

    if (status == 429 && m_rateLimitRetries < MaxRateLimitRetries && m_connection) {
        // The server asked us to come back later: honour Retry-After (seconds), at least one second.
        const int seconds = qBound(1, reply->rawHeader("Retry-After").toInt(), 60);
        ++m_rateLimitRetries;
        releaseNetworkReply();
        QTimer::singleShot(seconds * 1000, this, [this] {
            if (m_connection)
                m_connection->startNow(this);
        });
        return;
    }
    if (status == 401 && m_connection && !m_call.longRunning)
        m_connection->retireRequestManager();
    if (status == 401 && !m_reauthenticated && m_connection && m_connection->m_credentials) {
        m_reauthenticated = true; // exec plugins: run the plugin once more, then report
        releaseNetworkReply();
        m_connection->retryAfterReauthentication(this);
        return;
    }

    if (status >= 200 && status < 400 && reply->error() == QNetworkReply::NoError) {
        ApiResponse response;
        response.statusCode = status;
        response.body = body;
        response.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        response.etag = reply->rawHeader("ETag");
        response.warnings = parseWarningHeader(reply->rawHeader("Warning"));
        response.http2 = reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool();
        response.preview = ResponseBody::preview(body, credentialsSent(reply->request()));
        response.location = redirectTarget(reply);
        releaseNetworkReply();
        complete(std::move(response));
        return;
    }
    Error failure = describeFailure(reply, status, body);
    releaseNetworkReply();
    complete(std::move(failure));
}

Error ApiReply::describeFailure(QNetworkReply *reply, int statusCode, const QByteArray &body) const
{
    const QString server = m_connection ? displayUrl(m_connection->config().server) : QString();
    if (statusCode >= 400) {
        const QJsonObject json = QJsonDocument::fromJson(body).object();
        ApiStatus status;
        if (json.value(u"kind"_s).toString() == u"Status") {
            status = ApiStatus::fromJson(json);
        } else {
            // Not the API's Status: a proxy, a load balancer or another server answered. Say what it sent, in
            // one line and without the request's credentials.
            status.code = statusCode;
            status.status = u"Failure"_s;
            const QString text = ResponseBody::preview(body, credentialsSent(reply->request()), 500);
            const QByteArray type = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
            if (type.contains("html"))
                status.message
                    = u"the server answered %1 with an HTML page, not the Kubernetes API's Status: "
                      "\u201c%2\u201d. A proxy, a login page or another server may be answering at %3."_s.arg(
                          QString::number(statusCode), text, server);
            else
                status.message = text;
        }
        if (status.code == 0)
            status.code = statusCode;
        if (status.reason.isEmpty())
            status.reason = reasonForCode(statusCode);
        if (status.message.isEmpty())
            status.message = u"the server answered %1 %2"_s.arg(statusCode).arg(status.reason);
        if (status.retryAfterSeconds == 0)
            status.retryAfterSeconds = reply->rawHeader("Retry-After").toInt();
        return Error::api(std::move(status));
    }

    switch (reply->error()) {
    case QNetworkReply::SslHandshakeFailedError:
        if (!m_connection)
            return Error(Error::Kind::Tls, u"TLS with %1 failed: %2"_s.arg(server, reply->errorString()));
        return Error(Error::Kind::Tls, TlsDiagnosis::explain(m_sslErrors, m_connection->config()));
    case QNetworkReply::RemoteHostClosedError:
        // Under TLS 1.3 the server checks a client certificate after our side of the handshake is done: a refusal
        // arrives as an alert and a closed connection, before any HTTP answer.
        if (m_connection && !m_connection->config().clientCertificate.isNull() && statusCode == 0
            && reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isNull())
            return Error(Error::Kind::Tls, TlsDiagnosis::refusedClientCertificate(m_connection->config()));
        return Error(Error::Kind::Network, u"%1 closed the connection without answering"_s.arg(server));
    case QNetworkReply::OperationCanceledError:
        return Error(Error::Kind::Network, u"%1 did not answer in time"_s.arg(server));
    case QNetworkReply::ConnectionRefusedError:
        return Error(Error::Kind::Network,
                     u"%1 refused the connection: is the cluster running, and is this its address?"_s.arg(server));
    case QNetworkReply::HostNotFoundError:
        return Error(Error::Kind::Network,
                     u"the host of %1 was not found: check the server address and your network"_s.arg(server));
    case QNetworkReply::TimeoutError:
        return Error(Error::Kind::Network, u"the connection to %1 timed out"_s.arg(server));
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return Error(Error::Kind::Network, u"the proxy for %1 failed: %2"_s.arg(server, reply->errorString()));
    default:
        return Error(Error::Kind::Network, u"request to %1 failed: %2"_s.arg(server, reply->errorString()));
    }
}

void ApiReply::complete(Result<ApiResponse> result)
{
    if (isFinished())
        return;
    m_result.emplace(std::move(result));
    emit finished();
}

} // namespace binnacle
