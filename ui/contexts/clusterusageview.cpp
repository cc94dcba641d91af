#include "clusterusageview.h"

#include "client/metrics/metricspoller.h"
#include "client/metrics/quantity.h"
#include "client/session/clustersession.h"
#include "models/metrics/usageformat.h"
#include "models/metrics/usageranking.h"

#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

// A bar of `used` against `total` that a screen reader reads as "CPU 250m of 4 cores, 6%".
QProgressBar *usageBar(const QString &what, const QString &usedText, double used, double total, QWidget *parent)
{
    auto *bar = new QProgressBar(parent);
    bar->setRange(0, 1000);
    const double share = total > 0 ? std::clamp(used / total, 0.0, 1.0) : 0.0;
    bar->setValue(int(share * 1000));
    const QString percent = UsageFormat::percent(used, total);
    bar->setFormat(percent.isEmpty() ? usedText : usedText + u" · "_s + percent);
    bar->setAccessibleName(percent.isEmpty() ? u"%1 %2"_s.arg(what, usedText)
                                             : u"%1 %2, %3"_s.arg(what, usedText, percent));
    return bar;
}

} // namespace

ClusterUsageView::ClusterUsageView(ClusterSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_note(new QLabel(this))
{
    setObjectName(u"clusterUsage"_s);
    m_note->setObjectName(u"clusterUsageNote"_s);
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);
    m_note->setAccessibleName(tr("Usage"));
    m_nodes = makeTable(u"nodeUsage"_s, tr("Node usage"), {tr("Node"), tr("CPU"), tr("Memory")});
    m_topCpu = makeTable(u"topPodsByCpu"_s, tr("Top pods by CPU"), {tr("Pod"), tr("CPU")});
    m_topMemory = makeTable(u"topPodsByMemory"_s, tr("Top pods by memory"), {tr("Pod"), tr("Memory")});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    auto *heading
        = new QLabel(tr("<b>Usage</b> (Metrics API, every %1 s)").arg(session->metrics()->interval() / 1000), this);
    layout->addWidget(heading);
    layout->addWidget(m_note);
    for (QTableWidget *table : {m_nodes, m_topCpu, m_topMemory}) {
        layout->addWidget(new QLabel(table->accessibleName(), this));
        layout->addWidget(table);
    }
    layout->addStretch();

    watchNodeObjects();
    MetricsPoller *poller = session->metrics();
    connect(poller, &MetricsPoller::updated, this, &ClusterUsageView::refresh);
    connect(poller, &MetricsPoller::availabilityChanged, this, &ClusterUsageView::showAvailability);
    showAvailability();
    refresh();
}

void ClusterUsageView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Every pod of the cluster is asked for only while the overview is on screen.
    if (m_session) {
        m_session->metrics()->watchPods(this, {});
        m_session->metrics()->watchNodes(this);
    }
}

void ClusterUsageView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    if (m_session)
        m_session->metrics()->release(this);
}

ClusterUsageView::~ClusterUsageView()
{
    if (m_session)
        m_session->metrics()->release(this);
}

QTableWidget *ClusterUsageView::makeTable(const QString &objectName, const QString &accessibleName,
                                          const QStringList &headers)
{
    auto *table = new QTableWidget(0, int(headers.size()), this);
    table->setObjectName(objectName);
    table->setAccessibleName(accessibleName);
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table->setMinimumHeight(80);
    return table;
}

void ClusterUsageView::watchNodeObjects()
{
    // Discovery may still be on its way when the session has just connected: tried again at each poll.
    const std::optional<ApiResource> nodes = m_session->mapper().find(u"nodes"_s);
    if (m_nodeObjects || !nodes)
        return;
    m_nodeObjects = m_session->subscribe(*nodes, {}, Reflector::Mode::Full, this);
    connect(m_nodeObjects, &InformerSubscription::changed, this, &ClusterUsageView::onNodes);
}

void ClusterUsageView::onNodes(const ChangeBatch &batch)
{
    if (batch.reset)
        m_allocatable.clear();
    for (const QList<ObjectPtr> *objects : {&batch.added, &batch.updated}) {
        for (const ObjectPtr &node : *objects) {
            const QJsonObject allocatable
                = node->object.value(u"status"_s).toObject().value(u"allocatable"_s).toObject();
            m_allocatable.insert(node->name,
                                 {Quantity::parse(allocatable.value(u"cpu"_s).toString()).value_or(0),
                                  Quantity::parse(allocatable.value(u"memory"_s).toString()).value_or(0)});
        }
    }
    for (const QString &key : batch.removed)
        m_allocatable.remove(key);
    refresh();
}

void ClusterUsageView::refresh()
{
    if (!m_session)
        return;
    watchNodeObjects();
    const MetricsPoller *poller = m_session->metrics();
    const UsageHistory &nodes = poller->history(UsageSnapshot::Kind::Nodes);
    QList<QPair<QString, Usage>> byName = nodes.current();
    std::sort(byName.begin(), byName.end(), [](const auto &l, const auto &r) { return l.first < r.first; });
    m_nodes->setRowCount(int(byName.size()));
    // As tall as its rows: a cluster has a few nodes, the pods' lists need the room.
    m_nodes->setFixedHeight(m_nodes->horizontalHeader()->height() + 2 * m_nodes->frameWidth()
                            + m_nodes->verticalHeader()->defaultSectionSize()
                                * int(std::max<qsizetype>(1, byName.size())));
    for (int row = 0; row < byName.size(); ++row) {
        const auto &[name, usage] = byName.at(row);
        const auto [cores, bytes] = m_allocatable.value(name);
        m_nodes->setItem(row, 0, new QTableWidgetItem(name));
        m_nodes->setCellWidget(
            row, 1, usageBar(tr("CPU"), UsageFormat::cpuReadable(usage.cpuCores), usage.cpuCores, cores, m_nodes));
        m_nodes->setCellWidget(
            row, 2,
            usageBar(tr("Memory"), UsageFormat::memoryReadable(usage.memoryBytes), usage.memoryBytes, bytes, m_nodes));
    }

    const UsageHistory &pods = poller->history(UsageSnapshot::Kind::Pods);
    const auto fill = [](QTableWidget *table, const QList<UsageRanking::Entry> &entries, bool cpu) {
        table->setRowCount(int(entries.size()));
        for (int row = 0; row < entries.size(); ++row) {
            const UsageRanking::Entry &entry = entries.at(row);
            table->setItem(row, 0, new QTableWidgetItem(entry.key));
            auto *figure = new QTableWidgetItem(cpu ? UsageFormat::cpu(entry.usage.cpuCores)
                                                    : UsageFormat::memory(entry.usage.memoryBytes));
            figure->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table->setItem(row, 1, figure);
        }
    };
    fill(m_topCpu, UsageRanking::top(pods, TopCount, UsageRanking::Measure::Cpu), true);
    fill(m_topMemory, UsageRanking::top(pods, TopCount, UsageRanking::Measure::Memory), false);
    emit refreshed();
}

void ClusterUsageView::showAvailability()
{
    if (!m_session)
        return;
    const MetricsPoller *poller = m_session->metrics();
    QStringList problems;
    for (const UsageSnapshot::Kind kind : {UsageSnapshot::Kind::Nodes, UsageSnapshot::Kind::Pods}) {
        const QString problem = poller->problem(kind);
        if (!problem.isEmpty() && !problems.contains(problem))
            problems << problem;
    }
    m_note->setText(problems.join(u'\n'));
    m_note->setVisible(!problems.isEmpty());
}

} // namespace binnacle
