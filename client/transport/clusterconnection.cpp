#include "clusterconnection.h"

#include "client/transport/credentialprovider.h"
#include "client/transport/decorators.h"

#include <QAuthenticator>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcTransport, "binnacle.transport", QtWarningMsg)

namespace binnacle {

namespace {

QSslConfiguration makeSslConfiguration(const ClusterConfig &config)
{
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    if (!config.caCertificates.isEmpty())
        ssl.setCaCertificates(config.caCertificates); // only the kubeconfig's CA is trusted, as in kubectl
    if (config.insecureSkipTlsVerify)
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
    if (!config.clientCertificate.isNull()) {
        ssl.setLocalCertificate(config.clientCertificate);
        ssl.setPrivateKey(config.clientKey);
    }
    ssl.setAllowedNextProtocols({QSslConfiguration::ALPNProtocolHTTP2, QSslConfiguration::NextProtocolHttp1_1});
    return ssl;
}

QNetworkProxy makeProxy(const QUrl &url)
{
    if (url.isEmpty())
        return QNetworkProxy(QNetworkProxy::NoProxy);
    const auto type = url.scheme() == u"socks5" ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy;
    // https:// proxies are refused by ClusterConfig: Qt would speak plain HTTP to them.
    const int defaultPort = type == QNetworkProxy::Socks5Proxy ? 1080 : 80;
    return QNetworkProxy(type, url.host(), quint16(url.port(defaultPort)), url.userName(), url.password());
}

} // namespace

ClusterConnection::ClusterConnection(ClusterConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_ssl(makeSslConfiguration(m_config))
    , m_requestManager(createManager())
{
    m_decorators.push_back(std::make_unique<UserAgentDecorator>());
    if (!m_config.token.isEmpty() || !m_config.tokenFile.isEmpty())
        m_decorators.push_back(std::make_unique<BearerTokenDecorator>(m_config.token, m_config.tokenFile));
    else if (m_config.authProvider && m_config.authProvider->name == u"oidc")
        // Legacy OIDC: the id-token is a bearer token. Refreshing it needs the IdP; kubelogin's exec plugin does that.
        m_decorators.push_back(
            std::make_unique<BearerTokenDecorator>(m_config.authProvider->config.value(u"id-token"_s), QString()));
    else if (!m_config.username.isEmpty())
        m_decorators.push_back(std::make_unique<BasicAuthDecorator>(m_config.username, m_config.password));
    if (!m_config.impersonation.isEmpty())
        m_decorators.push_back(std::make_unique<ImpersonationDecorator>(m_config.impersonation));
}

ClusterConnection::~ClusterConnection() = default;

QNetworkAccessManager *ClusterConnection::createManager()
{
    auto *manager = new QNetworkAccessManager(this);
    manager->setProxy(makeProxy(m_config.proxyUrl));
    manager->setAutoDeleteReplies(false);
    // Credentials come from our decorators only; Qt's own 401 handling must not step in (it caches a challenge per
    // host and then stalls the requests that follow a 401).
    connect(manager, &QNetworkAccessManager::authenticationRequired, this,
            [](QNetworkReply *, QAuthenticator *) { qCDebug(lcTransport) << "server asked for authentication"; });
    return manager;
}

void ClusterConnection::setCredentialProvider(std::unique_ptr<CredentialProvider> provider)
{
    if (m_credentials)
        delete m_credentials;
    m_credentials = provider.release();
    m_credentials->setParent(this);
    connect(m_credentials, &CredentialProvider::refreshed, this, [this] { flushPending(std::nullopt); });
    connect(m_credentials, &CredentialProvider::failed, this, [this](const Error &error) { flushPending(error); });
}

QNetworkRequest ClusterConnection::buildRequest(const ApiCall &call)
{
    QUrl url = m_config.server;
    url.setPath(url.path().chopped(url.path().endsWith(u'/') ? 1 : 0) + call.path);
    url.setQuery(call.query);

    QNetworkRequest request(url);
    request.setSslConfiguration(m_ssl);
    if (!m_config.tlsServerName.isEmpty())
        request.setPeerVerifyName(m_config.tlsServerName);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::AuthenticationReuseAttribute, QNetworkRequest::Manual);
    request.setTransferTimeout(call.longRunning ? 0 : call.timeoutMs);
    request.setRawHeader("Accept", call.accept);
    if (!call.contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, call.contentType);
    for (const auto &[name, value] : call.headers)
        request.setRawHeader(name, value);
    for (const auto &decorator : m_decorators)
        decorator->decorate(request);
    if (m_credentials)
        m_credentials->decorate(request);
    return request;
}

void ClusterConnection::prepareUpgrade(const ApiCall &call, bool reauthenticate, QObject *context,
                                       std::function<void(const Result<UpgradeRequest> &)> done)
{
    auto build = [this, call, done] {
        UpgradeRequest upgrade;
        upgrade.request = buildRequest(call);
        // The request's configuration, not m_ssl: an exec plugin's client certificate is set on the request.
        upgrade.ssl = upgrade.request.sslConfiguration();
        upgrade.ssl.setAllowedNextProtocols({QSslConfiguration::NextProtocolHttp1_1});
        upgrade.proxy = makeProxy(m_config.proxyUrl);
        upgrade.tlsServerName = m_config.tlsServerName;
        done(upgrade);
    };
    if (!m_credentials) {
        build();
        return;
    }
    if (reauthenticate)
        m_credentials->invalidate();
    if (m_credentials->hasValidCredential()) {
        build();
        return;
    }
    // One answer per preparation: both connections go with the first signal (or with `context`).
    auto connections = std::make_shared<QList<QMetaObject::Connection>>();
    auto finish = [connections](auto &&then) {
        for (const QMetaObject::Connection &connection : *connections)
            QObject::disconnect(connection);
        then();
    };
    connections->append(
        connect(m_credentials, &CredentialProvider::refreshed, context, [finish, build] { finish(build); }));
    connections->append(connect(m_credentials, &CredentialProvider::failed, context,
                                [finish, done](const Error &error) { finish([&] { done(error); }); }));
    m_credentials->refresh();
}

ApiReply *ClusterConnection::send(ApiCall call, QObject *parent)
{
    auto *reply = new ApiReply(this, std::move(call), parent);
    start(reply);
    return reply;
}

void ClusterConnection::request(ApiCall call, QObject *context, std::function<void(const Result<ApiResponse> &)> done)
{
    // The reply lives as long as `context`: if the asker goes away, the request is aborted and `done` never runs.
    ApiReply *reply = send(std::move(call), context);
    connect(reply, &ApiReply::finished, context, [reply, done = std::move(done)] {
        done(reply->result());
        reply->deleteLater();
    });
}

void ClusterConnection::start(ApiReply *reply)
{
    if (m_credentials && !m_credentials->hasValidCredential()) {
        m_waitingForCredentials.append(reply);
        if (m_waitingForCredentials.size() == 1)
            m_credentials->refresh();
        return;
    }
    startNow(reply);
}

void ClusterConnection::retireRequestManager()
{
    // Qt 6.4 stalls the requests that follow a 401 on the same HTTP/2 connection: continue on a fresh manager
    // (its own connection) and retire the old one once whatever it still carries has had time to finish.
    QNetworkAccessManager *retired = std::exchange(m_requestManager, createManager());
    QTimer::singleShot(RetiredManagerLingerMs, retired, &QObject::deleteLater);
}

void ClusterConnection::retryAfterReauthentication(ApiReply *reply)
{
    m_credentials->invalidate();
    start(reply);
}

void ClusterConnection::flushPending(const std::optional<Error> &failure)
{
    const QList<QPointer<ApiReply>> waiting = std::exchange(m_waitingForCredentials, {});
    for (const QPointer<ApiReply> &reply : waiting) {
        if (!reply)
            continue;
        if (failure)
            reply->complete(*failure);
        else
            startNow(reply);
    }
}

void ClusterConnection::startNow(ApiReply *reply)
{
    const ApiCall &call = reply->call();
    QNetworkAccessManager *manager = managerFor(call);
    const QNetworkRequest request = buildRequest(call);
    QNetworkReply *networkReply
        = call.body.isEmpty() && call.verb != "POST" && call.verb != "PUT" && call.verb != "PATCH"
        ? manager->sendCustomRequest(request, call.verb)
        : manager->sendCustomRequest(request, call.verb, call.body);
    qCDebug(lcTransport) << call.verb << request.url().path(); // never the headers: they hold credentials
    reply->attach(networkReply);
}

QNetworkAccessManager *ClusterConnection::managerFor(const ApiCall &call)
{
    if (!call.longRunning)
        return m_requestManager;
    for (StreamManager &stream : m_streamManagers) {
        if (stream.active < StreamsPerManager) {
            ++stream.active;
            return stream.manager;
        }
    }
    m_streamManagers.push_back({createManager(), 1});
    return m_streamManagers.back().manager;
}

void ClusterConnection::streamEnded(QNetworkAccessManager *manager)
{
    for (StreamManager &stream : m_streamManagers) {
        if (stream.manager == manager && stream.active > 0)
            --stream.active;
    }
}

} // namespace binnacle
