// The Reflector against the real local cluster, on both ways of fetching the state: WatchList (a watch with
// sendInitialEvents, ended by the `k8s.io/initial-events-end` bookmark) and the paged LIST. The state it syncs to is
// compared with a LIST at exactly the same resourceVersion; changes during and after the initial phase, and a
// restart, leave exactly the server's objects. What the real server cannot be made to do (refuse WatchList, ignore
// sendInitialEvents, answer "too old" on demand) is played by a scripted HTTP server on loopback.

#include "await.h"
#include "fakeapiserver.h"
#include "testcluster.h"

#include "client/discovery/discovery.h"
#include "client/resources/resourceclient.h"
#include "client/transport/clusterconnection.h"
#include "client/watch/informer.h"
#include "client/watch/objectstore.h"
#include "client/watch/reflector.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

namespace {

using Versions = QMap<QString, QString>; // object key → resourceVersion

Versions versionsIn(const ObjectStore &store, const QString &prefix = {})
{
    Versions versions;
    for (const ObjectPtr &object : store.all()) {
        if (object->name.startsWith(prefix))
            versions.insert(object->key(), object->resourceVersion);
    }
    return versions;
}

// What differs between two states, in words (empty when equal).
QString differences(const Versions &expected, const Versions &actual)
{
    QStringList lines;
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        if (!actual.contains(it.key()))
            lines << u"missing "_s + it.key();
        else if (actual.value(it.key()) != it.value())
            lines << u"%1 at %2, expected %3"_s.arg(it.key(), actual.value(it.key()), it.value());
    }
    for (auto it = actual.cbegin(); it != actual.cend(); ++it) {
        if (!expected.contains(it.key()))
            lines << u"phantom "_s + it.key();
    }
    return lines.join(u"; "_s);
}

QString keyOf(const QString &ns, const QString &name)
{
    return ns.isEmpty() ? name : ns + u'/' + name;
}

QString modeName(Reflector::Mode mode)
{
    return mode == Reflector::Mode::Table ? u"table"_s : u"full"_s;
}

QJsonObject configMap(const QString &name, const QString &ns, const QString &value)
{
    return {{u"apiVersion"_s, u"v1"_s},
            {u"kind"_s, u"ConfigMap"_s},
            {u"metadata"_s, QJsonObject {{u"name"_s, name}, {u"namespace"_s, ns}}},
            {u"data"_s, QJsonObject {{u"value"_s, value}}}};
}

QString resourceVersionOf(const QJsonObject &object)
{
    return object.value(u"metadata"_s).toObject().value(u"resourceVersion"_s).toString();
}

// One admin connection to the local cluster, with discovery done.
struct Cluster
{
    Cluster()
        : connection(TestCluster::instance().config(u"admin"_s))
        , discovery(&connection)
        , client(&connection)
    {
        QSignalSpy updated(&discovery, &Discovery::updated);
        discovery.refresh();
        if (!QTest::qWaitFor([&] { return !updated.isEmpty(); }, 30000))
            qFatal("discovery did not finish");
    }
    ApiResource resource(const QString &name) const { return *discovery.mapper().find(name); }

    // The collection exactly as it was at `resourceVersion` (a LIST with resourceVersionMatch=Exact).
    Versions listAt(const ApiResource &resource, const QString &ns, const QString &resourceVersion)
    {
        const QUrlQuery query {{u"resourceVersion"_s, resourceVersion}, {u"resourceVersionMatch"_s, u"Exact"_s}};
        return versionsOf(await<ApiResponse>(
            [&](QObject *c, auto d) { connection.request(ApiCall::get(resource.collectionPath(ns), query), c, d); }));
    }

    // The collection now, optionally only the objects whose name starts with `prefix`.
    Versions listNow(const ApiResource &resource, const QString &ns, const QString &prefix = {})
    {
        const Versions all = versionsOf(await<ApiResponse>(
            [&](QObject *c, auto d) { connection.request(ApiCall::get(resource.collectionPath(ns)), c, d); }));
        Versions matching;
        for (auto it = all.cbegin(); it != all.cend(); ++it) {
            if (it.key().section(u'/', -1).startsWith(prefix))
                matching.insert(it.key(), it.value());
        }
        return matching;
    }

    QString create(const QString &ns, const QString &name, const QString &value = u"1"_s)
    {
        Result<ObjectReply> created = await<ObjectReply>([&](QObject *c, auto d) {
            client.create(resource(u"configmaps"_s), ns, configMap(name, ns, value), {}, c, d);
        });
        if (!created)
            qFatal("creating %s failed: %s", qPrintable(name), qPrintable(created.error().message()));
        return resourceVersionOf(created->object);
    }

