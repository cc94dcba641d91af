// The real main window, as a person meets it: contexts listed, empty and broken states, state kept across runs.

#include "ui/mainwindow/mainwindow.h"
#include "ui/widgets/messagepage.h"
#include "uitest.h"

#include <QApplication>
#include <QFile>
#include <QFont>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace binnacle;

class MainWindowTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &content)
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write test file");
        file.write(content);
        return file.fileName();
    }

    // A loopback port that nothing listens on: one the system just handed out and that was closed again.
    static quint16 closedPort()
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost))
            qFatal("cannot find a free port");
        const quint16 port = probe.serverPort();
        probe.close();
        return port;
    }

    const quint16 m_closedPort = closedPort();
    QString demoServer() const { return u"https://127.0.0.1:%1"_s.arg(m_closedPort); }

    QByteArray twoContexts() const
    {
        return "clusters:\n"
               "- name: demo\n  cluster: {server: '"
            + demoServer().toUtf8()
            + "'}\n"
              "- name: staging\n  cluster: {server: 'https://staging.example.com', insecure-skip-tls-verify: true}\n"
              "users:\n- name: admin\n  user: {token: secret-token}\n- name: viewer\n  user: {token: other}\n"
              "contexts:\n"
              "- name: demo-admin\n  context: {cluster: demo, user: admin, namespace: shop}\n"
              "- name: staging-viewer\n  context: {cluster: staging, user: viewer}\n"
              "current-context: demo-admin\n";
    }

