// Journey "a shell in the pod" in the real window on the real local cluster: `s` on a pod opens a terminal in the
// dock, what is typed runs in the pod (kwok runs it on the host, in the pod's directory, with the pod's variables),
// the pty follows the widget's size, colours and full-screen programs render, the exit code is shown and Enter
// starts again, a running session asks before it closes, the user's shell sticks for the workload, a pod's
// containers are offered, and refusals say the server's words in the terminal itself.

#include "testcluster.h"
#include "uitest.h"

#include "client/session/clustersession.h"
#include "ui/actions/resourceactions.h"
#include "ui/browser/browserpane.h"
#include "ui/dock/bottomdock.h"
#include "ui/mainwindow/mainwindow.h"
#include "ui/terminal/terminaltab.h"
#include "ui/terminal/terminalview.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

namespace {

constexpr int Timeout = 20000;

// The screen line whose text is exactly `text`, or -1 (a typed command's echo holds more than its output).
int lineWithText(const TerminalSurface *surface, const QString &text)
{
    for (int line = 0; line < surface->rows(); ++line) {
        if (surface->lineText(line) == text)
            return line;
    }
    return -1;
}

// Answers the next message box (a confirmation) by clicking the button with `text`.
void answerNextMessageBox(const QString &text)
{
    QTimer::singleShot(50, qApp, [text] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box) {
            answerNextMessageBox(text);
            return;
        }
        for (QAbstractButton *button : box->buttons()) {
            if (button->text().remove(u'&') == text)
                button->click();
        }
    });
}

} // namespace

class TerminalTest : public QObject
{
    Q_OBJECT

private:
    const TestCluster &cluster = TestCluster::instance();
    std::unique_ptr<MainWindow> m_window;
    QStringList m_frontends;

    QTableView *table() const { return m_window->findChild<BrowserPane *>()->tableView(); }
    QAction *shellAction() const { return m_window->resourceActions()->action(ResourceActions::Kind::Shell); }

    QStringList podsOf(const QString &ns, const QString &selector) const
    {
        return QString::fromUtf8(cluster.kubectl({u"get"_s, u"pods"_s, u"-n"_s, ns, u"-l"_s, selector, u"-o"_s,
                                                  u"jsonpath={.items[*].metadata.name}"_s}))
            .split(u' ', Qt::SkipEmptyParts);
    }

    // Selects the pod as `user` and presses `s`, as a person does; the tab that opened.
    TerminalTab *openShellOn(const QString &pod, const QString &user = u"admin"_s)
    {
        const QString problem = uitest::selectObject(m_window.get(), cluster.context(user), u"Pod"_s, pod);
        if (!problem.isEmpty()) {
            qWarning("%s", qPrintable(problem));
            return nullptr;
        }
        if (!QTest::qWaitFor([this] { return shellAction()->isEnabled(); }, 10000))
            return nullptr;
        const QList<TerminalTab *> before = m_window->findChildren<TerminalTab *>();
        QTest::keyClick(table(), Qt::Key_S);
        TerminalTab *opened = nullptr;
        (void)QTest::qWaitFor(
            [&] {
                for (TerminalTab *tab : m_window->findChildren<TerminalTab *>()) {
                    if (!before.contains(tab))
                        opened = tab;
                }
                return opened != nullptr;
            },
            10000);
        return opened;
    }

    static void type(TerminalTab *tab, const QString &line)
    {
        QTest::keyClicks(tab->view(), line);
        QTest::keyClick(tab->view(), Qt::Key_Return);
    }

