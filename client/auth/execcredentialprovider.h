#pragma once

#include "client/config/clusterconfig.h"
#include "client/transport/credentialprovider.h"

#include <QDateTime>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>

class QProcess;

namespace binnacle {

class SecretStore;

// A credential from an exec plugin (client.authentication.k8s.io v1 / v1beta1): runs the plugin without a terminal,
// caches what it prints until `expirationTimestamp`, and keeps that cache in the OS keychain so a restart does not
// run a slow SSO plugin again while its token is valid.
class ExecCredentialProvider final : public CredentialProvider
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExecCredentialProvider)

public:
    // `store` may be null (no caching across runs); it must outlive the provider.
    ExecCredentialProvider(const ClusterConfig &config, SecretStore *store, QObject *parent = nullptr);
    ~ExecCredentialProvider() override;

    bool hasValidCredential() const override;
    void refresh() override;
    void invalidate() override;
    void decorate(QNetworkRequest &request) override;

    int pluginRuns() const { return m_runs; }
    QString cacheKey() const { return m_cacheKey; }

    struct Credential
    {
        QString token;
        QSslCertificate certificate;
        QSslKey key;
        QDateTime expiry; // invalid: no expiry
    };
    // Reads the plugin's stdout; `apiVersion` is what we asked for.
    static Result<Credential> parseOutput(const QByteArray &json, const QString &apiVersion);

private:
    void runPlugin();
    void onPluginFinished();
    void fail(const QString &message);
    void accept(const Credential &credential, const QByteArray &rawStatus);
    QByteArray execInfo() const;
    QString missingBinaryMessage() const;

    ClusterConfig m_config;
    ExecConfig m_exec;
    SecretStore *m_store; // thread-safe, outlives us (a QPointer would not be, across threads)
    QString m_cacheKey;
    std::optional<Credential> m_credential;
    QProcess *m_process = nullptr;
    bool m_refreshing = false;
    bool m_keychainChecked = false;
    int m_runs = 0;
};

} // namespace binnacle