    QString update(const QString &ns, const QString &name, const QString &value)
    {
        const QByteArray patch = QJsonDocument(QJsonObject {{u"data"_s, QJsonObject {{u"value"_s, value}}}})
                                     .toJson(QJsonDocument::Compact);
        Result<ObjectReply> patched = await<ObjectReply>([&](QObject *c, auto d) {
            client.patch(resource(u"configmaps"_s), ns, name, PatchType::Merge, patch, {}, c, d);
        });
        if (!patched)
            qFatal("patching %s failed: %s", qPrintable(name), qPrintable(patched.error().message()));
        return resourceVersionOf(patched->object);
    }

    void remove(const QString &ns, const QString &name)
    {
        Result<ObjectReply> removed = await<ObjectReply>(
            [&](QObject *c, auto d) { client.remove(resource(u"configmaps"_s), ns, name, {}, c, d); });
        if (!removed && !removed.error().isNotFound())
            qFatal("deleting %s failed: %s", qPrintable(name), qPrintable(removed.error().message()));
    }

    void removeAll(const QString &ns, const QString &prefix)
    {
        for (const QString &key : listNow(resource(u"configmaps"_s), ns, prefix).keys())
            remove(ns, key.section(u'/', -1));
    }

    static Versions versionsOf(const Result<ApiResponse> &reply)
    {
        if (!reply)
            qFatal("LIST failed: %s", qPrintable(reply.error().message()));
        Versions versions;
        for (const QJsonValue &item : QJsonDocument::fromJson(reply->body).object().value(u"items"_s).toArray()) {
            const QJsonObject metadata = item.toObject().value(u"metadata"_s).toObject();
            versions.insert(keyOf(metadata.value(u"namespace"_s).toString(), metadata.value(u"name"_s).toString()),
                            metadata.value(u"resourceVersion"_s).toString());
        }
        return versions;
    }

    ClusterConnection connection;
    Discovery discovery;
    ResourceClient client;
};

// A store and the reflector filling it, with what the store held at each sync.
struct Watched
{
    Watched(ClusterConnection *connection, const ApiResource &resource, const QString &ns, Reflector::Mode mode,
            Reflector::ListStrategy strategy)
        : reflector(connection, resource, ns, mode, &store)
    {
        reflector.setListStrategy(strategy);
        QObject::connect(&reflector, &Reflector::synced, &context, [this] {
            atSync = versionsIn(store);
            resourceVersionAtSync = reflector.lastResourceVersion();
            ++syncs;
        });
        QObject::connect(&reflector, &Reflector::columnsChanged, &context,
                         [this](const QList<TableColumn> &newColumns) { columns = newColumns; });
    }

    // A real event loop, not QTest::qWaitFor: that sleeps 10 ms between passes, which would add up over the many
    // chunks of a WatchList stream and make the timings unfair.
    bool waitForSyncs(int count, int timeoutMs = 30000)
    {
        if (syncs >= count)
            return true;
        QEventLoop loop;
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        QObject::connect(&reflector, &Reflector::synced, &loop, [&] {
            if (syncs >= count)
                loop.quit();
        });
        loop.exec();
        return syncs >= count;
    }

    ObjectStore store;
    Reflector reflector;
    QObject context;
    Versions atSync;
    QString resourceVersionAtSync;
    QList<TableColumn> columns;
    int syncs = 0;
};

QStringList namesIn(const QList<ObjectPtr> &objects, const QString &prefix)
{
    QStringList names;
    for (const ObjectPtr &object : objects) {
        if (object->name.startsWith(prefix))
            names << object->name;
    }
    names.sort();
    return names;
}

QStringList namesIn(const QStringList &keys, const QString &prefix)
{
    QStringList names;
    for (const QString &key : keys) {
        if (key.section(u'/', -1).startsWith(prefix))
            names << key.section(u'/', -1);
    }
    names.sort();
    return names;
}

Versions fakeVersions(std::initializer_list<std::pair<const char *, int>> objects)
{
    Versions versions;
    for (const auto &[name, resourceVersion] : objects)
        versions.insert(keyOf(QString::fromLatin1(FakeNamespace), QString::fromLatin1(name)),
                        QString::number(resourceVersion));
    return versions;
}

} // namespace

