#pragma once

#include "client/discovery/apiresource.h"
#include "client/watch/objectrecord.h"
#include "client/watch/reflector.h"

#include <QObject>
#include <QPointer>

#include <QMutex>

#include <memory>

namespace binnacle {

class ClusterWorker;
class InformerSubscription;

// The only way the worker thread reaches a subscription that lives on the GUI thread. The subscription may be
// destroyed at any moment over there; the channel's lock and `open` flag make sure nothing is posted to it after
// its destructor has begun (and Qt drops what was posted before).
class SubscriptionChannel final
{
public:
    explicit SubscriptionChannel(InformerSubscription *target)
        : m_target(target)
    { }
    void postChanges(const ChangeBatch &batch);
    void postHealth(const InformerHealth &health);
    void close();

private:
    QMutex m_mutex;
    InformerSubscription *m_target;
    bool m_open = true;
};

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
        QString fieldSelector; // empty: the whole collection
        QStringList keptFields; // Full mode: the paths of each object kept (ObjectProjection); empty: all of it
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
    friend class SubscriptionChannel;
    InformerSubscription(ClusterWorker *worker, Key key, QObject *parent);

    QPointer<ClusterWorker> m_worker;
    std::shared_ptr<SubscriptionChannel> m_channel;
    Key m_key;
    InformerHealth m_health;
};

} // namespace binnacle
