// The fault suite's R1 (restarts) and R2 (compaction) against the real local cluster (ctest -L reliability).
//
// Informers watch pods and configmaps of one namespace the way the application does: Reflectors in both modes
// (Table rows listed in pages, whole objects streamed by WatchList) and ClusterSession subscriptions in Table mode,
// as the views use them. A churn of creates, patches and deletes runs while `cluster.sh restart` takes the
// apiserver (then etcd) down and up again. After each recovery every Reflector's store must equal a LIST at exactly
// its resourceVersion, and once the churn pauses every cache must equal a fresh LIST: nothing lost, nothing extra,
// back in sync within 10 s of the server answering. R2 compacts etcd under open watches and checks that the caches
// relist after the server's "too old" and equal a fresh LIST.
//
// BINNACLE_RELIABILITY_RESTARTS (default 10) and BINNACLE_RELIABILITY_ETCD_RESTARTS (default 5) set the counts.

#include "await.h"
#include "testcluster.h"

#include "client/discovery/discovery.h"
#include "client/session/clustersession.h"
#include "client/transport/clusterconnection.h"
#include "client/watch/objectstore.h"
#include "client/watch/reflector.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

namespace {

const QString Namespace = u"binnacle-reliability"_s;
const QString MarkerName = u"marker"_s;
constexpr qint64 RecoveryBudgetMs = 10000;
const QByteArray MetadataListAccept
    = "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json";

using Versions = QMap<QString, QString>; // object key → resourceVersion

int countFromEnvironment(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok && value >= 0 ? value : fallback;
}

quint64 versionNumber(const QString &resourceVersion)
{
    return resourceVersion.toULongLong(); // opaque to clients; etcd revisions here, so ordered
}

// What differs between the server's state and a cache, counted and in words.
struct Difference
{
    int lost = 0; // on the server, not in the cache
    int phantom = 0; // in the cache, not on the server
    int stale = 0; // in both, at different versions
    QStringList lines;

    Difference(const Versions &server, const Versions &cache)
    {
        for (auto it = server.cbegin(); it != server.cend(); ++it) {
            if (!cache.contains(it.key())) {
                ++lost;
                lines << u"lost "_s + it.key();
            } else if (cache.value(it.key()) != it.value()) {
                ++stale;
                lines << u"%1 at %2, server %3"_s.arg(it.key(), cache.value(it.key()), it.value());
            }
        }
        for (auto it = cache.cbegin(); it != cache.cend(); ++it) {
            if (!server.contains(it.key())) {
                ++phantom;
                lines << u"phantom "_s + it.key();
            }
        }
    }
    bool isEmpty() const { return lost == 0 && phantom == 0 && stale == 0; }
    QString toString() const { return lines.join(u"; "_s); }
};

Versions versionsOfList(const QByteArray &body)
{
    Versions versions;
    for (const QJsonValue &item : QJsonDocument::fromJson(body).object().value(u"items"_s).toArray()) {
        const QJsonObject metadata = item.toObject().value(u"metadata"_s).toObject();
        versions.insert(metadata.value(u"namespace"_s).toString() + u'/' + metadata.value(u"name"_s).toString(),
                        metadata.value(u"resourceVersion"_s).toString());
    }
    return versions;
}

QString resourceVersionOf(const QByteArray &body)
{
    return QJsonDocument::fromJson(body)
        .object()
        .value(u"metadata"_s)
        .toObject()
        .value(u"resourceVersion"_s)
        .toString();
}

// `cluster.sh restart|compact` of the fixture's cluster, run without blocking the event loop: the informers and the
// churn go on while it runs. Returns its stdout; fails the test if it fails.
QString runHarness(const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(QStringLiteral(BINNACLE_CLUSTER_SCRIPT),
                  arguments + QStringList {u"--name"_s, TestCluster::instance().name()});
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 240000))
        qFatal("cluster.sh %s did not finish", qPrintable(arguments.join(u' ')));
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        qFatal("cluster.sh %s failed: %s", qPrintable(arguments.join(u' ')),
               process.readAllStandardError().constData());
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

// The test's own requests: LISTs to compare with and the writes, on a connection the informers do not share.
struct Api
{
    explicit Api(const ClusterConfig &config)
        : connection(config)
    { }

    Result<ApiResponse> send(ApiCall call, int timeoutMs = 15000)
    {
        call.timeoutMs = timeoutMs;
        return await<ApiResponse>([&](QObject *c, auto done) { connection.request(call, c, done); }, timeoutMs + 5000);
    }

