// Journey "tail logs" in the real window on the real local cluster: `l` on a pod opens its logs in the dock, new
// lines arrive while following, ANSI colours become styled text, search and filter stay right while lines stream
// in, and a Deployment's logs show every pod with its own prefix. (A refusal is tst_logstream's.)

#include "testcluster.h"
#include "uitest.h"

#include "client/session/clustersession.h"
#include "models/resources/resourcetablemodel.h"
#include "ui/actions/resourceactions.h"
#include "ui/browser/browserpane.h"
#include "ui/dock/bottomdock.h"
#include "ui/logs/logtab.h"
#include "ui/logs/logview.h"
#include "ui/mainwindow/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

class LogsTest : public QObject
{
    Q_OBJECT

private:
    const TestCluster &cluster = TestCluster::instance();
    std::unique_ptr<MainWindow> m_window;

    BrowserPane *browser() const { return m_window->findChild<BrowserPane *>(); }
    QTableView *table() const { return browser()->tableView(); }
    ResourceActions *actions() const { return m_window->resourceActions(); }

    bool select(const QString &user, const QString &kind, const QString &name)
    {
        const QString problem = uitest::selectObject(m_window.get(), cluster.context(user), kind, name);
        if (!problem.isEmpty())
            qWarning("%s", qPrintable(problem));
        return problem.isEmpty();
    }

