// CPU and memory in the real window on the real cluster (metrics-server scraping kwok's simulated usage): the pod
// and node tables gain sortable CPU and Memory columns and the use as a share of requests, limits and allocatable,
// the workload tree sums its pods, a pod's details chart the
// last hour with a point per poll and its limits drawn, a user who may not read node metrics is told so above the
// table, and a metrics-server that stops takes the columns away, with the reason, until it is back.
#include "testcluster.h"
#include "uitest.h"

#include "client/metrics/metricspoller.h"
#include "client/metrics/quantity.h"
#include "client/session/clustersession.h"
#include "models/common/statusstyle.h"
#include "models/workloads/workloadtreemodel.h"
#include "ui/browser/browserpane.h"
#include "ui/contexts/clusterusageview.h"
#include "ui/contexts/contextsummarypanel.h"
#include "ui/details/detailspanel.h"
#include "ui/details/usagechart.h"
#include "ui/details/usagetab.h"
#include "ui/mainwindow/mainwindow.h"
#include "ui/widgets/apptheme.h"

#include <QApplication>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QProgressBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;
using namespace binnacle::uitest;

namespace {

// The pod whose memory tests/cluster makes climb (README: "Simulated usage").
const QString ClimbingNamespace = u"shop"_s;
const QString ClimbingPod = u"leaky-0"_s;

int headerColumn(const QAbstractItemModel *model, const QString &title)
{
    for (int column = 0; column < model->columnCount(); ++column) {
        if (model->headerData(column, Qt::Horizontal).toString() == title)
            return column;
    }
    return -1;
}

} // namespace

class UsageTest : public QObject
{
    Q_OBJECT

private:
    const TestCluster &cluster = TestCluster::instance();
    std::unique_ptr<MainWindow> m_window;

    BrowserPane *browser() const { return m_window->findChild<BrowserPane *>(); }
    DetailsPanel *details() const { return m_window->findChild<DetailsPanel *>(); }
    QAbstractItemModel *table() const { return browser()->tableView()->model(); }
    QString admin() const { return cluster.context(u"admin"_s); }

    QString cellOf(const QString &name, const QString &column) const
    {
        const int row = rowOfName(browser()->tableView(), name);
        const int col = headerColumn(table(), column);
        return row < 0 || col < 0 ? QString() : table()->index(row, col).data().toString();
    }

private slots:
    void initTestCase()
    {
        QSettings().clear();
        m_window = std::make_unique<MainWindow>(KubeconfigSources {cluster.kubeconfig(), {}, {}});
        m_window->resize(1500, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->showKind(admin(), u"pods"_s), 30000);
        // Poll often: metrics-server's figures change every 15 s, the test need not wait for ours on top.
        m_window->session(admin())->metrics()->setInterval(2000);
    }

    void cleanupTestCase() { m_window.reset(); }

