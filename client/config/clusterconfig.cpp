#include "clusterconfig.h"

#include "client/core/displayurl.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

// Reads the `*-data` field when set, else the file it names; kubectl's order.
Result<QByteArray> dataOrFile(const QByteArray &data, const QString &path, const QString &what, const QString &owner)
{
    if (!data.isEmpty())
        return data;
    if (path.isEmpty())
        return QByteArray();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::config(u"unable to read %1 for %2: %3"_s.arg(what, owner, file.errorString()), path);
    return file.readAll();
}

} // namespace

Result<QSslKey> ClusterConfig::loadPrivateKey(const QByteArray &pem)
{
    // QSslKey needs the algorithm up front; PKCS#8 ("BEGIN PRIVATE KEY") may hold either, so try both.
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    if (pem.contains("BEGIN OPENSSH PRIVATE KEY"))
        return Error(Error::Kind::Config, u"the client key is an OpenSSH key; a PEM RSA or EC key is needed"_s);
    if (pem.contains("BEGIN PRIVATE KEY"))
        return Error(
            Error::Kind::Config,
            u"the client key is a PKCS#8 key of a type Binnacle cannot use (Ed25519?); use an RSA or EC key"_s);
    return Error(Error::Kind::Config, u"the client key is not a PEM-encoded RSA or EC private key"_s);
}