class ReflectorTest : public QObject
{
    Q_OBJECT

private:
    const TestCluster &cluster = TestCluster::instance();
    QString ns() const { return cluster.limitedNamespace(); }

private slots:
    // Pin what the server sends, since the Reflector depends on it: in Table mode the end bookmark is a one-row Table
    // whose row object (PartialObjectMetadata) carries the annotation; the Table's own metadata has only the version.
    void tableModeEndBookmarkIsARowWithTheAnnotation()
    {
        Cluster c;
        QUrlQuery query(u"watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true"
                        "&includeObject=Metadata&timeoutSeconds=10"_s);
        ApiCall call = ApiCall::get(c.resource(u"configmaps"_s).collectionPath(ns()), query);
        call.accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
        call.longRunning = true;
        QObject owner;
        ApiReply *reply = c.connection.send(call, &owner);
        WatchDecoder decoder;
        std::optional<WatchEvent> bookmark;
        int addedBefore = 0;
        connect(reply, &ApiReply::dataAvailable, &owner, [&] {
            for (const WatchEvent &event : decoder.feed(reply->readAvailable())) {
                if (event.type == WatchEvent::Type::Added && !bookmark)
                    ++addedBefore;
                if (event.type == WatchEvent::Type::Bookmark && !bookmark)
                    bookmark = event;
            }
        });
        QTRY_VERIFY_WITH_TIMEOUT(bookmark.has_value(), 15000);
        QCOMPARE(addedBefore, int(c.listNow(c.resource(u"configmaps"_s), ns()).size()));
        QCOMPARE(bookmark->object.value(u"kind"_s).toString(), u"Table"_s);
        const QJsonObject tableMetadata = bookmark->object.value(u"metadata"_s).toObject();
        QVERIFY(!tableMetadata.value(u"resourceVersion"_s).toString().isEmpty());
        QVERIFY(!tableMetadata.contains(u"annotations"_s));
        const QJsonArray rows = bookmark->object.value(u"rows"_s).toArray();
        QCOMPARE(rows.size(), 1);
        const QJsonObject row = rows.first().toObject().value(u"object"_s).toObject();
        QCOMPARE(row.value(u"kind"_s).toString(), u"PartialObjectMetadata"_s);
        const QJsonObject rowMetadata = row.value(u"metadata"_s).toObject();
        QCOMPARE(rowMetadata.value(u"annotations"_s).toObject().value(u"k8s.io/initial-events-end"_s).toString(),
                 u"true"_s);
        QCOMPARE(rowMetadata.value(u"resourceVersion"_s), tableMetadata.value(u"resourceVersion"_s));
    }

    // And how it refuses a WatchList it finds invalid: 422 Invalid with the offending field as the cause (the same
    // shape as with the WatchList gate off, which the fallback tests below replay).
    void invalidWatchListIsRefusedWith422()
    {
        Cluster c;
        const QUrlQuery query(u"watch=1&sendInitialEvents=true&allowWatchBookmarks=true"_s); // no NotOlderThan
        Result<ApiResponse> reply = await<ApiResponse>([&](QObject *ctx, auto done) {
            c.connection.request(ApiCall::get(c.resource(u"configmaps"_s).collectionPath(ns()), query), ctx, done);
        });
        QVERIFY(!reply.ok());
        QVERIFY(reply.error().isInvalid());
        QCOMPARE(reply.error().status().code, 422);
        QCOMPARE(reply.error().status().causes.value(0).field, u"resourceVersionMatch"_s);
    }

    void syncIsExactlyTheServersStateAtItsVersion_data()
    {
        QTest::addColumn<Reflector::Mode>("mode");
        QTest::addColumn<Reflector::ListStrategy>("strategy");
        QTest::addColumn<QString>("resource");
        QTest::addColumn<QString>("namespaceName");
        const QList<std::pair<Reflector::Mode, const char *>> modes {{Reflector::Mode::Table, "table"},
                                                                     {Reflector::Mode::Full, "full"}};
        const QList<std::pair<Reflector::ListStrategy, const char *>> strategies {
            {Reflector::ListStrategy::Auto, "watchlist"}, {Reflector::ListStrategy::PagedList, "paged"}};
        for (const auto &[mode, modeText] : modes) {
            for (const auto &[strategy, strategyText] : strategies) {
                QTest::addRow("%s %s pods, all namespaces", modeText, strategyText)
                    << mode << strategy << u"pods"_s << QString();
                QTest::addRow("%s %s configmaps in shop", modeText, strategyText)
                    << mode << strategy << u"configmaps"_s << u"shop"_s;
                QTest::addRow("%s %s empty collection", modeText, strategyText)
                    << mode << strategy << u"services"_s << u"kube-node-lease"_s;
            }
        }
    }

