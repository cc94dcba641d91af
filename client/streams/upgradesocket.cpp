#include "upgradesocket.h"

#include "client/session/clustersession.h"
#include "client/transport/apicall.h"

#include <QRegularExpression>
#include <QSslCertificate>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

QString reasonFor(int code)
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
    case 500:
        return u"InternalError"_s;
    case 503:
        return u"ServiceUnavailable"_s;
    default:
        return {};
    }
}

// What the apiserver answers a plain GET of exec, attach or port-forward that it would have let through.
bool isUpgradeRequired(const Error &error)
{
    return error.status().message == u"Upgrade request required";
}

// Whether `certificate` is for `name` (DNS names of its subjectAltName, else its CN; "*.example" covers one label).
bool certificateNames(const QSslCertificate &certificate, const QString &name)
{
    QStringList names = certificate.subjectAlternativeNames().values(QSsl::DnsEntry);
    if (names.isEmpty())
        names = certificate.subjectInfo(QSslCertificate::CommonName);
    for (const QString &candidate : std::as_const(names)) {
        if (candidate.compare(name, Qt::CaseInsensitive) == 0)
            return true;
        if (candidate.startsWith(u"*."_s) && name.indexOf(u'.') > 0
            && name.mid(name.indexOf(u'.')).compare(candidate.mid(1), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

QWebSocket *UpgradeSocket::create(const UpgradeRequest &upgrade, QObject *owner)
{
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, owner);
    socket->setProxy(upgrade.proxy);
    socket->setSslConfiguration(upgrade.ssl);
    const QString tlsServerName = upgrade.tlsServerName;
    if (!tlsServerName.isEmpty()) {
        QObject::connect(socket, &QWebSocket::sslErrors, socket,
                         [socket, tlsServerName](const QList<QSslError> &errors) {
                             for (const QSslError &error : errors) {
                                 if (error.error() != QSslError::HostNameMismatch
                                     || !certificateNames(error.certificate(), tlsServerName))
                                     return;
                             }
                             socket->ignoreSslErrors(errors);
                         });
    }
    return socket;
}

void UpgradeSocket::open(QWebSocket *socket, const UpgradeRequest &upgrade, const QStringList &subprotocols)
{
    QNetworkRequest request = upgrade.request;
    QUrl url = request.url();
    url.setScheme(url.scheme() == u"http" ? u"ws"_s : u"wss"_s);
    request.setUrl(url);
    QWebSocketHandshakeOptions options;
    options.setSubprotocols(subprotocols);
    socket->open(request, options);
}

// Qt 6.4 words a refused handshake "QWebSocketPrivate::processHandshake: Unhandled http status code: 403
// (Forbidden)." and gives nothing else of the answer: the code is read back from the text.
// A 400 without Sec-WebSocket-Version (how the apiserver refuses a container that is not in the pod) is "Unknown
// error condition encountered. Aborting connection.", with no code at all.
std::optional<int> UpgradeSocket::refusedStatusCode(const QString &errorString)
{
    static const QRegularExpression pattern(u"status code: (\\d{3})"_s);
    const QRegularExpressionMatch match = pattern.match(errorString);
    if (match.hasMatch())
        return match.captured(1).toInt();
    if (errorString.contains(u"processHandshake: Unknown error condition"_s))
        return 400;
    return std::nullopt;
}

void UpgradeSocket::explainRefusal(ClusterSession *session, ApiCall call, int statusCode, QObject *context,
                                   std::function<void(const Error &)> done)
{
    // The apiserver authorizes the plain GET and looks the pod and container up the same way, and answers with its
    // Status (a plain GET of exec or port-forward never runs or connects anything: "Upgrade request required").
    call.longRunning = false;
    call.accept = "application/json";
    session->request(call, context, [statusCode, done](const Result<ApiResponse> &answer) {
        if (!answer.ok() && answer.error().kind() == Error::Kind::Api && answer.error().status().code == statusCode
            && !isUpgradeRequired(answer.error())) {
            done(answer.error());
            return;
        }
        ApiStatus status;
        status.code = statusCode;
        status.status = u"Failure"_s;
        status.reason = reasonFor(statusCode);
        status.message
            = u"The server refused the session with HTTP %1%2 (its explanation was not available)."_s.arg(statusCode)
                  .arg(status.reason.isEmpty() ? QString() : u" "_s + status.reason);
        done(Error::api(status));
    });
}

Error UpgradeSocket::connectionError(bool tlsHandshakeFailed, const QString &errorString, const QString &what)
{
    return Error(tlsHandshakeFailed ? Error::Kind::Tls : Error::Kind::Network,
                 u"Could not open the %1: %2"_s.arg(what, errorString));
}

} // namespace binnacle
