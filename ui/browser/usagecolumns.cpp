#include "usagecolumns.h"

#include "client/metrics/metricspoller.h"
#include "client/session/clustersession.h"
#include "client/session/informersubscription.h"
#include "models/metrics/resourcelinesindex.h"

#include <QLabel>

using namespace Qt::StringLiterals;

namespace binnacle {

UsageColumns::UsageColumns(ClusterSession *session, UsageSnapshot::Kind kind, QLabel *note, Attach attachHistory,
                           Refresh refresh, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_kind(kind)
    , m_note(note)
    , m_attach(std::move(attachHistory))
    , m_refresh(std::move(refresh))
{
    MetricsPoller *poller = session->metrics();
    connect(poller, &MetricsPoller::updated, this, [this](UsageSnapshot::Kind kind) {
        if (kind != m_kind)
            return;
        if (!m_attached)
            attach();
        m_refresh();
    });
    connect(poller, &MetricsPoller::availabilityChanged, this, [this](UsageSnapshot::Kind kind) {
        if (kind == m_kind)
            onAvailability();
    });
    if (kind == UsageSnapshot::Kind::Pods)
        poller->watchPods(this, {});
    else
        poller->watchNodes(this);
    // What an earlier view of this cluster already learnt shows at once.
    if (poller->availability(kind) == MetricsPoller::Availability::Available)
        attach();
    onAvailability();
}

UsageColumns::~UsageColumns()
{
    detach();
    if (m_note)
        m_note->hide();
    if (m_session)
        m_session->metrics()->release(this);
}

void UsageColumns::setNamespaces(const QStringList &namespaces)
{
    if (!m_session || m_kind != UsageSnapshot::Kind::Pods || namespaces == m_namespaces)
        return;
    m_namespaces = namespaces;
    m_session->metrics()->watchPods(this, namespaces);
    if (m_lines)
        subscribeResourceLines();
}

void UsageColumns::followResourceLines(AttachLines attachLines, RefreshLines refreshLines)
{
    m_attachLines = std::move(attachLines);
    m_refreshLines = std::move(refreshLines);
    if (m_attached)
        startResourceLines();
}

void UsageColumns::attach()
{
    m_attached = true;
    m_attach(&m_session->metrics()->history(m_kind));
    startResourceLines();
}

void UsageColumns::startResourceLines()
{
    if (!m_attachLines || m_lines || !m_session)
        return;
    const QString plural = m_kind == UsageSnapshot::Kind::Pods ? u"pods"_s : u"nodes"_s;
    if (!m_session->mapper().find(plural))
        return; // nothing to list: no share columns rather than empty ones
    m_lines = new ResourceLinesIndex(m_kind, this);
    connect(m_lines, &ResourceLinesIndex::changed, this, [this](const QStringList &keys) { m_refreshLines(keys); });
    subscribeResourceLines();
    m_attachLines(m_lines);
}

void UsageColumns::detach()
{
    if (m_lines) {
        m_attachLines(nullptr);
        delete m_lines; // and its subscription
        m_lines = nullptr;
    }
    if (m_attached) {
        m_attached = false;
        m_attach(nullptr);
    }
}

// One namespace shown: its pods only; more, or all: the cluster's (the table lists them all and filters).
void UsageColumns::subscribeResourceLines()
{
    const QString plural = m_kind == UsageSnapshot::Kind::Pods ? u"pods"_s : u"nodes"_s;
    const std::optional<ApiResource> resource = m_session ? m_session->mapper().find(plural) : std::nullopt;
    if (!resource || !m_lines)
        return;
    const QString namespaceName = m_namespaces.size() == 1 ? m_namespaces.first() : QString();
    // The subscription is the index's child: the one it replaces goes once the new one is made, so that a cache
    // both share (the cluster-wide one, say) is not dropped and listed again in between.
    InformerSubscription *previous = m_lines->subscription();
    InformerSubscription *subscription = m_session->subscribe(
        {*resource, namespaceName, Reflector::Mode::Full, {}, ResourceLinesIndex::keptFields(m_kind)}, m_lines);
    m_lines->setSubscription(subscription);
    // One who may not list pods there gets no share columns, not columns that stay empty.
    connect(subscription, &InformerSubscription::healthChanged, this, [this](const InformerHealth &health) {
        if (m_attachLines)
            m_attachLines(health.forbidden && !health.synced ? nullptr : m_lines);
    });
    delete previous;
}

void UsageColumns::onAvailability()
{
    const MetricsPoller *poller = m_session->metrics();
    const MetricsPoller::Availability availability = poller->availability(m_kind);
    const bool missing = availability != MetricsPoller::Availability::Available
        && availability != MetricsPoller::Availability::Unknown;
    if (missing)
        detach();
    if (!m_note)
        return;
    if (missing) {
        m_note->setText(poller->problem(m_kind));
        m_note->show();
    } else {
        m_note->hide();
    }
}

} // namespace binnacle
