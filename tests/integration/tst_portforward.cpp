// PortForwarder against the real local cluster: every pod port of the agent's pods is a real HTTP server of its own
// (kwok's PortForward rules), reached through the real kube-apiserver over `v4.channel.k8s.io`. The cases are the
// ones a forward must survive: the serving pod deleted mid-way, 200 connections at once, no ready pod, a forbidden
// user, a busy local port, and (run alone) the apiserver restarted under it.

#include "httpget.h"
#include "testcluster.h"
#include "webdeployment.h"

#include "client/portforward/portforwarder.h"
#include "client/portforward/readypods.h"
#include "client/session/clustersession.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

namespace {

constexpr int Timeout = 30000;
const QString Namespace = u"binnacle-pf-test"_s;

QString podOf(const HttpAnswer &answer)
{
    return QJsonDocument::fromJson(answer.body).object().value(u"pod"_s).toString();
}

} // namespace

class PortForwardTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ClusterSession> connectAs(const QString &user)
    {
        auto session = std::make_unique<ClusterSession>(TestCluster::instance().config(user), nullptr);
        session->connectToCluster();
        if (!QTest::qWaitFor(
                [&] {
                    return session->state() == ClusterSession::State::Connected
                        && session->mapper().find(u"pods"_s).has_value();
                },
                Timeout))
            qFatal("%s could not connect: %s", qPrintable(user), qPrintable(session->stateMessage()));
        return session;
    }

    std::unique_ptr<PortForwarder> startForward(ClusterSession *session, const ForwardTarget &target)
    {
        auto forward = std::make_unique<PortForwarder>(session, target);
        const Status started = forward->start();
        if (!started)
            qFatal("forward %s did not start: %s", qPrintable(target.key()), qPrintable(started.error().message()));
        return forward;
    }

    std::unique_ptr<ClusterSession> m_admin;

