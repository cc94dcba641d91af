// The first screens as a new user meets them, in the real window on the real local cluster: the filter belongs to
// its view (filtering Secrets does not empty the workload tree) and says when it hides everything, the details do
// not go on showing an object of another kind, the context's TLS line says "verified" only after a handshake, the
// palette keeps the sidebar's open groups open, and no interactive control is unnamed for a screen reader.

#include "testcluster.h"
#include "uitest.h"

#include "models/clusters/clusternavigatormodel.h"
#include "ui/actions/resourceactions.h"
#include "ui/browser/browserpane.h"
#include "ui/details/detailspanel.h"
#include "ui/dialogs/shortcutsdialog.h"
#include "ui/logs/logtab.h"
#include "ui/mainwindow/mainwindow.h"
#include "ui/palette/commandpalette.h"

#include <QAbstractSpinBox>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;
using namespace binnacle::uitest;

class FirstScreensTest : public QObject
{
    Q_OBJECT

private:
    const TestCluster &cluster = TestCluster::instance();
    std::unique_ptr<MainWindow> m_window;

    BrowserPane *browser() const { return m_window->findChild<BrowserPane *>(); }
    QLineEdit *filter() const { return m_window->findChild<QLineEdit *>(u"filter"_s); }
    QTreeView *navigator() const { return m_window->findChild<QTreeView *>(u"navigator"_s); }
    QString admin() const { return cluster.context(u"admin"_s); }

private slots:
    void initTestCase()
    {
        QSettings().clear();
        m_window = std::make_unique<MainWindow>(KubeconfigSources {cluster.kubeconfig(), {}, {}});
        m_window->resize(1500, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->showKind(admin(), u"secrets"_s), 30000);
    }

    void cleanupTestCase() { m_window.reset(); }

