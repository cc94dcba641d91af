#include "usagecolumns.h"

#include "client/metrics/metricspoller.h"
#include "client/session/clustersession.h"

#include <QLabel>

namespace binnacle {

UsageColumns::UsageColumns(ClusterSession *session, UsageSnapshot::Kind kind, QLabel *note, Attach attach,
                           Refresh refresh, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_kind(kind)
    , m_note(note)
    , m_attach(std::move(attach))
    , m_refresh(std::move(refresh))
{
    MetricsPoller *poller = session->metrics();
    connect(poller, &MetricsPoller::updated, this, [this](UsageSnapshot::Kind kind) {
        if (kind != m_kind)
            return;
        if (!m_attached) {
            m_attached = true;
            m_attach(&m_session->metrics()->history(m_kind));
        }
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
    if (poller->availability(kind) == MetricsPoller::Availability::Available) {
        m_attached = true;
        m_attach(&poller->history(kind));
    }
    onAvailability();
}

UsageColumns::~UsageColumns()
{
    if (m_attached)
        m_attach(nullptr);
    if (m_note)
        m_note->hide();
    if (m_session)
        m_session->metrics()->release(this);
}

void UsageColumns::setNamespaces(const QStringList &namespaces)
{
    if (m_session && m_kind == UsageSnapshot::Kind::Pods)
        m_session->metrics()->watchPods(this, namespaces);
}

void UsageColumns::onAvailability()
{
    const MetricsPoller *poller = m_session->metrics();
    const MetricsPoller::Availability availability = poller->availability(m_kind);
    const bool missing = availability != MetricsPoller::Availability::Available
        && availability != MetricsPoller::Availability::Unknown;
    if (missing && m_attached) {
        m_attached = false;
        m_attach(nullptr);
    }
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
