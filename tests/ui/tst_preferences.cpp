// Edit → Preferences in the real window on the real local cluster: the dialog edits and stores every choice, the
// open log and terminal tabs take the new budget, fonts and scrollback at once, new tabs open with them, the dark
// and light themes keep status colours readable (4.5:1), tables and namespaces come back as they were left, and
// "reopen tabs" decides what the next start shows.

#include "testcluster.h"
#include "uitest.h"

#include "models/common/statusstyle.h"
#include "models/logs/logstore.h"
#include "models/resources/resourcetablemodel.h"
#include "models/terminal/terminalsurface.h"
#include "ui/actions/resourceactions.h"
#include "ui/browser/browserpane.h"
#include "ui/browser/namespaceselector.h"
#include "ui/dialogs/preferencesdialog.h"
#include "ui/dock/bottomdock.h"
#include "ui/logs/logtab.h"
#include "ui/logs/logview.h"
#include "ui/mainwindow/mainwindow.h"
#include "ui/terminal/terminaltab.h"
#include "ui/terminal/terminalview.h"
#include "ui/widgets/apptheme.h"

#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

class PreferencesTest : public QObject
{
    Q_OBJECT

private:
    const TestCluster &cluster = TestCluster::instance();
    std::unique_ptr<MainWindow> m_window;

    QTableView *table() const { return m_window->findChild<BrowserPane *>()->tableView(); }

    bool select(const QString &kind, const QString &name)
    {
        const QString problem = uitest::selectObject(m_window.get(), cluster.context(u"admin"_s), kind, name);
        if (!problem.isEmpty())
            qWarning("%s", qPrintable(problem));
        return problem.isEmpty();
    }

    template<typename Tab> Tab *pressFor(ResourceActions::Kind kind, Qt::Key key)
    {
        QAction *action = m_window->resourceActions()->action(kind);
        if (!QTest::qWaitFor([action] { return action->isEnabled(); }, 10000))
            return nullptr;
        const QList<Tab *> before = m_window->findChildren<Tab *>();
        QTest::keyClick(table(), key);
        Tab *opened = nullptr;
        (void)QTest::qWaitFor(
            [&] {
                for (Tab *tab : m_window->findChildren<Tab *>()) {
                    if (!before.contains(tab))
                        opened = tab;
                }
                return opened != nullptr;
            },
            10000);
        return opened;
    }

    PreferencesDialog *openFromTheMenu()
    {
        QAction *action = m_window->findChild<QAction *>(u"preferencesAction"_s);
        if (!action)
            return nullptr;
        action->trigger();
        PreferencesDialog *dialog = nullptr;
        (void)QTest::qWaitFor(
            [&] {
                dialog = m_window->findChild<PreferencesDialog *>();
                return dialog && dialog->isVisible();
            },
            5000);
        return dialog;
    }

