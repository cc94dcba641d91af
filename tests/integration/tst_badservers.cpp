// R7, bad servers, at the client level: what each broken server does to a request, to discovery and to an informer's
// cache. Certificates that are wrong on purpose (another CA, another name, expired, a client certificate nobody
// signed) are made with openssl and served by a scripted TLS server; 401 and 403 come from the real apiserver; an
// HTML page, a redirect and 500 from the scripted one. Each failure must say what happened in its own words, and a
// body that is not a list must never empty the cache (defect 3).

#include "await.h"
#include "faultproxy.h"
#include "scriptedapiserver.h"
#include "testcluster.h"
#include "testpki.h"

#include "client/discovery/discovery.h"
#include "client/transport/clusterconnection.h"
#include "client/transport/responsebody.h"
#include "client/watch/objectstore.h"
#include "client/watch/reflector.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

namespace {

using Answer = ScriptedApiServer::Answer;
using Request = ScriptedApiServer::Request;

const QByteArray LoginPage = "<!DOCTYPE html>\n<html><head><title>Sign in to Example SSO</title></head>\n"
                             "<body><form action=\"/login\">…</form></body></html>\n";

ApiResource pods()
{
    ApiResource resource;
    resource.version = u"v1"_s;
    resource.resource = u"pods"_s;
    resource.kind = u"Pod"_s;
    resource.namespaced = true;
    resource.verbs = {u"list"_s, u"watch"_s, u"get"_s};
    return resource;
}

QByteArray podList(const QStringList &names, int resourceVersion)
{
    QJsonArray items;
    for (const QString &name : names)
        items.append(QJsonObject {{u"metadata"_s,
                                   QJsonObject {{u"name"_s, name},
                                                {u"namespace"_s, u"shop"_s},
                                                {u"uid"_s, QString(u"uid-"_s + name)},
                                                {u"resourceVersion"_s, QString::number(resourceVersion)}}}});
    QJsonObject list {{u"kind"_s, u"PodList"_s}, {u"apiVersion"_s, u"v1"_s}};
    list.insert(u"metadata"_s, QJsonObject {{u"resourceVersion"_s, QString::number(resourceVersion)}});
    list.insert(u"items"_s, items);
    return QJsonDocument(list).toJson(QJsonDocument::Compact);
}

ApiResource configMaps()
{
    ApiResource resource = pods();
    resource.resource = u"configmaps"_s;
    resource.kind = u"ConfigMap"_s;
    return resource;
}

bool isWatch(const Request &request)
{
    return request.query.queryItemValue(u"watch"_s) == u"true"_s || request.query.hasQueryItem(u"watch"_s);
}

Result<ApiResponse> get(ClusterConnection &connection, const QString &path, int timeoutMs = 20000)
{
    ApiCall call = ApiCall::get(path);
    call.timeoutMs = timeoutMs;
    return await<ApiResponse>([&](QObject *context, auto done) { connection.request(call, context, done); },
                              timeoutMs + 10000);
}

// What discovery, the first thing a session does, fails with.
Error discoveryError(ClusterConnection &connection)
{
    Discovery discovery(&connection);
    QSignalSpy failed(&discovery, &Discovery::failed);
    QSignalSpy updated(&discovery, &Discovery::updated);
    discovery.refresh();
    if (!QTest::qWaitFor([&] { return !failed.isEmpty() || !updated.isEmpty(); }, 60000))
        return Error(Error::Kind::Cancelled, u"discovery neither failed nor finished"_s);
    if (failed.isEmpty())
        return Error(Error::Kind::Cancelled, u"discovery succeeded"_s);
    return failed.first().first().value<Error>();
}

} // namespace

Q_DECLARE_METATYPE(binnacle::testing::ScriptedApiServer::Answer)

class BadServersTest : public QObject
{
    Q_OBJECT

private:
    TestPki m_pki;
    TestPki::Issued m_ca; // what the kubeconfigs trust
    TestPki::Issued m_otherCa; // what nobody trusts
    TestPki::Issued m_serverCert; // by m_ca for 127.0.0.1

    ClusterConfig trusting(const ScriptedApiServer &server) const
    {
        ClusterConfig config;
        config.contextName = u"bad"_s;
        config.server = server.url();
        config.caCertificates = {m_ca.certificate};
        return config;
    }

private slots:
    void initTestCase()
    {
        qRegisterMetaType<binnacle::Error>();
        m_ca = m_pki.authority(u"trusted-ca"_s);
        m_otherCa = m_pki.authority(u"other-ca"_s);
        m_serverCert = m_pki.issue(m_ca, u"apiserver"_s, TestPki::Use::Server, {u"IP:127.0.0.1"_s});
        QVERIFY2(m_pki.isValid(), qPrintable(m_pki.error()));
    }