    void syncIsExactlyTheServersStateAtItsVersion()
    {
        QFETCH(Reflector::Mode, mode);
        QFETCH(Reflector::ListStrategy, strategy);
        QFETCH(QString, resource);
        QFETCH(QString, namespaceName);
        Cluster c;
        Watched watched(&c.connection, c.resource(resource), namespaceName, mode, strategy);
        watched.reflector.setPageSize(resource == u"pods"_s ? 500 : 1); // several pages on the paged path
        QElapsedTimer wall;
        wall.start();
        watched.reflector.start();
        QVERIFY(watched.waitForSyncs(1));
        const qint64 wallMs = wall.elapsed();

        const bool streamed = strategy == Reflector::ListStrategy::Auto;
        QCOMPARE(watched.reflector.lastSyncStrategy(),
                 streamed ? Reflector::ListStrategy::WatchList : Reflector::ListStrategy::PagedList);
        QVERIFY(!watched.reflector.watchListRefused());
        QVERIFY(watched.reflector.isSynced());
        // The list's duration lies within the wall time around it; listing every pod takes measurable time.
        QVERIFY2(watched.reflector.lastListMs() <= wallMs,
                 qPrintable(u"%1 ms listed in %2 ms"_s.arg(watched.reflector.lastListMs()).arg(wallMs)));
        if (resource == u"pods"_s)
            QVERIFY(watched.reflector.lastListMs() > 0);
        QCOMPARE(watched.reflector.relists(), 0);
        QVERIFY(!watched.resourceVersionAtSync.isEmpty());
        const Versions server = c.listAt(c.resource(resource), namespaceName, watched.resourceVersionAtSync);
        QVERIFY2(differences(server, watched.atSync).isEmpty(), qPrintable(differences(server, watched.atSync)));
        if (namespaceName == u"kube-node-lease")
            QVERIFY(server.isEmpty());
        else
            QVERIFY(!server.isEmpty());

        for (const ObjectPtr &object : watched.store.all()) {
            QVERIFY(!object->uid.isEmpty());
            if (mode == Reflector::Mode::Table) {
                QCOMPARE(object->cells.size(), watched.columns.size());
                QVERIFY(object->object.isEmpty());
            } else {
                QCOMPARE(object->object.value(u"metadata"_s).toObject().value(u"name"_s).toString(), object->name);
            }
        }
        // Table mode has its columns even when there is no row: the end bookmark brings the definitions then.
        QCOMPARE(watched.columns.isEmpty(), mode == Reflector::Mode::Full);
    }

    // Objects created and deleted while the initial state streams in, and after, end up exactly as on the server.
    void changesDuringAndAfterTheInitialPhase_data()
    {
        QTest::addColumn<Reflector::Mode>("mode");
        QTest::newRow("table") << Reflector::Mode::Table;
        QTest::newRow("full") << Reflector::Mode::Full;
    }

