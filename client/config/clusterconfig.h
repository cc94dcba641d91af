#pragma once

#include "client/config/kubeconfig.h"
#include "client/core/result.h"

#include <QSslCertificate>
#include <QSslKey>
#include <QUrl>

namespace binnacle {

struct Impersonation
{
    QString user;
    QStringList groups;
    QString uid;
    bool isEmpty() const { return user.isEmpty() && groups.isEmpty() && uid.isEmpty(); }
    bool operator==(const Impersonation &) const = default;
};

// Everything needed to talk to one cluster as one user: the kubeconfig context resolved, validated the way
// kubectl validates it, with certificate and key files already read. A value type, safe to copy across threads.
struct ClusterConfig
{
    QString contextName;
    QString clusterName;
    QString userName;
    QUrl server;
    QString namespaceName; // the context's namespace, "default" when unset

    QList<QSslCertificate> caCertificates; // empty: the system's roots
    bool insecureSkipTlsVerify = false;
    QString tlsServerName;
    QSslCertificate clientCertificate;
    QSslKey clientKey;
    QUrl proxyUrl;
    bool disableCompression = false;

    QString token;
    QString tokenFile; // re-read when it changes
    QString username;
    QString password;
    Impersonation impersonation;
    std::optional<ExecConfig> exec;
    std::optional<AuthProviderConfig> authProvider;

    // Every setting, certificates and keys included: a kubeconfig change that makes two configs differ needs a new
    // connection (SessionRegistry).
    bool operator==(const ClusterConfig &) const = default;

    // Resolves `contextName` (or the current context when empty).
    static Result<ClusterConfig> fromKubeconfig(const Kubeconfig &config, const QString &contextName = {});

    // A client key in PEM: RSA or EC, PKCS#1/SEC1 or PKCS#8. Errors name the key type when it is not supported.
    static Result<QSslKey> loadPrivateKey(const QByteArray &pem);
};

} // namespace binnacle