    static void expectReadableStatusColours(const QString &theme)
    {
        const QPalette palette = QApplication::palette();
        for (const QPalette::ColorRole ground : {QPalette::Base, QPalette::AlternateBase}) {
            for (const QString &status : {u"ok"_s, u"warning"_s, u"error"_s}) {
                const QColor colour(StatusStyle::htmlColour(status));
                const double ratio = StatusStyle::contrastRatio(colour, palette.color(ground));
                QVERIFY2(ratio >= 4.5,
                         qPrintable(u"%1 theme: %2 (%3) on %4 is %5:1"_s
                                        .arg(theme, status, colour.name(), palette.color(ground).name())
                                        .arg(ratio, 0, 'f', 2)));
            }
        }
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

    void cleanupTestCase()
    {
        m_window.reset();
        AppTheme::apply(Preferences::Theme::System);
    }

    void theDialogShowsTheDefaultsAndNamesEveryControl()
    {
        QVERIFY(m_window->menuBar()->findChildren<QAction *>().contains(
            m_window->findChild<QAction *>(u"preferencesAction"_s)));
        PreferencesDialog *dialog = openFromTheMenu();
        QVERIFY(dialog);
        QCOMPARE(dialog->findChild<QSpinBox *>(u"logBudget"_s)->value(), 256);
        QCOMPARE(dialog->findChild<QSpinBox *>(u"terminalScrollback"_s)->value(), 10000);
        QCOMPARE(dialog->findChild<QComboBox *>(u"theme"_s)->currentText(), u"Follow the system"_s);
        QVERIFY(dialog->findChild<QCheckBox *>(u"confirmActions"_s)->isChecked());
        QVERIFY(dialog->findChild<QCheckBox *>(u"restoreSession"_s)->isChecked());
        const QStringList unnamed = uitest::unnamedControls(dialog);
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
        uitest::saveScreenshot(dialog, u"preferences"_s);
        dialog->reject();
        QTRY_VERIFY(!m_window->findChild<PreferencesDialog *>());
    }

    // A log tab and a terminal open; the new preferences reach both at once, and QSettings holds them.
    void openTabsTakeTheNewPreferences()
    {
        QVERIFY(select(u"Pod"_s, u"ansi"_s));
        auto *logs = pressFor<LogTab>(ResourceActions::Kind::Logs, Qt::Key_L);
        QVERIFY(logs);
        QCOMPARE(logs->store().budget(), qsizetype(256) << 20);
        QTRY_VERIFY_WITH_TIMEOUT(logs->store().lineCount() > 0, 20000);
        auto *terminal = pressFor<TerminalTab>(ResourceActions::Kind::Shell, Qt::Key_S);
        QVERIFY(terminal);
        QCOMPARE(terminal->view()->surface()->scrollbackLimit(), 10000);

        PreferencesDialog *dialog = openFromTheMenu();
        QVERIFY(dialog);
        dialog->findChild<QSpinBox *>(u"logBudget"_s)->setValue(64);
        dialog->findChild<QSpinBox *>(u"terminalScrollback"_s)->setValue(2000);
        dialog->findChild<QSpinBox *>(u"logFontSize"_s)->setValue(15);
        dialog->findChild<QSpinBox *>(u"terminalFontSize"_s)->setValue(14);
        dialog->findChild<QCheckBox *>(u"confirmActions"_s)->setChecked(false);
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();

        QCOMPARE(logs->store().budget(), qsizetype(64) << 20);
        QCOMPARE(logs->view()->font().pointSize(), 15);
        QVERIFY(logs->store().lineCount() > 0); // the stream went on; nothing restarted
        QCOMPARE(terminal->view()->surface()->scrollbackLimit(), 2000);
        QCOMPARE(terminal->view()->terminalFont().pointSize(), 14);
        QVERIFY(!m_window->preferences().confirmActions);
        const QSettings settings;
        QCOMPARE(settings.value(u"preferences/logBudgetMiB"_s).toInt(), 64);
        QCOMPARE(settings.value(u"preferences/terminalScrollbackLines"_s).toInt(), 2000);

        // A tab opened now starts with them.
        QVERIFY(select(u"Pod"_s, u"json"_s));
        auto *second = pressFor<LogTab>(ResourceActions::Kind::Logs, Qt::Key_L);
        QVERIFY(second);
        QCOMPARE(second->store().budget(), qsizetype(64) << 20);
        QCOMPARE(second->view()->font().pointSize(), 15);
    }

    void bothThemesKeepStatusColoursReadable()
    {
        expectReadableStatusColours(u"system"_s);
        for (const Preferences::Theme theme : {Preferences::Theme::Dark, Preferences::Theme::Light}) {
            Preferences preferences = m_window->preferences();
            preferences.theme = theme;
            m_window->setPreferences(preferences);
            const bool dark = theme == Preferences::Theme::Dark;
            QCOMPARE(StatusStyle::isDark(QApplication::palette()), dark);
            QTRY_COMPARE(StatusStyle::isDark(table()->palette()), dark); // the widgets follow (posted events)
            expectReadableStatusColours(Preferences::themeName(theme));
            QVERIFY(select(u"Pod"_s, u"ansi"_s));
            QTest::qWait(300);
            uitest::saveScreenshot(m_window.get(), u"main-%1"_s.arg(Preferences::themeName(theme)));
            PreferencesDialog *dialog = openFromTheMenu();
            QVERIFY(dialog);
            QCOMPARE(dialog->findChild<QComboBox *>(u"theme"_s)->currentData().toString(),
                     Preferences::themeName(theme));
            uitest::saveScreenshot(dialog, u"preferences-%1"_s.arg(Preferences::themeName(theme)));
            dialog->reject();
            QTRY_VERIFY(!m_window->findChild<PreferencesDialog *>());
        }
        QCOMPARE(QSettings().value(u"preferences/theme"_s).toString(), u"light"_s);
    }

    // A kind's column widths and sort, and a context's namespaces, are as the person left them: on coming back to the
    // kind, in another context, and at the next start.
    void tablesAndNamespacesComeBackAsLeft()
    {
        // The dock's tabs (logs, a shell) wear their object's kind.
        auto *tabs = m_window->dock()->findChild<QTabWidget *>();
        QVERIFY(tabs && tabs->count() > 0);
        for (int tab = 0; tab < tabs->count(); ++tab)
            QVERIFY2(!tabs->tabIcon(tab).isNull(), qPrintable(tabs->tabText(tab)));

        const QString admin = cluster.context(u"admin"_s);
        QVERIFY(m_window->showKind(admin, u"pods"_s));
        QTRY_VERIFY_WITH_TIMEOUT(table()->model()->rowCount() > 5, 30000);
        const auto columnOf = [](QTableView *view, const QString &title) {
            for (int column = 0; column < view->model()->columnCount(); ++column) {
                if (view->model()->headerData(column, Qt::Horizontal).toString() == title)
                    return column;
            }
            return -1;
        };
        const int status = columnOf(table(), u"Status"_s);
        QVERIFY(status > 0);
        // Sized to the rows first; then the person's width and sort.
        QTRY_VERIFY(table()->columnWidth(status) != 120);
        table()->setColumnWidth(status, 211);
        table()->sortByColumn(status, Qt::DescendingOrder); // what a click on its header does
        QCOMPARE(table()->horizontalHeader()->sortIndicatorSection(), status);
        QCOMPARE(table()->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);

        // Namespaces: the admin context shows "shop" only.
        auto *selector = m_window->findChild<NamespaceSelector *>(u"namespaceSelector"_s);
        QTest::mouseClick(selector, Qt::LeftButton);
        auto *find = selector->popup()->findChild<QLineEdit *>(u"namespaceFind"_s);
        auto *list = selector->popup()->findChild<QListView *>(u"namespaceList"_s);
        QTRY_VERIFY_WITH_TIMEOUT(list->model()->rowCount() >= 5, 15000);
        QTest::keyClicks(find, u"shop"_s);
        QTest::keyClick(find, Qt::Key_Return);
        QTRY_COMPARE(selector->text(), u"Namespaces: shop ▾"_s);
        QTest::keyClick(find, Qt::Key_Escape);

        // Another kind has its own layout; coming back brings the pods' width and sort again.
        QVERIFY(m_window->showKind(admin, u"configmaps"_s));
        QTRY_VERIFY_WITH_TIMEOUT(table()->model()->rowCount() > 0, 30000);
        QCOMPARE(table()->horizontalHeader()->sortIndicatorSection(), 0);
        QVERIFY(m_window->showKind(admin, u"pods"_s));
        QTRY_COMPARE_WITH_TIMEOUT(table()->columnWidth(status), 211, 15000);
        QCOMPARE(table()->horizontalHeader()->sortIndicatorSection(), status);
        QCOMPARE(table()->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);

        // Another context starts with all its namespaces, not the ones admin was left with; admin's come back.
        m_window->connectContext(cluster.context(u"viewer"_s));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->showKind(cluster.context(u"viewer"_s), u"configmaps"_s), 30000);
        QTRY_COMPARE(selector->text(), u"Namespaces: all ▾"_s);
        QVERIFY(m_window->showKind(admin, u"pods"_s));
        QTRY_COMPARE(selector->text(), u"Namespaces: shop ▾"_s);

        // The next start: the same (what a kind last looked like is saved when it is left, or at close).
        m_window->showKind(admin, u"configmaps"_s);
        {
            MainWindow next(KubeconfigSources {cluster.kubeconfig(), {}, {}});
            next.resize(1500, 900);
            next.show();
            QVERIFY(QTest::qWaitForWindowExposed(&next));
            QTRY_VERIFY_WITH_TIMEOUT(next.showKind(admin, u"pods"_s), 30000);
            QTableView *view = next.findChild<BrowserPane *>()->tableView();
            QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() > 5, 30000);
            QTRY_COMPARE_WITH_TIMEOUT(view->columnWidth(columnOf(view, u"Status"_s)), 211, 15000);
            QCOMPARE(view->horizontalHeader()->sortIndicatorSection(), columnOf(view, u"Status"_s));
            QCOMPARE(view->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
            QCOMPARE(next.findChild<NamespaceSelector *>(u"namespaceSelector"_s)->text(), u"Namespaces: shop ▾"_s);
            for (int row = 0; row < view->model()->rowCount(); ++row)
                QCOMPARE(view->model()->index(row, 0).data(ResourceTableModel::NamespaceRole).toString(), u"shop"_s);
        }
        // Left as the other cases expect it: all namespaces, pods by name.
        QVERIFY(m_window->showKind(admin, u"pods"_s));
        QTest::mouseClick(selector, Qt::LeftButton);
        QTest::mouseClick(selector->popup()->findChild<QPushButton *>(u"allNamespaces"_s), Qt::LeftButton);
        QTRY_COMPARE(selector->text(), u"Namespaces: all ▾"_s);
        table()->sortByColumn(0, Qt::AscendingOrder);
    }

    // The dock's tabs come back at the next start only while "reopen tabs" is on.
    void reopeningTabsFollowsThePreference()
    {
        const int open = m_window->dock()->tabs().size();
        QVERIFY(open >= 3);
        {
            MainWindow next(KubeconfigSources {cluster.kubeconfig(), {}, {}});
            QCOMPARE(next.dock()->tabs().size(), open);
            QCOMPARE(next.preferences().logBudgetBytes, qsizetype(64) << 20);
        }
        Preferences preferences = m_window->preferences();
        preferences.restoreSession = false;
        m_window->setPreferences(preferences);
        {
            MainWindow next(KubeconfigSources {cluster.kubeconfig(), {}, {}});
            QCOMPARE(next.dock()->tabs().size(), 0);
        }
    }
};

BINNACLE_UITEST_MAIN(PreferencesTest)

#include "tst_preferences.moc"