    // The collection now, or exactly as it was at `resourceVersion`.
    Result<Versions> list(const QString &plural, const QString &resourceVersion = {})
    {
        QUrlQuery query;
        if (!resourceVersion.isEmpty()) {
            query.addQueryItem(u"resourceVersion"_s, resourceVersion);
            query.addQueryItem(u"resourceVersionMatch"_s, u"Exact"_s);
        }
        ApiCall call = ApiCall::get(u"/api/v1/namespaces/%1/%2"_s.arg(Namespace, plural), query);
        call.accept = MetadataListAccept;
        Result<ApiResponse> reply = send(call);
        if (!reply)
            return reply.error();
        return versionsOfList(reply->body);
    }

    // A merge patch, retried for up to 60 s while the server recovers; returns the new resourceVersion.
    QString patchUntilAnswered(const QString &plural, const QString &name, const QJsonObject &patch)
    {
        ApiCall call;
        call.verb = "PATCH";
        call.path = u"/api/v1/namespaces/%1/%2/%3"_s.arg(Namespace, plural, name);
        call.body = QJsonDocument(patch).toJson(QJsonDocument::Compact);
        call.contentType = "application/merge-patch+json";
        QElapsedTimer timer;
        timer.start();
        for (;;) {
            Result<ApiResponse> reply = send(call);
            if (reply)
                return resourceVersionOf(reply->body);
            if (timer.elapsed() > 60000)
                qFatal("patching %s/%s failed: %s", qPrintable(plural), qPrintable(name),
                       qPrintable(reply.error().message()));
            QTest::qWait(100);
        }
    }

    ClusterConnection connection;
};

QJsonObject podObject(const QString &name)
{
    return {{u"apiVersion"_s, u"v1"_s},
            {u"kind"_s, u"Pod"_s},
            {u"metadata"_s,
             QJsonObject {{u"name"_s, name},
                          // bench pods: kwok's shared fallback rules, no per-pod work for the agent
                          {u"labels"_s, QJsonObject {{u"binnacle.dev/bench"_s, u"true"_s}, {u"app"_s, u"churn"_s}}}}},
            {u"spec"_s,
             QJsonObject {{u"nodeName"_s, u"kwok-node-%1"_s.arg(QRandomGenerator::global()->bounded(3))},
                          {u"automountServiceAccountToken"_s, false},
                          {u"containers"_s,
                           QJsonArray {QJsonObject {{u"name"_s, u"app"_s},
                                                    {u"image"_s, u"registry.example.invalid/churn:1.0"_s}}}}}}};
}

QJsonObject configMapObject(const QString &name)
{
    return {{u"apiVersion"_s, u"v1"_s},
            {u"kind"_s, u"ConfigMap"_s},
            {u"metadata"_s, QJsonObject {{u"name"_s, name}}},
            {u"data"_s, QJsonObject {{u"value"_s, u"0"_s}}}};
}

// Creates, patches and deletes pods and configmaps in the namespace at `rate` operations a second, with a few
// requests in flight at most (a tick that finds them all busy is skipped, never queued). Failures while the server is
// down are expected and only counted: what the caches must match is the server's state, not the churn's intent.
class Churn final : public QObject
{
public:
    explicit Churn(ClusterConnection *connection, int rate = 20)
        : m_connection(connection)
    {
        m_timer.setInterval(1000 / rate);
        connect(&m_timer, &QTimer::timeout, this, &Churn::tick);
    }

    void start() { m_timer.start(); }
    void stop() { m_timer.stop(); }
    // Stops and waits until the server has answered every request sent.
    bool drain(int timeoutMs = 30000)
    {
        stop();
        return QTest::qWaitFor([this] { return m_inFlight == 0; }, timeoutMs);
    }
    QString summary() const
    {
        return u"%1 requests, %2 answered with success, %3 failed"_s.arg(m_sent).arg(m_succeeded).arg(m_failed);
    }
    int succeeded() const { return m_succeeded; }

private:
    static constexpr int MaxInFlight = 4;
    static constexpr int MaxObjects = 25; // per kind

