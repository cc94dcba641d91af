#include "metricspoller.h"

#include "client/session/clustersession.h"

#include <QDateTime>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

ApiResource metricsResource(UsageSnapshot::Kind kind)
{
    // Named here rather than found in discovery: a metrics-server installed (or gone) after discovery ran is
    // noticed at the next poll, and a 404 says just as clearly that it is not there.
    ApiResource resource;
    resource.group = u"metrics.k8s.io"_s;
    resource.version = u"v1beta1"_s;
    resource.verbs = {u"get"_s, u"list"_s};
    if (kind == UsageSnapshot::Kind::Pods) {
        resource.resource = u"pods"_s;
        resource.kind = u"PodMetrics"_s;
        resource.namespaced = true;
    } else {
        resource.resource = u"nodes"_s;
        resource.kind = u"NodeMetrics"_s;
    }
    return resource;
}

// Lists `namespaces` one after the other on the worker (all of them when empty) and reduces the items to a
// snapshot there; the first failure ends the poll.
void listInto(const ResourceClient &client, QObject *workerContext, const ApiResource &resource,
              UsageSnapshot::Kind kind, QStringList namespaces, std::function<void(const Result<UsageSnapshot> &)> done)
{
    struct Pending
    {
        QList<QJsonObject> items;
        QStringList left;
    };
    auto pending = std::make_shared<Pending>();
    pending->left = namespaces.isEmpty() ? QStringList {QString()} : namespaces;
    // The step holds itself only through the request in flight: a poll the worker drops frees it.
    auto next = std::make_shared<std::function<void()>>();
    *next = [&client, workerContext, resource, kind, namespaces, done, pending,
             self = std::weak_ptr<std::function<void()>>(next)] {
        if (pending->left.isEmpty()) {
            UsageSnapshot snapshot = UsageSnapshot::fromItems(kind, pending->items);
            snapshot.namespaces = namespaces;
            done(snapshot);
            return;
        }
        const QString ns = pending->left.takeFirst();
        client.list(resource, ns, ListOptions {}, workerContext,
                    [done, pending, step = self.lock()](const Result<ObjectList> &list) {
                        if (!list) {
                            done(list.error());
                            return;
                        }
                        pending->items += list->items;
                        (*step)();
                    });
    };
    (*next)();
}

} // namespace

MetricsPoller::MetricsPoller(ClusterSession *session)
    : QObject(session)
    , m_session(session)
    , m_timer(new QTimer(this))
{
    qRegisterMetaType<binnacle::UsageSnapshot>();
    m_timer->setInterval(DefaultIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &MetricsPoller::pollNow);
    connect(session, &ClusterSession::stateChanged, this, [this](ClusterSession::State state) {
        if (state == ClusterSession::State::Connected)
            pollNow();
    });
}

MetricsPoller::~MetricsPoller() = default;

MetricsPoller::Wish &MetricsPoller::wishOf(QObject *holder)
{
    for (Wish &wish : m_wishes) {
        if (wish.holder == holder)
            return wish;
    }
    m_wishes.append(Wish {holder, false, {}, false});
    connect(holder, &QObject::destroyed, this, &MetricsPoller::dropGoneHolders);
    return m_wishes.last();
}

void MetricsPoller::watchPods(QObject *holder, const QStringList &namespaces)
{
    const QStringList before = podScope();
    const bool wanted = wantsPods();
    Wish &wish = wishOf(holder);
    wish.pods = true;
    wish.namespaces = namespaces;
    if (!wanted || podScope() != before)
        poll(UsageSnapshot::Kind::Pods);
    m_timer->start();
}

void MetricsPoller::watchNodes(QObject *holder)
{
    const bool wanted = wantsNodes();
    wishOf(holder).nodes = true;
    if (!wanted)
        poll(UsageSnapshot::Kind::Nodes);
    m_timer->start();
}

void MetricsPoller::release(QObject *holder)
{
    m_wishes.removeIf([holder](const Wish &wish) { return wish.holder == holder; });
    disconnect(holder, &QObject::destroyed, this, &MetricsPoller::dropGoneHolders);
    if (m_wishes.isEmpty())
        m_timer->stop();
}

