#pragma once

#include "client/config/kubeconfig.h"

#include <QList>
#include <QObject>

namespace binnacle {

class SecretStore;

// Clusters added inside Binnacle with a server URL and a token (no kubeconfig file of their own). Where the server
// and CA are kept is ordinary settings; the token lives only in the OS keychain (SecretStore), never in a file.
class SavedClusters final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SavedClusters)

public:
    struct Entry
    {
        QString name;
        QString server;
        QByteArray certificateAuthorityData; // PEM, may be empty (system roots)
        bool insecureSkipTlsVerify = false;
        QString namespaceName;
    };

    explicit SavedClusters(SecretStore *secrets, QObject *parent = nullptr);

    QList<Entry> entries() const;
    // Saves the entry and its token (in the keychain); `done` reports whether the keychain took it.
    void add(const Entry &entry, const QString &token, QObject *context,
             std::function<void(const QString &error)> done);
    void remove(const QString &name);

    // Adds the saved clusters to `config` as contexts named after them (the kubeconfig's own entries win).
    void mergeInto(Kubeconfig &config) const;
    // Reads the token of a saved cluster from the keychain.
    void token(const QString &name, QObject *context, std::function<void(const QString &token)> done) const;

    static QString userName(const QString &cluster) { return cluster + QStringLiteral("-token"); }
    static QString secretKey(const QString &cluster) { return QStringLiteral("cluster-token/") + cluster; }
    static inline const QString SourceName = QStringLiteral("(added in Binnacle)");

signals:
    void changed();

private:
    SecretStore *m_secrets;
};

} // namespace binnacle