private slots:
    void init() { QSettings().clear(); }

    void listsTheContextsOfTheKubeconfig()
    {
        const QString path = write(u"config"_s, twoContexts());
        MainWindow window({path, {}, {}});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.windowTitle(), u"Binnacle"_s);
        QCOMPARE(window.currentPage(), MainWindow::Page::Browser);

        auto *navigator = window.findChild<QTreeView *>(u"navigator"_s);
        QVERIFY(navigator && navigator->isVisible());
        QAbstractItemModel *model = navigator->model();
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->index(0, 0).data().toString(), u"demo-admin"_s);
        QCOMPARE(model->index(1, 0).data().toString(), u"staging-viewer"_s);
        QVERIFY(model->index(0, 0).data(Qt::FontRole).value<QFont>().bold()); // the current context
        QVERIFY(!navigator->accessibleName().isEmpty());

        // The current context's details show, and Binnacle tries to connect to it at once. Nothing listens on
        // its port, so the sidebar says why it is unreachable (and the window stays responsive).
        auto *heading = window.findChild<QLabel *>(u"contextHeading"_s);
        QVERIFY(heading->text().startsWith(u"demo-admin"_s));
        QCOMPARE(window.findChild<QLabel *>(u"server"_s)->text(), demoServer());
        QVERIFY(window.findChild<QLabel *>(u"namespace"_s)->text() == u"shop"_s);
        QTRY_VERIFY_WITH_TIMEOUT(model->index(0, 0).data(Qt::ToolTipRole).toString().contains(u"refused"_s), 10000);
        QVERIFY(model->index(0, 0).data(Qt::AccessibleTextRole).toString().contains(u"unreachable"_s));
        // A screen reader hears which context is current, not only sighted people (bold).
        QVERIFY2(model->index(0, 0).data(Qt::AccessibleTextRole).toString().contains(u"current context"_s),
                 qPrintable(model->index(0, 0).data(Qt::AccessibleTextRole).toString()));
        QVERIFY(!model->index(1, 0).data(Qt::AccessibleTextRole).toString().contains(u"current"_s));
        // Each value is read with its field: "Server: https://…", not just "Server".
        QCOMPARE(window.findChild<QLabel *>(u"server"_s)->accessibleName(), u"Server: %1"_s.arg(demoServer()));
        QCOMPARE(window.findChild<QLabel *>(u"namespace"_s)->accessibleName(), u"Namespace: shop"_s);
        // No handshake ever succeeded with that server: its TLS is not "verified", only verification is on.
        const QString tls = window.findChild<QLabel *>(u"tls"_s)->text();
        QVERIFY2(tls.startsWith(u"verification on"_s), qPrintable(tls));

        // Clicking the other context shows its details; its TLS is marked as not verified.
        navigator->setFocus();
        QTest::mouseClick(navigator->viewport(), Qt::LeftButton, {},
                          navigator->visualRect(model->index(1, 0)).center());
        QCOMPARE(heading->text(), u"staging-viewer"_s);
        QVERIFY(window.findChild<QLabel *>(u"tls"_s)->text().contains(u"not verified"_s));

        const QImage shot = uitest::saveScreenshot(&window, u"mainwindow-contexts"_s);
        QVERIFY(!shot.isNull());
        QVERIFY2(uitest::distinctColours(shot) > 20, "the window looks blank");
    }

    // Every line of a message page's body is on screen: the label got the height its wrapped text needs, inside the
    // page (the kubeconfig pages lost their last line, "Nothing was changed…", in a window of a laptop's size).
    static QString clippedText(MessagePage *page)
    {
        auto *body = page->findChild<QLabel *>(u"messageBody"_s);
        const int needed = body->heightForWidth(body->width());
        if (body->height() < needed)
            return u"body %1 px high, its text needs %2 px"_s.arg(body->height()).arg(needed);
        const QRect inPage(body->mapTo(page, QPoint(0, 0)), body->size());
        if (!page->rect().contains(inPage))
            return u"body at %1,%2 %3x%4 outside the page %5x%6"_s.arg(inPage.x())
                .arg(inPage.y())
                .arg(inPage.width())
                .arg(inPage.height())
                .arg(page->width())
                .arg(page->height());
        return {};
    }

    void missingKubeconfigSaysWhereItLooked()
    {
        const QString home = m_dir.filePath(u"emptyhome"_s);
        MainWindow window({{}, {}, home});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.currentPage(), MainWindow::Page::NoKubeconfig);
        auto *page = window.findChild<MessagePage *>(u"noKubeconfigPage"_s);
        QVERIFY(page->isVisible());
        QVERIFY(page->bodyText().contains(home + u"/.kube/config"_s));
        QVERIFY(page->bodyText().contains(u"KUBECONFIG"_s));
        QVERIFY(uitest::distinctColours(uitest::saveScreenshot(&window, u"mainwindow-no-kubeconfig"_s)) > 20);
        for (const QSize size : {QSize(1280, 760), QSize(900, 560), QSize(700, 480)}) {
            window.resize(size);
            QTest::qWait(50);
            const QString clipped = clippedText(page);
            QVERIFY2(clipped.isEmpty(), qPrintable(u"%1x%2: %3"_s.arg(size.width()).arg(size.height()).arg(clipped)));
        }

        // The file appears: Binnacle notices without a restart.
        QDir().mkpath(home + u"/.kube"_s);
        QFile file(home + u"/.kube/config"_s);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(twoContexts());
        file.close();
        QTRY_COMPARE_WITH_TIMEOUT(window.currentPage(), MainWindow::Page::Browser, 5000);
    }

    // No current context: the centre asks to pick a cluster, in full, however small the window.
    void pickAClusterIsReadableInASmallWindow()
    {
        QByteArray config = twoContexts();
        config.replace("current-context: demo-admin\n", "");
        const QString path = write(u"nocurrent"_s, config);
        MainWindow window({path, {}, {}});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *page = window.findChild<MessagePage *>(u"browserMessage"_s);
        QVERIFY(page && page->isVisible());
        QCOMPARE(page->title(), u"Pick a cluster"_s);
        for (const QSize size : {QSize(1280, 760), QSize(900, 560), QSize(760, 420)}) {
            window.resize(size);
            QTest::qWait(50);
            const QString clipped = clippedText(page);
            QVERIFY2(clipped.isEmpty(), qPrintable(u"%1x%2: %3"_s.arg(size.width()).arg(size.height()).arg(clipped)));
        }
    }

    void brokenKubeconfigShowsFileLineAndMessage()
    {
        const QString path = write(u"broken"_s, "clusters:\n- name: a\n  cluster: {server: x\ncontexts: []\n");
        MainWindow window({path, {}, {}});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.currentPage(), MainWindow::Page::BrokenKubeconfig);
        auto *page = window.findChild<MessagePage *>(u"brokenKubeconfigPage"_s);
        const QString body = page->bodyText();
        QVERIFY2(body.contains(path), qPrintable(body));
        QVERIFY2(body.contains(u"line 4"_s), qPrintable(body));
        QVERIFY2(body.contains(u"map flow"_s), qPrintable(body));
        uitest::saveScreenshot(&window, u"mainwindow-broken-kubeconfig"_s);
        for (const QSize size : {QSize(1280, 760), QSize(900, 560), QSize(700, 480)}) {
            window.resize(size);
            QTest::qWait(50);
            const QString clipped = clippedText(page);
            QVERIFY2(clipped.isEmpty(), qPrintable(u"%1x%2: %3"_s.arg(size.width()).arg(size.height()).arg(clipped)));
        }

        // Fixing the file and pressing Reload brings the contexts back.
        write(u"broken"_s, twoContexts());
        QTest::mouseClick(page->findChild<QPushButton *>(u"messageAction"_s), Qt::LeftButton);
        QCOMPARE(window.currentPage(), MainWindow::Page::Browser);
    }

    void geometryAndSplitterPersist()
    {
        const QString path = write(u"config"_s, twoContexts());
        QList<int> sizes;
        {
            MainWindow window({path, {}, {}});
            window.resize(900, 600);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            auto *splitter = window.findChild<QSplitter *>(u"mainSplitter"_s);
            splitter->setSizes({200, 450, 250});
            sizes = splitter->sizes();
            window.close();
        }
        QVERIFY(QSettings().contains(u"mainWindow/splitter"_s));
        MainWindow again({path, {}, {}});
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QCOMPARE(again.size(), QSize(900, 600));
        QCOMPARE(again.findChild<QSplitter *>(u"mainSplitter"_s)->sizes(), sizes);
    }

    void credentialsNeverReachSettings()
    {
        const QString path = write(u"config"_s, twoContexts());
        {
            MainWindow window({path, {}, {}});
            window.show();
            window.close();
        }
        QSettings settings;
        QFile file(settings.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("secret-token"));
    }
};

BINNACLE_UITEST_MAIN(MainWindowTest)
#include "tst_mainwindow.moc"