    void tick()
    {
        if (m_inFlight >= MaxInFlight)
            return;
        QRandomGenerator *random = QRandomGenerator::global();
        const bool pods = random->bounded(2) == 0;
        QSet<QString> &live = pods ? m_pods : m_configMaps;
        const QString plural = pods ? u"pods"_s : u"configmaps"_s;
        const QString collection = u"/api/v1/namespaces/%1/%2"_s.arg(Namespace, plural);
        const int dice = int(random->bounded(10));
        ApiCall call;
        call.timeoutMs = 15000;
        QString name;
        enum { Create, Patch, Delete } op;
        if (live.size() < 3 || (dice < 3 && live.size() < MaxObjects)) {
            op = Create;
            name = u"churn-%1-%2"_s.arg(pods ? u"pod"_s : u"cm"_s).arg(++m_serial);
            call.verb = "POST";
            call.path = collection;
            call.body = QJsonDocument(pods ? podObject(name) : configMapObject(name)).toJson(QJsonDocument::Compact);
            call.contentType = "application/json";
        } else {
            const QList<QString> names = live.values();
            name = names.at(int(random->bounded(qsizetype(names.size()))));
            call.path = collection + u'/' + name;
            if (dice < 8) {
                op = Patch;
                call.verb = "PATCH";
                const QJsonObject patch = pods
                    ? QJsonObject {{u"metadata"_s,
                                    QJsonObject {{u"annotations"_s,
                                                  QJsonObject {{u"binnacle.dev/churn"_s, QString::number(m_sent)}}}}}}
                    : QJsonObject {{u"data"_s, QJsonObject {{u"value"_s, QString::number(m_sent)}}}};
                call.body = QJsonDocument(patch).toJson(QJsonDocument::Compact);
                call.contentType = "application/merge-patch+json";
            } else {
                op = Delete;
                call.verb = "DELETE";
                live.remove(name); // not patched again while it goes
            }
        }
        ++m_sent;
        ++m_inFlight;
        m_connection->request(call, this, [this, op, name, pods](const Result<ApiResponse> &result) {
            --m_inFlight;
            QSet<QString> &live = pods ? m_pods : m_configMaps;
            if (result) {
                ++m_succeeded;
                if (op == Create)
                    live.insert(name);
            } else {
                ++m_failed;
                if (result.error().isNotFound())
                    live.remove(name); // a create that timed out may have happened anyway: names are never reused
            }
        });
    }

    ClusterConnection *m_connection;
    QTimer m_timer;
    QSet<QString> m_pods, m_configMaps;
    int m_serial = 0, m_inFlight = 0, m_sent = 0, m_succeeded = 0, m_failed = 0;
};

// A cache under test, whatever keeps it.
class Cache
{
public:
    explicit Cache(QString name, QString plural)
        : m_name(std::move(name))
        , m_plural(std::move(plural))
    { }
    virtual ~Cache() = default;
    const QString &name() const { return m_name; }
    const QString &plural() const { return m_plural; }
    virtual Versions versions() const = 0;
    virtual bool isSynced() const = 0;
    virtual int relists() const = 0;
    // The resourceVersion its contents are exactly at, when it knows one (Reflectors do).
    virtual QString resourceVersion() const { return {}; }
    bool has(const QString &name, const QString &resourceVersion) const
    {
        const QString version = versions().value(Namespace + u'/' + name);
        return !version.isEmpty() && versionNumber(version) >= versionNumber(resourceVersion);
    }

private:
    QString m_name;
    QString m_plural;
};

// A Reflector and its store, on this thread: contents and resourceVersion can be read at the same instant.
class ReflectorCache final : public Cache
{
public:
    ReflectorCache(ClusterConnection *connection, const ApiResource &resource, Reflector::Mode mode)
        : Cache(resource.resource
                    + (mode == Reflector::Mode::Table ? u" (Reflector, Table)"_s : u" (Reflector, full)"_s),
                resource.resource)
        , reflector(connection, resource, Namespace, mode, &store)
    {
        QObject::connect(&reflector, &Reflector::failed, &context, [this](const Error &error) {
            if (error.isGone())
                ++gone;
        });
        reflector.start();
    }
    Versions versions() const override
    {
        Versions versions;
        for (const ObjectPtr &object : store.all())
            versions.insert(object->key(), object->resourceVersion);
        return versions;
    }
    bool isSynced() const override { return reflector.isSynced(); }
    int relists() const override { return reflector.relists(); }
    QString resourceVersion() const override
    {
        return reflector.isSynced() ? reflector.lastResourceVersion() : QString();
    }

    ObjectStore store;
    Reflector reflector;
    QObject context;
    int gone = 0; // "too old" answers seen
};

