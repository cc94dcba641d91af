// The client layer against the real local cluster, as each of its users: discovery, reads, writes with every patch
// type, optimistic concurrency, RBAC, tables, paging, HTTP/2 and streams that never starve short requests.

#include "await.h"
#include "testcluster.h"
#include "tinyproxy.h"

#include "client/discovery/discovery.h"
#include "client/resources/accessreview.h"
#include "client/resources/resourceclient.h"
#include "client/transport/clusterconnection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

namespace {

QJsonObject configMap(const QString &name, const QString &ns, const QJsonObject &data)
{
    return {{u"apiVersion"_s, u"v1"_s},
            {u"kind"_s, u"ConfigMap"_s},
            {u"metadata"_s, QJsonObject {{u"name"_s, name}, {u"namespace"_s, ns}}},
            {u"data"_s, data}};
}

QString resourceVersionOf(const QJsonObject &object)
{
    return object.value(u"metadata"_s).toObject().value(u"resourceVersion"_s).toString();
}

QByteArray json(const QJsonArray &array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

// One connected user: connection, discovery, resource client.
struct Session
{
    explicit Session(const ClusterConfig &config)
        : connection(config)
        , discovery(&connection)
        , client(&connection)
    {
        QSignalSpy updated(&discovery, &Discovery::updated);
        QSignalSpy failed(&discovery, &Discovery::failed);
        discovery.refresh();
        if (!QTest::qWaitFor([&] { return !updated.isEmpty() || !failed.isEmpty(); }, 30000) || !failed.isEmpty())
            qWarning("discovery failed for %s", qPrintable(config.contextName));
    }
    ApiResource resource(const QString &name) const { return *discovery.mapper().find(name); }

    ClusterConnection connection;
    Discovery discovery;
    ResourceClient client;
};

} // namespace

class ClientTest : public QObject
{
    Q_OBJECT

private:
    const TestCluster &cluster = TestCluster::instance();
    QString ns() const { return cluster.limitedNamespace(); }

private slots:
    void discoveryAsEveryUser_data()
    {
        QTest::addColumn<QString>("user");
        for (const char *user : {"admin", "admin-token", "viewer", "operator"})
            QTest::newRow(user) << QString::fromLatin1(user);
    }

    void discoveryAsEveryUser()
    {
        QFETCH(QString, user);
        Session session(cluster.config(user));
        QVERIFY(session.discovery.isReady());
        QVERIFY2(session.discovery.serverVersion().startsWith(u"v1.36"_s),
                 qPrintable(session.discovery.serverVersion()));
        QVERIFY(session.discovery.usedAggregatedDiscovery());
        QCOMPARE(session.discovery.mapper().find(u"deploy"_s)->group, u"apps"_s);
        QVERIFY(session.discovery.mapper().find(u"po"_s)->subresources.contains(u"exec"_s));
    }

    // What each user may do succeeds; what it may not gets the server's Forbidden, with its message.
    void rbacAsEveryUser_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<bool>("listPodsInNamespace");
        QTest::addColumn<bool>("listSecretsInKubeSystem");
        QTest::addColumn<bool>("createConfigMap");
        QTest::newRow("admin") << u"admin"_s << true << true << true;
        QTest::newRow("admin-token") << u"admin-token"_s << true << true << true;
        QTest::newRow("viewer") << u"viewer"_s << true << false << false;
        QTest::newRow("operator") << u"operator"_s << true << false << false;
    }

    void rbacAsEveryUser()
    {
        QFETCH(QString, user);
        QFETCH(bool, listPodsInNamespace);
        QFETCH(bool, listSecretsInKubeSystem);
        QFETCH(bool, createConfigMap);
        Session session(cluster.config(user));

        Result<ObjectList> pods = await<ObjectList>(
            [&](QObject *ctx, auto done) { session.client.list(session.resource(u"pods"_s), ns(), {}, ctx, done); });
        QCOMPARE(pods.ok(), listPodsInNamespace);
        if (pods)
            QVERIFY(!pods->items.isEmpty());

        Result<ObjectList> secrets = await<ObjectList>([&](QObject *ctx, auto done) {
            session.client.list(session.resource(u"secrets"_s), u"kube-system"_s, {}, ctx, done);
        });
        QCOMPARE(secrets.ok(), listSecretsInKubeSystem);
        if (!secrets) {
            QVERIFY(secrets.error().isForbidden());
            QCOMPARE(secrets.error().status().code, 403);
            QVERIFY2(secrets.error().message().contains(u"cannot list resource \"secrets\""_s),
                     qPrintable(secrets.error().message()));
        }

        const QString name = u"rbac-"_s + user;
        Result<ObjectReply> created = await<ObjectReply>([&](QObject *ctx, auto done) {
            WriteOptions dryRun;
            dryRun.dryRun = true; // nothing to clean up
            session.client.create(session.resource(u"cm"_s), ns(), configMap(name, ns(), {}), dryRun, ctx, done);
        });
        QCOMPARE(created.ok(), createConfigMap);
        if (!created)
            QVERIFY(created.error().isForbidden());
    }

