// Shared informers as views use them through a ClusterSession: an informer outlives its last view for a grace
// period (moving between the tree and a table does not list from scratch), and a view that subscribes late gets
// the cache and its columns at once, even while the informer relists.

#include "fakeapiserver.h"
#include "testcluster.h"

#include "client/session/clustersession.h"
#include "client/session/informersubscription.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

namespace {

int informersOf(ClusterSession &session)
{
    QObject context;
    int count = -1;
    session.countInformers(&context, [&count](int informers) { count = informers; });
    if (!QTest::qWaitFor([&count] { return count >= 0; }, 5000))
        qFatal("no answer from the worker");
    return count;
}

// The batches one subscription received, in order.
struct Received
{
    explicit Received(InformerSubscription *subscription)
    {
        QObject::connect(subscription, &InformerSubscription::changed, &context,
                         [this](const ChangeBatch &batch) { batches << batch; });
    }
    QObject context;
    QList<ChangeBatch> batches;
};

QJsonObject tableRow(const char *name, int resourceVersion)
{
    const QJsonObject metadata {{u"name"_s, QString::fromLatin1(name)},
                                {u"namespace"_s, QString::fromLatin1(FakeNamespace)},
                                {u"uid"_s, QString(u"uid-"_s + QString::fromLatin1(name))},
                                {u"resourceVersion"_s, QString::number(resourceVersion)}};
    return {{u"cells"_s, QJsonArray {QString::fromLatin1(name), 1, u"5m"_s}},
            {u"object"_s,
             QJsonObject {{u"kind"_s, u"PartialObjectMetadata"_s},
                          {u"apiVersion"_s, u"meta.k8s.io/v1"_s},
                          {u"metadata"_s, metadata}}}};
}

QByteArray tableOf(const QList<QJsonObject> &rows, int resourceVersion)
{
    QJsonArray array;
    for (const QJsonObject &row : rows)
        array.append(row);
    const QJsonArray columns {QJsonObject {{u"name"_s, u"Name"_s}, {u"type"_s, u"string"_s}, {u"format"_s, u"name"_s}},
                              QJsonObject {{u"name"_s, u"Data"_s}, {u"type"_s, u"integer"_s}},
                              QJsonObject {{u"name"_s, u"Age"_s}, {u"type"_s, u"string"_s}}};
    return QJsonDocument(
               QJsonObject {{u"kind"_s, u"Table"_s},
                            {u"apiVersion"_s, u"meta.k8s.io/v1"_s},
                            {u"metadata"_s, QJsonObject {{u"resourceVersion"_s, QString::number(resourceVersion)}}},
                            {u"columnDefinitions"_s, columns},
                            {u"rows"_s, array}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

class SessionTest : public QObject
{
    Q_OBJECT

private slots:
    void informerOutlivesItsLastViewForTheGracePeriod()
    {
        const TestCluster &cluster = TestCluster::instance();
        ClusterSession session(cluster.config(u"admin"_s), nullptr);
        session.setInformerGracePeriod(1500);
        session.connectToCluster();
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), ClusterSession::State::Connected, 30000);
        const std::optional<ApiResource> configMaps = session.mapper().find(u"configmaps"_s);
        QVERIFY(configMaps);
        QObject views;

        auto *first = session.subscribe(*configMaps, cluster.limitedNamespace(), Reflector::Mode::Table, &views);
        QTRY_VERIFY_WITH_TIMEOUT(first->health().synced, 30000);
        const InformerHealth firstHealth = first->health();
        QVERIFY(firstHealth.objects > 0);
        delete first; // the view goes (the user opens another kind)
        QCOMPARE(informersOf(session), 1); // still warm

        // The view comes back within the grace period: the same informer answers at once with its cache.
        auto *second = session.subscribe(*configMaps, cluster.limitedNamespace(), Reflector::Mode::Table, &views);
        Received received(second);
        QTRY_VERIFY_WITH_TIMEOUT(!received.batches.isEmpty(), 5000);
        const ChangeBatch &snapshot = received.batches.first();
        QVERIFY(snapshot.reset);
        QCOMPARE(snapshot.added.size(), firstHealth.objects);
        QVERIFY(!snapshot.columns.isEmpty());
        QTRY_VERIFY(second->health().synced);
        QCOMPARE(second->health().lastSyncMs, firstHealth.lastSyncMs); // the same informer: no new LIST
        QCOMPARE(informersOf(session), 1);

        delete second;
        QTest::qWait(2000); // past the grace period
        QCOMPARE(informersOf(session), 0);
    }

    // The cache keeps its last state while the informer relists ("too old"): a view that comes then starts from
    // it, with the Table's columns, instead of an empty table without headers until the LIST ends.
    void lateSubscriberDuringARelistGetsTheCacheAndColumns()
    {
        int lists = 0;
        const QString collection = u"/api/v1/namespaces/%1/configmaps"_s.arg(QString::fromLatin1(FakeNamespace));
        FakeApiServer *server = nullptr;
        FakeApiServer fake([&](const QUrlQuery &query) -> FakeApiServer::Answer {
            if (server->path() != collection)
                return {404, {}}; // discovery: this server serves nothing else
            if (isList(query)) {
                const QByteArray table = tableOf({tableRow("a", 5), tableRow("b", 6)}, 10);
                // The relist's answer is held open: the LIST does not end until the test says so.
                return ++lists == 1 ? FakeApiServer::Answer {200, table} : FakeApiServer::Answer {200, table, true};
            }
            return {200, lists == 1 ? tooOld() : QByteArray(), true};
        });
        server = &fake;
        ApiResource configMaps = fakeConfigMaps();
        ClusterSession session(fake.config(), nullptr);
        session.connectToCluster(); // discovery fails here; informers work all the same

        QObject views;
        auto *first
            = session.subscribe({configMaps, QString::fromLatin1(FakeNamespace), Reflector::Mode::Table, {}}, &views);
        Received firstReceived(first);
        QTRY_COMPARE_WITH_TIMEOUT(lists, 2, 10000); // listed, told "too old", relisting (held)
        QTRY_VERIFY(!first->health().synced);

        auto *late
            = session.subscribe({configMaps, QString::fromLatin1(FakeNamespace), Reflector::Mode::Table, {}}, &views);
        Received lateReceived(late);
        QTRY_VERIFY_WITH_TIMEOUT(!lateReceived.batches.isEmpty(), 3000);
        const ChangeBatch &snapshot = lateReceived.batches.first();
        QVERIFY(snapshot.reset);
        QCOMPARE(snapshot.added.size(), 2);
        QCOMPARE(snapshot.columns.size(), 3);
        QCOMPARE(snapshot.columns.first().name, u"Name"_s);

        fake.endStreams(); // the relist ends
        QTRY_VERIFY_WITH_TIMEOUT(late->health().synced, 5000);
    }
};

QTEST_GUILESS_MAIN(SessionTest)
#include "tst_session.moc"
