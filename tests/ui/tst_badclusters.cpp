// R7 in the window: a kubeconfig with the real local cluster beside contexts that are broken in every way a person
// meets (another CA, another server name, an expired certificate, a client certificate or a token the server
// refuses, 403, 500, an HTML page, a server that never answers). Each shows its own message in the centre, in full,
// with what to do; the real cluster keeps working and keeps its cache while the broken ones fail.

#include "scriptedapiserver.h"
#include "testcluster.h"
#include "testpki.h"
#include "uitest.h"

#include "client/session/clustersession.h"
#include "ui/browser/browserpane.h"
#include "ui/browser/connectionproblemview.h"
#include "ui/mainwindow/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

namespace {

using Answer = ScriptedApiServer::Answer;
using Request = ScriptedApiServer::Request;

QByteArray base64(const QString &file)
{
    return TestPki::pem(file).toBase64();
}

bool hasRow(const QAbstractItemModel *model, const QString &text, const QModelIndex &parent = {})
{
    for (int row = 0; row < model->rowCount(parent); ++row) {
        const QModelIndex index = model->index(row, 0, parent);
        if (index.data().toString() == text || hasRow(model, text, index))
            return true;
    }
    return false;
}

// A server whose discovery and lists work until `*broken`; then its watches end as "too old" and every list answers
// with a proxy's HTML page (defect 3 in the window: the rows stay, and the problem is said above them).
ScriptedApiServer::Script htmlOnceBroken(const bool *broken)
{
    return [broken](const Request &request) -> Answer {
        const bool watch = request.query.hasQueryItem(u"watch"_s);
        if (request.path == u"/version")
            return {200, R"({"major":"1","minor":"36","gitVersion":"v1.36.0-scripted"})"};
        if (request.path == u"/api")
            return {200, R"({"kind":"APIVersions","versions":["v1"]})"};
        if (request.path == u"/apis")
            return {200, R"({"kind":"APIGroupList","apiVersion":"v1","groups":[]})"};
        if (request.path == u"/api/v1")
            return {
                200,
                R"({"kind":"APIResourceList","groupVersion":"v1","resources":[)"
                R"({"name":"pods","singularName":"pod","namespaced":true,"kind":"Pod","verbs":["get","list","watch"]},)"
                R"({"name":"namespaces","singularName":"namespace","namespaced":false,"kind":"Namespace","verbs":["get","list","watch"]}]})"};
        const QByteArray table = R"({"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"7"},)"
                                 R"("columnDefinitions":[{"name":"Name","type":"string","format":"name"}],"rows":[)";
        if (request.path == u"/api/v1/namespaces")
            return watch
                ? Answer {200, {}, "application/json", {}, true}
                : Answer {
                    200,
                    table
                        + R"({"cells":["shop"],"object":{"metadata":{"name":"shop","uid":"ns-1","resourceVersion":"7"}}}]})"};
        if (request.path == u"/api/v1/pods") {
            if (watch && *broken)
                return {410, ScriptedApiServer::status(410, u"Expired"_s, u"too old resource version: 7 (9)"_s)};
            if (watch)
                return {200, {}, "application/json", {}, true};
            if (!*broken)
                return {
                    200,
                    table
                        + R"({"cells":["web-1"],"object":{"metadata":{"name":"web-1","namespace":"shop","uid":"p-1","resourceVersion":"7"}}},)"
                          R"({"cells":["web-2"],"object":{"metadata":{"name":"web-2","namespace":"shop","uid":"p-2","resourceVersion":"7"}}}]})"};
            return {200,
                    "<!DOCTYPE html><html><head><title>Proxy maintenance</title></head><body>Back soon</body></html>",
                    "text/html"};
        }
        return {404,
                ScriptedApiServer::status(404, u"NotFound"_s, u"the server could not find the requested resource"_s)};
    };
}

} // namespace

class BadClustersTest : public QObject
{
    Q_OBJECT

private:
    const TestCluster &cluster = TestCluster::instance();
    QTemporaryDir m_dir;
    TestPki m_pki;
    std::vector<std::unique_ptr<ScriptedApiServer>> m_servers;
    std::unique_ptr<MainWindow> m_window;
    ScriptedApiServer *m_failing = nullptr;
    bool m_broken = false;
    ScriptedApiServer *m_breaking = nullptr;