    static bool screenShows(TerminalTab *tab, const QString &text)
    {
        return QTest::qWaitFor([&] { return tab->view()->surface()->screenText().contains(text); }, Timeout);
    }

private slots:
    void initTestCase()
    {
        QSettings().clear();
        m_window = std::make_unique<MainWindow>(KubeconfigSources {cluster.kubeconfig(), {}, {}});
        m_window->resize(1500, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_frontends = podsOf(cluster.limitedNamespace(), u"app=frontend"_s);
        QVERIFY2(m_frontends.size() >= 2, qPrintable(m_frontends.join(u' ')));
    }

    void cleanupTestCase() { m_window.reset(); }

    // `s`, type, read the terminal's own text: the variable is expanded in the pod's environment.
    void aShellRunsInThePod()
    {
        TerminalTab *tab = openShellOn(m_frontends.at(0));
        QVERIFY(tab);
        QVERIFY(m_window->dock()->isVisible());
        QCOMPARE(tab->title(), u"Shell Pod/%1 (%2)"_s.arg(m_frontends.at(0), cluster.context(u"admin"_s)));
        QTRY_VERIFY2_WITH_TIMEOUT(tab->isRunning() && tab->statusText().startsWith(u"Running bash in"_s),
                                  qPrintable(tab->statusText()), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(tab->view()->hasFocus(), 5000);
        type(tab, u"echo \"pod=[$POD_NAME]\""_s);
        QVERIFY2(screenShows(tab, u"pod=[%1]"_s.arg(m_frontends.at(0))),
                 qPrintable(tab->view()->surface()->screenText()));
        QVERIFY(lineWithText(tab->view()->surface(), u"pod=[%1]"_s.arg(m_frontends.at(0))) >= 0);
    }

    // The pty has the widget's size, and follows it when the window (and so the dock) changes size.
    void theSizeFollowsTheWidget()
    {
        TerminalTab *tab = m_window->findChildren<TerminalTab *>().first();
        const TerminalView *view = tab->view();
        type(tab, u"stty size"_s);
        QVERIFY2(screenShows(tab, u"%1 %2"_s.arg(view->rows()).arg(view->columns())),
                 qPrintable(view->surface()->screenText()));

        const int columnsBefore = view->columns();
        m_window->resize(1100, 800);
        QTRY_VERIFY_WITH_TIMEOUT(view->columns() < columnsBefore, 5000);
        const QString expected = u"%1 %2"_s.arg(view->rows()).arg(view->columns());
        // The resize and the next command travel on different channels: ask until the new size shows.
        bool resized = false;
        for (int attempt = 0; attempt < 20 && !resized; ++attempt) {
            type(tab, u"stty size"_s);
            resized = QTest::qWaitFor([&] { return lineWithText(view->surface(), expected) >= 0; }, 1000);
        }
        QVERIFY2(resized, qPrintable(expected + u" not in\n"_s + view->surface()->screenText()));
        m_window->resize(1500, 900);
    }

    // 256 colours and truecolor reach the cells; a listing in colour for the screenshot.
    void coloursReachTheCells()
    {
        TerminalTab *tab = m_window->findChildren<TerminalTab *>().first();
        const TerminalSurface *surface = tab->view()->surface();
        type(tab,
             u"clear; printf '\\033[38;5;196mR\\033[0m \\033[38;2;10;200;30mT\\033[0m \\033[1;48;5;21mB\\033[0m\\n'"_s);
        QTRY_VERIFY2_WITH_TIMEOUT(lineWithText(surface, u"R T B"_s) >= 0, qPrintable(surface->screenText()), Timeout);
        const int line = lineWithText(surface, u"R T B"_s);
        QCOMPARE(surface->cell(line, 0).foreground, QColor(255, 0, 0)); // palette 196
        QCOMPARE(surface->cell(line, 2).foreground, QColor(10, 200, 30));
        QCOMPARE(surface->cell(line, 4).background, QColor(0, 0, 255)); // palette 21
        QVERIFY(surface->cell(line, 4).bold);
        QVERIFY(surface->cell(line, 1).defaultForeground);

        type(tab,
             u"for c in 31 32 33 34 35 36; do printf '\\033[%sm%s\\033[0m ' $c \"colour-$c\"; done; "
             "printf '\\n\\033[1mbold\\033[0m \\033[3mitalic\\033[0m \\033[4munderline\\033[0m\\n'; ls -la"_s);
        // The output, not the typed command (which has escapes between the words), on the screen or, when ls
        // scrolled it off a short terminal, in the scrollback.
        QTRY_VERIFY2_WITH_TIMEOUT(
            surface->find(u"bold italic underline"_s, TerminalPosition {-surface->scrollbackLines(), 0}).has_value(),
            qPrintable(surface->screenText()), Timeout);
        QTest::qWait(300);
        uitest::saveScreenshot(m_window.get(), u"terminal-shell"_s);
    }

    // A full-screen program takes the alternate screen and gives it back.
    void viUsesTheAlternateScreen()
    {
        TerminalTab *tab = m_window->findChildren<TerminalTab *>().first();
        const TerminalSurface *surface = tab->view()->surface();
        QVERIFY(!surface->isAlternateScreen());
        // A new file each run: the pod's directory outlives the test when the cluster is reused.
        const QString file = u"notes-%1.txt"_s.arg(QDateTime::currentMSecsSinceEpoch());
        type(tab, u"vi "_s + file);
        QTRY_VERIFY_WITH_TIMEOUT(surface->isAlternateScreen(), Timeout);
        QTest::keyClicks(tab->view(), u"ihello from vi"_s);
        QTest::keyClick(tab->view(), Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(surface->screenText().contains(u"hello from vi"_s), Timeout);
        QTest::qWait(300);
        uitest::saveScreenshot(m_window.get(), u"terminal-vi"_s);
        type(tab, u":wq"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!surface->isAlternateScreen(), Timeout);
        type(tab, u"cat "_s + file);
        QTRY_VERIFY_WITH_TIMEOUT(lineWithText(surface, u"hello from vi"_s) >= 0, Timeout);
    }

    // The exit code in the terminal and the status line; Enter starts a new session in the same tab.
    void theExitStatusIsShownAndEnterStartsAgain()
    {
        TerminalTab *tab = m_window->findChildren<TerminalTab *>().first();
        type(tab, u"exit 3"_s);
        QTRY_VERIFY_WITH_TIMEOUT(tab->result().has_value(), Timeout);
        QCOMPARE(tab->result()->exitCode, std::optional<int>(3));
        QVERIFY(!tab->isRunning());
        QCOMPARE(tab->statusText(), u"The command exited with code 3."_s);
        QVERIFY2(screenShows(tab, u"[The command exited with code 3. Press Enter to start a new session.]"_s),
                 qPrintable(tab->view()->surface()->screenText()));
        const TerminalSurface *surface = tab->view()->surface();
        const int notice
            = lineWithText(surface, u"[The command exited with code 3. Press Enter to start a new session.]"_s);
        QVERIFY(notice >= 0);
        QCOMPARE(surface->cell(notice, 1).foreground, QColor(128, 128, 128)); // grey: the tab's words, not the pod's
        QVERIFY(!surface->isCursorVisible()); // nothing reads what is typed now but Enter
        uitest::saveScreenshot(m_window.get(), u"terminal-exit"_s);

        QTest::keyClick(tab->view(), Qt::Key_Return);
        QTRY_VERIFY2_WITH_TIMEOUT(tab->isRunning() && tab->statusText().startsWith(u"Running bash"_s),
                                  qPrintable(tab->statusText()), Timeout);
        QVERIFY(surface->isCursorVisible());
        type(tab, u"echo again-$POD_NAMESPACE"_s);
        QVERIFY(screenShows(tab, u"again-"_s + cluster.limitedNamespace()));
    }

    // Closing a running session asks; Cancel keeps it, "End session" closes the tab.
    void closingARunningSessionAsksFirst()
    {
        TerminalTab *tab = m_window->findChildren<TerminalTab *>().first();
        QVERIFY(tab->isRunning());
        QPointer<TerminalTab> guard(tab);
        answerNextMessageBox(u"Cancel"_s);
        QVERIFY(!m_window->dock()->close(tab));
        QVERIFY(guard);
        QVERIFY(tab->isRunning());
        answerNextMessageBox(u"End session"_s);
        QVERIFY(m_window->dock()->close(tab));
        QTRY_VERIFY(!guard);
    }

    // The user's command sticks for the workload: another pod of the same Deployment starts it first.
    void theUsersShellIsRememberedForTheWorkload()
    {
        TerminalTab *first = openShellOn(m_frontends.at(0));
        QVERIFY(first);
        QTRY_VERIFY_WITH_TIMEOUT(first->statusText().startsWith(u"Running bash"_s), Timeout);
        auto *command = first->findChild<QLineEdit *>(u"terminalCommand"_s);
        QVERIFY(command);
        command->setFocus();
        command->setText(u"sh"_s);
        QTest::keyClick(command, Qt::Key_Return);
        QTRY_VERIFY2_WITH_TIMEOUT(first->statusText().startsWith(u"Running sh in"_s), qPrintable(first->statusText()),
                                  Timeout);
        type(first, u"echo shell=$0"_s);
        QVERIFY(screenShows(first, u"shell=sh"_s));

        TerminalTab *second = openShellOn(m_frontends.at(1));
        QVERIFY(second);
        QTRY_VERIFY2_WITH_TIMEOUT(second->statusText().startsWith(u"Running sh in %1"_s.arg(m_frontends.at(1))),
                                  qPrintable(second->statusText()), Timeout);
        QCOMPARE(second->findChild<QLineEdit *>(u"terminalCommand"_s)->placeholderText(), u"Detect: sh, then bash"_s);
        // Several terminals side by side, each its own tab.
        TerminalTab *third = openShellOn(m_frontends.at(1));
        QVERIFY(third && third != second);
        QVERIFY(third->title().endsWith(u" 2"_s));
        for (TerminalTab *tab : {first, second, third}) {
            answerNextMessageBox(u"End session"_s);
            QTRY_VERIFY_WITH_TIMEOUT(tab->isRunning(), Timeout);
            QVERIFY(m_window->dock()->close(tab));
        }
    }

    // A pod with several containers: the default container's annotation picks the first session's, the picker
    // offers the others (init containers marked) and switches the session to the one picked.
    void theContainerPickerSwitchesContainers()
    {
        TerminalTab *tab = openShellOn(u"multi"_s);
        QVERIFY(tab);
        QTRY_VERIFY2_WITH_TIMEOUT(tab->statusText().startsWith(u"Running bash in multi/web"_s),
                                  qPrintable(tab->statusText()), Timeout);
        auto *containers = tab->findChild<QComboBox *>(u"terminalContainer"_s);
        QVERIFY(containers);
        QStringList offered;
        for (int i = 0; i < containers->count(); ++i)
            offered << containers->itemText(i);
        QCOMPARE(offered, QStringList({u"web"_s, u"sidecar"_s, u"setup (init)"_s}));
        QCOMPARE(tab->title(), u"Shell Pod/multi:web (%1)"_s.arg(cluster.context(u"admin"_s)));

        containers->setFocus();
        containers->setCurrentIndex(1);
        emit containers->activated(1);
        QTRY_VERIFY2_WITH_TIMEOUT(tab->statusText().startsWith(u"Running bash in multi/sidecar"_s),
                                  qPrintable(tab->statusText()), Timeout);
        QCOMPARE(tab->title(), u"Shell Pod/multi:sidecar (%1)"_s.arg(cluster.context(u"admin"_s)));
        QCOMPARE(tab->savedState().value(u"container"_s).toString(), u"sidecar"_s);
        answerNextMessageBox(u"End session"_s);
        QVERIFY(m_window->dock()->close(tab));
    }

    // The viewer may not exec: the action says so and stays disabled. A pod that is gone gives the server's
    // message in the terminal, not a blank screen.
    void refusalsSayTheServersWords()
    {
        const QString problem
            = uitest::selectObject(m_window.get(), cluster.context(u"viewer"_s), u"Pod"_s, m_frontends.at(0));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QTRY_VERIFY_WITH_TIMEOUT(shellAction()->toolTip().contains(u"cannot create pods/exec"_s), 10000);
        QVERIFY(!shellAction()->isEnabled());

        ClusterSession *admin = m_window->session(cluster.context(u"admin"_s));
        auto *gone = new TerminalTab(admin, {cluster.limitedNamespace(), u"no-such-pod"_s, {}, {}});
        m_window->dock()->open(gone);
        QVERIFY2(screenShows(gone, u"pods \"no-such-pod\" not found"_s),
                 qPrintable(gone->view()->surface()->screenText()));
        QVERIFY(gone->statusText().contains(u"not found"_s));
        QVERIFY(!gone->isRunning());
        QVERIFY(m_window->dock()->close(gone)); // nothing runs: no question
    }
};

BINNACLE_UITEST_MAIN(TerminalTest)
#include "tst_terminal.moc"
