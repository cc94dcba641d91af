#include "usagetab.h"

#include "client/logs/logtarget.h"
#include "client/metrics/metricspoller.h"
#include "client/session/clustersession.h"
#include "models/metrics/resourcelines.h"
#include "ui/details/usagechart.h"

#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

const QStringList WorkloadKinds = {u"Deployment"_s, u"StatefulSet"_s, u"DaemonSet"_s, u"ReplicaSet"_s, u"Job"_s};

// A workload's spec.selector as selector text (the log view's reading of it); empty when it has none or one that
// cannot be read.
QString selectorOf(const QJsonObject &object)
{
    const Result<QString> text
        = LogTarget::selectorTextOf(object.value(u"spec"_s).toObject().value(u"selector"_s).toObject());
    return text ? text.value() : QString();
}

} // namespace

UsageTab::UsageTab(ClusterSession *session, const ApiResource &resource, const QString &ns, const QString &name,
                   QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_resource(resource)
    , m_namespace(ns)
    , m_name(name)
    , m_chart(new UsageChart(this))
{
    setObjectName(u"usageTab"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_chart);
    if (!isWorkload())
        m_keys = {ns.isEmpty() ? name : ns + u'/' + name};

    MetricsPoller *poller = session->metrics();
    connect(poller, &MetricsPoller::updated, this, [this](UsageSnapshot::Kind polled) {
        if (polled == kind())
            onPoll();
    });
    connect(poller, &MetricsPoller::availabilityChanged, this, [this](UsageSnapshot::Kind changed) {
        if (changed == kind())
            showAvailability();
    });
    if (kind() == UsageSnapshot::Kind::Nodes)
        poller->watchNodes(this);
    else
        poller->watchPods(this, {ns});
    showAvailability();
    draw(); // the hour an earlier view of this cluster has already gathered
}

UsageTab::~UsageTab()
{
    if (m_session)
        m_session->metrics()->release(this);
}

bool UsageTab::appliesTo(const ApiResource &resource)
{
    if (resource.group.isEmpty())
        return resource.kind == u"Pod" || resource.kind == u"Node";
    return (resource.group == u"apps" || resource.group == u"batch") && WorkloadKinds.contains(resource.kind);
}

UsageSnapshot::Kind UsageTab::kind() const
{
    return m_resource.kind == u"Node" ? UsageSnapshot::Kind::Nodes : UsageSnapshot::Kind::Pods;
}

bool UsageTab::isWorkload() const
{
    return WorkloadKinds.contains(m_resource.kind);
}

void UsageTab::setObject(const QJsonObject &object)
{
    const bool first = m_object.isEmpty();
    m_object = object;
    if (first && isWorkload())
        listPods();
    else
        draw();
}

void UsageTab::onPoll()
{
    if (isWorkload())
        listPods(); // draws when the pods are known
    else
        draw();
}

void UsageTab::listPods()
{
    const std::optional<ApiResource> pods = m_session ? m_session->mapper().find(u"pods"_s) : std::nullopt;
    const QString selector = selectorOf(m_object);
    if (!pods || selector.isEmpty()) {
        draw();
        return;
    }
    delete m_listing;
    m_listing = new QObject(this);
    ListOptions options;
    options.labelSelector = selector;
    m_session->withClient<QStringList>(
        m_listing,
        [resource = *pods, ns = m_namespace, options](const ResourceClient &client, QObject *context, auto done) {
            client.list(resource, ns, options, context, [done, ns](const Result<ObjectList> &list) {
                if (!list) {
                    done(list.error());
                    return;
                }
                QStringList keys;
                for (const QJsonObject &item : list->items)
                    keys << ns + u'/' + item.value(u"metadata"_s).toObject().value(u"name"_s).toString();
                done(keys);
            });
        },
        [this](const Result<QStringList> &keys) {
            if (keys)
                m_keys = keys.value();
            draw();
        });
}

void UsageTab::draw()
{
    if (!m_session)
        return;
    const UsageHistory &history = m_session->metrics()->history(kind());
    const int pods = isWorkload() ? int(m_keys.size()) : 1;
    m_chart->setSeries(history.summedSeries(m_keys), ResourceLines::of(m_object, pods));
    if (m_session->metrics()->availability(kind()) == MetricsPoller::Availability::Available)
        m_chart->setNote(isWorkload() ? tr("Summed over %n pod(s) of this %1.", nullptr, pods).arg(m_resource.kind)
                                      : QString());
    emit drawn();
}

void UsageTab::showAvailability()
{
    const MetricsPoller *poller = m_session->metrics();
    switch (poller->availability(kind())) {
    case MetricsPoller::Availability::Unknown:
        m_chart->setNote(tr("CPU and memory arrive with the first answer of the Metrics API."));
        break;
    case MetricsPoller::Availability::Available:
        break;
    default:
        m_chart->setNote(poller->problem(kind()));
        break;
    }
}

} // namespace binnacle