    BrowserPane *browser() const { return m_window->findChild<BrowserPane *>(); }
    ConnectionProblemView *problem() const { return browser()->connectionProblemView(); }
    QString good() const { return cluster.context(u"admin"_s); }

    ScriptedApiServer *serve(ScriptedApiServer::Script script, const TestPki::Issued *certificate = nullptr)
    {
        auto server = std::make_unique<ScriptedApiServer>(std::move(script));
        if (certificate)
            server->useTls(certificate->certificate, certificate->key);
        if (!server->listen())
            qFatal("cannot listen");
        m_servers.push_back(std::move(server));
        return m_servers.back().get();
    }

    // The broken contexts, in a kubeconfig merged before the local cluster's own (whose cluster entry and CA the
    // client-certificate and token cases reuse).
    QString writeKubeconfig()
    {
        const TestPki::Issued ca = m_pki.authority(u"trusted-ca"_s);
        const TestPki::Issued otherCa = m_pki.authority(u"other-ca"_s);
        const TestPki::Issued good = m_pki.issue(ca, u"apiserver"_s, TestPki::Use::Server, {u"IP:127.0.0.1"_s});
        const TestPki::Issued otherName
            = m_pki.issue(ca, u"apiserver"_s, TestPki::Use::Server, {u"DNS:other.example.com"_s});
        const TestPki::Issued expired = m_pki.issue(ca, u"apiserver"_s, TestPki::Use::Server, {u"IP:127.0.0.1"_s},
                                                    QDateTime(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC),
                                                    QDateTime(QDate(2021, 1, 1), QTime(0, 0), Qt::UTC));
        const TestPki::Issued stranger = m_pki.issue(otherCa, u"admin"_s, TestPki::Use::Client);
        if (!m_pki.isValid())
            qFatal("%s", qPrintable(m_pki.error()));

        const auto ok = [](const Request &) { return Answer {200, "{}"}; };
        ScriptedApiServer *wrongName = serve(ok, &otherName);
        ScriptedApiServer *expiredServer = serve(ok, &expired);
        ScriptedApiServer *forbidden = serve([](const Request &request) {
            return Answer {403,
                           ScriptedApiServer::status(
                               403, u"Forbidden"_s,
                               u"forbidden: User \"system:anonymous\" cannot get path \"%1\""_s.arg(request.path))};
        });
        ScriptedApiServer *failing = m_failing = serve([](const Request &) {
            return Answer {500, ScriptedApiServer::status(500, u"InternalError"_s, u"etcdserver: leader changed"_s)};
        });
        ScriptedApiServer *html = serve([](const Request &) {
            return Answer {200, "<!DOCTYPE html><html><head><title>Sign in to Example SSO</title></head></html>",
                           "text/html; charset=utf-8"};
        });
        ScriptedApiServer *listsOnce = m_breaking = serve(htmlOnceBroken(&m_broken));
        m_servers.push_back(ScriptedApiServer::silent());
        ScriptedApiServer *silent = m_servers.back().get();
        silent->useTls(good.certificate, good.key);
        if (!silent->listen())
            qFatal("cannot listen");

        const QByteArray caData = base64(ca.certificateFile);
        const QByteArray realCluster = cluster.config(u"admin"_s).clusterName.toUtf8();
        auto entry = [&](const QByteArray &name, const QUrl &server, const QByteArray &authority) -> QByteArray {
            return "- name: " + name + "\n  cluster:\n    server: " + server.toString().toUtf8()
                + "\n    certificate-authority-data: " + authority + "\n";
        };
        QByteArray yaml = "apiVersion: v1\nkind: Config\ncurrent-context: " + this->good().toUtf8() + "\nclusters:\n";
        yaml += entry("wrong-ca", QUrl(cluster.server()), base64(otherCa.certificateFile));
        yaml += entry("wrong-name", wrongName->url(), caData);
        yaml += entry("expired", expiredServer->url(), caData);
        yaml += entry("silent", silent->url(), caData);
        for (const auto &[name, server] :
             {std::pair {QByteArray("forbidden"), forbidden}, std::pair {QByteArray("failing"), failing},
              std::pair {QByteArray("html"), html}, std::pair {QByteArray("lists-once"), listsOnce}})
            yaml += "- name: " + name + "\n  cluster: {server: '" + server->url().toString().toUtf8() + "'}\n";
        yaml += "users:\n"
                "- name: revoked-token\n  user: {token: not-a-token-the-server-knows}\n"
                "- name: stranger\n  user:\n    client-certificate-data: "
            + base64(stranger.certificateFile) + "\n    client-key-data: " + base64(stranger.keyFile) + "\n";
        yaml += "contexts:\n";
        for (const auto &[context, clusterName, user] :
             {std::tuple {"bad-wrong-ca", QByteArray("wrong-ca"), "revoked-token"},
              std::tuple {"bad-wrong-name", QByteArray("wrong-name"), "revoked-token"},
              std::tuple {"bad-expired", QByteArray("expired"), "revoked-token"},
              std::tuple {"bad-client-certificate", realCluster, "stranger"},
              std::tuple {"bad-token", realCluster, "revoked-token"},
              std::tuple {"bad-forbidden", QByteArray("forbidden"), "revoked-token"},
              std::tuple {"bad-server-error", QByteArray("failing"), "revoked-token"},
              std::tuple {"bad-html", QByteArray("html"), "revoked-token"},
              std::tuple {"bad-silent", QByteArray("silent"), "revoked-token"},
              std::tuple {"bad-relist", QByteArray("lists-once"), "revoked-token"}})
            yaml += QByteArray("- name: ") + context + "\n  context: {cluster: " + clusterName + ", user: " + user
                + "}\n";
        QFile file(m_dir.filePath(u"broken.kubeconfig"_s));
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write the kubeconfig");
        file.write(yaml);
        return file.fileName();
    }

