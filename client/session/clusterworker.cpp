#include "clusterworker.h"

#include "client/auth/execcredentialprovider.h"
#include "client/discovery/discovery.h"
#include "client/resources/resourceclient.h"
#include "client/transport/clusterconnection.h"
#include "client/watch/informer.h"

namespace binnacle {

ClusterWorker::ClusterWorker(ClusterConfig config, SecretStore *secrets)
    : m_config(std::move(config)), m_secrets(secrets)
{}

ClusterWorker::~ClusterWorker() = default;

void ClusterWorker::initialize()
{
    m_connection = new ClusterConnection(m_config, this);
    if (m_config.exec)
        m_connection->setCredentialProvider(std::make_unique<ExecCredentialProvider>(m_config, m_secrets));
    m_client = std::make_unique<ResourceClient>(m_connection);
    m_discovery = new Discovery(m_connection, this);
    connect(m_discovery, &Discovery::updated, this, [this] {
        if (!std::exchange(m_connected, true))
            emit connected(m_discovery->serverVersion());
        emit discoveryUpdated(m_discovery->mapper());
    });
    connect(m_discovery, &Discovery::failed, this, &ClusterWorker::failed);
    m_discovery->refresh();
}

void ClusterWorker::refreshDiscovery()
{
    if (m_discovery)
        m_discovery->refresh();
}

void ClusterWorker::attach(QPointer<InformerSubscription> subscription, const InformerSubscription::Key &key)
{
    if (!subscription)
        return;  // the view went away before we got here
    const QString id = key.id();
    auto it = m_informers.find(id);
    if (it == m_informers.end()) {
        auto *informer = new Informer(m_connection, key.resource, key.namespaceName, key.mode, this);
        it = m_informers.insert(id, {informer, 0});
        informer->start();
    }
    ++it->holders;
    Informer *informer = it->informer;
    // Connect first, then post the snapshot: both happen here, so the view sees the snapshot before any change.
    connect(informer, &Informer::changed, subscription.data(), &InformerSubscription::changed);
    connect(informer, &Informer::healthChanged, subscription.data(), &InformerSubscription::healthChanged);
    if (informer->isSynced()) {
        const ChangeBatch snapshot = informer->snapshot();
        const InformerHealth health = informer->health();
        QMetaObject::invokeMethod(subscription.data(), [subscription, snapshot, health] {
            if (subscription) {
                emit subscription->changed(snapshot);
                emit subscription->healthChanged(health);
            }
        }, Qt::QueuedConnection);
    }
}

void ClusterWorker::release(const QString &id)
{
    const auto it = m_informers.find(id);
    if (it == m_informers.end())
        return;
    if (--it->holders > 0)
        return;
    it->informer->stop();
    it->informer->deleteLater();
    m_informers.erase(it);
}

} // namespace binnacle