void MetricsPoller::dropGoneHolders()
{
    // QPointer is already null for the holder being destroyed.
    m_wishes.removeIf([](const Wish &wish) { return wish.holder.isNull(); });
    if (m_wishes.isEmpty())
        m_timer->stop();
}

bool MetricsPoller::wantsPods() const
{
    return std::any_of(m_wishes.cbegin(), m_wishes.cend(),
                       [](const Wish &wish) { return wish.pods && !wish.holder.isNull(); });
}

bool MetricsPoller::wantsNodes() const
{
    return std::any_of(m_wishes.cbegin(), m_wishes.cend(),
                       [](const Wish &wish) { return wish.nodes && !wish.holder.isNull(); });
}

QStringList MetricsPoller::podScope() const
{
    QStringList namespaces;
    for (const Wish &wish : m_wishes) {
        if (!wish.pods || wish.holder.isNull())
            continue;
        if (wish.namespaces.isEmpty())
            return {};
        for (const QString &ns : wish.namespaces) {
            if (!namespaces.contains(ns))
                namespaces.append(ns);
        }
    }
    if (namespaces.size() > MaxNamespacedRequests)
        return {};
    namespaces.sort();
    return namespaces;
}

void MetricsPoller::setInterval(int milliseconds)
{
    m_timer->setInterval(milliseconds);
}

int MetricsPoller::interval() const
{
    return m_timer->interval();
}

void MetricsPoller::pollNow()
{
    if (wantsPods())
        poll(UsageSnapshot::Kind::Pods);
    if (wantsNodes())
        poll(UsageSnapshot::Kind::Nodes);
}

void MetricsPoller::poll(UsageSnapshot::Kind kind)
{
    PerKind &state = of(kind);
    if (state.inFlight || m_session->state() != ClusterSession::State::Connected)
        return;
    state.inFlight = true;
    const ApiResource resource = metricsResource(kind);
    const QStringList namespaces = kind == UsageSnapshot::Kind::Pods ? podScope() : QStringList {};
    m_session->withClient<UsageSnapshot>(
        this,
        [resource, kind, namespaces](const ResourceClient &client, QObject *workerContext, auto done) {
            listInto(client, workerContext, resource, kind, namespaces, std::move(done));
        },
        [this, kind](const Result<UsageSnapshot> &answer) { onAnswer(kind, answer); });
}

void MetricsPoller::onAnswer(UsageSnapshot::Kind kind, const Result<UsageSnapshot> &answer)
{
    PerKind &state = of(kind);
    state.inFlight = false;
    if (!answer) {
        const Error &error = answer.error();
        if (error.isNotFound()) {
            setAvailability(kind, Availability::Missing,
                            tr("This cluster has no Metrics API (metrics.k8s.io): install metrics-server to see CPU "
                               "and memory."));
        } else if (error.isForbidden()) {
            setAvailability(kind, Availability::Forbidden, tr("CPU and memory are hidden: %1").arg(error.message()));
        } else {
            setAvailability(kind, Availability::Unavailable,
                            tr("The Metrics API does not answer (%1); asking again every %2 s.")
                                .arg(error.message())
                                .arg(m_timer->interval() / 1000));
        }
        return;
    }
    UsageSnapshot snapshot = answer.value();
    snapshot.takenAtMs = QDateTime::currentMSecsSinceEpoch();
    state.history.record(snapshot);
    setAvailability(kind, Availability::Available, {});
    emit updated(kind);
}

void MetricsPoller::setAvailability(UsageSnapshot::Kind kind, Availability availability, const QString &problem)
{
    PerKind &state = of(kind);
    if (state.availability == availability && state.problem == problem)
        return;
    state.availability = availability;
    state.problem = problem;
    emit availabilityChanged(kind);
}

const UsageHistory &MetricsPoller::history(UsageSnapshot::Kind kind) const
{
    return of(kind).history;
}

MetricsPoller::Availability MetricsPoller::availability(UsageSnapshot::Kind kind) const
{
    return of(kind).availability;
}

QString MetricsPoller::problem(UsageSnapshot::Kind kind) const
{
    return of(kind).problem;
}

} // namespace binnacle