    // Defect 3: a LIST answered with something that is not a list, after a real list filled the cache.
    void answerThatIsNotAListKeepsTheCache_data()
    {
        QTest::addColumn<Answer>("answer");
        QTest::addColumn<QStringList>("expected"); // in the error's message

        QTest::newRow("html page") << Answer {200, LoginPage, "text/html; charset=utf-8", {}}
                                   << QStringList {u"200"_s, u"text/html"_s, u"Sign in to Example SSO"_s};
        QTest::newRow("login redirect") << Answer {302,
                                                   {},
                                                   {},
                                                   {{"Location", "https://sso.example.com/login?ticket=abc123"}}}
                                        << QStringList {u"302"_s, u"0 bytes"_s, u"https://sso.example.com/login"_s};
        QTest::newRow("json that is not a list")
            << Answer {200, R"({"message":"maintenance"})", "application/json", {}}
            << QStringList {u"200"_s, u"without the list's items"_s, u"maintenance"_s};
    }
    void answerThatIsNotAListKeepsTheCache()
    {
        QFETCH(Answer, answer);
        QFETCH(QStringList, expected);
        int lists = 0;
        ScriptedApiServer server([&](const Request &request) -> Answer {
            if (isWatch(request)) // "too old": the reflector lists again, and gets the bad answer
                return {410, ScriptedApiServer::status(410, u"Expired"_s, u"too old resource version: 1 (2)"_s)};
            return ++lists == 1 ? Answer {200, podList({u"web-1"_s, u"web-2"_s, u"db-0"_s}, 7)} : answer;
        });
        QVERIFY(server.listen());
        ClusterConfig config;
        config.server = server.url();
        ClusterConnection connection(config);
        ObjectStore store;
        Reflector reflector(&connection, pods(), {}, Reflector::Mode::Full, &store);
        reflector.setListStrategy(Reflector::ListStrategy::PagedList);
        QSignalSpy failed(&reflector, &Reflector::failed);
        reflector.start();

        QTRY_VERIFY_WITH_TIMEOUT(lists >= 2 && failed.size() >= 2, 10000); // the 410, then the bad list
        QCOMPARE(store.size(), 3);
        QVERIFY(store.get(u"shop/web-1"_s));
        QVERIFY(!store.get(QString()));
        QVERIFY(reflector.lastError());
        const Error error = *reflector.lastError();
        QCOMPARE(error.kind(), Error::Kind::Parse);
        for (const QString &part : expected)
            QVERIFY2(error.message().contains(part), qPrintable(error.message()));
        QVERIFY2(!error.message().contains(u"ticket"_s), qPrintable(error.message())); // a redirect's query stays out
        // It keeps trying, and the cache stays through every failed try.
        QTRY_VERIFY_WITH_TIMEOUT(lists >= 3, 10000);
        QCOMPARE(store.size(), 3);
    }

    // A server that echoes the request must not get our credentials into a message.
    void previewNeverShowsTheRequestsCredentials()
    {
        ScriptedApiServer server([](const Request &request) -> Answer {
            return {200,
                    "<html>you sent Authorization: " + request.headers.value("authorization") + " and token "
                        + request.headers.value("authorization").mid(7) + "</html>",
                    "text/html"};
        });
        QVERIFY(server.listen());
        ClusterConfig config;
        config.server = server.url();
        config.token = u"sentinel-R7-bearer-5f1d2c"_s;
        ClusterConnection connection(config);
        const Error error = discoveryError(connection);
        QCOMPARE(error.kind(), Error::Kind::Parse);
        QVERIFY2(error.message().contains(u"text/html"_s), qPrintable(error.message()));
        QVERIFY2(!error.message().contains(u"sentinel-R7"_s), qPrintable(error.message()));
    }