// What a view holding a ClusterSession subscription has: the batches it was sent, applied as a model applies them.
class SubscriptionCache final : public Cache
{
public:
    SubscriptionCache(ClusterSession *session, const ApiResource &resource)
        : Cache(resource.resource + u" (ClusterSession subscription, Table)"_s, resource.resource)
        , subscription(session->subscribe(resource, Namespace, Reflector::Mode::Table, &context))
    {
        QObject::connect(subscription, &InformerSubscription::changed, &context, [this](const ChangeBatch &batch) {
            if (batch.reset)
                m_versions.clear();
            for (const ObjectPtr &object : batch.added + batch.updated)
                m_versions.insert(object->key(), object->resourceVersion);
            for (const QString &key : batch.removed)
                m_versions.remove(key);
        });
    }
    Versions versions() const override { return m_versions; }
    bool isSynced() const override { return subscription->health().synced; }
    int relists() const override { return subscription->health().relists; }

    QObject context;
    InformerSubscription *subscription;

private:
    Versions m_versions;
};

} // namespace

class ReliabilityTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void restartsDuringChurn_data();
    void restartsDuringChurn();
    void compactionMakesCachesRelist();

private:
    void startCaches();
    void waitUntilAllEqualFreshList(const QString &when);
    void checkAgainstListAtTheirVersion(const QString &when);

    std::unique_ptr<Api> m_api;
    std::unique_ptr<ClusterConnection> m_informerConnection;
    std::unique_ptr<ClusterSession> m_session;
    std::vector<std::unique_ptr<Cache>> m_caches;
};

void ReliabilityTest::initTestCase()
{
    // Qt warns once per HTTP/2 stream a restart cuts: dozens per restart, and expected here.
    QLoggingCategory::setFilterRules(u"qt.network.http2.warning=false"_s);
    const TestCluster &cluster = TestCluster::instance();
    const ClusterConfig config = cluster.config(u"admin"_s);
    cluster.kubectl({u"delete"_s, u"namespace"_s, Namespace, u"--ignore-not-found"_s, u"--wait=true"_s});
    cluster.kubectl({u"create"_s, u"namespace"_s, Namespace});
    // The ServiceAccount admission plugin refuses pods until the controller manager made the default account.
    QVERIFY(QTest::qWaitFor(
        [&] {
            return !cluster.kubectl({u"get"_s, u"serviceaccount"_s, u"default"_s, u"-n"_s, Namespace}, false).isEmpty();
        },
        30000));
    const QJsonObject markers {{u"apiVersion"_s, u"v1"_s},
                               {u"kind"_s, u"List"_s},
                               {u"items"_s, QJsonArray {podObject(MarkerName), configMapObject(MarkerName)}}};
    cluster.kubectl({u"apply"_s, u"-n"_s, Namespace, u"-f"_s, u"-"_s}, true, QJsonDocument(markers).toJson());
    m_api = std::make_unique<Api>(config);
    startCaches();
}

void ReliabilityTest::cleanupTestCase()
{
    m_caches.clear();
    m_session.reset();
    TestCluster::instance().kubectl({u"delete"_s, u"namespace"_s, Namespace, u"--wait=false"_s}, false);
    // The cluster is left as the next test expects it: kube-controller-manager, kube-scheduler and kwok are started
    // afresh. After these restarts their informers can stay behind for minutes (seen: the ReplicaSet controller
    // refusing to act, "read version … is not as new as written version", and a Deployment made later got no pods).
    for (const QString &component : {u"controller-manager"_s, u"scheduler"_s, u"kwok"_s})
        runHarness({u"restart"_s, component});
}

void ReliabilityTest::startCaches()
{
    m_informerConnection = std::make_unique<ClusterConnection>(TestCluster::instance().config(u"admin"_s));
    Discovery discovery(m_informerConnection.get());
    QSignalSpy discovered(&discovery, &Discovery::updated);
    discovery.refresh();
    QVERIFY(QTest::qWaitFor([&] { return !discovered.isEmpty(); }, 30000));
    for (const QString &plural : {u"pods"_s, u"configmaps"_s}) {
        const ApiResource resource = *discovery.mapper().find(plural);
        for (Reflector::Mode mode : {Reflector::Mode::Table, Reflector::Mode::Full})
            m_caches.push_back(std::make_unique<ReflectorCache>(m_informerConnection.get(), resource, mode));
    }

    m_session = std::make_unique<ClusterSession>(TestCluster::instance().config(u"admin"_s), nullptr);
    m_session->connectToCluster();
    QVERIFY(QTest::qWaitFor([&] { return m_session->mapper().find(u"configmaps"_s).has_value(); }, 30000));
    for (const QString &plural : {u"pods"_s, u"configmaps"_s})
        m_caches.push_back(std::make_unique<SubscriptionCache>(m_session.get(), *m_session->mapper().find(plural)));

    QVERIFY(QTest::qWaitFor(
        [&] { return std::all_of(m_caches.begin(), m_caches.end(), [](const auto &c) { return c->isSynced(); }); },
        30000));
    waitUntilAllEqualFreshList(u"at the start"_s);
}

