// A workload's logs (PodLogSet) on the real local cluster: a Deployment of our own, scaled from 2 to 4 and back to 2
// while its logs are followed. The new pods' streams start from their beginning (the first line of their log file),
// the removed pods' streams end with "the pod was deleted", the others go on.

#include "testcluster.h"

#include "client/logs/loglinesplitter.h"
#include "client/logs/logstream.h"
#include "client/logs/podlogset.h"
#include "client/session/clustersession.h"

#include <QFile>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

namespace {

const QString Namespace = u"binnacle-logset-test"_s;
const QString Deployment = u"chatty"_s;

QByteArray deploymentYaml(int replicas)
{
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: chatty\n  namespace: binnacle-logset-test\n"
           "spec:\n  replicas: "
        + QByteArray::number(replicas)
        + "\n  selector:\n    matchLabels:\n      app: chatty\n  template:\n    metadata:\n      labels:\n"
          "        app: chatty\n    spec:\n      containers:\n      - name: app\n        image: busybox\n";
}

// The first line of a container's log file, as the stream gives it (timestamp, text without the CRI fields).
QPair<qint64, QByteArray> firstLineOf(const QString &pod)
{
    QFile log(qEnvironmentVariable("BINNACLE_CLUSTER_DIR") + u"/ctest/pods/"_s + Namespace + u'/' + pod
              + u"/app.log"_s);
    if (!log.open(QIODevice::ReadOnly))
        return {};
    const QByteArray line = log.readLine().trimmed();
    LogLineSplitter parser;
    const auto timestamp = parser.parsePrefix(line);
    if (!timestamp)
        return {};
    const QByteArray rest = line.mid(timestamp->prefixLength);
    return {timestamp->nanoseconds, rest.mid(rest.indexOf(' ', rest.indexOf(' ') + 1) + 1)};
}

QSet<QString> podsOfTheDeployment()
{
    const QByteArray names
        = TestCluster::instance().kubectl({u"get"_s, u"pods"_s, u"-n"_s, Namespace, u"-l"_s, u"app=chatty"_s, u"-o"_s,
                                           u"jsonpath={.items[*].metadata.name}"_s});
    QSet<QString> pods;
    for (const QByteArray &name : names.split(' '))
        if (!name.trimmed().isEmpty())
            pods.insert(QString::fromUtf8(name.trimmed()));
    return pods;
}

struct SourceSeen
{
    QString pod;
    QString container;
    QList<QPair<qint64, QByteArray>> lines;
    QString endReason;
    bool ended = false;
};

} // namespace

class PodLogSetTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        const TestCluster &cluster = TestCluster::instance();
        cluster.kubectl({u"delete"_s, u"namespace"_s, Namespace, u"--ignore-not-found"_s, u"--wait"_s});
        cluster.kubectl({u"create"_s, u"namespace"_s, Namespace});
        cluster.kubectl({u"apply"_s, u"-f"_s, u"-"_s}, true, deploymentYaml(2));
        cluster.kubectl(
            {u"rollout"_s, u"status"_s, u"-n"_s, Namespace, u"deployment/"_s + Deployment, u"--timeout=60s"_s});
    }

    void cleanupTestCase()
    {
        TestCluster::instance().kubectl({u"delete"_s, u"namespace"_s, Namespace, u"--wait=false"_s}, false);
    }

    void followsADeploymentScaledUpAndDown()
    {
        const TestCluster &cluster = TestCluster::instance();
        ClusterSession session(cluster.config(u"admin"_s), nullptr);
        session.connectToCluster();
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), ClusterSession::State::Connected, 30000);

        const QJsonObject deployment
            = QJsonDocument::fromJson(
                  cluster.kubectl({u"get"_s, u"deployment"_s, Deployment, u"-n"_s, Namespace, u"-o"_s, u"json"_s}))
                  .object();
        const Result<LogTarget> target = LogTarget::forObject(u"Deployment"_s, deployment);
        QVERIFY2(target, qPrintable(target ? QString() : target.error().message()));
        QCOMPARE(target->selectorText, u"app=chatty"_s);

        PodLogSet::Options options;
        options.request.tailLines = 1; // for the two pods already there; the new ones from their beginning
        PodLogSet logs(&session, target.value(), options);
        QHash<int, SourceSeen> seen;
        connect(&logs, &PodLogSet::sourceAdded, this, [&seen](int id, const QString &pod, const QString &container) {
            seen[id].pod = pod;
            seen[id].container = container;
        });
        connect(&logs, &PodLogSet::linesArrived, this, [&seen](int id, const LogBatch &batch) {
            for (qsizetype i = 0; i < batch.lineCount(); ++i)
                seen[id].lines.append({batch.timestampsNs.at(i), batch.line(i).toByteArray()});
        });
        connect(&logs, &PodLogSet::sourceEnded, this, [&seen](int id, const QString &reason) {
            seen[id].ended = true;
            seen[id].endReason = reason;
        });
        // creationTimestamp has whole seconds, and the set takes a pod created in its first second for a new one:
        // start in a later second than the two pods were made, so that they get the template's tail.
        const QDateTime newest = QDateTime::fromString(
            QString::fromUtf8(cluster.kubectl({u"get"_s, u"pods"_s, u"-n"_s, Namespace, u"-o"_s,
                                               u"jsonpath={.items[*].metadata.creationTimestamp}"_s}))
                .split(u' ')
                .last(),
            Qt::ISODate);
        QVERIFY(newest.isValid());
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentSecsSinceEpoch() > newest.toSecsSinceEpoch(), 5000);
        QVERIFY(logs.start().ok());

        const auto streamingPods = [&seen] {
            QSet<QString> pods;
            for (const SourceSeen &source : seen)
                if (!source.ended && !source.lines.isEmpty())
                    pods.insert(source.pod);
            return pods;
        };
        const QSet<QString> initial = podsOfTheDeployment();
        QCOMPARE(initial.size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(streamingPods(), initial, 30000);
        for (const SourceSeen &source : std::as_const(seen))
            QCOMPARE(source.container, u"app"_s);

        // 2 -> 4: two new pods, each streamed from its first line.
        cluster.kubectl({u"scale"_s, u"-n"_s, Namespace, u"deployment/"_s + Deployment, u"--replicas=4"_s});
        QTRY_COMPARE_WITH_TIMEOUT(streamingPods().size(), 4, 60000);
        const QSet<QString> scaledUp = streamingPods();
        QVERIFY(scaledUp.contains(initial));
        // The template's tail is for the pods that were there; the new ones ask for their whole log.
        for (const PodLogSet::Source &source : logs.sources()) {
            QVERIFY(source.stream);
            QCOMPARE(source.stream->request().tailLines,
                     initial.contains(source.pod) ? std::optional<int>(1) : std::optional<int>());
        }
        for (const SourceSeen &source : std::as_const(seen)) {
            if (initial.contains(source.pod))
                continue;
            QCOMPARE(source.lines.first(), firstLineOf(source.pod));
        }

        // 4 -> 2: the pods the ReplicaSet removes end with the marker; the two left keep streaming.
        cluster.kubectl({u"scale"_s, u"-n"_s, Namespace, u"deployment/"_s + Deployment, u"--replicas=2"_s});
        QTRY_COMPARE_WITH_TIMEOUT(podsOfTheDeployment().size(), 2, 60000);
        const QSet<QString> remaining = podsOfTheDeployment();
        QTRY_COMPARE_WITH_TIMEOUT(streamingPods(), remaining, 60000);
        int ended = 0;
        for (const SourceSeen &source : std::as_const(seen)) {
            if (remaining.contains(source.pod))
                continue;
            QVERIFY2(source.ended, qPrintable(source.pod));
            QCOMPARE(source.endReason, PodLogSet::PodDeleted);
            ++ended;
        }
        QCOMPARE(ended, 2);
        QCOMPARE(logs.activeSourceCount(), 2);
        // The remaining streams go on.
        QHash<int, qsizetype> before;
        for (auto it = seen.cbegin(); it != seen.cend(); ++it)
            before[it.key()] = it->lines.size();
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(seen.keyBegin(), seen.keyEnd(),
                                             [&](int id) {
                                                 return seen[id].ended || !initial.contains(seen[id].pod)
                                                     || seen[id].lines.size() > before[id];
                                             }),
                                 30000);
    }
};

QTEST_GUILESS_MAIN(PodLogSetTest)
#include "tst_podlogset.moc"
