#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace binnacle {

// Value types mirroring the kubeconfig file format (clientcmd/api/v1). Relative paths are already resolved
// against the directory of the file that named them; `sourceFile` remembers which file that was.

struct KubeCluster
{
    QString name;
    QString server;
    QString certificateAuthority; // path
    QByteArray certificateAuthorityData; // PEM, decoded from base64
    bool insecureSkipTlsVerify = false;
    QString tlsServerName;
    QString proxyUrl;
    bool disableCompression = false;
    QString sourceFile;
};

struct ExecEnvVar
{
    QString name;
    QString value;
    bool operator==(const ExecEnvVar &) const = default;
};

struct ExecConfig
{
    QString command;
    QStringList args;
    QList<ExecEnvVar> env;
    QString apiVersion;
    QString installHint;
    bool provideClusterInfo = false;
    QString interactiveMode; // Never | IfAvailable | Always
    bool operator==(const ExecConfig &) const = default;
};

struct AuthProviderConfig
{
    QString name;
    QMap<QString, QString> config;
    bool operator==(const AuthProviderConfig &) const = default;
};

struct KubeUser
{
    QString name;
    QString clientCertificate; // path
    QByteArray clientCertificateData; // PEM
    QString clientKey; // path
    QByteArray clientKeyData; // PEM
    QString token;
    QString tokenFile;
    QString username;
    QString password;
    QString impersonate;
    QStringList impersonateGroups;
    QString impersonateUid;
    std::optional<ExecConfig> exec;
    std::optional<AuthProviderConfig> authProvider;
    QString sourceFile;
};

struct KubeContext
{
    QString name;
    QString cluster;
    QString user;
    QString namespaceName;
    QString sourceFile;
};

// A kubeconfig as kubectl sees it: one file, or several merged. Lookups are by name.
struct Kubeconfig
{
    QList<KubeCluster> clusters;
    QList<KubeUser> users;
    QList<KubeContext> contexts;
    QString currentContext;
    QStringList sourceFiles; // the files that were read, in precedence order

    const KubeCluster *cluster(const QString &name) const;
    const KubeUser *user(const QString &name) const;
    const KubeContext *context(const QString &name) const;
};

} // namespace binnacle