// With nothing changing any more, every cache must come to equal a fresh LIST (kwok may still be moving new pods
// to Running: compared until equal, within the recovery budget).
void ReliabilityTest::waitUntilAllEqualFreshList(const QString &when)
{
    QElapsedTimer timer;
    timer.start();
    QString last;
    for (;;) {
        last.clear();
        for (const QString &plural : {u"pods"_s, u"configmaps"_s}) {
            const Result<Versions> server = m_api->list(plural);
            QVERIFY2(server, qPrintable(server ? QString() : server.error().message()));
            for (const auto &cache : m_caches) {
                if (cache->plural() != plural)
                    continue;
                const Difference difference(server.value(), cache->versions());
                if (!difference.isEmpty())
                    last += u"\n  %1: %2"_s.arg(cache->name(), difference.toString());
            }
        }
        if (last.isEmpty())
            return;
        if (timer.elapsed() > RecoveryBudgetMs)
            QFAIL(qPrintable(u"%1, %2 ms after the churn stopped the caches still differ from a LIST:%3"_s.arg(
                when, QString::number(timer.elapsed()), last)));
        QTest::qWait(200);
    }
}

// Every Reflector's store equals the server's collection at exactly the store's resourceVersion, while the churn
// goes on: read both at one instant, then LIST with resourceVersionMatch=Exact.
void ReliabilityTest::checkAgainstListAtTheirVersion(const QString &when)
{
    for (const auto &cache : m_caches) {
        const QString version = cache->resourceVersion();
        if (version.isEmpty() && !dynamic_cast<ReflectorCache *>(cache.get()))
            continue; // a subscription knows no resourceVersion: compared once the churn pauses
        QVERIFY2(!version.isEmpty(), qPrintable(cache->name() + u" is not synced "_s + when));
        const Versions cached = cache->versions();
        const Result<Versions> server = m_api->list(cache->plural(), version);
        QVERIFY2(server, qPrintable(u"LIST at %1: %2"_s.arg(version, server ? QString() : server.error().message())));
        const Difference difference(server.value(), cached);
        QVERIFY2(difference.isEmpty(),
                 qPrintable(u"%1 %2, at resourceVersion %3: %4 lost, %5 phantom, %6 stale: %7"_s.arg(
                     cache->name(), when, version, QString::number(difference.lost),
                     QString::number(difference.phantom), QString::number(difference.stale), difference.toString())));
    }
}

void ReliabilityTest::restartsDuringChurn_data()
{
    QTest::addColumn<QString>("component");
    QTest::addColumn<int>("restarts");
    QTest::addColumn<QString>("down");
    QTest::newRow("apiserver") << u"apiserver"_s << countFromEnvironment("BINNACLE_RELIABILITY_RESTARTS", 10) << u"1"_s;
    QTest::newRow("etcd") << u"etcd"_s << countFromEnvironment("BINNACLE_RELIABILITY_ETCD_RESTARTS", 5) << u"1"_s;
}