    void changesDuringAndAfterTheInitialPhase()
    {
        QFETCH(Reflector::Mode, mode);
        Cluster c;
        const ApiResource configMaps = c.resource(u"configmaps"_s);
        const QString prefix = u"rf-live-%1-"_s.arg(modeName(mode));
        c.removeAll(ns(), prefix);
        c.create(ns(), prefix + u"early"_s);

        Watched watched(&c.connection, configMaps, ns(), mode, Reflector::ListStrategy::WatchList);
        watched.reflector.start();
        // Fired at once, without waiting: the server handles them while it streams the initial events.
        int pendingWrites = 0;
        QObject writes;
        auto counted = [&](const Result<ObjectReply> &) { --pendingWrites; };
        for (int i = 0; i < 5; ++i) {
            ++pendingWrites;
            c.client.create(configMaps, ns(), configMap(prefix + u"during-%1"_s.arg(i), ns(), u"1"_s), {}, &writes,
                            counted);
        }
        ++pendingWrites;
        c.client.remove(configMaps, ns(), prefix + u"early"_s, {}, &writes, counted);
        QVERIFY(watched.waitForSyncs(1));
        QTRY_COMPARE_WITH_TIMEOUT(pendingWrites, 0, 15000);
        QCOMPARE(watched.reflector.lastSyncStrategy(), Reflector::ListStrategy::WatchList);
        QTRY_COMPARE_WITH_TIMEOUT(versionsIn(watched.store, prefix), c.listNow(configMaps, ns(), prefix), 10000);
        QVERIFY(!watched.store.get(keyOf(ns(), prefix + u"early"_s)));

        // After the sync, on the same stream.
        const QString createdAt = c.create(ns(), prefix + u"after"_s);
        const QString updatedAt = c.update(ns(), prefix + u"during-0"_s, u"2"_s);
        c.remove(ns(), prefix + u"during-1"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!watched.store.get(keyOf(ns(), prefix + u"during-1"_s)), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(watched.store.get(keyOf(ns(), prefix + u"after"_s)), 10000);
        QCOMPARE(watched.store.get(keyOf(ns(), prefix + u"after"_s))->resourceVersion, createdAt);
        QTRY_COMPARE_WITH_TIMEOUT(watched.store.get(keyOf(ns(), prefix + u"during-0"_s))->resourceVersion, updatedAt,
                                  10000);
        if (mode == Reflector::Mode::Full) {
            const ObjectPtr updated = watched.store.get(keyOf(ns(), prefix + u"during-0"_s));
            QCOMPARE(updated->object.value(u"data"_s).toObject().value(u"value"_s).toString(), u"2"_s);
        }
        QCOMPARE(versionsIn(watched.store, prefix), c.listNow(configMaps, ns(), prefix));
        QCOMPARE(watched.syncs, 1);
        QVERIFY(watched.reflector.eventsReceived() > 0);
        watched.reflector.stop();
        c.removeAll(ns(), prefix);
    }

    // Stop, change the collection behind the reflector's back, start again: the relist reports exactly the adds,
    // updates and deletes that happened, and leaves no phantom.
    void restartRelistsWithoutPhantoms_data()
    {
        QTest::addColumn<Reflector::Mode>("mode");
        QTest::addColumn<Reflector::ListStrategy>("strategy");
        QTest::newRow("table watchlist") << Reflector::Mode::Table << Reflector::ListStrategy::WatchList;
        QTest::newRow("full watchlist") << Reflector::Mode::Full << Reflector::ListStrategy::WatchList;
        QTest::newRow("table paged") << Reflector::Mode::Table << Reflector::ListStrategy::PagedList;
        QTest::newRow("full paged") << Reflector::Mode::Full << Reflector::ListStrategy::PagedList;
    }

    void restartRelistsWithoutPhantoms()
    {
        QFETCH(Reflector::Mode, mode);
        QFETCH(Reflector::ListStrategy, strategy);
        Cluster c;
        const ApiResource configMaps = c.resource(u"configmaps"_s);
        const QString prefix = u"rf-restart-%1-%2-"_s.arg(modeName(mode))
                                   .arg(strategy == Reflector::ListStrategy::WatchList ? u"wl"_s : u"pl"_s);
        c.removeAll(ns(), prefix);
        c.create(ns(), prefix + u"deleted"_s);
        c.create(ns(), prefix + u"updated"_s);
        c.create(ns(), prefix + u"kept"_s);

        Watched watched(&c.connection, configMaps, ns(), mode, strategy);
        watched.reflector.start();
        QVERIFY(watched.waitForSyncs(1));
        QCOMPARE(namesIn(watched.store.takeChanges().added, prefix),
                 QStringList({prefix + u"deleted"_s, prefix + u"kept"_s, prefix + u"updated"_s}));

        watched.reflector.stop();
        c.remove(ns(), prefix + u"deleted"_s);
        const QString updatedAt = c.update(ns(), prefix + u"updated"_s, u"2"_s);
        c.create(ns(), prefix + u"created"_s);
        QTest::qWait(300); // nothing arrives while stopped
        QVERIFY(watched.store.get(keyOf(ns(), prefix + u"deleted"_s)));

        watched.reflector.start();
        QVERIFY(watched.waitForSyncs(2));
        QCOMPARE(watched.reflector.lastSyncStrategy(), strategy);
        const ChangeBatch changes = watched.store.takeChanges();
        QCOMPARE(namesIn(changes.added, prefix), QStringList({prefix + u"created"_s}));
        QCOMPARE(namesIn(changes.updated, prefix), QStringList({prefix + u"updated"_s}));
        QCOMPARE(namesIn(changes.removed, prefix), QStringList({prefix + u"deleted"_s}));
        QCOMPARE(watched.store.get(keyOf(ns(), prefix + u"updated"_s))->resourceVersion, updatedAt);
        const Versions server = c.listAt(configMaps, ns(), watched.resourceVersionAtSync);
        QVERIFY2(differences(server, watched.atSync).isEmpty(), qPrintable(differences(server, watched.atSync)));
        watched.reflector.stop();
        c.removeAll(ns(), prefix);
    }

    // Lists of Table rows come in pages (faster and leaner here, see reflector.cpp); whole objects stream.
    void defaultStrategyDependsOnTheMode()
    {
        if (qEnvironmentVariableIsSet("BINNACLE_LIST_STRATEGY"))
            QSKIP("BINNACLE_LIST_STRATEGY overrides the default");
        QCOMPARE(Reflector::defaultListStrategy(Reflector::Mode::Table), Reflector::ListStrategy::PagedList);
        QCOMPARE(Reflector::defaultListStrategy(Reflector::Mode::Full), Reflector::ListStrategy::Auto);
    }

    // kube-apiserver 1.36 has WatchList on by default: Auto streams, and never falls back.
    void autoStreamsOnThisServer()
    {
        Cluster c;
        Watched watched(&c.connection, c.resource(u"configmaps"_s), ns(), Reflector::Mode::Table,
                        Reflector::ListStrategy::Auto);
        QCOMPARE(watched.reflector.listStrategy(), Reflector::ListStrategy::Auto);
        watched.reflector.start();
        QVERIFY(watched.waitForSyncs(1));
        QCOMPARE(watched.reflector.lastSyncStrategy(), Reflector::ListStrategy::WatchList);
        QVERIFY(!watched.reflector.watchListRefused());
        QVERIFY(!watched.reflector.lastError().has_value());
    }

    // The gate off (422 Invalid): Auto lists in pages instead, and keeps doing so on every later relist.
    void refusedWatchListFallsBackToPagedListForGood()
    {
        int listVersion = 20;
        FakeApiServer server([&](const QUrlQuery &query) -> FakeApiServer::Answer {
            if (isWatchList(query))
                return {422, watchListGateOff()};
            if (isList(query))
                return {200, listOf({fakeObject("a", 5), fakeObject("b", 6)}, listVersion)};
            return {200, {}, true};
        });
        ClusterConnection connection(server.config());
        Watched watched(&connection, fakeConfigMaps(), QString::fromLatin1(FakeNamespace), Reflector::Mode::Full,
                        Reflector::ListStrategy::Auto);
        QSignalSpy failed(&watched.reflector, &Reflector::failed);
        watched.reflector.start();
        QVERIFY(watched.waitForSyncs(1, 10000));
        QVERIFY(watched.reflector.watchListRefused());
        QCOMPARE(watched.reflector.lastSyncStrategy(), Reflector::ListStrategy::PagedList);
        QCOMPARE(versionsIn(watched.store), fakeVersions({{"a", 5}, {"b", 6}}));
        QCOMPARE(failed.count(), 0); // a refusal is not a failure to report
        QTRY_COMPARE(server.openStreamCount(), 1);
        QCOMPARE(server.requests.last().queryItemValue(u"resourceVersion"_s), u"20"_s);

        // "Too old" on the watch: the relist goes straight to the paged LIST. It is routine, so nobody who asks for
        // the health meanwhile hears of an error.
        listVersion = 30;
        std::optional<bool> errorShownWhenTooOld;
        QObject::connect(&watched.reflector, &Reflector::failed, &watched.reflector,
                         [&] { errorShownWhenTooOld = watched.reflector.lastError().has_value(); });
        server.push(tooOld());
        QVERIFY(watched.waitForSyncs(2, 10000));
        QCOMPARE(errorShownWhenTooOld, std::optional<bool>(false));
        QCOMPARE(watched.reflector.relists(), 1);
        QCOMPARE(count(server.requests, isWatchList), 1);
        QCOMPARE(count(server.requests, isList), 2);
        QTRY_COMPARE(server.requests.last().queryItemValue(u"resourceVersion"_s), u"30"_s);
    }

    // Asked for WatchList only, a refusal is a failure: reported, retried with backoff, never replaced by a LIST.
    void forcedWatchListDoesNotFallBack()
    {
        FakeApiServer server([](const QUrlQuery &query) -> FakeApiServer::Answer {
            return isWatchList(query) ? FakeApiServer::Answer {422, watchListGateOff()}
                                      : FakeApiServer::Answer {200, listOf({}, 1)};
        });
        ClusterConnection connection(server.config());
        Watched watched(&connection, fakeConfigMaps(), QString::fromLatin1(FakeNamespace), Reflector::Mode::Table,
                        Reflector::ListStrategy::WatchList);
        QSignalSpy failed(&watched.reflector, &Reflector::failed);
        watched.reflector.start();
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() >= 2, 10000); // the first try and one retry after ~1 s
        QVERIFY(watched.reflector.lastError()->isInvalid());
        QVERIFY(!watched.reflector.isSynced());
        QVERIFY(!watched.reflector.watchListRefused());
        QCOMPARE(count(server.requests, isList), 0);
    }

