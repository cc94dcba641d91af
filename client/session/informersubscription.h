#pragma once

#include "client/discovery/apiresource.h"
#include "client/watch/objectrecord.h"
#include "client/watch/reflector.h"

#include <QObject>
#include <QPointer>

namespace binnacle {

class ClusterWorker;

// A view's hold on one informer, on the view's thread. The first batch it emits is a snapshot (reset) of what is
// cached; then the informer's coalesced changes. Destroying the subscription releases the informer, which stops
// watching when nobody holds it any more.
class InformerSubscription final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InformerSubscription)

public:
    struct Key
    {
        ApiResource resource;
        QString namespaceName;
        Reflector::Mode mode;
        QString id() const;
    };

    ~InformerSubscription() override;

    const Key &key() const { return m_key; }
    const InformerHealth &health() const { return m_health; }

signals:
    void changed(const binnacle::ChangeBatch &batch);
    void healthChanged(const binnacle::InformerHealth &health);

private:
    friend class ClusterSession;
    InformerSubscription(ClusterWorker *worker, Key key, QObject *parent);

    QPointer<ClusterWorker> m_worker;
    Key m_key;
    InformerHealth m_health;
};

} // namespace binnacle