    LogTab *openLogsOf(const QString &title)
    {
        QAction *logs = actions()->action(ResourceActions::Kind::Logs);
        if (!QTest::qWaitFor([logs] { return logs->isEnabled(); }, 10000))
            return nullptr;
        QTest::keyClick(table(), Qt::Key_L);
        LogTab *tab = nullptr;
        (void)QTest::qWaitFor(
            [&] {
                for (LogTab *candidate : m_window->findChildren<LogTab *>()) {
                    if (candidate->title().startsWith(title))
                        tab = candidate;
                }
                return tab != nullptr;
            },
            10000);
        return tab;
    }

private slots:
    void initTestCase()
    {
        QSettings().clear();
        m_window = std::make_unique<MainWindow>(KubeconfigSources {cluster.kubeconfig(), {}, {}});
        m_window->resize(1500, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase() { m_window.reset(); }

    void followAPodsColouredLogs()
    {
        QVERIFY(select(u"admin"_s, u"Pod"_s, u"ansi"_s));
        LogTab *tab = openLogsOf(u"Logs Pod/ansi"_s);
        QVERIFY(tab);
        QVERIFY(m_window->dock()->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(tab->store().lineCount() > 0, 20000);
        QTRY_VERIFY2_WITH_TIMEOUT(tab->statusText().startsWith(u"Streaming 1 container ·"_s),
                                  qPrintable(tab->statusText()), 10000);
        // The agent writes a line a second: more arrive while the tab follows, and the newest one is in view.
        const qint64 before = tab->store().endLine();
        QTRY_VERIFY_WITH_TIMEOUT(tab->store().endLine() > before + 1, 15000);
        LogView *view = tab->view();
        QVERIFY(view->isFollowing());
        QTRY_VERIFY(view->visibleLines().contains(tab->store().endLine() - 1));
        // Escapes are gone from what is shown; their colours are kept as styles.
        const qint64 last = tab->store().endLine() - 1;
        QVERIFY(tab->store().text(last).contains('\x1b'));
        QVERIFY(!view->displayedText(last).contains(u'\x1b'));
        QVERIFY(view->displayedText(last).contains(u"seq="_s));

        // Scrolling up stops following; the end resumes it.
        view->scrollToStart();
        QVERIFY(!view->isFollowing());
        const qint64 top = view->topRow();
        QTRY_VERIFY_WITH_TIMEOUT(tab->store().endLine() > last + 1, 15000);
        QCOMPARE(view->topRow(), top);
        view->scrollToEnd();
        QVERIFY(view->isFollowing());
    }

    // "Since a time…": the picker asks for a moment; the stream restarts from it and holds no older line.
    void sinceATimeShowsOnlyLaterLines()
    {
        LogTab *tab = nullptr;
        for (LogTab *candidate : m_window->findChildren<LogTab *>()) {
            if (candidate->title().startsWith(u"Logs Pod/ansi"_s))
                tab = candidate;
        }
        QVERIFY(tab);
        auto *since = tab->findChild<QComboBox *>(u"logSince"_s);
        auto *moment = tab->findChild<QDateTimeEdit *>(u"logSinceTime"_s);
        QVERIFY(since && moment);
        QVERIFY(!moment->isVisible());
        const auto firstTimestamp = [tab] {
            const LogStore &store = tab->store();
            return store.lineCount() > 0 ? store.timestampNs(store.firstLine()) : qint64(-1);
        };
        const qint64 oldest = firstTimestamp(); // the pod's first lines are older than a few seconds
        const qint64 held = tab->store().lineCount();
        QVERIFY(oldest > 0);
        const int entry = since->findText(u"Since a time…"_s);
        QVERIFY(entry >= 0);
        since->setCurrentIndex(entry);
        emit since->activated(entry);
        QVERIFY(moment->isVisible());
        // A moment at least a second after the oldest line (the pod may be only seconds old), on a line's second.
        const auto lastTimestamp = [tab] { return tab->store().timestampNs(tab->store().endLine() - 1); };
        QTRY_VERIFY_WITH_TIMEOUT(tab->store().lineCount() > 0 && lastTimestamp() >= oldest + 2000000000LL, 20000);
        const QDateTime from = QDateTime::fromSecsSinceEpoch(lastTimestamp() / 1000000000LL);
        moment->setDateTime(from.toLocalTime());
        emit moment->editingFinished();
        QTRY_VERIFY_WITH_TIMEOUT(tab->store().lineCount() >= 2, 20000);
        const qint64 fromNs = from.toSecsSinceEpoch() * 1000000000LL; // the server counts whole seconds
        QVERIFY(firstTimestamp() > oldest);
        for (qint64 line = tab->store().firstLine(); line < tab->store().endLine(); ++line)
            QVERIFY2(tab->store().timestampNs(line) >= fromNs, qPrintable(QString::number(line)));
        QCOMPARE(
            QDateTime::fromString(tab->savedState().value(u"sinceTime"_s).toString(), Qt::ISODate).toSecsSinceEpoch(),
            from.toSecsSinceEpoch());

        // Back to the start: the old lines are there again.
        since->setCurrentIndex(0);
        emit since->activated(0);
        QVERIFY(!moment->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(firstTimestamp(), oldest, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(tab->store().lineCount() >= held, 20000);
        // Focus leaving the hidden time field must not bring its time back.
        const qint64 first = tab->store().firstLine();
        tab->findChild<QLineEdit *>(u"logSearch"_s)->setFocus();
        QTest::qWait(200);
        QCOMPARE(tab->store().firstLine(), first);
        QVERIFY(tab->savedState().value(u"sinceTime"_s).toString().isEmpty());
    }

    void searchAndFilterWhileStreaming()
    {
        auto *tab = m_window->findChild<LogTab *>();
        QVERIFY(tab);
        auto *field = tab->findChild<QLineEdit *>(u"logSearch"_s);
        auto *count = tab->findChild<QLabel *>(u"logMatchCount"_s);
        field->setFocus();
        QTest::keyClicks(field, u"INFO"_s);
        QTRY_VERIFY(tab->search().isActive() && !tab->search().isScanning());
        QVERIFY(tab->search().matchingLineCount() > 0);
        QVERIFY(count->text().contains(u"matches"_s));
        // Filter: only the matching lines are rows, and new matching lines keep coming in as rows.
        tab->findChild<QCheckBox *>(u"logFilter"_s)->setChecked(true);
        LogView *view = tab->view();
        QCOMPARE(view->rowCount(), tab->search().matchingLineCount());
        for (qint64 row = 0; row < view->rowCount(); ++row)
            QVERIFY(view->displayedText(view->lineAtRow(row)).contains(u"INFO"_s, Qt::CaseInsensitive));
        const qint64 rows = view->rowCount();
        const qint64 end = tab->store().endLine();
        QTRY_VERIFY_WITH_TIMEOUT(tab->store().endLine() > end + 3, 20000);
        QCOMPARE(view->rowCount(), tab->search().matchingLineCount());
        QVERIFY(view->rowCount() >= rows);
        // Inverted: the others.
        tab->findChild<QCheckBox *>(u"logInvert"_s)->setChecked(true);
        QCOMPARE(view->rowCount(), tab->store().lineCount() - tab->search().matchingLineCount());
        for (qint64 row = 0; row < view->rowCount(); ++row)
            QVERIFY(!tab->search().lineMatches(view->lineAtRow(row)));
        uitest::saveScreenshot(m_window.get(), u"logs-search"_s);
        tab->findChild<QCheckBox *>(u"logInvert"_s)->setChecked(false);
        tab->findChild<QCheckBox *>(u"logFilter"_s)->setChecked(false);
        field->clear();
    }

    void aDeploymentsLogsShowEveryPod()
    {
        QVERIFY(select(u"admin"_s, u"Deployment"_s, u"api"_s));
        LogTab *tab = openLogsOf(u"Logs Deployment/api"_s);
        QVERIFY(tab);
        // Both replicas stream, each line prefixed with its pod and container.
        QTRY_VERIFY2_WITH_TIMEOUT(tab->statusText().startsWith(u"Streaming 2 containers"_s),
                                  qPrintable(tab->statusText()), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(tab->store().lineCount() > 4, 20000);
        QSet<QString> prefixes;
        for (qint64 line = tab->store().firstLine(); line < tab->store().endLine(); ++line)
            prefixes.insert(tab->view()->displayedText(line).section(u' ', 0, 0));
        QCOMPARE(prefixes.size(), 2);
        for (const QString &prefix : std::as_const(prefixes))
            QVERIFY2(prefix.startsWith(u"api-"_s) && prefix.endsWith(u"/api"_s), qPrintable(prefix));
        uitest::saveScreenshot(m_window.get(), u"logs-workload"_s);
    }
};

BINNACLE_UITEST_MAIN(LogsTest)
#include "tst_logs.moc"