private slots:
    void initTestCase()
    {
        WebDeployment::apply(Namespace, 3);
        m_admin = connectAs(u"admin"_s);
    }

    void cleanupTestCase()
    {
        m_admin.reset();
        WebDeployment::remove(Namespace);
    }

    void aPodPortByNameAnswers()
    {
        const QString pod = WebDeployment::readyPods(Namespace).first();
        auto forward = startForward(m_admin.get(), {u"Pod"_s, Namespace, pod, u"http"_s});
        QVERIFY(forward->localPort() > 0);
        const HttpAnswer answer = httpGet(forward->localPort(), "/");
        QVERIFY2(answer.ok(), qPrintable(answer.error + u" status %1"_s.arg(answer.status)));
        QCOMPARE(podOf(answer), pod);
        QCOMPARE(answer.podHeader, pod.toUtf8());
        QTRY_COMPARE_WITH_TIMEOUT(forward->health(), PortForwarder::Health::Ready, 5000);
        QCOMPARE(forward->servingPod(), pod);
        QVERIFY(forward->stats().bytesFromPod >= answer.body.size());
        QTRY_COMPARE_WITH_TIMEOUT(forward->stats().activeConnections, 0, 5000);
    }

    void aDownloadArrivesWhole()
    {
        auto forward = startForward(m_admin.get(), {u"Service"_s, Namespace, u"web"_s, u"80"_s});
        const HttpAnswer answer = httpGet(forward->localPort(), "/bytes?n=5000000", 30000);
        QVERIFY2(answer.ok(), qPrintable(answer.error));
        QCOMPARE(answer.body.size(), 5000000);
        // The pod's server repeats a-z from the start of every 64 KiB it writes.
        qsizetype wrong = -1;
        for (qsizetype i = 0; i < answer.body.size() && wrong < 0; ++i) {
            if (answer.body.at(i) != char('a' + (i % 65536) % 26))
                wrong = i;
        }
        QCOMPARE(wrong, -1);
    }

    void aServiceForwardOutlivesItsPod()
    {
        auto forward = startForward(m_admin.get(), {u"Service"_s, Namespace, u"web"_s, u"http"_s});
        QString deleted;
        int failures = 0;
        QStringList answeredBy;
        for (int i = 0; i < 50; ++i) {
            if (i == 10) {
                deleted = forward->servingPod();
                QVERIFY(!deleted.isEmpty());
                TestCluster::instance().kubectl(
                    {u"delete"_s, u"pod"_s, u"-n"_s, Namespace, deleted, u"--wait=false"_s});
            }
            QElapsedTimer took;
            took.start();
            const HttpAnswer answer = httpGet(forward->localPort(), "/");
            QVERIFY2(took.elapsed() < 15000, "a request hung");
            if (!answer.ok()) {
                ++failures;
                qWarning() << "request" << i << "failed:" << answer.error << answer.status;
                continue;
            }
            answeredBy << podOf(answer);
            QTest::qWait(50);
        }
        QCOMPARE(failures, 0);
        // After the deletion the deleted pod never answers again once another one has.
        const qsizetype firstOther = answeredBy.indexOf(QRegularExpression(u"^(?!%1$).*"_s.arg(deleted)), 10);
        QVERIFY(firstOther >= 0);
        QVERIFY2(answeredBy.lastIndexOf(deleted) < firstOther, qPrintable(answeredBy.join(u' ')));
        for (const QString &pod : std::as_const(answeredBy))
            QVERIFY2(pod.startsWith(u"web-"_s), qPrintable(pod));
        WebDeployment::waitForReadyPods(Namespace, 3);
    }

    void twoHundredConnectionsAtOnce()
    {
        auto forward = startForward(m_admin.get(), {u"Service"_s, Namespace, u"web"_s, u"80"_s});
        std::vector<std::unique_ptr<HttpGet>> requests;
        for (int i = 0; i < 200; ++i)
            requests.push_back(std::make_unique<HttpGet>(forward->localPort(), "/?" + QByteArray::number(i)));
        const auto allDone = [&] {
            return std::all_of(requests.begin(), requests.end(), [](const auto &request) { return request->done; });
        };
        QVERIFY(QTest::qWaitFor(allDone, 60000));
        const QStringList pods = WebDeployment::readyPods(Namespace);
        int failures = 0;
        for (const auto &request : requests) {
            if (!request->answer.ok() || !pods.contains(podOf(request->answer))
                || request->answer.podHeader != podOf(request->answer).toUtf8()) {
                ++failures;
                qWarning() << request->answer.error << request->answer.status << request->answer.podHeader;
            }
        }
        QCOMPARE(failures, 0);
        QCOMPARE(forward->stats().connections, 200);
        QTRY_COMPARE_WITH_TIMEOUT(forward->stats().activeConnections, 0, 10000);
        QCOMPARE(forward->stats().failedConnections, 0);
    }

    void neverReadyWithoutAReadyPod()
    {
        auto forward = startForward(m_admin.get(), {u"Service"_s, Namespace, u"web"_s, u"80"_s});
        QTRY_COMPARE_WITH_TIMEOUT(forward->health(), PortForwarder::Health::Ready, 15000);
        TestCluster::instance().kubectl({u"scale"_s, u"-n"_s, Namespace, u"deployment/web"_s, u"--replicas=0"_s});
        QTRY_COMPARE_WITH_TIMEOUT(forward->health(), PortForwarder::Health::NoReadyPod, 15000);
        // From now on, until a pod is ready again, the forward must not say "ready" (kubectl asked after each
        // change sees at least as much as the forward's informer did).
        bool readyWhileNoPod = false;
        QObject watcher;
        connect(forward.get(), &PortForwarder::changed, &watcher, [&] {
            if (forward->health() == PortForwarder::Health::Ready && WebDeployment::readyPods(Namespace).isEmpty())
                readyWhileNoPod = true;
        });
        QVERIFY2(forward->healthText().contains(u"No pod of Service/web is ready"_s),
                 qPrintable(forward->healthText()));
        // A connection made now waits for a pod instead of failing at once.
        HttpGet waiting(forward->localPort(), "/");
        QTest::qWait(500);
        QVERIFY(!waiting.done);
        TestCluster::instance().kubectl({u"scale"_s, u"-n"_s, Namespace, u"deployment/web"_s, u"--replicas=3"_s});
        QTRY_VERIFY_WITH_TIMEOUT(waiting.done, 30000);
        QVERIFY2(waiting.answer.ok(), qPrintable(waiting.answer.error));
        QTRY_COMPARE_WITH_TIMEOUT(forward->health(), PortForwarder::Health::Ready, 15000);
        QVERIFY(!readyWhileNoPod);
        WebDeployment::waitForReadyPods(Namespace, 3);
    }

    void aBusyLocalPortSaysWhich()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost));
        PortForwarder forward(m_admin.get(), {u"Service"_s, Namespace, u"web"_s, u"80"_s}, taken.serverPort());
        const Status started = forward.start();
        QVERIFY(!started);
        QVERIFY2(started.error().message().contains(QString::number(taken.serverPort())),
                 qPrintable(started.error().message()));
        QVERIFY(!forward.isListening());
        const quint16 other = PortForwarder::freePort(taken.serverPort());
        QVERIFY(other != 0 && other != taken.serverPort());
    }

    void stoppingFreesThePortAtOnce()
    {
        auto forward = startForward(m_admin.get(), {u"Service"_s, Namespace, u"web"_s, u"80"_s});
        const quint16 port = forward->localPort();
        forward->stop();
        QTcpServer again;
        QVERIFY2(again.listen(QHostAddress::LocalHost, port), qPrintable(again.errorString()));
    }

    void theViewerIsToldItIsForbidden()
    {
        auto viewer = connectAs(u"viewer"_s);
        // Outside its namespace: it may not even see the pods.
        const QString payments
            = QString::fromUtf8(TestCluster::instance().kubectl({u"get"_s, u"pods"_s, u"-n"_s, u"payments"_s, u"-l"_s,
                                                                 u"app=payments-api"_s, u"-o"_s,
                                                                 u"jsonpath={.items[0].metadata.name}"_s}))
                  .trimmed();
        auto outside = startForward(viewer.get(), {u"Pod"_s, u"payments"_s, payments, u"8080"_s});
        QTRY_COMPARE_WITH_TIMEOUT(outside->health(), PortForwarder::Health::Forbidden, 15000);
        QVERIFY2(outside->healthText().contains(u"forbidden"_s), qPrintable(outside->healthText()));
        // In its namespace it sees the pods but may not forward: the server's words come back on the connection.
        const QString shopPod
            = QString::fromUtf8(
                  TestCluster::instance().kubectl({u"get"_s, u"pods"_s, u"-n"_s, u"shop"_s, u"-l"_s, u"app=frontend"_s,
                                                   u"-o"_s, u"jsonpath={.items[0].metadata.name}"_s}))
                  .trimmed();
        auto inside = startForward(viewer.get(), {u"Pod"_s, u"shop"_s, shopPod, u"http"_s});
        QTRY_VERIFY_WITH_TIMEOUT(inside->pods()->synced(), 15000);
        const HttpAnswer answer = httpGet(inside->localPort(), "/");
        QVERIFY(!answer.ok());
        QTRY_COMPARE_WITH_TIMEOUT(inside->health(), PortForwarder::Health::Forbidden, 15000);
        QVERIFY2(inside->healthText().contains(u"pods/portforward"_s), qPrintable(inside->healthText()));
    }

    // Last: the apiserver goes away (killed, back after a second) under a running forward.
    void theListenerOutlivesAnApiserverRestart()
    {
        auto forward = startForward(m_admin.get(), {u"Service"_s, Namespace, u"web"_s, u"80"_s});
        QVERIFY(httpGet(forward->localPort(), "/").ok());
        QProcess restart;
        restart.start(QStringLiteral(BINNACLE_CLUSTER_SCRIPT),
                      {u"restart"_s, u"apiserver"_s, u"--down"_s, u"2"_s, u"--kill"_s, u"--name"_s,
                       TestCluster::instance().name()});
        QVERIFY(restart.waitForStarted());
        // While the server is away a new connection is held, not refused, and the listener stays.
        QTest::qWait(1200);
        HttpGet during(forward->localPort(), "/");
        QVERIFY(QTest::qWaitFor([&] { return restart.state() == QProcess::NotRunning; }, 120000));
        QCOMPARE(restart.exitCode(), 0);
        QVERIFY(forward->isListening());
        QElapsedTimer sinceBack;
        sinceBack.start();
        QTRY_VERIFY_WITH_TIMEOUT(during.done, 20000);
        QVERIFY2(during.answer.ok(), qPrintable(during.answer.error));
        // New connections work within 5 s of the server's return.
        HttpAnswer after;
        while (sinceBack.elapsed() < 5000 && !(after = httpGet(forward->localPort(), "/", 5000)).ok())
            QTest::qWait(100);
        QVERIFY2(after.ok(), qPrintable(after.error));
        QTRY_COMPARE_WITH_TIMEOUT(forward->health(), PortForwarder::Health::Ready, 15000);
    }
};

QTEST_GUILESS_MAIN(PortForwardTest)
#include "tst_portforward.moc"