    void podsHaveSortableCpuAndMemoryColumns()
    {
        QVERIFY(m_window->showKind(admin(), u"pods"_s));
        QTRY_VERIFY_WITH_TIMEOUT(headerColumn(table(), u"Memory"_s) >= 0, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(cellOf(ClimbingPod, u"Memory"_s).endsWith(u"Mi"_s), 60000);
        QVERIFY(cellOf(ClimbingPod, u"CPU"_s).endsWith(u'm'));
        QVERIFY(!browser()->usageNote()->isVisible());

        // Sorted by memory, largest first: each row reads no more than the one above.
        QTableView *view = browser()->tableView();
        const int memory = headerColumn(table(), u"Memory"_s);
        view->sortByColumn(memory, Qt::DescendingOrder);
        qint64 previous = std::numeric_limits<qint64>::max();
        int measured = 0;
        for (int row = 0; row < table()->rowCount(); ++row) {
            const QString text = table()->index(row, memory).data().toString();
            if (text.isEmpty())
                continue; // no figure (not running) sorts last
            const qint64 mib = text.chopped(2).toLongLong();
            QVERIFY2(mib <= previous, qPrintable(text));
            previous = mib;
            ++measured;
        }
        QVERIFY(measured >= 5);
        saveScreenshot(m_window.get(), u"usage-pods"_s);
        view->sortByColumn(0, Qt::AscendingOrder);
    }

    void podsShowTheirUseAsAShareOfRequestsAndLimits()
    {
        QVERIFY(m_window->showKind(admin(), u"pods"_s));
        // leaky-0 asks for 64Mi and 50m and may use 512Mi and 200m (tests/cluster/README).
        QTRY_VERIFY_WITH_TIMEOUT(cellOf(ClimbingPod, u"%MEM/L"_s).endsWith(u'%'), 60000);
        const auto percent = [&](const QString &column) { return cellOf(ClimbingPod, column).chopped(1).toDouble(); };
        // The same row's Memory and CPU cells against the spec. Those cells are rounded (MiB down, millicores up, as
        // kubectl top prints them), the share is not: one unit of the cell, as a share, plus the share's own rounding.
        const auto near = [](double shown, double expected, double unitShare) {
            return qAbs(shown - expected) <= unitShare + 0.5 + 0.01;
        };
        const double mib = cellOf(ClimbingPod, u"Memory"_s).chopped(2).toDouble();
        const double millicores = cellOf(ClimbingPod, u"CPU"_s).chopped(1).toDouble();
        QVERIFY2(near(percent(u"%MEM/L"_s), 100.0 * mib / 512, 100.0 / 512),
                 qPrintable(cellOf(ClimbingPod, u"%MEM/L"_s) + u" of 512Mi at "_s + QString::number(mib)));
        QVERIFY2(near(percent(u"%MEM/R"_s), 100.0 * mib / 64, 100.0 / 64),
                 qPrintable(cellOf(ClimbingPod, u"%MEM/R"_s) + u" of 64Mi at "_s + QString::number(mib)));
        QVERIFY2(near(percent(u"%CPU/L"_s), 100.0 * millicores / 200, 100.0 / 200),
                 qPrintable(cellOf(ClimbingPod, u"%CPU/L"_s) + u" of 200m at "_s + QString::number(millicores)));
        QVERIFY(percent(u"%MEM/R"_s) > 100); // it uses more than it asked for: the column says so

        // A running pod none of whose containers sets a limit: a figure, and no share of nothing.
        const QJsonArray pods
            = QJsonDocument::fromJson(cluster.kubectl({u"get"_s, u"pods"_s, u"-A"_s, u"-o"_s, u"json"_s}))
                  .object()
                  .value(u"items"_s)
                  .toArray();
        QString unlimited;
        for (const QJsonValue &pod : pods) {
            const QJsonObject object = pod.toObject();
            bool limited = false;
            for (const QJsonValue &container : object[u"spec"_s][u"containers"_s].toArray())
                limited = limited || !container[u"resources"_s][u"limits"_s].toObject().isEmpty();
            const QString name = object[u"metadata"_s][u"name"_s].toString();
            if (!limited && object[u"status"_s][u"phase"_s].toString() == u"Running"
                && !cellOf(name, u"CPU"_s).isEmpty()) {
                unlimited = name;
                break;
            }
        }
        QVERIFY2(!unlimited.isEmpty(), "no running pod without limits that has figures");
        QCOMPARE(cellOf(unlimited, u"%CPU/L"_s), QString());
        QCOMPARE(cellOf(unlimited, u"%MEM/L"_s), QString());
        QVERIFY(table()
                    ->headerData(headerColumn(table(), u"%MEM/L"_s), Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .contains(u"limit"_s));
    }

    void nodesHaveThemToo()
    {
        QVERIFY(m_window->showKind(admin(), u"nodes"_s));
        QTRY_VERIFY_WITH_TIMEOUT(cellOf(u"kwok-node-0"_s, u"CPU"_s).endsWith(u'm'), 60000);
        QVERIFY(cellOf(u"kwok-node-0"_s, u"Memory"_s).endsWith(u"Mi"_s));
        // Against the node's allocatable, as kubectl top nodes prints it.
        QTRY_VERIFY_WITH_TIMEOUT(cellOf(u"kwok-node-0"_s, u"%CPU"_s).endsWith(u'%'), 30000);
        const QStringList top
            = QString::fromUtf8(cluster.kubectl({u"top"_s, u"node"_s, u"kwok-node-0"_s, u"--no-headers"_s}))
                  .split(u' ', Qt::SkipEmptyParts);
        QVERIFY2(top.size() >= 5, qPrintable(top.join(u' ')));
        const auto near = [](const QString &shown, const QString &kubectl) {
            return qAbs(shown.chopped(1).toDouble() - kubectl.chopped(1).toDouble()) <= 1.0;
        };
        QVERIFY2(near(cellOf(u"kwok-node-0"_s, u"%MEM"_s), top.at(4)),
                 qPrintable(cellOf(u"kwok-node-0"_s, u"%MEM"_s) + u" vs kubectl top "_s + top.join(u' ')));
        QVERIFY2(near(cellOf(u"kwok-node-0"_s, u"%CPU"_s), top.at(2)),
                 qPrintable(cellOf(u"kwok-node-0"_s, u"%CPU"_s) + u" vs kubectl top "_s + top.join(u' ')));
    }

    void theWorkloadTreeSumsItsPods()
    {
        m_window->showOverview(admin());
        QTreeView *tree = browser()->treeView();
        QTRY_VERIFY_WITH_TIMEOUT(!tree->isColumnHidden(WorkloadTreeModel::CpuColumn), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(findRow(tree->model(), ClimbingNamespace).isValid(), 30000);
        const QModelIndex shop = findRow(tree->model(), ClimbingNamespace);
        // The namespace's figure is the sum of its pods': at least the climbing pod's.
        QTRY_VERIFY_WITH_TIMEOUT(
            shop.siblingAtColumn(WorkloadTreeModel::MemoryColumn).data().toString().endsWith(u"Mi"_s), 30000);
        // Found again each time: rows arriving meanwhile move the proxy's indexes.
        const auto pod = [&] { return findRow(tree->model(), ClimbingPod, findRow(tree->model(), ClimbingNamespace)); };
        QTRY_VERIFY_WITH_TIMEOUT(pod().isValid(), 30000);
        const auto mib = [](const QModelIndex &index) {
            return index.siblingAtColumn(WorkloadTreeModel::MemoryColumn).data().toString().chopped(2).toLongLong();
        };
        QVERIFY(mib(findRow(tree->model(), ClimbingNamespace)) >= mib(pod()));
        // The StatefulSet's share of its memory limit is its one pod's: its memory of 512Mi.
        const auto leaky
            = [&] { return findRow(tree->model(), u"leaky"_s, findRow(tree->model(), ClimbingNamespace)); };
        QTRY_VERIFY_WITH_TIMEOUT(
            leaky().siblingAtColumn(WorkloadTreeModel::MemoryOfLimitColumn).data().toString().endsWith(u'%'), 30000);
        const double share
            = leaky().siblingAtColumn(WorkloadTreeModel::MemoryOfLimitColumn).data().toString().chopped(1).toDouble();
        QVERIFY2(qAbs(share - 100.0 * double(mib(leaky())) / 512) <= 1.0, qPrintable(QString::number(share)));
        QVERIFY(!tree->isColumnHidden(WorkloadTreeModel::MemoryOfLimitColumn));
    }

    void aPodsChartHasAPointPerPollAndItsLimits()
    {
        QCOMPARE(selectObject(m_window.get(), admin(), u"pods"_s, ClimbingPod), QString());
        QTRY_VERIFY_WITH_TIMEOUT(details()->usageTab() != nullptr, 10000);
        details()->tabs()->setCurrentWidget(details()->usageTab());
        UsageChart *chart = details()->usageTab()->chart();
        QTRY_VERIFY_WITH_TIMEOUT(chart->pointCount() >= 3, 60000);
        const UsageHistory &history = m_window->session(admin())->metrics()->history(UsageSnapshot::Kind::Pods);
        QCOMPARE(chart->pointCount(), int(history.series(ClimbingNamespace + u'/' + ClimbingPod).size()));
        // The climbing pod declares a memory limit: drawn as a level line.
        QVERIFY2(chart->levelNames().contains(u"memory limit"_s), qPrintable(chart->levelNames().join(u", ")));
        QVERIFY(chart->summary().contains(u"of the limit"_s));
        QVERIFY(QTest::qWaitFor(
            [&] {
                const QList<QPointF> points = chart->memoryPoints();
                return points.size() >= 2 && points.last().y() > points.first().y();
            },
            60000));
        saveScreenshot(m_window.get(), u"usage-pod-chart"_s);

        // In the dark theme the chart's background is the palette's, not QtCharts' white.
        AppTheme::apply(Preferences::Theme::Dark);
        QTRY_VERIFY(StatusStyle::isDark(chart->palette()));
        const QImage dark = saveScreenshot(chart, u"usage-pod-chart-dark"_s);
        const QColor background = dark.pixelColor(dark.width() / 2, 4);
        QVERIFY2(background.lightness() < 100, qPrintable(background.name()));
        saveScreenshot(m_window.get(), u"usage-pod-chart-dark-window"_s);
        AppTheme::apply(Preferences::Theme::Light);
    }

    void theClusterAtAGlance()
    {
        // Choosing the context in the sidebar shows it on the right, with its usage below.
        auto *navigator = m_window->findChild<QTreeView *>(u"navigator"_s);
        const QModelIndex context = findRow(navigator->model(), admin());
        QVERIFY(context.isValid());
        navigator->setCurrentIndex(context);
        emit navigator->activated(context);
        auto *summary = m_window->findChild<ContextSummaryPanel *>();
        QTRY_VERIFY_WITH_TIMEOUT(summary->usageView() && summary->usageView()->isVisible(), 10000);
        ClusterUsageView *usage = summary->usageView();
        QTRY_COMPARE_WITH_TIMEOUT(usage->nodes()->rowCount(), 3, 60000);
        // Each node's bars carry their figures and share of allocatable, for the eye and for a screen reader.
        QTRY_VERIFY_WITH_TIMEOUT(
            qobject_cast<QProgressBar *>(usage->nodes()->cellWidget(0, 2))->accessibleName().contains(u'%'), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(usage->topByMemory()->rowCount(), ClusterUsageView::TopCount, 60000);
        // Largest first, and the climbing pod is among the pods using the most memory once it has climbed a while.
        qint64 previous = std::numeric_limits<qint64>::max();
        for (int row = 0; row < usage->topByMemory()->rowCount(); ++row) {
            const qint64 mib = usage->topByMemory()->item(row, 1)->text().chopped(2).toLongLong();
            QVERIFY(mib <= previous);
            previous = mib;
        }
        QVERIFY(usage->topByCpu()->item(0, 0)->text().contains(u'/'));
        QVERIFY(unnamedControls(usage).isEmpty());
        saveScreenshot(m_window.get(), u"usage-cluster"_s);
    }

    void theViewerIsToldInPlace()
    {
        const QString viewer = cluster.context(u"viewer"_s);
        m_window->showOverview(viewer);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->session(viewer) && m_window->session(viewer)->state() == ClusterSession::State::Connected, 30000);
        QVERIFY(m_window->showKind(viewer, u"nodes"_s));
        QTRY_VERIFY_WITH_TIMEOUT(browser()->usageNote()->isVisible(), 30000);
        QVERIFY2(browser()->usageNote()->text().contains(u"forbidden"_s, Qt::CaseInsensitive),
                 qPrintable(browser()->usageNote()->text()));
        QCOMPARE(headerColumn(table(), u"CPU"_s), -1);
    }

    void aStoppedMetricsServerTakesTheColumnsUntilItIsBack()
    {
        QVERIFY(m_window->showKind(admin(), u"pods"_s));
        QTRY_VERIFY_WITH_TIMEOUT(headerColumn(table(), u"CPU"_s) >= 0, 60000);
        TestCluster::instance().harness({u"stop"_s, u"metrics-server"_s});
        QTRY_VERIFY_WITH_TIMEOUT(headerColumn(table(), u"CPU"_s) < 0, 60000);
        QVERIFY(browser()->usageNote()->isVisible());
        QVERIFY2(browser()->usageNote()->text().contains(u"Metrics API"_s), qPrintable(browser()->usageNote()->text()));
        saveScreenshot(m_window.get(), u"usage-unavailable"_s);
        TestCluster::instance().harness({u"start"_s, u"metrics-server"_s});
        QTRY_VERIFY_WITH_TIMEOUT(headerColumn(table(), u"CPU"_s) >= 0, 120000);
        QVERIFY(!browser()->usageNote()->isVisible());
    }
};

BINNACLE_UITEST_MAIN(UsageTest)
#include "tst_usage.moc"
