// Journey "find the stale replica" in the real window on the real local cluster: `p` (Probe replicas…) on the
// Deployment shop/frontend opens the probe tab with the spec's ports offered; Enter asks every ready pod the same
// question; the pod made stale with `cluster.sh stale` is the one highlighted row, its diff against the majority shows
// the old answer; with a second cluster up and "every connected cluster" ticked the table spans both; from the stale
// row its logs open; the tab and its request come back at the next start.

#include "testcluster.h"
#include "uitest.h"

#include "client/session/clustersession.h"
#include "models/probe/proberesultmodel.h"
#include "models/resources/resourcetablemodel.h"
#include "ui/actions/resourceactions.h"
#include "ui/browser/browserpane.h"
#include "ui/dock/bottomdock.h"
#include "ui/logs/logtab.h"
#include "ui/mainwindow/mainwindow.h"
#include "ui/probe/probetab.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

namespace {

constexpr int Timeout = 30000;
const QString Namespace = u"shop"_s;
const QString Second = u"probe-second"_s; // the second cluster's name

// `cluster.sh ARGS --name NAME`; its standard output.
QString runHarness(const QStringList &arguments, const QString &name = TestCluster::instance().name())
{
    QProcess process;
    process.start(QStringLiteral(BINNACLE_CLUSTER_SCRIPT), arguments + QStringList {u"--name"_s, name});
    if (!process.waitForFinished(300000) || process.exitCode() != 0)
        qFatal("cluster.sh %s failed: %s", qPrintable(arguments.join(u' ')),
               process.readAllStandardError().constData());
    return QString::fromUtf8(process.readAllStandardOutput());
}

QStringList frontendPods()
{
    const QString names = QString::fromUtf8(TestCluster::instance().kubectl(
        {u"get"_s, u"pods"_s, u"-n"_s, Namespace, u"-l"_s, u"app=frontend"_s, u"-o"_s,
         u"jsonpath={range .items[?(@.status.phase==\"Running\")]}{.metadata.name}{\"\\n\"}{end}"_s}));
    QStringList pods = names.split(u'\n', Qt::SkipEmptyParts);
    pods.sort();
    return pods;
}

} // namespace

class ProbeTest : public QObject
{
    Q_OBJECT

private:
    const TestCluster &cluster = TestCluster::instance();
    std::unique_ptr<MainWindow> m_window;
    QString m_secondKubeconfig;
    QString m_stale;

    QString secondContext() const { return Second + u"-admin"_s; }

    QTableView *table() const { return m_window->findChild<BrowserPane *>()->tableView(); }
    QAction *probeAction() const { return m_window->resourceActions()->action(ResourceActions::Kind::Probe); }
    ProbeTab *probeTab() const { return m_window->findChild<ProbeTab *>(); }

    void openWindow()
    {
        // Both clusters' kubeconfigs, merged as $KUBECONFIG would be.
        m_window = std::make_unique<MainWindow>(
            KubeconfigSources {{}, cluster.kubeconfig() + u':' + m_secondKubeconfig, {}});
        m_window->resize(1500, 950);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    // The row of `name` in the test's namespace: other tests have a `web` of their own.
    int rowOfFrontend() const
    {
        const QAbstractItemModel *model = table()->model();
        for (int row = 0; model && row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row, 0);
            if (index.data(ResourceTableModel::NameRole).toString() == u"frontend"
                && index.data(ResourceTableModel::NamespaceRole).toString() == Namespace)
                return row;
        }
        return -1;
    }