// R1: after each restart (the churn going on; every other one a crash, SIGKILL, instead of SIGTERM), every cache has
// seen a write made after the server answered again, and equals the server's state; time from "healthy again" to "every
// cache in sync" is the recovery figure.
void ReliabilityTest::restartsDuringChurn()
{
    QFETCH(QString, component);
    QFETCH(int, restarts);
    QFETCH(QString, down);
    if (restarts == 0)
        QSKIP("no restarts asked for");
    QElapsedTimer total;
    total.start();
    Churn churn(&m_api->connection);
    QList<qint64> recoveries;
    QStringList overBudget;
    for (int round = 1; round <= restarts; ++round) {
        std::vector<int> relistsBefore;
        for (const auto &cache : m_caches)
            relistsBefore.push_back(cache->relists());
        churn.start();
        QTest::qWait(1500);
        const QString harness
            = runHarness(round % 2 == 0 ? QStringList {u"restart"_s, component, u"--down"_s, down, u"--kill"_s}
                                        : QStringList {u"restart"_s, component, u"--down"_s, down});
        QElapsedTimer sinceHealthy; // the harness returned: /readyz (apiserver) or /health (etcd) says ok
        sinceHealthy.start();

        // A write to each collection after the recovery; every cache must get there.
        const QJsonObject annotation {
            {u"metadata"_s,
             QJsonObject {{u"annotations"_s, QJsonObject {{u"binnacle.dev/round"_s, QString::number(round)}}}}}};
        const QString podVersion = m_api->patchUntilAnswered(u"pods"_s, MarkerName, annotation);
        const QString configMapVersion = m_api->patchUntilAnswered(u"configmaps"_s, MarkerName, annotation);
        const qint64 firstWriteMs = sinceHealthy.elapsed();
        QStringList behind;
        std::vector<qint64> caughtUpAt(m_caches.size(), -1);
        const bool caughtUp = QTest::qWaitFor(
            [&] {
                behind.clear();
                for (size_t i = 0; i < m_caches.size(); ++i) {
                    const Cache &cache = *m_caches[i];
                    if (!cache.isSynced()
                        || !cache.has(MarkerName, cache.plural() == u"pods"_s ? podVersion : configMapVersion))
                        behind << cache.name();
                    else if (caughtUpAt[i] < 0)
                        caughtUpAt[i] = sinceHealthy.elapsed();
                }
                return behind.isEmpty();
            },
            int(RecoveryBudgetMs * 3));
        const qint64 recoveryMs = sinceHealthy.elapsed();
        recoveries << recoveryMs;
        QStringList relisted;
        for (size_t i = 0; i < m_caches.size(); ++i)
            relisted << u"%1 %2 ms, %3"_s.arg(m_caches[i]->name())
                            .arg(caughtUpAt[i])
                            .arg(m_caches[i]->relists() > relistsBefore[i] ? u"relisted"_s : u"resumed"_s);
        qInfo().noquote() << u"%1 restart %2/%3: %4; writes answered after %5 ms; every cache in sync %6 ms after "
                             "the server was healthy again (per cache: %7)"_s.arg(
                                 component, QString::number(round), QString::number(restarts), harness,
                                 QString::number(firstWriteMs), QString::number(recoveryMs), relisted.join(u"; "_s));
        QVERIFY2(caughtUp,
                 qPrintable(u"after %1 restart %2, still behind after %3 ms: %4"_s.arg(
                     component, QString::number(round), QString::number(recoveryMs), behind.join(u", "_s))));
        if (recoveryMs > RecoveryBudgetMs) // checked at the end: the other rounds still run and are measured
            overBudget << u"restart %1: %2 ms"_s.arg(round).arg(recoveryMs);
        checkAgainstListAtTheirVersion(u"after %1 restart %2, churn going on"_s.arg(component).arg(round));
        if (QTest::currentTestFailed())
            return;
        QVERIFY(churn.drain());
        waitUntilAllEqualFreshList(u"after %1 restart %2"_s.arg(component).arg(round));
        if (QTest::currentTestFailed())
            return;
    }
    std::sort(recoveries.begin(), recoveries.end());
    QStringList sorted;
    for (qint64 ms : recoveries)
        sorted << QString::number(ms);
    qInfo().noquote() << u"%1: %2 restarts in %3 s; churn %4; recovery ms sorted: %5"_s.arg(
        component, QString::number(restarts), QString::number(total.elapsed() / 1000.0, 'f', 1), churn.summary(),
        sorted.join(u' '));
    QVERIFY2(churn.succeeded() > 0, qPrintable(churn.summary()));
    QVERIFY2(overBudget.isEmpty(),
             qPrintable(u"after %1 of %2 %3 restarts the caches took longer than %4 ms to be in sync: %5"_s.arg(
                 QString::number(overBudget.size()), QString::number(restarts), component,
                 QString::number(RecoveryBudgetMs), overBudget.join(u", "_s))));
}