    void tlsFailuresSayWhatIsWrong_data()
    {
        QTest::addColumn<QString>("certificate"); // which server certificate
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("wrong CA") << u"other-ca"_s << QStringList {u"not signed by"_s, u"certificate-authority"_s};
        QTest::newRow("wrong server name")
            << u"other-name"_s << QStringList {u"other.example.com"_s, u"127.0.0.1"_s, u"tls-server-name"_s};
        QTest::newRow("expired") << u"expired"_s << QStringList {u"expired"_s, u"2021"_s};
    }
    void tlsFailuresSayWhatIsWrong()
    {
        QFETCH(QString, certificate);
        QFETCH(QStringList, expected);
        TestPki::Issued served;
        if (certificate == u"other-ca")
            served = m_pki.issue(m_otherCa, u"apiserver"_s, TestPki::Use::Server, {u"IP:127.0.0.1"_s});
        else if (certificate == u"other-name")
            served = m_pki.issue(m_ca, u"apiserver"_s, TestPki::Use::Server, {u"DNS:other.example.com"_s});
        else
            served = m_pki.issue(m_ca, u"apiserver"_s, TestPki::Use::Server, {u"IP:127.0.0.1"_s},
                                 QDateTime(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC),
                                 QDateTime(QDate(2021, 1, 1), QTime(0, 0), Qt::UTC));
        QVERIFY2(m_pki.isValid(), qPrintable(m_pki.error()));
        ScriptedApiServer server([](const Request &) -> Answer { return {200, "{}"}; });
        server.useTls(served.certificate, served.key);
        QVERIFY(server.listen());
        ClusterConnection connection(trusting(server));
        const Result<ApiResponse> reply = get(connection, u"/version"_s);
        QVERIFY(!reply);
        QVERIFY2(reply.error().kind() == Error::Kind::Tls, qPrintable(reply.error().message()));
        for (const QString &part : expected)
            QVERIFY2(reply.error().message().contains(part), qPrintable(reply.error().message()));
        QVERIFY(server.requests().isEmpty()); // nothing was sent to a server we could not verify
    }

    // A server that insists on a client certificate its CA signed, and gets one from another CA.
    void clientCertificateRefusedByTheHandshake()
    {
        ScriptedApiServer server([](const Request &) -> Answer { return {200, "{}"}; });
        server.useTls(m_serverCert.certificate, m_serverCert.key, {m_ca.certificate});
        QVERIFY(server.listen());
        const TestPki::Issued client = m_pki.issue(m_otherCa, u"someone"_s, TestPki::Use::Client);
        ClusterConfig config = trusting(server);
        config.clientCertificate = client.certificate;
        config.clientKey = client.key;
        ClusterConnection connection(config);
        const Result<ApiResponse> reply = get(connection, u"/version"_s);
        QVERIFY(!reply);
        QVERIFY2(reply.error().kind() == Error::Kind::Tls, qPrintable(reply.error().message()));
        QVERIFY2(reply.error().message().contains(u"client certificate"_s), qPrintable(reply.error().message()));
        QVERIFY(server.requests().isEmpty());
    }

    // The real apiserver does not break the handshake for a client certificate it cannot verify: it answers 401.
    void clientCertificateRefusedByTheApiserver()
    {
        ClusterConfig config = TestCluster::instance().config(u"admin"_s);
        const TestPki::Issued client = m_pki.issue(m_otherCa, u"admin"_s, TestPki::Use::Client);
        config.clientCertificate = client.certificate;
        config.clientKey = client.key;
        ClusterConnection connection(config);
        const Error error = discoveryError(connection);
        QVERIFY2(error.isUnauthorized(), qPrintable(error.message()));
    }

    void unauthorizedAndForbiddenFromTheApiserver()
    {
        ClusterConfig config = TestCluster::instance().config(u"admin-token"_s);
        config.token = u"not-a-token-the-server-knows"_s;
        ClusterConnection rejected(config);
        const Error unauthorized = discoveryError(rejected);
        QVERIFY2(unauthorized.isUnauthorized(), qPrintable(unauthorized.message()));

        ClusterConnection viewer(TestCluster::instance().config(u"viewer"_s));
        const Result<ApiResponse> nodes = get(viewer, u"/api/v1/nodes"_s);
        QVERIFY(!nodes);
        QVERIFY(nodes.error().isForbidden());
        QVERIFY2(nodes.error().message().contains(u"viewer"_s), qPrintable(nodes.error().message()));
    }

    void serverErrorsSayWhatCameBack_data()
    {
        QTest::addColumn<Answer>("answer");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("500 with a Status")
            << Answer {500, ScriptedApiServer::status(500, u"InternalError"_s, u"etcdserver: request timed out"_s)}
            << QStringList {u"etcdserver: request timed out"_s};
        QTest::newRow("502 from a proxy, in HTML")
            << Answer {502, "<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"}
            << QStringList {u"502"_s, u"HTML page"_s, u"Bad Gateway"_s};
        QTest::newRow("200 with HTML") << Answer {200, LoginPage, "text/html"}
                                       << QStringList {u"200"_s, u"text/html"_s, u"Sign in"_s};
    }
    void serverErrorsSayWhatCameBack()
    {
        QFETCH(Answer, answer);
        QFETCH(QStringList, expected);
        ScriptedApiServer server([&](const Request &) { return answer; });
        QVERIFY(server.listen());
        ClusterConfig config;
        config.server = server.url();
        ClusterConnection connection(config);
        const Error error = discoveryError(connection);
        QVERIFY(error.kind() == Error::Kind::Api || error.kind() == Error::Kind::Parse);
        for (const QString &part : expected)
            QVERIFY2(error.message().contains(part), qPrintable(error.message()));
        QVERIFY2(!error.message().contains(u"<html>"_s), qPrintable(error.message())); // no markup dumped raw
    }