    // Selects Deployment frontend of shop; empty, or what went wrong.
    QString selectFrontend()
    {
        const QString context = cluster.context(u"admin"_s);
        const QString problem = uitest::selectObject(m_window.get(), context, u"Deployment"_s, u"frontend"_s);
        if (!problem.isEmpty())
            return problem;
        if (!QTest::qWaitFor([this] { return rowOfFrontend() >= 0; }, 20000))
            return u"frontend of %1 never appeared"_s.arg(Namespace);
        table()->selectRow(rowOfFrontend());
        const QList<ResourceRef> selection = m_window->resourceActions()->selection();
        if (selection.size() != 1 || selection.first().namespaceName != Namespace)
            return u"the selection did not reach the actions"_s;
        return {};
    }

private slots:
    void initTestCase()
    {
        QSettings().clear();
        // The second cluster: the same seeded workloads, under other contexts.
        const QString up = runHarness({u"up"_s}, Second);
        m_secondKubeconfig = up.trimmed().section(u'\n', -1).section(u'=', 1);
        QVERIFY2(QFile::exists(m_secondKubeconfig), qPrintable(up));
        const QStringList pods = frontendPods();
        QCOMPARE(pods.size(), 3);
        m_stale = pods.at(1);
        runHarness({u"stale"_s, Namespace, m_stale, u"--notice"_s, u"old build"_s});
        openWindow();
    }

    void cleanupTestCase()
    {
        m_window.reset();
        if (!m_stale.isEmpty())
            runHarness({u"stale"_s, Namespace, m_stale, u"--clear"_s});
        runHarness({u"down"_s}, Second);
    }

    void theStaleReplicaIsHighlighted()
    {
        const QString problem = selectFrontend();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QTRY_VERIFY2_WITH_TIMEOUT(probeAction()->isEnabled(), qPrintable(probeAction()->toolTip()), 10000);
        QTest::keyClick(table(), Qt::Key_P);
        QTRY_VERIFY_WITH_TIMEOUT(probeTab(), Timeout);
        ProbeTab *tab = probeTab();
        QCOMPARE(m_window->findChild<BottomDock *>()->currentTab(), tab);
        QCOMPARE(tab->title(), u"Probe Deployment/frontend (%1)"_s.arg(cluster.context(u"admin"_s)));
        // The spec's container port is offered; the person types the path and the field to leave out, then Enter.
        auto *port = tab->findChild<QComboBox *>(u"probePort"_s);
        QTRY_COMPARE_WITH_TIMEOUT(port->currentText(), u"http"_s, Timeout);
        auto *exclude = tab->findChild<QLineEdit *>(u"probeExclude"_s);
        QTest::keyClicks(exclude, u"pod"_s);
        auto *showHeaders = tab->findChild<QLineEdit *>(u"probeShowHeaders"_s);
        QTest::keyClicks(showHeaders, u"X-Pod-Name"_s);
        auto *path = tab->findChild<QLineEdit *>(u"probePath"_s);
        path->clear();
        QTest::keyClicks(path, u"/api/notice"_s);
        QTest::keyClick(path, Qt::Key_Return);

        auto *summary = tab->findChild<QLabel *>(u"probeSummary"_s);
        QTRY_COMPARE_WITH_TIMEOUT(summary->text(), u"2 of 3 pods agree; 1 differs; 0 failed"_s, Timeout);
        ProbeResultModel *results = tab->results();
        QCOMPARE(results->rowCount(), 3);
        QStringList pods;
        for (int row = 0; row < 3; ++row) {
            const QModelIndex pod = results->index(row, ProbeResultModel::Pod);
            pods << pod.data().toString();
            QCOMPARE(results->index(row, ProbeResultModel::Status).data().toString(), u"200"_s);
            // The chosen header is shown: the pod's name as its server sends it.
            QCOMPARE(results->index(row, ProbeResultModel::Headers).data().toString(), pods.last());
            const bool stale = pods.last() == m_stale;
            QCOMPARE(pod.data(ProbeResultModel::DiffersRole).toBool(), stale);
            QCOMPARE(pod.data(Qt::BackgroundRole).isValid(), stale);
        }
        pods.sort();
        QCOMPARE(pods, frontendPods());

        // The stale row, selected: its diff against the majority shows the old notice.
        const int staleRow = results->rowOfPod(cluster.context(u"admin"_s), m_stale);
        QVERIFY(staleRow >= 0);
        QVERIFY2(uitest::accessibleText(tab->table()).contains(u"Answers"_s), "the table has no accessible name");
        tab->table()->setFocus();
        tab->table()->selectRow(staleRow);
        auto *diff = tab->findChild<QPlainTextEdit *>(u"probeDiff"_s);
        QTRY_VERIFY2_WITH_TIMEOUT(diff->toPlainText().contains(u"old build"_s), qPrintable(diff->toPlainText()), 5000);
        QVERIFY2(diff->toPlainText().contains(u"--- majority"_s), qPrintable(diff->toPlainText()));
    }