    void waitForTheGoodCluster()
    {
        QVERIFY(m_window->session(good()));
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->session(good())->mapper().isEmpty(), 20000);
        m_window->showOverview(good());
        QTRY_VERIFY_WITH_TIMEOUT(hasRow(browser()->treeView()->model(), u"frontend"_s), 20000);
    }

private slots:
    void initTestCase()
    {
        QSettings().clear();
        const QString broken = writeKubeconfig();
        m_window = std::make_unique<MainWindow>(
            KubeconfigSources {{}, broken + u':' + cluster.kubeconfig(), QDir::homePath()});
        m_window->resize(1400, 860);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        waitForTheGoodCluster();
    }

    void cleanupTestCase() { m_window.reset(); }

    void eachBrokenClusterSaysWhatIsWrong_data()
    {
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("title");
        QTest::addColumn<QStringList>("body");
        QTest::newRow("wrong CA") << u"bad-wrong-ca"_s << u"secure connection"_s
                                  << QStringList {u"not signed by the certificate-authority"_s, u"issued by"_s};
        QTest::newRow("wrong server name") << u"bad-wrong-name"_s << u"secure connection"_s
                                           << QStringList {u"other.example.com, not 127.0.0.1"_s, u"tls-server-name"_s};
        QTest::newRow("expired certificate")
            << u"bad-expired"_s << u"secure connection"_s << QStringList {u"expired on 1 Jan 2021"_s};
        QTest::newRow("client certificate refused")
            << u"bad-client-certificate"_s << u"did not accept your credentials"_s
            << QStringList {u"client certificate of stranger"_s, u"not signed by a CA the cluster trusts"_s};
        QTest::newRow("401") << u"bad-token"_s << u"did not accept your credentials"_s
                             << QStringList {u"bearer token of revoked-token"_s};
        QTest::newRow("403") << u"bad-forbidden"_s << u"forbids revoked-token"_s
                             << QStringList {u"cannot get path"_s, u"administrator"_s};
        QTest::newRow("500") << u"bad-server-error"_s << u"failed to answer (500)"_s
                             << QStringList {u"etcdserver: leader changed"_s, u"server's side"_s};
        QTest::newRow("HTML instead of JSON")
            << u"bad-html"_s << u"did not answer like a Kubernetes API server"_s
            << QStringList {u"text/html"_s, u"Sign in to Example SSO"_s, u"login page"_s};
        QTest::newRow("never answers") << u"bad-silent"_s << u"No answer from bad-silent yet"_s
                                       << QStringList {u"has not answered for 10 seconds"_s};
    }
    void eachBrokenClusterSaysWhatIsWrong()
    {
        QFETCH(QString, context);
        QFETCH(QString, title);
        QFETCH(QStringList, body);
        m_window->showOverview(context);
        auto *stack = browser()->findChild<QStackedWidget *>();
        QTRY_VERIFY_WITH_TIMEOUT(problem()->context() == context && problem()->title().contains(title), 20000);
        QVERIFY(problem()->isVisible());
        QCOMPARE(stack->currentWidget(), problem());
        for (const QString &part : body)
            QVERIFY2(problem()->bodyText().contains(part), qPrintable(problem()->bodyText()));
        QVERIFY2(!problem()->bodyText().contains(u"Pick a cluster"_s), qPrintable(problem()->bodyText()));
        // In full: the wrapped message gets all the height it needs.
        auto *text = problem()->findChild<QLabel *>(u"messageBody"_s);
        QTRY_VERIFY2(
            text->height() >= text->heightForWidth(text->width()),
            qPrintable(u"%1 px high, %2 needed"_s.arg(text->height()).arg(text->heightForWidth(text->width()))));
        uitest::saveScreenshot(m_window.get(), u"badclusters-"_s + context);

        // Meanwhile the real cluster works, and what it had cached is still there.
        m_window->showOverview(good());
        QTRY_VERIFY_WITH_TIMEOUT(hasRow(browser()->treeView()->model(), u"frontend"_s), 15000);
    }

    void theGoodClustersTableStillFills()
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_window->showKind(good(), u"pods"_s), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(browser()->tableView()->model()->rowCount() > 10, 15000);
        // The broken sessions are still failed, the good one connected.
        QCOMPARE(m_window->session(good())->state(), ClusterSession::State::Connected);
        QCOMPARE(m_window->session(u"bad-html"_s)->state(), ClusterSession::State::Failed);
    }

    // Connected, listed once, then the lists turn into HTML: the rows stay, and the view says what came back.
    void aListThatTurnsIntoHtmlKeepsTheRowsAndSaysSo()
    {
        m_window->showOverview(u"bad-relist"_s); // connects
        QTRY_VERIFY2_WITH_TIMEOUT(m_window->showKind(u"bad-relist"_s, u"pods"_s),
                                  qPrintable(problem()->title() + u": "_s + problem()->bodyText()), 20000);
        auto *note = browser()->findChild<QLabel *>(u"listProblem"_s);
        QVERIFY(note);
        QTRY_COMPARE_WITH_TIMEOUT(browser()->tableView()->model()->rowCount(), 2, 20000);
        QVERIFY(!note->isVisible());
        m_broken = true;
        m_breaking->endStreams(); // the watches come back, hear "too old", and list again: HTML
        // The watch's "too old resource version" shows first, while the relist it starts is on its way: wait for
        // what that list got back, not for the first thing the note says.
        QTRY_VERIFY2_WITH_TIMEOUT(note->isVisible() && note->text().contains(u"text/html"_s)
                                      && note->text().contains(u"Proxy maintenance"_s),
                                  qPrintable(note->text()), 20000);
        QCOMPARE(browser()->tableView()->model()->rowCount(), 2);
        uitest::saveScreenshot(m_window.get(), u"badclusters-relist-html"_s);
    }

    // Retry on a failed cluster asks the server again, and says again what came back.
    void retryAsksAgain()
    {
        m_window->showOverview(u"bad-server-error"_s);
        QTRY_VERIFY_WITH_TIMEOUT(problem()->isFailure() && problem()->context() == u"bad-server-error"_s, 20000);
        const qsizetype asked = m_failing->requests().size();
        auto *button = problem()->findChild<QPushButton *>(u"messageAction"_s);
        QVERIFY(button && button->isVisible());
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m_failing->requests().size() > asked, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(problem()->isFailure() && problem()->title().contains(u"(500)"_s), 20000);
    }
};

BINNACLE_UITEST_MAIN(BadClustersTest)
#include "tst_badclusters.moc"
