#include "clusterworker.h"

#include "client/auth/execcredentialprovider.h"
#include "client/discovery/discovery.h"
#include "client/resources/resourceclient.h"
#include "client/transport/clusterconnection.h"
#include "client/watch/informer.h"

#include <QTimer>

using namespace Qt::StringLiterals;

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
        if (!std::exchange(m_connected, true)) {
            emit connected(m_discovery->serverVersion());
            watchCustomResourceDefinitions();
        }
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

void ClusterWorker::watchCustomResourceDefinitions()
{
    const std::optional<ApiResource> crds = m_discovery->mapper().find(u"customresourcedefinitions"_s);
    if (!crds)
        return;
    m_discoveryRefresh = new QTimer(this);
    m_discoveryRefresh->setSingleShot(true);
    // A new CRD is served a moment after it is created (once Established, which is another event): refresh when
    // the events have settled, and once more a little later for the one that was not served yet.
    m_discoveryRefresh->setInterval(400);
    connect(m_discoveryRefresh, &QTimer::timeout, this, [this] {
        m_discovery->refresh();
        QTimer::singleShot(2000, m_discovery, &Discovery::refresh);
    });
    m_crdWatch = new Informer(m_connection, *crds, {}, Reflector::Mode::Table, this);
    connect(m_crdWatch, &Informer::synced, this, [this] { m_crdsSynced = true; });
    connect(m_crdWatch, &Informer::changed, this, [this] {
        if (m_crdsSynced) // the first picture is what discovery already knows
            scheduleDiscoveryRefresh();
    });
    connect(m_crdWatch, &Informer::healthChanged, this, [this](const InformerHealth &health) {
        if (health.forbidden && m_crdWatch) { // users who may not list CRDs keep F5
            m_crdWatch->stop();
            m_crdWatch->deleteLater();
            m_crdWatch = nullptr;
        }
    });
    m_crdWatch->start();
}

void ClusterWorker::scheduleDiscoveryRefresh()
{
    m_discoveryRefresh->start();
}

void ClusterWorker::attach(std::shared_ptr<SubscriptionChannel> channel, const InformerSubscription::Key &key)
{
    const QString id = key.id();
    auto it = m_informers.find(id);
    if (it == m_informers.end()) {
        auto *informer = new Informer(m_connection, key.resource, key.namespaceName, key.mode, this);
        informer->setFieldSelector(key.fieldSelector);
        informer->setProjection(ObjectProjection(key.keptFields));
        it = m_informers.insert(id, {informer, {}});
        informer->start();
    }
    Informer *informer = it->informer;
    if (it->grace)
        it->grace->stop(); // held again within the grace period: the cache is still warm
    // What the others have not been sent yet goes to them first, so that the snapshot and the batches after it
    // start from the same point. Then connect and post the snapshot, all on this thread: the view sees the snapshot
    // first. It is posted even while the informer (re)lists: the cache keeps its last state then, and Table columns
    // that went out before this view came must reach it too.
    informer->flush();
    QList<QMetaObject::Connection> connections {
        connect(informer, &Informer::changed, informer, [channel](const ChangeBatch &b) { channel->postChanges(b); }),
        connect(informer, &Informer::healthChanged, informer,
                [channel](const InformerHealth &h) { channel->postHealth(h); })};
    it->holders.insert(channel.get(), connections);
    channel->postChanges(informer->snapshot());
    channel->postHealth(informer->health());
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
    if (m_informerGraceMs <= 0) {
        retireIdleInformer(id);
        return;
    }
    if (!it->grace) {
        it->grace = new QTimer(it->informer);
        it->grace->setSingleShot(true);
        connect(it->grace, &QTimer::timeout, this, [this, id] { retireIdleInformer(id); });
    }
    it->grace->start(m_informerGraceMs);
}

void ClusterWorker::retireIdleInformer(const QString &id)
{
    const auto it = m_informers.find(id);
    if (it == m_informers.end() || !it->holders.isEmpty())
        return;
    it->informer->stop();
    it->informer->deleteLater();
    m_informers.erase(it);
}

} // namespace binnacle