    void theFilterBelongsToItsView()
    {
        QTRY_VERIFY_WITH_TIMEOUT(rowOfName(browser()->tableView(), u"db-credentials"_s) >= 0, 15000);
        QTest::keyClicks(filter(), u"db-cred"_s);
        QTRY_COMPARE(browser()->tableView()->model()->rowCount(), 1);

        // The workload tree has its own (empty) filter, so it shows its workloads.
        m_window->showOverview(admin());
        QCOMPARE(filter()->text(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(findRow(browser()->treeView()->model(), u"shop"_s).isValid(), 15000);
        QVERIFY(!browser()->noMatchNote()->isVisible());

        // Back at the Secrets, their filter is still there.
        QVERIFY(m_window->showKind(admin(), u"secrets"_s));
        QCOMPARE(filter()->text(), u"db-cred"_s);
        QTRY_COMPARE(browser()->tableView()->model()->rowCount(), 1);
    }

    // Once a kind was listed, the sidebar shows how many objects it has, and says so to a screen reader.
    void theSidebarCountsAListedKind()
    {
        QVERIFY(m_window->showKind(admin(), u"secrets"_s));
        const int secrets = int(QString::fromUtf8(cluster.kubectl({u"get"_s, u"secrets"_s, u"-A"_s, u"--no-headers"_s}))
                                    .split(u'\n', Qt::SkipEmptyParts)
                                    .size());
        auto *model = qobject_cast<ClusterNavigatorModel *>(navigator()->model());
        const QModelIndex kind = model->kindIndex(admin(), u"secrets"_s);
        QVERIFY(kind.isValid());
        QTRY_COMPARE_WITH_TIMEOUT(kind.data(ClusterNavigatorModel::CountRole).toInt(), secrets, 15000);
        QVERIFY2(kind.data(Qt::AccessibleTextRole).toString().contains(u"%1 object"_s.arg(secrets)),
                 qPrintable(kind.data(Qt::AccessibleTextRole).toString()));
        QCOMPARE(kind.data().toString(), u"Secret"_s); // the name itself stays the kind's
        navigator()->viewport()->update();
        QTest::qWait(100);
        saveScreenshot(navigator(), u"sidebar-counts"_s);
        // A kind never listed shows no count.
        QVERIFY(!model->kindIndex(admin(), u"persistentvolumes"_s).data(ClusterNavigatorModel::CountRole).isValid());
    }

    void aFilterThatHidesEverythingSaysSoAndClears()
    {
        QVERIFY(m_window->showKind(admin(), u"secrets"_s));
        filter()->clear();
        QTest::keyClicks(filter(), u"no-such-secret-anywhere"_s);
        QLabel *note = browser()->noMatchNote();
        QTRY_VERIFY(note->isVisible());
        QVERIFY2(note->text().contains(u"no-such-secret-anywhere"_s), qPrintable(note->text()));
        QVERIFY(note->accessibleName().contains(u"No match"_s));
        saveScreenshot(m_window.get(), u"filter-no-match"_s);
        // The note's link clears the filter.
        emit note->linkActivated(u"clear"_s);
        QCOMPARE(filter()->text(), QString());
        QTRY_VERIFY(!note->isVisible());
        QVERIFY(browser()->tableView()->model()->rowCount() > 1);
    }

    void theDetailsFollowTheViewShown()
    {
        QVERIFY(selectObject(m_window.get(), admin(), u"Pod"_s, u"redis-0"_s).isEmpty());
        auto *details = m_window->findChild<DetailsPanel *>();
        auto *heading = m_window->findChild<QLabel *>(u"detailsHeading"_s);
        QTRY_VERIFY_WITH_TIMEOUT(heading->text().contains(u"redis-0"_s), 15000);
        // Another kind, nothing selected in it: the pod is no longer shown as if it were.
        QVERIFY(m_window->showKind(admin(), u"configmaps"_s));
        QVERIFY2(!heading->text().contains(u"redis-0"_s), qPrintable(heading->text()));
        QVERIFY(!details->summaryText().contains(u"redis-0"_s));
    }

    void tlsIsVerifiedOnlyAfterAHandshake()
    {
        // The admin context is connected (its lists above worked): its certificate was checked.
        const QModelIndex context = qobject_cast<ClusterNavigatorModel *>(navigator()->model())->contextIndex(admin());
        QTest::mouseClick(navigator()->viewport(), Qt::LeftButton, {}, navigator()->visualRect(context).center());
        auto *tls = m_window->findChild<QLabel *>(u"tls"_s);
        QTRY_COMPARE(tls->text(), u"verified"_s);
        QCOMPARE(tls->accessibleName(), u"TLS: verified"_s);
        // (A context no handshake succeeded with says "verification on": tests/ui/tst_mainwindow.)
    }

    void thePaletteKeepsTheSidebarsOpenGroups()
    {
        auto *model = qobject_cast<ClusterNavigatorModel *>(navigator()->model());
        const QModelIndex context = model->contextIndex(admin());
        navigator()->expand(context);
        QModelIndex workloads;
        for (int row = 0; row < model->rowCount(context); ++row) {
            if (model->index(row, 0, context).data().toString() == u"Workloads")
                workloads = model->index(row, 0, context);
        }
        QVERIFY(workloads.isValid());
        navigator()->collapse(workloads);
        QModelIndex config;
        for (int row = 0; row < model->rowCount(context); ++row) {
            if (model->index(row, 0, context).data().toString() == u"Config")
                config = model->index(row, 0, context);
        }
        QVERIFY(config.isValid());
        navigator()->expand(config);

        // The palette's "Reload kubeconfig" (and any reload: the file watcher's) rebuilds the sidebar.
        m_window->openCommandPalette();
        auto *palette = m_window->findChild<CommandPalette *>();
        QTRY_VERIFY(palette->isVisible());
        QTest::keyClicks(palette->input(), u"reload"_s);
        QVERIFY(palette->list()->count() >= 1);
        QTest::keyClick(palette->input(), Qt::Key_Return);
        QTRY_VERIFY(!palette->isVisible());
        // Then a kind from the palette.
        m_window->openCommandPalette(u":"_s);
        QTRY_VERIFY(palette->isVisible());
        QTest::keyClicks(palette->input(), u"deploy"_s);
        QTest::keyClick(palette->input(), Qt::Key_Return);
        QTRY_VERIFY(!palette->isVisible());
        QTRY_VERIFY(m_window->findChild<QLabel *>(u"browserHeading"_s)->text().startsWith(u"Deployment"_s));
        const QModelIndex contextNow = model->contextIndex(admin());
        QVERIFY(navigator()->isExpanded(contextNow));
        bool configOpen = false;
        for (int row = 0; row < model->rowCount(contextNow); ++row) {
            const QModelIndex group = model->index(row, 0, contextNow);
            if (group.data().toString() == u"Config")
                configOpen = navigator()->isExpanded(group);
        }
        QVERIFY2(configOpen, "the Config group the person had opened collapsed");
        QCOMPARE(navigator()->currentIndex().data().toString(), u"Deployment"_s);
    }

    // The common verbs are one click away on a toolbar, and Help → Keyboard shortcuts lists every key of the menus.
    void theVerbsAreOneClickAwayAndEveryKeyIsListed()
    {
        auto *bar = m_window->findChild<QToolBar *>(u"actionsToolBar"_s);
        QVERIFY(bar && bar->isVisible());
        QStringList verbs;
        for (QAction *action : bar->actions())
            verbs << QString(action->text()).remove(u'&');
        for (const QString &verb :
             {u"Edit YAML…"_s, u"Logs"_s, u"Shell"_s, u"Forward a port…"_s, u"Delete…"_s, u"Scale…"_s})
            QVERIFY2(verbs.contains(verb), qPrintable(verbs.join(u", "_s)));
        QVERIFY(selectObject(m_window.get(), admin(), u"Pod"_s, u"redis-1"_s).isEmpty());
        QAction *logs = m_window->resourceActions()->action(ResourceActions::Kind::Logs);
        QTRY_VERIFY_WITH_TIMEOUT(logs->isEnabled(), 10000);
        auto *button = qobject_cast<QToolButton *>(bar->widgetForAction(logs));
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (LogTab *tab : m_window->findChildren<LogTab *>()) {
                    if (tab->title().contains(u"redis-1"_s))
                        return true;
                }
                return false;
            }(),
            10000);

        const QList<ShortcutsDialog::Row> rows = m_window->shortcutRows();
        QStringList listed;
        for (const ShortcutsDialog::Row &row : rows)
            listed << row.keys;
        for (QAction *top : m_window->menuBar()->actions()) {
            for (QAction *action : top->menu() ? top->menu()->actions() : QList<QAction *>()) {
                const QString keys = action->shortcut().toString(QKeySequence::NativeText);
                if (!keys.isEmpty())
                    QVERIFY2(listed.contains(keys), qPrintable(keys + u" (" + action->text() + u") is not listed"));
            }
        }
        m_window->findChild<QAction *>(u"shortcutsAction"_s)->trigger();
        ShortcutsDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_window->findChild<ShortcutsDialog *>()) && dialog->isVisible());
        QCOMPARE(dialog->table()->rowCount(), rows.size());
        QVERIFY(!dialog->table()->findItems(u"Ctrl+K"_s, Qt::MatchExactly).isEmpty());
        QVERIFY(!dialog->table()->findItems(u"Ctrl+,"_s, Qt::MatchExactly).isEmpty());
        saveScreenshot(dialog, u"keyboard-shortcuts"_s);
        dialog->reject();
    }

    // The Age of a row on screen ticks (the view asks for its visible rows' ages once a second).
    void agesOnScreenTick()
    {
        cluster.kubectl({u"delete"_s, u"configmap"_s, u"fresh-age"_s, u"-n"_s, u"default"_s, u"--ignore-not-found"_s});
        cluster.kubectl({u"create"_s, u"configmap"_s, u"fresh-age"_s, u"-n"_s, u"default"_s});
        QVERIFY(m_window->showKind(admin(), u"configmaps"_s));
        QTableView *table = browser()->tableView();
        QTRY_VERIFY_WITH_TIMEOUT(rowOfName(table, u"fresh-age"_s) >= 0, 15000);
        int ageColumn = -1;
        for (int column = 0; column < table->model()->columnCount(); ++column) {
            if (table->model()->headerData(column, Qt::Horizontal).toString() == u"Age")
                ageColumn = column;
        }
        QVERIFY(ageColumn >= 0);
        const auto age
            = [&] { return table->model()->index(rowOfName(table, u"fresh-age"_s), ageColumn).data().toString(); };
        table->scrollTo(table->model()->index(rowOfName(table, u"fresh-age"_s), 0));
        const QString before = age();
        QVERIFY2(before.endsWith(u's') && !before.contains(u'm'), qPrintable(before)); // seconds old
        QSignalSpy repainted(table->model(), &QAbstractItemModel::dataChanged);
        QTRY_VERIFY_WITH_TIMEOUT(!repainted.isEmpty(), 3000);
        QVERIFY(age() != before);
        cluster.kubectl({u"delete"_s, u"configmap"_s, u"fresh-age"_s, u"-n"_s, u"default"_s});
    }

    // The next start shows the cluster and kind shown last, not the current context's workloads again.
    void theNextStartShowsTheLastView()
    {
        QVERIFY(m_window->showKind(admin(), u"configmaps"_s));
        MainWindow next(KubeconfigSources {cluster.kubeconfig(), {}, {}});
        next.resize(1200, 800);
        next.show();
        QTRY_VERIFY_WITH_TIMEOUT(next.findChild<QLabel *>(u"browserHeading"_s)->text().startsWith(u"ConfigMap"_s),
                                 20000);
        QCOMPARE(next.activeContext(), admin());
    }

    // Every control a keyboard reaches has a name for a screen reader (the filter's clear button had none).
    void noInteractiveControlIsUnnamed()
    {
        QVERIFY(m_window->showKind(admin(), u"pods"_s));
        QTest::keyClicks(filter(), u"redis"_s); // the clear button shows only with text
        QTRY_VERIFY_WITH_TIMEOUT(browser()->tableView()->model()->rowCount() > 0, 15000);
        QTest::qWait(200);
        const QStringList unnamed = uitest::unnamedControls(m_window.get());
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u"; "_s)));
        filter()->clear();
    }
};

BINNACLE_UITEST_MAIN(FirstScreensTest)

#include "tst_firstscreens.moc"