    // A server that ignores sendInitialEvents (before 1.27, or a proxy that drops it) streams ADDED events and never
    // the end bookmark: Auto gives up after the initial events stall, discards what streamed, and lists.
    void serverIgnoringSendInitialEventsFallsBackAfterTheStall()
    {
        FakeApiServer server([](const QUrlQuery &query) -> FakeApiServer::Answer {
            if (isWatchList(query))
                return {200, added("streamed-only", 3) + added("a", 5), true};
            if (isList(query))
                return {200, listOf({fakeObject("a", 5), fakeObject("b", 6)}, 20)};
            return {200, {}, true};
        });
        ClusterConnection connection(server.config());
        Watched watched(&connection, fakeConfigMaps(), QString::fromLatin1(FakeNamespace), Reflector::Mode::Full,
                        Reflector::ListStrategy::Auto);
        watched.reflector.setInitialEventsTimeout(1000);
        QElapsedTimer timer;
        timer.start();
        watched.reflector.start();
        QVERIFY(watched.waitForSyncs(1, 10000));
        QVERIFY2(timer.elapsed() >= 950, qPrintable(QString::number(timer.elapsed()))); // a coarse timer: ±5 %
        QVERIFY(watched.reflector.watchListRefused());
        QCOMPARE(watched.reflector.lastSyncStrategy(), Reflector::ListStrategy::PagedList);
        QVERIFY(watched.reflector.lastListMs() >= 950); // time to synced includes the wait
        QCOMPARE(versionsIn(watched.store), fakeVersions({{"a", 5}, {"b", 6}}));
    }

