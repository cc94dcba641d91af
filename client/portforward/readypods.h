#pragma once

#include "client/core/labelselector.h"
#include "client/portforward/forwardtarget.h"
#include "client/watch/objectrecord.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <optional>

namespace binnacle {

class ClusterSession;
class InformerSubscription;

// One pod that can take a forwarded connection now, with the target's port resolved on it.
struct ReadyPod
{
    QString name;
    QString namespaceName;
    QString node;
    QString uid;
    quint16 port = 0;
    friend bool operator==(const ReadyPod &, const ReadyPod &) = default;
};

// The ready pods of a ForwardTarget, kept current by the session's informers: the target object itself (a Service's
// selector and ports, a workload's selector; watched alone through `metadata.name=`) and the namespace's pods
// (shared with every other view of them). What is not ready says why in problem(): not found, forbidden, no pod
// ready, a port that does not exist. The replica probe asks it for every ready pod; a forward for one.
// On the GUI thread.
class ReadyPods final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReadyPods)

public:
    // `session` must outlive this object.
    ReadyPods(ClusterSession *session, ForwardTarget target, QObject *parent = nullptr);
    ~ReadyPods() override;

    // Fails only when the session is not connected; while discovery is on its way it starts after it.
    Status start();

    const ForwardTarget &target() const { return m_target; }
    // Ready pods by name. Empty while not synced.
    const QList<ReadyPod> &pods() const { return m_ready; }
    std::optional<ReadyPod> find(const QString &podName) const;
    bool synced() const { return m_synced; }
    bool forbidden() const { return m_forbidden; }
    // Why there is no ready pod (empty when there is one, or before the informers synced).
    QString problem() const { return m_problem; }
    // The target object (not for a Pod target), once seen.
    QJsonObject targetObject() const { return m_owner ? m_owner->object : QJsonObject(); }

signals:
    void changed();

private:
    InformerSubscription *watch(const QString &resource, const QString &fieldSelector);
    void onOwnerChanged(const ChangeBatch &batch);
    void onPodsChanged(const ChangeBatch &batch);
    void onHealth(const InformerHealth &health);
    void recompute();

    ClusterSession *m_session;
    ForwardTarget m_target;
    QPointer<InformerSubscription> m_ownerSubscription;
    QPointer<InformerSubscription> m_podSubscription;
    QMetaObject::Connection m_waitForDiscovery;
    ObjectPtr m_owner;
    std::optional<LabelSelector> m_selector; // a Selector target's, parsed once
    QHash<QString, ObjectPtr> m_podsByName;
    QList<ReadyPod> m_ready;
    bool m_synced = false;
    bool m_forbidden = false;
    QString m_forbiddenMessage;
    QString m_problem;
};

} // namespace binnacle