    // The server's own answer to "can I?", as `kubectl auth can-i` asks it, for each user.
    void accessReviewAsEveryUser_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<bool>("execInNamespace");
        QTest::addColumn<bool>("listSecretsInNamespace");
        QTest::addColumn<bool>("deleteNodes");
        QTest::newRow("admin") << u"admin"_s << true << true << true;
        QTest::newRow("viewer") << u"viewer"_s << false << false << false;
        QTest::newRow("operator") << u"operator"_s << true << false << false;
    }

    void accessReviewAsEveryUser()
    {
        QFETCH(QString, user);
        QFETCH(bool, execInNamespace);
        QFETCH(bool, listSecretsInNamespace);
        QFETCH(bool, deleteNodes);
        ClusterConnection connection(cluster.config(user));
        const AccessReview review(&connection);
        auto ask = [&](const AccessReview::Question &q) {
            Result<AccessReview::Answer> answer
                = await<AccessReview::Answer>([&](QObject *c, auto d) { review.canI(q, c, d); });
            if (!answer)
                qFatal("SelfSubjectAccessReview failed: %s", qPrintable(answer.error().message()));
            return answer->allowed;
        };
        QCOMPARE(ask({u"create"_s, {}, u"pods"_s, u"exec"_s, ns(), {}}), execInNamespace);
        QCOMPARE(ask({u"list"_s, {}, u"secrets"_s, {}, ns(), {}}), listSecretsInNamespace);
        QCOMPARE(ask({u"delete"_s, {}, u"nodes"_s, {}, {}, {}}), deleteNodes);
        QVERIFY(ask({u"list"_s, {}, u"pods"_s, {}, ns(), {}})); // everyone may list pods in the shared namespace

        Result<AccessReview::Rules> rules
            = await<AccessReview::Rules>([&](QObject *c, auto d) { review.rules(ns(), c, d); });
        QVERIFY(rules.ok());
        QVERIFY(rules->allows(u"list"_s, QString(), u"pods"_s));
        QCOMPARE(rules->allows(u"create"_s, QString(), u"pods/exec"_s), execInNamespace);
    }

    // proxy-url: through an HTTP CONNECT proxy and a SOCKS5 proxy, TLS to the real server still verified.
    void proxyUrlIsHonoured_data()
    {
        QTest::addColumn<int>("protocol");
        QTest::addColumn<QString>("scheme");
        QTest::newRow("http CONNECT") << int(TinyProxy::Protocol::HttpConnect) << u"http"_s;
        QTest::newRow("socks5") << int(TinyProxy::Protocol::Socks5) << u"socks5"_s;
    }

    void proxyUrlIsHonoured()
    {
        QFETCH(int, protocol);
        QFETCH(QString, scheme);
        TinyProxy proxy {TinyProxy::Protocol(protocol)};
        ClusterConfig config = cluster.config(u"admin"_s);
        config.proxyUrl = QUrl(u"%1://127.0.0.1:%2"_s.arg(scheme).arg(proxy.serverPort()));
        ClusterConnection connection(config);
        Result<ApiResponse> reply
            = await<ApiResponse>([&](QObject *c, auto d) { connection.request(ApiCall::get(u"/version"_s), c, d); });
        QVERIFY2(reply.ok(), qPrintable(reply.ok() ? QString() : reply.error().message()));
        QCOMPARE(proxy.tunnels(), 1);
        QCOMPARE(proxy.lastTarget(), (config.server.host() + u':' + QString::number(config.server.port())).toLatin1());
    }

    // tls-server-name: the name checked against the certificate, whatever the URL's host.
    void tlsServerNameIsVerified()
    {
        ClusterConfig config = cluster.config(u"admin"_s);
        config.tlsServerName = u"localhost"_s; // in the server's SANs
        ClusterConnection good(config);
        QVERIFY(await<ApiResponse>([&](QObject *c, auto d) { good.request(ApiCall::get(u"/version"_s), c, d); }).ok());
        config.tlsServerName = u"not-this-server.example"_s;
        ClusterConnection wrong(config);
        Result<ApiResponse> refused
            = await<ApiResponse>([&](QObject *c, auto d) { wrong.request(ApiCall::get(u"/version"_s), c, d); });
        QCOMPARE(refused.error().kind(), Error::Kind::Tls);
    }

    void usesHttp2()
    {
        ClusterConnection connection(cluster.config(u"admin"_s));
        Result<ApiResponse> reply = await<ApiResponse>(
            [&](QObject *ctx, auto done) { connection.request(ApiCall::get(u"/version"_s), ctx, done); });
        QVERIFY(reply.ok());
        QVERIFY(reply->http2);
    }

    void writesWithEveryPatchTypeAndOptimisticConcurrency()
    {
        Session s(cluster.config(u"admin"_s));
        const ApiResource cm = s.resource(u"configmaps"_s);
        const QString name = u"client-test-writes"_s;
        cluster.kubectl({u"delete"_s, u"configmap"_s, name, u"-n"_s, ns(), u"--ignore-not-found"_s});

        // Dry run: validated, not stored.
        WriteOptions dryRun;
        dryRun.dryRun = true;
        QVERIFY(await<ObjectReply>([&](QObject *c, auto d) {
                    s.client.create(cm, ns(), configMap(name, ns(), {{u"a"_s, u"1"_s}}), dryRun, c, d);
                }).ok());
        QVERIFY(
            await<ObjectReply>([&](QObject *c, auto d) { s.client.get(cm, ns(), name, c, d); }).error().isNotFound());

        Result<ObjectReply> created = await<ObjectReply>([&](QObject *c, auto d) {
            s.client.create(cm, ns(), configMap(name, ns(), {{u"a"_s, u"1"_s}}), {}, c, d);
        });
        QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().message()));
        const QString rv = resourceVersionOf(created->object);

        // JSON Patch guarded by a test on resourceVersion: applies while nobody else changed the object...
        const QJsonArray patch {
            QJsonObject {{u"op"_s, u"test"_s}, {u"path"_s, u"/metadata/resourceVersion"_s}, {u"value"_s, rv}},
            QJsonObject {{u"op"_s, u"replace"_s}, {u"path"_s, u"/data/a"_s}, {u"value"_s, u"2"_s}}};
        Result<ObjectReply> patched = await<ObjectReply>(
            [&](QObject *c, auto d) { s.client.patch(cm, ns(), name, PatchType::Json, json(patch), {}, c, d); });
        QVERIFY(patched.ok());
        QCOMPARE(patched->object.value(u"data"_s).toObject().value(u"a"_s).toString(), u"2"_s);

        // ...and is refused (422 Invalid, not 409) once it has changed.
        Result<ObjectReply> stale = await<ObjectReply>(
            [&](QObject *c, auto d) { s.client.patch(cm, ns(), name, PatchType::Json, json(patch), {}, c, d); });
        QVERIFY(!stale.ok());
        QVERIFY(stale.error().isInvalid());
        QCOMPARE(stale.error().status().code, 422);

        // A PUT with a stale resourceVersion is a 409 Conflict.
        QJsonObject old = created->object;
        QJsonObject data {{u"a"_s, u"3"_s}};
        old.insert(u"data"_s, data);
        Result<ObjectReply> conflict
            = await<ObjectReply>([&](QObject *c, auto d) { s.client.replace(cm, ns(), old, {}, c, d); });
        QVERIFY(conflict.error().isConflict());

        // Merge and strategic merge patches.
        QVERIFY(await<ObjectReply>([&](QObject *c, auto d) {
                    s.client.patch(cm, ns(), name, PatchType::Merge, R"({"data":{"b":"merge"}})", {}, c, d);
                }).ok());
        Result<ObjectReply> strategic = await<ObjectReply>([&](QObject *c, auto d) {
            s.client.patch(cm, ns(), name, PatchType::StrategicMerge, R"({"metadata":{"labels":{"via":"smp"}}})", {}, c,
                           d);
        });
        QVERIFY(strategic.ok());
        QCOMPARE(strategic->object.value(u"data"_s).toObject().value(u"b"_s).toString(), u"merge"_s);
        QCOMPARE(
            strategic->object.value(u"metadata"_s).toObject().value(u"labels"_s).toObject().value(u"via"_s).toString(),
            u"smp"_s);

        // Server-side apply: a second manager conflicts on a field the first owns, unless it forces.
        const QByteArray applied
            = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name.toUtf8() + "}\ndata: {owned: first}\n";
        WriteOptions first;
        first.fieldManager = u"first-manager"_s;
        QVERIFY(await<ObjectReply>([&](QObject *c, auto d) {
                    s.client.patch(cm, ns(), name, PatchType::Apply, applied, first, c, d);
                }).ok());
        WriteOptions second;
        second.fieldManager = u"second-manager"_s;
        const QByteArray takeOver = QByteArray(applied).replace("first", "second");
        Result<ObjectReply> applyConflict = await<ObjectReply>(
            [&](QObject *c, auto d) { s.client.patch(cm, ns(), name, PatchType::Apply, takeOver, second, c, d); });
        QVERIFY(applyConflict.error().isConflict());
        QVERIFY(!applyConflict.error().status().causes.isEmpty());
        second.force = true;
        Result<ObjectReply> forced = await<ObjectReply>(
            [&](QObject *c, auto d) { s.client.patch(cm, ns(), name, PatchType::Apply, takeOver, second, c, d); });
        QVERIFY(forced.ok());
        QCOMPARE(forced->object.value(u"data"_s).toObject().value(u"owned"_s).toString(), u"second"_s);

        // Delete with a UID precondition that does not match is refused; with the right one it goes.
        DeleteOptions wrongUid;
        wrongUid.uid = u"00000000-0000-0000-0000-000000000000"_s;
        QVERIFY(await<ObjectReply>([&](QObject *c, auto d) { s.client.remove(cm, ns(), name, wrongUid, c, d); })
                    .error()
                    .isConflict());
        DeleteOptions rightUid;
        rightUid.uid = created->object.value(u"metadata"_s).toObject().value(u"uid"_s).toString();
        QVERIFY(await<ObjectReply>([&](QObject *c, auto d) { s.client.remove(cm, ns(), name, rightUid, c, d); }).ok());
        QVERIFY(
            await<ObjectReply>([&](QObject *c, auto d) { s.client.get(cm, ns(), name, c, d); }).error().isNotFound());
    }

    void fieldValidationWarnsOrRefuses()
    {
        Session s(cluster.config(u"admin"_s));
        const ApiResource cm = s.resource(u"configmaps"_s);
        QJsonObject object = configMap(u"client-test-validation"_s, ns(), {});
        object.insert(u"bogusField"_s, 1);

        WriteOptions warn;
        warn.dryRun = true;
        warn.fieldValidation = u"Warn"_s;
        Result<ObjectReply> warned
            = await<ObjectReply>([&](QObject *c, auto d) { s.client.create(cm, ns(), object, warn, c, d); });
        QVERIFY(warned.ok());
        QCOMPARE(warned->warnings.size(), 1);
        QVERIFY2(warned->warnings.first().contains(u"bogusField"_s), qPrintable(warned->warnings.first()));

        WriteOptions strict = warn;
        strict.fieldValidation = u"Strict"_s;
        Result<ObjectReply> refused
            = await<ObjectReply>([&](QObject *c, auto d) { s.client.create(cm, ns(), object, strict, c, d); });
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().status().code, 400);
        QVERIFY(refused.error().message().contains(u"bogusField"_s));
    }

    void pagedListMatchesKubectl()
    {
        Session s(cluster.config(u"admin"_s));
        ListOptions small;
        small.limit = 3;
        Result<ObjectList> pods = await<ObjectList>(
            [&](QObject *c, auto d) { s.client.list(s.resource(u"pods"_s), QString(), small, c, d); });
        QVERIFY(pods.ok());
        const QJsonArray kubectlPods
            = QJsonDocument::fromJson(cluster.kubectl({u"get"_s, u"pods"_s, u"-A"_s, u"-o"_s, u"json"_s}))
                  .object()
                  .value(u"items"_s)
                  .toArray();
        QVERIFY(pods->pages > 1);
        QCOMPARE(pods->items.size(), kubectlPods.size());
        QVERIFY(!pods->resourceVersion.isEmpty());
    }

    void tablesCarryTheServersColumns()
    {
        Session s(cluster.config(u"viewer"_s));
        Result<Table> table
            = await<Table>([&](QObject *c, auto d) { s.client.table(s.resource(u"pods"_s), ns(), {}, c, d); });
        QVERIFY(table.ok());
        QStringList names;
        for (const TableColumn &column : table->columns)
            names << column.name;
        QVERIFY2(names.mid(0, 5) == QStringList({u"Name"_s, u"Ready"_s, u"Status"_s, u"Restarts"_s, u"Age"_s}),
                 qPrintable(names.join(u',')));
        QCOMPARE(table->columns.first().format, u"name"_s);
        QVERIFY(!table->rows.isEmpty());
        QCOMPARE(table->rows.first().object.value(u"kind"_s).toString(), u"PartialObjectMetadata"_s);
        QCOMPARE(table->rows.first().cells.size(), table->columns.size());
    }

    void crdCreatedAfterConnectingBecomesKnown()
    {
        Session s(cluster.config(u"admin"_s));
        QVERIFY(!s.discovery.mapper().find(u"gizmos"_s));
        cluster.kubectl({u"apply"_s, u"-f"_s, u"-"_s}, true,
                        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
                        "metadata: {name: gizmos.late.binnacle.io}\n"
                        "spec:\n  group: late.binnacle.io\n  scope: Namespaced\n"
                        "  names: {plural: gizmos, singular: gizmo, kind: Gizmo, shortNames: [gz]}\n"
                        "  versions:\n  - name: v1\n    served: true\n    storage: true\n"
                        "    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}\n");
        QSignalSpy changed(&s.discovery, &Discovery::resourcesChanged);
        // The apiserver publishes a new CRD to discovery within a few seconds; refresh until it shows.
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     if (changed.isEmpty())
                                         s.discovery.refresh();
                                     return s.discovery.mapper().find(u"gz"_s).has_value();
                                 }()),
                                 20000);
        QCOMPARE(s.discovery.mapper().find(u"gz"_s)->kind, u"Gizmo"_s);
        cluster.kubectl({u"delete"_s, u"crd"_s, u"gizmos.late.binnacle.io"_s});
    }

    void failuresSayWhatToCheck()
    {
        // A wrong token: 401 from the server.
        ClusterConfig badToken = cluster.config(u"admin-token"_s);
        badToken.token = u"not-a-valid-token"_s;
        ClusterConnection unauthorized(badToken);
        Result<ApiResponse> denied
            = await<ApiResponse>([&](QObject *c, auto d) { unauthorized.request(ApiCall::get(u"/api"_s), c, d); });
        QVERIFY(denied.error().isUnauthorized());
        // A token file fixed after a 401 works on the next request (Qt must not keep the refused connection).
        QTemporaryFile tokenFile;
        QVERIFY(tokenFile.open());
        tokenFile.write(cluster.config(u"admin-token"_s).token.toUtf8());
        tokenFile.flush();
        ClusterConfig fromFile = badToken;
        fromFile.token.clear();
        fromFile.tokenFile = tokenFile.fileName();
        QFile::setPermissions(tokenFile.fileName(), QFile::ReadOwner | QFile::WriteOwner);
        ClusterConnection rotating(fromFile);
        QVERIFY(await<ApiResponse>([&](QObject *c, auto d) { rotating.request(ApiCall::get(u"/api"_s), c, d); }).ok());
        QVERIFY(tokenFile.resize(0));
        QVERIFY(tokenFile.seek(0));
        tokenFile.write("revoked");
        tokenFile.flush();
        // A rotation is seen by its modification time; set one rather than wait for the clock to tick.
        QVERIFY(tokenFile.setFileTime(QDateTime::currentDateTime().addSecs(5), QFileDevice::FileModificationTime));
        QVERIFY(await<ApiResponse>([&](QObject *c, auto d) { rotating.request(ApiCall::get(u"/api"_s), c, d); })
                    .error()
                    .isUnauthorized());
        QVERIFY(tokenFile.resize(0));
        QVERIFY(tokenFile.seek(0));
        tokenFile.write(cluster.config(u"admin-token"_s).token.toUtf8());
        tokenFile.flush();
        QVERIFY(tokenFile.setFileTime(QDateTime::currentDateTime().addSecs(10), QFileDevice::FileModificationTime));
        QVERIFY(await<ApiResponse>([&](QObject *c, auto d) { rotating.request(ApiCall::get(u"/api"_s), c, d); }).ok());

        // A CA that did not sign the server's certificate: a TLS error, not a generic one.
        ClusterConfig wrongCa = cluster.config(u"admin"_s);
        wrongCa.caCertificates = QSslCertificate::fromPath(u"/etc/ssl/certs/ca-certificates.crt"_s).mid(0, 1);
        ClusterConnection untrusted(wrongCa);
        Result<ApiResponse> tls
            = await<ApiResponse>([&](QObject *c, auto d) { untrusted.request(ApiCall::get(u"/version"_s), c, d); });
        QCOMPARE(tls.error().kind(), Error::Kind::Tls);
        QVERIFY2(tls.error().message().contains(u"certificate-authority"_s), qPrintable(tls.error().message()));

        // insecure-skip-tls-verify connects anyway.
        ClusterConfig insecure = wrongCa;
        insecure.caCertificates.clear();
        insecure.insecureSkipTlsVerify = true;
        ClusterConnection skipping(insecure);
        QVERIFY(
            await<ApiResponse>([&](QObject *c, auto d) { skipping.request(ApiCall::get(u"/version"_s), c, d); }).ok());

        // Nobody listening: a network error naming the server.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        ClusterConfig nowhere = cluster.config(u"admin"_s);
        nowhere.server.setPort(port);
        ClusterConnection refused(nowhere);
        Result<ApiResponse> network
            = await<ApiResponse>([&](QObject *c, auto d) { refused.request(ApiCall::get(u"/version"_s), c, d); });
        QCOMPARE(network.error().kind(), Error::Kind::Network);
        QVERIFY(network.error().message().contains(nowhere.server.toString()));
    }

    // 120 open watches (more than the server's 100 streams per connection) and a GET still answers at once.
    void watchesNeverStarveRequests()
    {
        ClusterConnection connection(cluster.config(u"admin"_s));
        QObject watches;
        QSet<ApiReply *> streaming; // watches that delivered an event: open on the server, holding a stream
        for (int i = 0; i < 120; ++i) {
            ApiCall watch = ApiCall::get(u"/api/v1/namespaces/%1/configmaps"_s.arg(ns()),
                                         QUrlQuery(u"watch=1&timeoutSeconds=120&fieldSelector=metadata.name=starve"_s));
            watch.longRunning = true;
            ApiReply *reply = connection.send(watch, &watches);
            connect(reply, &ApiReply::dataAvailable, &watches, [&streaming, reply] { streaming.insert(reply); });
        }
        QCOMPARE(connection.streamManagerCount(), 3);
        // An event every watch must see proves that all 120 are open at once.
        cluster.kubectl({u"-n"_s, ns(), u"create"_s, u"configmap"_s, u"starve"_s});
        const bool allOpen = QTest::qWaitFor([&] { return streaming.size() == 120; }, 60000);
        cluster.kubectl({u"-n"_s, ns(), u"delete"_s, u"configmap"_s, u"starve"_s});
        QVERIFY2(allOpen, qPrintable(u"%1 of 120 watches streaming"_s.arg(streaming.size())));

        QElapsedTimer timer;
        timer.start();
        Result<ApiResponse> reply = await<ApiResponse>(
            [&](QObject *c, auto d) { connection.request(ApiCall::get(u"/version"_s), c, d); }, 10000);
        const qint64 elapsed = timer.elapsed();
        QVERIFY2(reply.ok(), qPrintable(reply.ok() ? QString() : reply.error().message()));
        qInfo("GET /version with 120 open watches: %lld ms", elapsed);
        // A starved request waits for a stream to free up (the watches' 120 s); a free one answers in milliseconds.
        QVERIFY2(elapsed < 2000, qPrintable(QString::number(elapsed)));
    }
};

QTEST_GUILESS_MAIN(ClientTest)
#include "tst_client.moc"
