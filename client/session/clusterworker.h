#pragma once

#include "client/config/clusterconfig.h"
#include "client/discovery/restmapper.h"
#include "client/session/informersubscription.h"

#include <QHash>
#include <QObject>

#include <memory>

class QTimer;

namespace binnacle {

class ClusterConnection;
class Discovery;
class Informer;
class ResourceClient;
class SecretStore;

// The part of a cluster session that lives on its worker thread: the connection, discovery and the shared
// informers (one per resource, namespace and mode, however many views show it, reference-counted).
// Only ClusterSession talks to it, always through queued calls.
//
// An informer whose last view goes stays alive for a grace period: moving between the tree and a table (or from one
// object's details to another's and back) finds its cache still warm instead of listing from scratch.
class ClusterWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterWorker)

public:
    ClusterWorker(ClusterConfig config, SecretStore *secrets);
    ~ClusterWorker() override;

    // All on the worker thread:
    void initialize();
    void refreshDiscovery();
    void attach(std::shared_ptr<SubscriptionChannel> channel, const InformerSubscription::Key &key);
    void release(const QString &id, SubscriptionChannel *channel);

    static constexpr int DefaultInformerGraceMs = 30000;
    void setInformerGracePeriod(int milliseconds) { m_informerGraceMs = milliseconds; }

    ClusterConnection *connection() const { return m_connection; }
    ResourceClient &client() const { return *m_client; }
    Discovery *discovery() const { return m_discovery; }
    int informerCount() const { return int(m_informers.size()); }

signals:
    void connected(const QString &serverVersion);
    void discoveryUpdated(const binnacle::RestMapper &mapper);
    void failed(const binnacle::Error &error);

private:
    void watchCustomResourceDefinitions();
    void scheduleDiscoveryRefresh();

    struct SharedInformer
    {
        Informer *informer;
        // One pair of connections per subscription, keyed by its channel.
        QHash<SubscriptionChannel *, QList<QMetaObject::Connection>> holders;
        QTimer *grace = nullptr; // runs while nobody holds the informer; a child of the informer
    };
    void retireIdleInformer(const QString &id);

    ClusterConfig m_config;
    SecretStore *m_secrets;
    ClusterConnection *m_connection = nullptr;
    Discovery *m_discovery = nullptr;
    std::unique_ptr<ResourceClient> m_client;
    QHash<QString, SharedInformer> m_informers;
    Informer *m_crdWatch = nullptr; // CRDs created or deleted refresh discovery by themselves
    bool m_crdsSynced = false;
    QTimer *m_discoveryRefresh = nullptr;
    bool m_connected = false;
    int m_informerGraceMs = DefaultInformerGraceMs;
};

} // namespace binnacle