Result<ClusterConfig> ClusterConfig::fromKubeconfig(const Kubeconfig &config, const QString &requestedContext)
{
    const QString contextName = requestedContext.isEmpty() ? config.currentContext : requestedContext;
    if (contextName.isEmpty())
        return Error::config(u"no context is selected: the kubeconfig has no current-context"_s);
    const KubeContext *context = config.context(contextName);
    if (!context)
        return Error::config(u"context \"%1\" does not exist"_s.arg(contextName));
    const KubeCluster *cluster = config.cluster(context->cluster);
    if (!cluster)
        return Error::config(
            u"context \"%1\" names cluster \"%2\", which is not defined"_s.arg(contextName, context->cluster),
            context->sourceFile);
    static const KubeUser anonymous;
    const KubeUser *user = context->user.isEmpty() ? &anonymous : config.user(context->user);
    if (!user)
        return Error::config(
            u"context \"%1\" names user \"%2\", which is not defined"_s.arg(contextName, context->user),
            context->sourceFile);

    ClusterConfig result;
    result.contextName = contextName;
    result.clusterName = context->cluster;
    result.userName = context->user;
    result.namespaceName = context->namespaceName.isEmpty() ? u"default"_s : context->namespaceName;

    if (cluster->server.isEmpty())
        return Error::config(u"cluster \"%1\" has no server defined"_s.arg(cluster->name), cluster->sourceFile);
    result.server = QUrl(cluster->server, QUrl::StrictMode);
    if (!result.server.isValid() || result.server.host().isEmpty()
        || (result.server.scheme() != u"https" && result.server.scheme() != u"http"))
        return Error::config(
            u"cluster \"%1\" has an invalid server URL \"%2\""_s.arg(cluster->name, displayUrl(cluster->server)),
            cluster->sourceFile);

    // TLS, as clientcmd validates it.
    const bool hasCa = !cluster->certificateAuthority.isEmpty() || !cluster->certificateAuthorityData.isEmpty();
    if (hasCa && cluster->insecureSkipTlsVerify)
        return Error::config(
            u"cluster \"%1\": specifying a root certificates file with the insecure flag is not allowed"_s.arg(
                cluster->name),
            cluster->sourceFile);
    Result<QByteArray> caPem = dataOrFile(cluster->certificateAuthorityData, cluster->certificateAuthority,
                                          u"certificate-authority"_s, cluster->name);
    if (!caPem)
        return caPem.error();
    if (!caPem->isEmpty()) {
        result.caCertificates = QSslCertificate::fromData(caPem.value(), QSsl::Pem);
        if (result.caCertificates.isEmpty())
            return Error::config(u"cluster \"%1\": certificate-authority holds no PEM certificate"_s.arg(cluster->name),
                                 cluster->sourceFile);
    }
    result.insecureSkipTlsVerify = cluster->insecureSkipTlsVerify;
    result.tlsServerName = cluster->tlsServerName;
    result.disableCompression = cluster->disableCompression;
    if (!cluster->proxyUrl.isEmpty()) {
        result.proxyUrl = QUrl(cluster->proxyUrl, QUrl::StrictMode);
        const QString scheme = result.proxyUrl.scheme();
        if (!result.proxyUrl.isValid() || (scheme != u"http" && scheme != u"https" && scheme != u"socks5"))
            return Error::config(u"cluster \"%1\": proxy-url must be an http, https or socks5 URL"_s.arg(cluster->name),
                                 cluster->sourceFile);
        // Qt's HTTP proxy speaks plain HTTP to the proxy itself: with an https:// proxy-url the CONNECT request, the
        // target host and any proxy credentials would cross the network in clear while the user asked for TLS.
        if (scheme == u"https")
            return Error::config(
                u"cluster \"%1\": proxy-url %2 asks for TLS to the proxy, which Binnacle cannot do (the CONNECT "
                "request and any proxy password would be sent in clear); use an http:// or socks5:// proxy-url"_s.arg(
                    cluster->name, result.proxyUrl.toDisplayString(QUrl::RemoveUserInfo)),
                cluster->sourceFile);
    }

    // Client certificate.
    Result<QByteArray> certPem
        = dataOrFile(user->clientCertificateData, user->clientCertificate, u"client-certificate"_s, user->name);
    if (!certPem)
        return certPem.error();
    Result<QByteArray> keyPem = dataOrFile(user->clientKeyData, user->clientKey, u"client-key"_s, user->name);
    if (!keyPem)
        return keyPem.error();
    if (!certPem->isEmpty() || !keyPem->isEmpty()) {
        if (keyPem->isEmpty())
            return Error::config(
                u"user \"%1\": client-key-data or client-key must be specified to use the clientCert authentication method"_s
                    .arg(user->name),
                user->sourceFile);
        if (certPem->isEmpty())
            return Error::config(
                u"user \"%1\": client-cert-data or client-cert must be specified to use the clientCert authentication method"_s
                    .arg(user->name),
                user->sourceFile);
        const QList<QSslCertificate> certs = QSslCertificate::fromData(certPem.value(), QSsl::Pem);
        if (certs.isEmpty())
            return Error::config(u"user \"%1\": client-certificate holds no PEM certificate"_s.arg(user->name),
                                 user->sourceFile);
        result.clientCertificate = certs.first();
        Result<QSslKey> key = loadPrivateKey(keyPem.value());
        if (!key)
            return Error::config(u"user \"%1\": %2"_s.arg(user->name, key.error().message()), user->sourceFile);
        result.clientKey = key.value();
    }

    // Only one of token and basic auth, as kubectl insists.
    const bool hasToken = !user->token.isEmpty() || !user->tokenFile.isEmpty();
    const bool hasBasic = !user->username.isEmpty() || !user->password.isEmpty();
    if (hasToken && hasBasic)
        return Error::config(
            u"user \"%1\": more than one authentication method found (token and basic auth); only one is allowed"_s.arg(
                user->name),
            user->sourceFile);
    if (user->exec && hasBasic)
        return Error::config(
            u"user \"%1\": more than one authentication method found (exec and basic auth); only one is allowed"_s.arg(
                user->name),
            user->sourceFile);
    if (user->exec && user->exec->command.isEmpty())
        return Error::config(u"user \"%1\": exec needs a command"_s.arg(user->name), user->sourceFile);
    if (user->exec && user->exec->apiVersion.isEmpty())
        return Error::config(u"user \"%1\": exec needs an apiVersion"_s.arg(user->name), user->sourceFile);
    if (user->authProvider) {
        const QString provider = user->authProvider->name;
        if (provider == u"gcp" || provider == u"azure")
            return Error::config(
                u"user \"%1\": the %2 auth-provider was removed from Kubernetes clients; use the exec plugin "
                "(gke-gcloud-auth-plugin for GKE, kubelogin for AKS) instead"_s.arg(user->name, provider),
                user->sourceFile);
        if (provider != u"oidc")
            return Error::config(u"user \"%1\": unknown auth-provider \"%2\""_s.arg(user->name, provider),
                                 user->sourceFile);
    }

    result.token = user->token;
    result.tokenFile = user->tokenFile;
    result.username = user->username;
    result.password = user->password;
    // The apiserver takes one group per Impersonate-Group header line and does not split values on commas. Qt 6.4
    // keeps one value per header name (QNetworkRequest::setRawHeader replaces, on HTTP/1 and HTTP/2 alike), so a
    // second group cannot be sent; acting with fewer groups than asked would be another identity, so refuse.
    if (user->impersonateGroups.size() > 1)
        return Error::config(
            u"user \"%1\" impersonates %2 groups (%3); Binnacle can send only one Impersonate-Group header, and "
            "joining them with commas would name a single group \"%4\". Keep one group in as-groups, or use "
            "kubectl for this context"_s.arg(user->name)
                .arg(user->impersonateGroups.size())
                .arg(user->impersonateGroups.join(u", "_s), user->impersonateGroups.join(u',')),
            user->sourceFile);
    result.impersonation = {user->impersonate, user->impersonateGroups, user->impersonateUid};
    result.exec = user->exec;
    result.authProvider = user->authProvider;
    return result;
}

} // namespace binnacle
