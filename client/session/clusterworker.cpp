#include "clusterworker.h"

#include "client/auth/execcredentialprovider.h"
#include "client/discovery/discovery.h"
#include "client/resources/resourceclient.h"
#include "client/transport/clusterconnection.h"
#include "client/watch/informer.h"

namespace binnacle {

ClusterWorker::ClusterWorker(ClusterConfig config, SecretStore *secrets)
    : m_config(std::move(config))
    , m_secrets(secrets)
{ }

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

void ClusterWorker::attach(std::shared_ptr<SubscriptionChannel> channel, const InformerSubscription::Key &key)
{
    const QString id = key.id();
    auto it = m_informers.find(id);
    if (it == m_informers.end()) {
        auto *informer = new Informer(m_connection, key.resource, key.namespaceName, key.mode, this);
        informer->setFieldSelector(key.fieldSelector);
        it = m_informers.insert(id, {informer, {}});
        informer->start();
    }
    Informer *informer = it->informer;
    // Connect first, then post the snapshot: both happen on this thread, so the view sees the snapshot first.
    QList<QMetaObject::Connection> connections {
        connect(informer, &Informer::changed, informer, [channel](const ChangeBatch &b) { channel->postChanges(b); }),
        connect(informer, &Informer::healthChanged, informer,
                [channel](const InformerHealth &h) { channel->postHealth(h); })};
    it->holders.insert(channel.get(), connections);
    if (informer->isSynced()) {
        channel->postChanges(informer->snapshot());
        channel->postHealth(informer->health());
    }
}

void ClusterWorker::release(const QString &id, SubscriptionChannel *channel)
{
    const auto it = m_informers.find(id);
    if (it == m_informers.end())
        return;
    for (const QMetaObject::Connection &connection : it->holders.take(channel))
        disconnect(connection);
    if (!it->holders.isEmpty())
        return;
    it->informer->stop();
    it->informer->deleteLater();
    m_informers.erase(it);
}

} // namespace binnacle