// R2: etcd compacted under open watches. The apiserver's watch cache only learns of it when its own etcd watch has to
// resume (here: etcd restarts at once): etcd answers "compacted", the watch cache lists afresh, and clients that
// re-watch from their older resourceVersions get 410 Gone. Every Reflector must relist on that and equal a fresh LIST.
void ReliabilityTest::compactionMakesCachesRelist()
{
    // From here on only this test writes pods and configmaps. A write anywhere in the cluster between the compaction
    // and etcd's restart (kwok moving a pod, the namespace controller finishing an earlier test's namespace) moves
    // the apiserver's watch cache past the compaction revision: it resumes without "compacted" and its clients rightly
    // hear no 410 (seen under ASan in the rehearsal: the pods caches never relisted). cleanupTestCase starts them.
    for (const QString &component : {u"controller-manager"_s, u"scheduler"_s, u"kwok"_s})
        runHarness({u"stop"_s, component});
    // Versions the compaction will leave behind: the watches have seen these, nothing newer.
    for (int i = 0; i < 3; ++i) {
        m_api->patchUntilAnswered(u"configmaps"_s, MarkerName,
                                  {{u"data"_s, QJsonObject {{u"compact"_s, QString::number(i)}}}});
        m_api->patchUntilAnswered(
            u"pods"_s, MarkerName,
            {{u"metadata"_s,
              QJsonObject {{u"annotations"_s, QJsonObject {{u"binnacle.dev/compact"_s, QString::number(i)}}}}}});
    }
    waitUntilAllEqualFreshList(u"before the compaction"_s);
    if (QTest::currentTestFailed())
        return;
    // One write of another resource last, so that the compaction revision is newer than what either watch cache has
    // seen: a watch cache whose last event is the compaction revision itself resumes without "compacted", and its
    // clients would never hear 410 (seen under ASan, where nothing else happened to write in between).
    TestCluster::instance().kubectl(
        {u"annotate"_s, u"namespace"_s, Namespace,
         u"binnacle.dev/compaction-bump="_s + QString::number(QDateTime::currentMSecsSinceEpoch()), u"--overwrite"_s});
    std::vector<int> relistsBefore, goneBefore;
    for (const auto &cache : m_caches) {
        relistsBefore.push_back(cache->relists());
        auto *reflector = dynamic_cast<ReflectorCache *>(cache.get());
        goneBefore.push_back(reflector ? reflector->gone : 0);
    }
    const QString compacted = runHarness({u"compact"_s});
    const QString restarted = runHarness({u"restart"_s, u"etcd"_s});
    QElapsedTimer sinceHealthy;
    sinceHealthy.start();
    QStringList waiting;
    const bool relisted = QTest::qWaitFor(
        [&] {
            waiting.clear();
            for (size_t i = 0; i < m_caches.size(); ++i) {
                if (m_caches[i]->relists() <= relistsBefore[i] || !m_caches[i]->isSynced())
                    waiting << m_caches[i]->name();
            }
            return waiting.isEmpty();
        },
        60000);
    const qint64 relistMs = sinceHealthy.elapsed();
    QStringList figures;
    for (size_t i = 0; i < m_caches.size(); ++i) {
        auto *reflector = dynamic_cast<ReflectorCache *>(m_caches[i].get());
        figures << u"%1: %2 relists, %3 Gone"_s.arg(m_caches[i]->name())
                       .arg(m_caches[i]->relists() - relistsBefore[i])
                       .arg(reflector ? QString::number(reflector->gone - goneBefore[i]) : u"?"_s);
    }
    qInfo().noquote() << u"%1; %2; all relisted and synced %3 ms after etcd was healthy: %4"_s.arg(
        compacted, restarted, QString::number(relistMs), figures.join(u"; "_s));
    QVERIFY2(relisted, qPrintable(u"no relist within 60 s: "_s + waiting.join(u", "_s)));
    for (size_t i = 0; i < m_caches.size(); ++i) {
        if (auto *reflector = dynamic_cast<ReflectorCache *>(m_caches[i].get()))
            QVERIFY2(reflector->gone > goneBefore[i], qPrintable(reflector->name() + u" relisted without a 410"_s));
    }
    waitUntilAllEqualFreshList(u"after the compaction"_s);
}

int main(int argc, char **argv)
{
    // Ten restarts and their recoveries take longer than QTest's default 5 minutes per test function.
    if (!qEnvironmentVariableIsSet("QTEST_FUNCTION_TIMEOUT"))
        qputenv("QTEST_FUNCTION_TIMEOUT", "1200000");
    QCoreApplication app(argc, argv);
    ReliabilityTest test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_reliability.moc"