    // On the WatchList path: changes after the bookmark apply; a watch the server ends resumes from the last version
    // without relisting; "too old" relists from the current state and the relist deletes what is gone.
    void watchListResumesAndRelistsOnTooOld()
    {
        int watchLists = 0;
        FakeApiServer server([&](const QUrlQuery &query) -> FakeApiServer::Answer {
            if (isWatchList(query) && ++watchLists == 1)
                return {200, added("a", 5) + added("b", 6) + initialEventsEnd(10), true};
            if (isWatchList(query))
                return {200, added("a", 12) + added("c", 11) + initialEventsEnd(20), true};
            return {200, {}, true};
        });
        ClusterConnection connection(server.config());
        Watched watched(&connection, fakeConfigMaps(), QString::fromLatin1(FakeNamespace), Reflector::Mode::Full,
                        Reflector::ListStrategy::WatchList);
        watched.reflector.start();
        QVERIFY(watched.waitForSyncs(1, 10000));
        QCOMPARE(watched.resourceVersionAtSync, u"10"_s);
        QCOMPARE(watched.atSync, fakeVersions({{"a", 5}, {"b", 6}}));
        QVERIFY(server.requests.first().queryItemValue(u"resourceVersion"_s).isEmpty());
        QCOMPARE(server.requests.first().queryItemValue(u"resourceVersionMatch"_s), u"NotOlderThan"_s);
        QCOMPARE(server.requests.first().queryItemValue(u"allowWatchBookmarks"_s), u"true"_s);
        QCOMPARE(watched.reflector.eventsReceived(), quint64(0)); // the initial state is not counted as changes
        watched.store.takeChanges();

        server.push(watchLine("MODIFIED", fakeObject("b", 11)));
        QTRY_COMPARE(watched.store.get(u"fake/b"_s)->resourceVersion, u"11"_s);
        server.endStreams(); // the watch's timeoutSeconds ran out
        QTRY_COMPARE(server.requests.size(), 2);
        QVERIFY(isWatch(server.requests.at(1)));
        QCOMPARE(server.requests.at(1).queryItemValue(u"resourceVersion"_s), u"11"_s);
        QTRY_COMPARE(server.openStreamCount(), 1);
        QCOMPARE(watched.syncs, 1);

        server.push(tooOld());
        QVERIFY(watched.waitForSyncs(2, 10000));
        QVERIFY(isWatchList(server.requests.at(2)));
        QVERIFY(server.requests.at(2).queryItemValue(u"resourceVersion"_s).isEmpty());
        QCOMPARE(watched.reflector.relists(), 1);
        QCOMPARE(versionsIn(watched.store), fakeVersions({{"a", 12}, {"c", 11}}));
        const ChangeBatch changes = watched.store.takeChanges();
        QCOMPARE(namesIn(changes.added, QString()), QStringList({u"c"_s}));
        QCOMPARE(namesIn(changes.updated, QString()), QStringList({u"a"_s})); // b: updated, then gone
        QCOMPARE(namesIn(changes.removed, QString()), QStringList({u"b"_s}));
    }

    // A server (or proxy) that ends every watch at once, without an event: each ended watch is a failure and backs off
    // (before: re-opened about 1,300 times in 6 s).
    void watchesEndedAtOnceBackOff()
    {
        FakeApiServer server([](const QUrlQuery &query) -> FakeApiServer::Answer {
            if (isList(query))
                return {200, listOf({fakeObject("a", 5)}, 5)};
            return {200, {}}; // a complete, empty answer: the watch ends as soon as it began
        });
        ClusterConnection connection(server.config());
        Watched watched(&connection, fakeConfigMaps(), QString::fromLatin1(FakeNamespace), Reflector::Mode::Full,
                        Reflector::ListStrategy::PagedList);
        QSignalSpy failed(&watched.reflector, &Reflector::failed);
        watched.reflector.start();
        QVERIFY(watched.waitForSyncs(1, 10000));
        QTest::qWait(4000);
        // 0.8–1.2 s, then 1.6–2.4 s, then 3.2–4.8 s: at most 4 watches in 4 s.
        const int watches = count(server.requests, isWatch);
        QVERIFY2(watches >= 2 && watches <= 4, qPrintable(QString::number(watches)));
        QVERIFY(failed.count() >= 1);
        QVERIFY(watched.reflector.lastError()->message().contains(u"without an event"_s));
        QCOMPARE(count(server.requests, isList), 1); // ended watches resume; they do not relist
        QVERIFY(watched.reflector.isSynced());
    }

