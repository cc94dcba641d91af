// CPU and memory from the real Metrics API (metrics-server scraping kwok's simulated usage, see tests/cluster):
// the poller's figures agree with `kubectl top pod` for every pod of a namespace, the climbing pod's memory rises
// from poll to poll with a point per poll in its history, a namespace's poll asks only that namespace, a user who
// may not read node metrics is told so, and a metrics-server that stops is a state that ends when it is back.
#include "testcluster.h"

#include "client/metrics/metricspoller.h"
#include "client/metrics/quantity.h"
#include "client/session/clustersession.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace binnacle;
using namespace binnacle::testing;
using namespace Qt::StringLiterals;

namespace {

// The pod whose memory tests/cluster makes climb (README: "Simulated usage").
const QString ClimbingNamespace = u"shop"_s;
const QString ClimbingPod = u"leaky-0"_s;

// `kubectl top pod -n NS --no-headers`: name → (CPU text, memory text), exactly as printed.
QHash<QString, QPair<QString, QString>> kubectlTop(const QString &ns)
{
    QHash<QString, QPair<QString, QString>> figures;
    const QByteArray out = TestCluster::instance().kubectl({u"top"_s, u"pod"_s, u"-n"_s, ns, u"--no-headers"_s});
    for (const QByteArray &line : out.split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() >= 3)
            figures.insert(QString::fromUtf8(fields.at(0)),
                           {QString::fromUtf8(fields.at(1)), QString::fromUtf8(fields.at(2))});
    }
    return figures;
}

QString ours(const UsageHistory &history, const QString &key)
{
    const std::optional<Usage> usage = history.latest(key);
    if (!usage)
        return u"(none)"_s;
    return u"%1m %2Mi"_s.arg(Quantity::toMillicores(usage->cpuCores)).arg(Quantity::toMebibytes(usage->memoryBytes));
}

} // namespace

class MetricsTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<ClusterSession> connectAs(const QString &user)
    {
        return TestCluster::instance().connectedSession(user);
    }

    // Waits for the next poll of `kind` to be recorded.
    static bool nextPoll(MetricsPoller *poller, UsageSnapshot::Kind kind, int timeoutMs = 60000)
    {
        const quint64 before = poller->history(kind).polls();
        return QTest::qWaitFor([&] { return poller->history(kind).polls() > before; }, timeoutMs);
    }

