#include "informersubscription.h"

#include "client/session/clusterworker.h"

using namespace Qt::StringLiterals;

namespace binnacle {

QString InformerSubscription::Key::id() const
{
    return resource.groupVersion() + u'/' + resource.resource + u'|' + namespaceName + u'|'
        + (mode == Reflector::Mode::Table ? u"table"_s : u"full"_s) + u'|' + fieldSelector + u'|'
        + keptFields.join(u',');
}

void SubscriptionChannel::postChanges(const ChangeBatch &batch)
{
    QMutexLocker lock(&m_mutex);
    if (m_open)
        QMetaObject::invokeMethod(
            m_target, [target = m_target, batch] { emit target->changed(batch); }, Qt::QueuedConnection);
}

void SubscriptionChannel::postHealth(const InformerHealth &health)
{
    QMutexLocker lock(&m_mutex);
    if (m_open)
        QMetaObject::invokeMethod(
            m_target, [target = m_target, health] { emit target->healthChanged(health); }, Qt::QueuedConnection);
}

void SubscriptionChannel::close()
{
    QMutexLocker lock(&m_mutex);
    m_open = false;
}

InformerSubscription::InformerSubscription(ClusterWorker *worker, Key key, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
    , m_channel(std::make_shared<SubscriptionChannel>(this))
    , m_key(std::move(key))
{
    connect(this, &InformerSubscription::healthChanged, this,
            [this](const InformerHealth &health) { m_health = health; });
}

InformerSubscription::~InformerSubscription()
{
    m_channel->close(); // from here on the worker posts nothing to us
    if (m_worker) {
        const QString id = m_key.id();
        QMetaObject::invokeMethod(
            m_worker.data(),
            [worker = m_worker, id, channel = m_channel] {
                if (worker)
                    worker->release(id, channel.get());
            },
            Qt::QueuedConnection);
    }
}

} // namespace binnacle