    // A server that accepts the connection and never answers: the request ends at its timeout and says so.
    void serverThatNeverAnswers()
    {
        std::unique_ptr<ScriptedApiServer> server = ScriptedApiServer::silent();
        server->useTls(m_serverCert.certificate, m_serverCert.key);
        QVERIFY(server->listen());
        ClusterConnection connection(trusting(*server));
        QElapsedTimer timer;
        timer.start();
        const Result<ApiResponse> reply = get(connection, u"/version"_s, 1500);
        QVERIFY(!reply);
        QCOMPARE(reply.error().kind(), Error::Kind::Network);
        QVERIFY2(reply.error().message().contains(u"did not answer"_s), qPrintable(reply.error().message()));
        QVERIFY(timer.elapsed() < 8000);
        QCOMPARE(server->connections(), 1);
    }

    // The real apiserver behind a fault proxy: connections cut, stalled and slowed. The cache stays through every
    // fault, and once the link is back the informer carries on from where it was (a change made meanwhile arrives).
    void informerRidesOutCutsStallsAndSlowLinks()
    {
        const TestCluster &cluster = TestCluster::instance();
        ClusterConfig config = cluster.config(u"admin"_s);
        FaultProxy proxy(QHostAddress(config.server.host()), quint16(config.server.port()));
        QVERIFY(proxy.isListening());
        config.server.setPort(proxy.port());
        ClusterConnection connection(config);
        ObjectStore store;
        Reflector reflector(&connection, configMaps(), u"default"_s, Reflector::Mode::Table, &store);
        reflector.start();
        QTRY_VERIFY_WITH_TIMEOUT(reflector.isSynced(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(proxy.openConnections() >= 2, 10000); // the list's and the watch's
        const int cached = store.size();
        QVERIFY(cached > 0);

        // Cut: every connection drops at once.
        const int before = proxy.connectionsSoFar();
        proxy.cut();
        QCOMPARE(store.size(), cached);
        cluster.kubectl({u"create"_s, u"configmap"_s, u"fault-after-cut"_s, u"-n"_s, u"default"_s});
        QTRY_VERIFY_WITH_TIMEOUT(store.get(u"default/fault-after-cut"_s), 20000);
        QVERIFY(proxy.connectionsSoFar() > before);

        // Stall: nothing passes either way. A request times out and says so; the cache stays.
        proxy.stall();
        ApiCall call = ApiCall::get(u"/api/v1/namespaces/default/configmaps"_s);
        call.timeoutMs = 1500;
        const Result<ApiResponse> stalled
            = await<ApiResponse>([&](QObject *c, auto d) { connection.request(call, c, d); }, 10000);
        QVERIFY(!stalled);
        QVERIFY2(stalled.error().message().contains(u"did not answer in time"_s),
                 qPrintable(stalled.error().message()));
        cluster.kubectl({u"create"_s, u"configmap"_s, u"fault-during-stall"_s, u"-n"_s, u"default"_s});
        QTest::qWait(500);
        QVERIFY(!store.get(u"default/fault-during-stall"_s));
        QCOMPARE(store.size(), cached + 1);
        proxy.stall(false);
        QTRY_VERIFY_WITH_TIMEOUT(store.get(u"default/fault-during-stall"_s), 30000);

        // Slow: 16 KB/s each way. A paged list of every ConfigMap still completes, and equals the server's.
        proxy.slow(16 * 1024);
        ObjectStore slowStore;
        Reflector slowList(&connection, configMaps(), {}, Reflector::Mode::Table, &slowStore);
        slowList.setPageSize(20);
        slowList.setListStrategy(Reflector::ListStrategy::PagedList);
        slowList.start();
        QTRY_VERIFY_WITH_TIMEOUT(slowList.isSynced(), 60000);
        proxy.slow(0);
        const int expected = cluster.kubectl({u"get"_s, u"configmaps"_s, u"-A"_s, u"--no-headers"_s}).count('\n');
        QCOMPARE(slowStore.size(), expected);

        for (const QString &name : {u"fault-after-cut"_s, u"fault-during-stall"_s})
            cluster.kubectl({u"delete"_s, u"configmap"_s, name, u"-n"_s, u"default"_s});
    }
};

QTEST_GUILESS_MAIN(BadServersTest)
#include "tst_badservers.moc"
