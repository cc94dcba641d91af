// ReplicaProbe against the real local cluster: the same request to every ready pod of a Deployment or a Service,
// each through a forward of its own to the agent's per-pod HTTP server; a replica made stale with `cluster.sh
// stale` is the one whose answer differs; a target that is not there, and answers that do not come, are said.

#include "testcluster.h"
#include "webdeployment.h"

#include "client/probe/replicaprobe.h"
#include "client/session/clustersession.h"
#include "models/probe/probecomparison.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

namespace {

constexpr int Timeout = 30000;
const QString Namespace = u"binnacle-probe-test"_s;

// `cluster.sh ARGS` of the fixture's cluster.
void runHarness(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(BINNACLE_CLUSTER_SCRIPT),
                  arguments + QStringList {u"--name"_s, TestCluster::instance().name()});
    if (!process.waitForFinished(120000) || process.exitCode() != 0)
        qFatal("cluster.sh %s failed: %s", qPrintable(arguments.join(u' ')),
               process.readAllStandardError().constData());
}

QByteArray header(const ProbeAnswer &answer, const QByteArray &name)
{
    for (const auto &[key, value] : answer.headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

} // namespace

class ReplicaProbeTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ClusterSession> m_admin;

    QList<ProbeAnswer> run(const ForwardTarget &target, const ProbeRequest &request, QString *problem = nullptr)
    {
        ReplicaProbe probe(m_admin.get(), target, request);
        QList<ProbeAnswer> answers;
        connect(&probe, &ReplicaProbe::answered, this, [&](const ProbeAnswer &answer) { answers << answer; });
        QSignalSpy finished(&probe, &ReplicaProbe::finished);
        probe.start();
        if (!finished.wait(Timeout))
            qWarning("the probe did not finish: %d of %d answered", probe.answeredCount(), probe.planned());
        if (problem)
            *problem = probe.problem();
        return answers;
    }

    static ProbeRequest notice(int maxConcurrent = 16)
    {
        ProbeRequest request;
        request.path = u"/api/notice"_s;
        request.port = u"http"_s;
        request.maxConcurrent = maxConcurrent;
        return request;
    }

private slots:
    void initTestCase()
    {
        WebDeployment::apply(Namespace, 3);
        m_admin = std::make_unique<ClusterSession>(TestCluster::instance().config(u"admin"_s), nullptr);
        m_admin->connectToCluster();
        QVERIFY(QTest::qWaitFor([&] { return m_admin->mapper().find(u"pods"_s).has_value(); }, Timeout));
    }

    void cleanupTestCase()
    {
        m_admin.reset();
        WebDeployment::remove(Namespace);
    }

    void everyReadyPodAnswers_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("maxConcurrent");
        QTest::newRow("Deployment") << u"Deployment"_s << 16;
        QTest::newRow("Service") << u"Service"_s << 16;
        QTest::newRow("one at a time") << u"Deployment"_s << 1;
        QTest::newRow("label selector") << u"Selector"_s << 16;
    }

    void everyReadyPodAnswers()
    {
        QFETCH(QString, kind);
        QFETCH(int, maxConcurrent);
        const QString name = kind == u"Selector" ? u"app=web,app!=other"_s : u"web"_s;
        const QList<ProbeAnswer> answers = run({kind, Namespace, name, {}}, notice(maxConcurrent));
        QStringList pods;
        for (const ProbeAnswer &answer : answers) {
            QVERIFY2(answer.error.isEmpty(), qPrintable(answer.error));
            QCOMPARE(answer.statusCode, 200);
            const QJsonObject body = QJsonDocument::fromJson(answer.body).object();
            QVERIFY2(body.value(u"pod"_s).toString() == answer.pod, answer.body.constData());
            QCOMPARE(header(answer, "X-Pod-Name"), answer.pod.toUtf8());
            QCOMPARE(answer.cluster, TestCluster::instance().context(u"admin"_s));
            QVERIFY(answer.node.startsWith(u"kwok-node-"_s));
            QCOMPARE(answer.size, answer.body.size());
            pods << answer.pod;
        }
        pods.sort();
        QStringList expected = WebDeployment::readyPods(Namespace);
        expected.sort();
        QCOMPARE(pods, expected);
    }

    void theStaleReplicaIsTheOneThatDiffers()
    {
        const QString stale = WebDeployment::readyPods(Namespace).at(1);
        runHarness({u"stale"_s, Namespace, stale, u"--notice"_s, u"old build"_s});
        const QList<ProbeAnswer> answers = run({u"Service"_s, Namespace, u"web"_s, {}}, notice());
        runHarness({u"stale"_s, Namespace, stale, u"--clear"_s});
        QCOMPARE(answers.size(), 3);
        // The pod's own name is in every body: it is what the user excludes to compare the rest.
        const ProbeComparison comparison = ProbeComparison::compare(answers, {u"pod"_s});
        QVERIFY2(!comparison.majorityIsTied(), qPrintable(comparison.summary()));
        QStringList differing;
        for (int i = 0; i < answers.size(); ++i) {
            if (comparison.verdicts().at(i).differs)
                differing << answers.at(i).pod;
        }
        QCOMPARE(differing, QStringList {stale});
        QCOMPARE(comparison.summary(), u"2 of 3 pods agree; 1 differs; 0 failed"_s);
    }

    void aMissingTargetIsSaid()
    {
        QString problem;
        const QList<ProbeAnswer> answers = run({u"Deployment"_s, Namespace, u"nope"_s, {}}, notice(), &problem);
        QVERIFY(answers.isEmpty());
        QVERIFY2(problem.contains(u"was not found"_s), qPrintable(problem));
    }

    void aSelectorThatMatchesNothingIsSaid()
    {
        QString problem;
        QVERIFY(run({u"Selector"_s, Namespace, u"app=nothing"_s, {}}, notice(), &problem).isEmpty());
        QVERIFY2(problem.contains(u"No pod matching app=nothing in %1 is ready"_s.arg(Namespace)), qPrintable(problem));
        QVERIFY(run({u"Selector"_s, Namespace, u"app in (web"_s, {}}, notice(), &problem).isEmpty());
        QVERIFY2(problem.contains(u"is not a label selector"_s), qPrintable(problem));
    }

    void answersThatDoNotComeAreReportedPerPod()
    {
        ProbeRequest request = notice();
        request.timeoutMs = 1; // nothing answers within a millisecond through the apiserver
        const QList<ProbeAnswer> answers = run({u"Deployment"_s, Namespace, u"web"_s, {}}, request);
        QCOMPARE(answers.size(), 3);
        for (const ProbeAnswer &answer : answers) {
            QVERIFY(answer.failed());
            QVERIFY2(answer.error.contains(u"timed out after 1 ms"_s), qPrintable(answer.error));
        }
    }
};

QTEST_GUILESS_MAIN(ReplicaProbeTest)
#include "tst_replicaprobe.moc"
