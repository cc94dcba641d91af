#include "readypods.h"

#include "client/logs/logtarget.h"
#include "client/session/clustersession.h"
#include "client/session/informersubscription.h"

using namespace Qt::StringLiterals;

namespace binnacle {

ReadyPods::ReadyPods(ClusterSession *session, ForwardTarget target, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_target(std::move(target))
{ }

ReadyPods::~ReadyPods() = default; // the subscriptions are children

Status ReadyPods::start()
{
    if (!ForwardTarget::supportsKind(m_target.kind))
        return Error(Error::Kind::Config, tr("A %1 has no pods to forward to.").arg(m_target.kind));
    if (!m_session->mapper().find(u"pods"_s)) {
        if (m_session->state() != ClusterSession::State::Connecting
            && m_session->state() != ClusterSession::State::Connected)
            return Error(Error::Kind::Config, tr("not connected to the cluster"));
        if (!m_waitForDiscovery)
            m_waitForDiscovery = connect(m_session, &ClusterSession::resourcesChanged, this, [this] {
                if (!m_session->mapper().find(u"pods"_s))
                    return;
                disconnect(m_waitForDiscovery);
                (void)start();
            });
        return Done {};
    }
    const QString byName = u"metadata.name="_s + m_target.name;
    if (m_target.isPod()) {
        m_podSubscription = watch(u"pods"_s, byName);
    } else if (m_target.isSelector()) {
        Result<LabelSelector> selector = LabelSelector::parse(m_target.name);
        if (!selector)
            return Error(Error::Kind::Config,
                         tr("%1 is not a label selector: %2").arg(m_target.name, selector.error().message()));
        m_selector = std::move(selector.value());
        m_podSubscription = watch(u"pods"_s, {});
    } else {
        m_ownerSubscription = watch(m_target.kind, byName);
        if (!m_ownerSubscription)
            return Error(Error::Kind::Config, tr("The cluster does not serve %1s.").arg(m_target.kind));
        connect(m_ownerSubscription, &InformerSubscription::changed, this, &ReadyPods::onOwnerChanged);
        m_podSubscription = watch(u"pods"_s, {});
    }
    connect(m_podSubscription, &InformerSubscription::changed, this, &ReadyPods::onPodsChanged);
    return Done {};
}

InformerSubscription *ReadyPods::watch(const QString &resource, const QString &fieldSelector)
{
    const std::optional<ApiResource> found = m_session->mapper().find(resource);
    if (!found)
        return nullptr;
    InformerSubscription::Key key {*found, m_target.namespaceName, Reflector::Mode::Full, fieldSelector};
    InformerSubscription *subscription = m_session->subscribe(key, this);
    connect(subscription, &InformerSubscription::healthChanged, this, &ReadyPods::onHealth);
    return subscription;
}

std::optional<ReadyPod> ReadyPods::find(const QString &podName) const
{
    for (const ReadyPod &pod : m_ready) {
        if (pod.name == podName)
            return pod;
    }
    return std::nullopt;
}

void ReadyPods::onHealth(const InformerHealth &health)
{
    // Health also says when an informer has listed: an empty namespace or a missing object is known only then.
    if (health.forbidden) {
        m_forbidden = true;
        m_forbiddenMessage = health.lastError;
    } else if (health.synced) {
        m_forbidden = false;
        m_forbiddenMessage.clear();
    }
    recompute();
}

void ReadyPods::onOwnerChanged(const ChangeBatch &batch)
{
    if (batch.reset)
        m_owner.reset();
    for (const QString &key : batch.removed) {
        if (m_owner && m_owner->key() == key)
            m_owner.reset();
    }
    for (const ObjectPtr &object : batch.added + batch.updated)
        m_owner = object;
    recompute();
}

void ReadyPods::onPodsChanged(const ChangeBatch &batch)
{
    if (batch.reset)
        m_podsByName.clear();
    for (const QString &key : batch.removed)
        m_podsByName.remove(key.section(u'/', 1));
    for (const ObjectPtr &pod : batch.added + batch.updated)
        m_podsByName.insert(pod->name, pod);
    recompute();
}

void ReadyPods::recompute()
{
    QList<ReadyPod> ready;
    QString problem;
    // A new informer's first snapshot may be empty before it has listed: "not found" waits for its health to say
    // it synced.
    const bool ownerless = m_target.isPod() || m_target.isSelector();
    const bool ownerKnown = ownerless || m_owner || (m_ownerSubscription && m_ownerSubscription->health().synced);
    const bool podsKnown = !m_podsByName.isEmpty() || (m_podSubscription && m_podSubscription->health().synced);
    const bool synced = ownerKnown && podsKnown;
    if (m_forbidden) {
        problem = m_forbiddenMessage;
    } else if (!synced) {
        problem = tr("Looking for the pods of %1…").arg(m_target.objectName());
    } else if (!ownerless && !m_owner) {
        problem = tr("%1 %2/%3 was not found.").arg(m_target.kind, m_target.namespaceName, m_target.name);
    } else {
        // The port on the pods: a Service's targetPort (a number or a container port's name), or the target's own.
        Result<QString> podPort = m_target.kind == u"Service"
            ? ForwardPorts::serviceTargetPort(m_owner->object, m_target.port)
            : Result<QString>(m_target.port);
        std::optional<LabelSelector> selector = m_selector;
        if (!ownerless && podPort) {
            const Result<LogTarget> pods = LogTarget::forObject(m_target.kind, m_owner->object);
            if (pods)
                selector = pods->selector;
            else
                problem = pods.error().message();
        }
        if (!podPort)
            problem = podPort.error().message();
        int matching = 0;
        for (const ObjectPtr &pod : std::as_const(m_podsByName)) {
            if (!problem.isEmpty())
                break;
            if (m_target.isPod() ? pod->name != m_target.name : !selector->matches(pod->labels))
                continue;
            ++matching;
            if (!ForwardPorts::isReady(pod->object))
                continue;
            const Result<quint16> port = ForwardPorts::resolveOnPod(pod->object, podPort.value());
            if (!port) {
                problem = port.error().message();
                continue;
            }
            ready.append({pod->name, pod->namespaceName,
                          pod->object.value(u"spec"_s).toObject().value(u"nodeName"_s).toString(), pod->uid,
                          port.value()});
        }
        if (!ready.isEmpty()) {
            problem.clear();
        } else if (problem.isEmpty()) {
            problem = m_target.isPod()
                ? (matching ? tr("Pod %1 is not ready.").arg(m_target.name)
                            : tr("Pod %1/%2 was not found.").arg(m_target.namespaceName, m_target.name))
                : m_target.isSelector()
                ? tr("No pod matching %1 in %2 is ready (%n matching).", nullptr, matching)
                      .arg(m_target.name, m_target.namespaceName)
                : tr("No pod of %1 is ready (%n matching).", nullptr, matching).arg(m_target.objectName());
        }
    }
    std::sort(ready.begin(), ready.end(), [](const ReadyPod &a, const ReadyPod &b) { return a.name < b.name; });
    if (ready == m_ready && problem == m_problem && synced == m_synced)
        return;
    m_ready = std::move(ready);
    m_problem = std::move(problem);
    m_synced = synced;
    emit changed();
}

} // namespace binnacle