    // "Too old" relists at once; "too old" again before a watch worked backs off instead of relisting in a loop.
    void repeatedTooOldBacksOff()
    {
        FakeApiServer server([](const QUrlQuery &query) -> FakeApiServer::Answer {
            if (isList(query))
                return {200, listOf({fakeObject("a", 5)}, 5)};
            return {200, tooOld(), true};
        });
        ClusterConnection connection(server.config());
        Watched watched(&connection, fakeConfigMaps(), QString::fromLatin1(FakeNamespace), Reflector::Mode::Full,
                        Reflector::ListStrategy::PagedList);
        watched.reflector.start();
        QVERIFY(watched.waitForSyncs(2, 2000)); // the first "too old": relisted at once
        QTest::qWait(3000);
        // After the first relist: waits of 0.8–1.2, 1.6–2.4 s, ...: at most 4 lists in about 3.5 s.
        const int lists = count(server.requests, isList);
        QVERIFY2(lists >= 3 && lists <= 4, qPrintable(QString::number(lists)));
        QVERIFY(watched.reflector.lastError()->isGone());
    }

    // A line that is not a watch event could have been any change: it is counted for the informer's health and the
    // reflector relists, so the cache cannot silently drift from the server.
    void malformedWatchLineIsCountedAndRelists()
    {
        int watches = 0;
        FakeApiServer server([&](const QUrlQuery &query) -> FakeApiServer::Answer {
            if (isList(query))
                return {200, listOf({fakeObject("a", 5), fakeObject("b", 6)}, 10)};
            if (++watches == 1)
                return {200, watchLine("MODIFIED", fakeObject("a", 11)) + "<html><body>Gateway error</body></html>\n",
                        true};
            return {200, {}, true};
        });
        ClusterConnection connection(server.config());
        // Table mode lists in pages (whole objects would stream a WatchList); the fake's plain objects read the same.
        Informer informer(&connection, fakeConfigMaps(), QString::fromLatin1(FakeNamespace), Reflector::Mode::Table);
        QSignalSpy synced(&informer, &Informer::synced);
        QStringList errors;
        connect(&informer, &Informer::healthChanged, this, [&errors](const InformerHealth &health) {
            if (!health.lastError.isEmpty())
                errors << health.lastError;
        });
        informer.start();
        QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 2, 5000); // the relist after the broken line
        QVERIFY(!errors.isEmpty());
        QVERIFY2(errors.first().contains(u"not a JSON event (Gateway error)"_s), qPrintable(errors.first()));
        const InformerHealth health = informer.health();
        QCOMPARE(health.malformedEvents, quint64(1));
        QCOMPARE(health.relists, 1);
        QCOMPARE(count(server.requests, isList), 2);
        QCOMPARE(informer.store().get(u"fake/a"_s)->resourceVersion, u"5"_s); // the relist's truth, not the stream's
        QTRY_COMPARE(server.openStreamCount(), 1);
    }

    // A watch that failed and then resumed (no relist: its resourceVersion was still good) clears the error once it
    // delivers events again: the status bar stopped saying "last error: … Connection closed" long after the cluster
    // was back.
    void aWorkingWatchClearsTheLastError()
    {
        int watches = 0;
        FakeApiServer server([&](const QUrlQuery &query) -> FakeApiServer::Answer {
            if (isList(query))
                return {200, listOf({fakeObject("a", 5)}, 5)};
            if (++watches == 1)
                return {200, {}}; // ends at once without an event: a failure
            return {200, watchLine("MODIFIED", fakeObject("a", 6)), true};
        });
        ClusterConnection connection(server.config());
        Informer informer(&connection, fakeConfigMaps(), QString::fromLatin1(FakeNamespace), Reflector::Mode::Table);
        QList<InformerHealth> healths;
        connect(&informer, &Informer::healthChanged, this,
                [&healths](const InformerHealth &health) { healths << health; });
        informer.start();
        QTRY_VERIFY_WITH_TIMEOUT(
            informer.store().get(u"fake/a"_s) && informer.store().get(u"fake/a"_s)->resourceVersion == u"6"_s, 10000);
        QCOMPARE(count(server.requests, isList), 1); // resumed, not relisted
        const auto failedAt = std::find_if(healths.cbegin(), healths.cend(),
                                           [](const InformerHealth &health) { return !health.lastError.isEmpty(); });
        QVERIFY2(failedAt != healths.cend(), "the ended watch was never reported");
        QTRY_VERIFY(informer.health().lastError.isEmpty());
        QVERIFY(healths.last().lastError.isEmpty()); // and the views were told
    }
};

QTEST_GUILESS_MAIN(ReflectorTest)
#include "tst_reflector.moc"
