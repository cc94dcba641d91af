#include "informersubscription.h"

#include "client/session/clusterworker.h"

using namespace Qt::StringLiterals;

namespace binnacle {

QString InformerSubscription::Key::id() const
{
    return resource.groupVersion() + u'/' + resource.resource + u'|' + namespaceName + u'|'
        + (mode == Reflector::Mode::Table ? u"table"_s : u"full"_s);
}

InformerSubscription::InformerSubscription(ClusterWorker *worker, Key key, QObject *parent)
    : QObject(parent), m_worker(worker), m_key(std::move(key))
{
    connect(this, &InformerSubscription::healthChanged, this,
            [this](const InformerHealth &health) { m_health = health; });
}

InformerSubscription::~InformerSubscription()
{
    if (m_worker) {
        const QString id = m_key.id();
        QMetaObject::invokeMethod(m_worker.data(), [worker = m_worker, id] {
            if (worker)
                worker->release(id);
        }, Qt::QueuedConnection);
    }
}

} // namespace binnacle
