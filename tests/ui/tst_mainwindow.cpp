// The real main window, as a person meets it: contexts listed, empty and broken states, state kept across runs.

#include "ui/mainwindow/mainwindow.h"
#include "ui/widgets/messagepage.h"
#include "uitest.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

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

    static QByteArray twoContexts()
    {
        return "clusters:\n"
               "- name: demo\n  cluster: {server: 'https://127.0.0.1:6443'}\n"
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
        QCOMPARE(window.currentPage(), MainWindow::Page::Contexts);

        auto *view = window.findChild<QTableView *>(u"contextView"_s);
        QVERIFY(view && view->isVisible());
        QAbstractItemModel *model = view->model();
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->index(0, 1).data().toString(), u"demo-admin"_s);
        QCOMPARE(model->index(0, 2).data().toString(), u"demo"_s);
        QCOMPARE(model->index(0, 3).data().toString(), u"admin"_s);
        QCOMPARE(model->index(0, 4).data().toString(), u"shop"_s);
        QVERIFY(!model->index(0, 0).data().toString().isEmpty()); // current context marked
        QVERIFY(model->index(1, 0).data().toString().isEmpty());

        // The current context starts selected and its details show; selecting another shows that one.
        auto *heading = window.findChild<QLabel *>(u"contextHeading"_s);
        QVERIFY(heading->text().startsWith(u"demo-admin"_s));
        QCOMPARE(window.findChild<QLabel *>(u"server"_s)->text(), u"https://127.0.0.1:6443"_s);
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Down);
        QCOMPARE(heading->text(), u"staging-viewer"_s);
        QVERIFY(window.findChild<QLabel *>(u"tls"_s)->text().contains(u"not verified"_s));
        QVERIFY(!view->accessibleName().isEmpty());

        // A screenshot that shows something: text, header, selection, not one flat colour.
        view->selectRow(0);
        const QImage shot = uitest::saveScreenshot(&window, u"mainwindow-contexts"_s);
        QVERIFY(!shot.isNull());
        QVERIFY2(uitest::distinctColours(shot) > 20, "the window looks blank");
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

        // The file appears: Binnacle notices without a restart.
        QDir().mkpath(home + u"/.kube"_s);
        QFile file(home + u"/.kube/config"_s);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(twoContexts());
        file.close();
        QTRY_COMPARE_WITH_TIMEOUT(window.currentPage(), MainWindow::Page::Contexts, 5000);
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

        // Fixing the file and pressing Reload brings the contexts back.
        write(u"broken"_s, twoContexts());
        QTest::mouseClick(page->findChild<QPushButton *>(u"messageAction"_s), Qt::LeftButton);
        QCOMPARE(window.currentPage(), MainWindow::Page::Contexts);
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
            splitter->setSizes({600, 250});
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