    // With the second cluster connected and "every connected cluster" ticked, one table spans both: the stale pod is
    // still the only one that differs.
    void theTableSpansEveryConnectedCluster()
    {
        m_window->showOverview(secondContext());
        QTRY_VERIFY_WITH_TIMEOUT(m_window->session(secondContext())
                                     && m_window->session(secondContext())->state() == ClusterSession::State::Connected,
                                 Timeout);
        ProbeTab *tab = probeTab();
        QVERIFY(tab);
        auto *every = tab->findChild<QCheckBox *>(u"probeAllClusters"_s);
        QTest::mouseClick(every, Qt::LeftButton);
        QVERIFY(every->isChecked());
        QTest::mouseClick(tab->findChild<QPushButton *>(u"probeRun"_s), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tab->findChild<QLabel *>(u"probeSummary"_s)->text(),
                                  u"5 of 6 pods agree; 1 differs; 0 failed"_s, Timeout);
        ProbeResultModel *results = tab->results();
        QSet<QString> clusters;
        for (int row = 0; row < results->rowCount(); ++row) {
            clusters << results->index(row, ProbeResultModel::Cluster).data().toString();
            const bool stale = results->index(row, ProbeResultModel::Pod).data().toString() == m_stale
                && results->index(row, ProbeResultModel::Cluster).data().toString() == cluster.context(u"admin"_s);
            QCOMPARE(results->index(row, ProbeResultModel::Pod).data(ProbeResultModel::DiffersRole).toBool(), stale);
        }
        QCOMPARE(clusters, (QSet<QString> {cluster.context(u"admin"_s), secondContext()}));
        const int staleRow = results->rowOfPod(cluster.context(u"admin"_s), m_stale);
        tab->table()->selectRow(staleRow);
        QTRY_VERIFY(tab->findChild<QPlainTextEdit *>(u"probeDiff"_s)->toPlainText().contains(u"old build"_s));
        tab->table()->resizeColumnsToContents();
        uitest::saveScreenshot(m_window.get(), u"probe"_s);
    }

    void aRowOpensItsPodsLogs()
    {
        ProbeTab *tab = probeTab();
        QVERIFY(tab);
        const int staleRow = tab->results()->rowOfPod(cluster.context(u"admin"_s), m_stale);
        tab->table()->selectRow(staleRow);
        auto *logs = tab->findChild<QPushButton *>(u"probeLogs"_s);
        QVERIFY(logs->isEnabled());
        QTest::mouseClick(logs, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->findChild<LogTab *>(), Timeout);
        auto *dock = m_window->findChild<BottomDock *>();
        QTRY_VERIFY2_WITH_TIMEOUT(dock->currentTab()->title().contains(m_stale),
                                  qPrintable(dock->currentTab()->title()), Timeout);
    }

    // The probe tab comes back at the next start with its request; Probe asks again.
    void theProbeComesBackAtTheNextStart()
    {
        m_window.reset();
        openWindow();
        QTRY_VERIFY_WITH_TIMEOUT(probeTab(), Timeout);
        ProbeTab *tab = probeTab();
        QCOMPARE(tab->findChild<QLineEdit *>(u"probePath"_s)->text(), u"/api/notice"_s);
        QCOMPARE(tab->findChild<QComboBox *>(u"probePort"_s)->currentText(), u"http"_s);
        QCOMPARE(tab->findChild<QLineEdit *>(u"probeExclude"_s)->text(), u"pod"_s);
        QTest::mouseClick(tab->findChild<QPushButton *>(u"probeRun"_s), Qt::LeftButton);
        // The clusters connected by then are asked (the restored tab connects its own): the stale pod still differs.
        QTRY_VERIFY2_WITH_TIMEOUT(
            tab->findChild<QLabel *>(u"probeSummary"_s)->text().endsWith(u"1 differs; 0 failed"_s),
            qPrintable(tab->findChild<QLabel *>(u"probeSummary"_s)->text()), Timeout);
    }
};

BINNACLE_UITEST_MAIN(ProbeTest)
#include "tst_probe.moc"