private slots:
    void initTestCase()
    {
        // metrics-server needs a scrape or two after the cluster came up before it answers with every pod.
        auto session = connectAs(u"admin"_s);
        QObject view;
        MetricsPoller *poller = session->metrics();
        poller->setInterval(2000);
        poller->watchPods(&view, {ClimbingNamespace});
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         return poller->history(UsageSnapshot::Kind::Pods)
                             .latest(ClimbingNamespace + u'/' + ClimbingPod)
                             .has_value();
                     },
                     120000),
                 qPrintable(poller->problem(UsageSnapshot::Kind::Pods)));
    }

    void podsAgreeWithKubectlTop()
    {
        auto session = connectAs(u"admin"_s);
        QObject view;
        MetricsPoller *poller = session->metrics();
        poller->setInterval(3600 * 1000); // polls only when asked, below
        poller->watchPods(&view, {u"shop"_s});
        QVERIFY(nextPoll(poller, UsageSnapshot::Kind::Pods));
        const UsageHistory &history = poller->history(UsageSnapshot::Kind::Pods);
        // metrics-server scrapes every 15 s: kubectl and a poll agree when no scrape came between the poll before
        // and the poll after kubectl (both polls equal), which a few tries always meet.
        for (int attempt = 0; attempt < 5; ++attempt) {
            QHash<QString, QString> before;
            const QHash<QString, QPair<QString, QString>> top = kubectlTop(u"shop"_s);
            QVERIFY(top.size() >= 5);
            for (auto it = top.cbegin(); it != top.cend(); ++it)
                before.insert(it.key(), ours(history, u"shop/"_s + it.key()));
            poller->pollNow();
            QVERIFY(nextPoll(poller, UsageSnapshot::Kind::Pods));
            bool stable = true;
            QStringList differences;
            for (auto it = top.cbegin(); it != top.cend(); ++it) {
                const QString now = ours(history, u"shop/"_s + it.key());
                stable = stable && now == before.value(it.key());
                const QString kubectl = it->first + u' ' + it->second;
                if (now != kubectl)
                    differences << u"%1: kubectl %2, Binnacle %3"_s.arg(it.key(), kubectl, now);
            }
            if (!stable)
                continue; // a scrape came in between: try again
            QVERIFY2(differences.isEmpty(), qPrintable(differences.join(u"; ")));
            return;
        }
        QFAIL("no two polls in a row were equal in five tries");
    }

    void theClimbingPodsMemoryRisesWithAPointPerPoll()
    {
        auto session = connectAs(u"admin"_s);
        QObject view;
        MetricsPoller *poller = session->metrics();
        poller->setInterval(1000);
        poller->watchPods(&view, {ClimbingNamespace});
        const QString key = ClimbingNamespace + u'/' + ClimbingPod;
        const UsageHistory &history = poller->history(UsageSnapshot::Kind::Pods);
        QVERIFY(QTest::qWaitFor([&] { return history.latest(key).has_value(); }, 30000));
        const double first = history.latest(key)->memoryBytes;
        // The next scrape (≤ 15 s, plus kwok's own tick) reports more.
        QVERIFY2(QTest::qWaitFor([&] { return history.latest(key)->memoryBytes > first; }, 60000),
                 qPrintable(ours(history, key)));
        const QList<UsageHistory::Point> series = history.series(key);
        QCOMPARE(quint64(series.size()), history.polls());
        for (qsizetype i = 1; i < series.size(); ++i) {
            QVERIFY(series.at(i).timeMs > series.at(i - 1).timeMs);
            QVERIFY(series.at(i).usage.memoryBytes >= series.at(i - 1).usage.memoryBytes);
        }
    }

    void aNamespacePollAsksOnlyThatNamespace()
    {
        auto session = connectAs(u"admin"_s);
        QObject view;
        MetricsPoller *poller = session->metrics();
        poller->watchPods(&view, {u"shop"_s});
        QVERIFY(nextPoll(poller, UsageSnapshot::Kind::Pods));
        QCOMPARE(poller->podScope(), QStringList {u"shop"_s});
        const UsageHistory &history = poller->history(UsageSnapshot::Kind::Pods);
        QVERIFY(history.objectCount() >= 5);
        for (const QString &key : history.keys())
            QVERIFY2(key.startsWith(u"shop/"_s), qPrintable(key));
        // Another view wanting every namespace widens the scope; when it goes, the scope narrows again.
        {
            QObject everything;
            poller->watchPods(&everything, {});
            QCOMPARE(poller->podScope(), QStringList {});
            QVERIFY(nextPoll(poller, UsageSnapshot::Kind::Pods));
        }
        QCOMPARE(poller->podScope(), QStringList {u"shop"_s});
    }

    void theViewerIsToldWhatItMayNotRead()
    {
        auto session = connectAs(u"viewer"_s);
        QObject view;
        MetricsPoller *poller = session->metrics();
        poller->watchNodes(&view);
        QVERIFY(QTest::qWaitFor(
            [&] { return poller->availability(UsageSnapshot::Kind::Nodes) != MetricsPoller::Availability::Unknown; },
            30000));
        QCOMPARE(poller->availability(UsageSnapshot::Kind::Nodes), MetricsPoller::Availability::Forbidden);
        QVERIFY2(poller->problem(UsageSnapshot::Kind::Nodes).contains(u"forbidden"_s, Qt::CaseInsensitive),
                 qPrintable(poller->problem(UsageSnapshot::Kind::Nodes)));
    }

    void aStoppedMetricsServerIsAStateThatEnds()
    {
        auto session = connectAs(u"admin"_s);
        QObject view;
        MetricsPoller *poller = session->metrics();
        poller->setInterval(1000);
        poller->watchPods(&view, {u"shop"_s});
        QVERIFY(nextPoll(poller, UsageSnapshot::Kind::Pods));
        QCOMPARE(poller->availability(UsageSnapshot::Kind::Pods), MetricsPoller::Availability::Available);

        TestCluster::instance().harness({u"stop"_s, u"metrics-server"_s});
        QVERIFY(QTest::qWaitFor(
            [&] { return poller->availability(UsageSnapshot::Kind::Pods) == MetricsPoller::Availability::Unavailable; },
            60000));
        QVERIFY(!poller->problem(UsageSnapshot::Kind::Pods).isEmpty());

        TestCluster::instance().harness({u"start"_s, u"metrics-server"_s});
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         return poller->availability(UsageSnapshot::Kind::Pods)
                             == MetricsPoller::Availability::Available;
                     },
                     120000),
                 qPrintable(poller->problem(UsageSnapshot::Kind::Pods)));
    }
};

QTEST_GUILESS_MAIN(MetricsTest)
#include "tst_metrics.moc"
