// ExecSession against the real local cluster: kwok runs the command on the host in the pod's directory (with a pty
// for tty=true, POD_NAME etc. in its environment) behind the real kube-apiserver, which speaks v5.channel.k8s.io.
// What the cluster cannot be made to do, a server that offers only v4, is a frame-level QWebSocketServer double.
// kwok never passes stdin's EOF on: no test waits for a command to see it.

#include "testcluster.h"

#include "client/exec/execsession.h"
#include "client/session/clustersession.h"
#include "client/streams/channelcodec.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

namespace {

constexpr int Timeout = 30000;

// Everything one session said, as it arrived.
struct Transcript
{
    explicit Transcript(ExecSession *session)
    {
        QObject::connect(session, &ExecSession::output, &context,
                         [this](const QByteArray &bytes, bool isStderr) { (isStderr ? errors : text) += bytes; });
        QObject::connect(session, &ExecSession::finished, &context,
                         [this](const ExecResult &ended) { result = ended; });
    }
    QObject context;
    QByteArray text;
    QByteArray errors;
    std::optional<ExecResult> result;
};

QString describe(const std::optional<ExecResult> &result)
{
    if (!result)
        return u"(not finished)"_s;
    return u"exit=%1 message=%2"_s.arg(result->exitCode ? QString::number(*result->exitCode) : u"none"_s,
                                       result->message);
}

} // namespace

class ExecSessionTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ClusterSession> connectAs(const QString &user)
    {
        auto session = std::make_unique<ClusterSession>(TestCluster::instance().config(user), nullptr);
        session->connectToCluster();
        if (!QTest::qWaitFor([&] { return session->state() == ClusterSession::State::Connected; }, Timeout))
            qFatal("%s could not connect: %s", qPrintable(user), qPrintable(session->stateMessage()));
        return session;
    }

    QString m_pod;
    std::unique_ptr<ClusterSession> m_admin;

private slots:
    void initTestCase()
    {
        const TestCluster &cluster = TestCluster::instance();
        m_pod
            = QString::fromUtf8(cluster.kubectl({u"get"_s, u"pods"_s, u"-n"_s, cluster.limitedNamespace(), u"-l"_s,
                                                 u"app=frontend"_s, u"-o"_s, u"jsonpath={.items[0].metadata.name}"_s}))
                  .trimmed();
        QVERIFY(!m_pod.isEmpty());
        m_admin = connectAs(u"admin"_s);
    }

    void cleanupTestCase() { m_admin.reset(); }

    // The issue's first test: a shell with a tty, `echo $POD_NAME`, and the pod's name comes back expanded (the
    // typed line's echo holds only "$POD_NAME"). `exit` then ends the session with code 0 (the Success Status).
    void shellEchoesThePodName()
    {
        ExecSession exec(m_admin.get(), ExecRequest::shell(TestCluster::instance().limitedNamespace(), m_pod));
        Transcript transcript(&exec);
        QSignalSpy started(&exec, &ExecSession::started);
        exec.start();
        QTRY_COMPARE_WITH_TIMEOUT(started.size(), 1, Timeout);
        QCOMPARE(exec.protocol(), u"v5.channel.k8s.io"_s); // the apiserver picks the first offered
        QCOMPARE(exec.command(), QStringList {u"bash"_s});
        exec.write("echo \"pod=[$POD_NAME]\"\r");
        const QByteArray expected = "pod=[" + m_pod.toUtf8() + ']';
        QTRY_VERIFY2_WITH_TIMEOUT(transcript.text.contains(expected), transcript.text.constData(), Timeout);
        QVERIFY(transcript.errors.isEmpty()); // a tty merges stderr into stdout
        exec.write("exit 0\r");
        QTRY_VERIFY_WITH_TIMEOUT(transcript.result, Timeout);
        QVERIFY2(transcript.result->succeeded(), qPrintable(describe(transcript.result)));
        QCOMPARE(exec.state(), ExecSession::State::Finished);
    }

    // The size given at the start reaches the pty, and so does a resize afterwards: `stty size` says "rows cols".
    void resizeReachesThePty()
    {
        ExecRequest request = ExecRequest::command(TestCluster::instance().limitedNamespace(), m_pod, {}, {u"sh"_s});
        request.columns = 100;
        request.rows = 30;
        ExecSession exec(m_admin.get(), request);
        Transcript transcript(&exec);
        exec.start();
        exec.write("stty size\r");
        QTRY_VERIFY2_WITH_TIMEOUT(transcript.text.contains("30 100"), transcript.text.constData(), Timeout);

        exec.resize(132, 43);
        // The resize channel and stdin are read by different goroutines on the server: ask until the new size
        // shows, rather than assuming the resize won the race with the next command.
        bool resized = false;
        for (int attempt = 0; attempt < 20 && !resized; ++attempt) {
            exec.write("stty size\r");
            resized = QTest::qWaitFor([&] { return transcript.text.contains("43 132"); }, 1000);
        }
        QVERIFY2(resized, transcript.text.constData());
        exec.close();
        QVERIFY(transcript.result && transcript.result->error
                && transcript.result->error->kind() == Error::Kind::Cancelled);
    }

    // Without a tty, stdout and stderr arrive apart; arguments with URL delimiters reach argv intact.
    void outputAndErrorsArriveApartAndArgumentsIntact()
    {
        const QString awkward = u"a+b&c=d %41 #x ü"_s;
        ExecRequest request
            = ExecRequest::command(TestCluster::instance().limitedNamespace(), m_pod, {},
                                   {u"sh"_s, u"-c"_s, u"printf '%s|' \"$1\"; echo oops >&2"_s, u"sh"_s, awkward});
        request.tty = false;
        request.stdin = false;
        ExecSession exec(m_admin.get(), request);
        Transcript transcript(&exec);
        exec.start();
        QTRY_VERIFY_WITH_TIMEOUT(transcript.result, Timeout);
        QVERIFY2(transcript.result->succeeded(), qPrintable(describe(transcript.result)));
        QCOMPARE(QString::fromUtf8(transcript.text), awkward + u'|');
        QCOMPARE(transcript.errors, QByteArray("oops\n"));
    }

    // kwok reports a non-zero exit as a 500 Status ("… exit status 3"), a kubelet as NonZeroExitCode: both are 3.
    void nonZeroExitCodeIsReported()
    {
        ExecRequest request = ExecRequest::command(TestCluster::instance().limitedNamespace(), m_pod, {},
                                                   {u"sh"_s, u"-c"_s, u"echo before; exit 3"_s});
        request.tty = false;
        request.stdin = false;
        ExecSession exec(m_admin.get(), request);
        Transcript transcript(&exec);
        exec.start();
        QTRY_VERIFY_WITH_TIMEOUT(transcript.result, Timeout);
        QCOMPARE(transcript.result->exitCode, std::optional<int>(3));
        QVERIFY(!transcript.result->error);
        QCOMPARE(transcript.text, QByteArray("before\n"));
    }

    // `viewer` may read pods in shop but not exec into them: the server's own words, not a blank terminal.
    void forbiddenExecGivesTheServersMessage()
    {
        std::unique_ptr<ClusterSession> viewer = connectAs(u"viewer"_s);
        ExecSession exec(viewer.get(), ExecRequest::shell(TestCluster::instance().limitedNamespace(), m_pod));
        Transcript transcript(&exec);
        exec.start();
        QTRY_VERIFY_WITH_TIMEOUT(transcript.result, Timeout);
        QVERIFY(transcript.result->error);
        QVERIFY2(transcript.result->error->isForbidden(), qPrintable(describe(transcript.result)));
        QCOMPARE(transcript.result->error->status().code, 403);
        QVERIFY2(transcript.result->message.contains(u"User \"viewer\" cannot"_s),
                 qPrintable(transcript.result->message));
        QVERIFY(transcript.result->message.contains(u"pods/exec"_s));
    }

    void podThatDoesNotExist()
    {
        ExecSession exec(m_admin.get(),
                         ExecRequest::shell(TestCluster::instance().limitedNamespace(), u"no-such-pod"_s));
        Transcript transcript(&exec);
        exec.start();
        QTRY_VERIFY_WITH_TIMEOUT(transcript.result, Timeout);
        QVERIFY(transcript.result->error);
        QVERIFY2(transcript.result->error->isNotFound(), qPrintable(describe(transcript.result)));
        QCOMPARE(transcript.result->message, u"pods \"no-such-pod\" not found"_s);
    }

    void containerThatDoesNotExist()
    {
        ExecSession exec(m_admin.get(),
                         ExecRequest::shell(TestCluster::instance().limitedNamespace(), m_pod, u"no-such-container"_s));
        Transcript transcript(&exec);
        exec.start();
        QTRY_VERIFY_WITH_TIMEOUT(transcript.result, Timeout);
        QVERIFY(transcript.result->error);
        QCOMPARE(transcript.result->error->status().code, 400);
        QCOMPARE(transcript.result->message, u"container no-such-container is not valid for pod %1"_s.arg(m_pod));
    }

    // Shell detection: a command the container lacks gives way to the next; when none exists, every one tried is
    // named, with the server's words for the last.
    void missingCommandsAreTriedInTurn()
    {
        ExecRequest request = ExecRequest::shell(TestCluster::instance().limitedNamespace(), m_pod);
        request.commands = {{u"binnacle-no-such-shell"_s}, {u"sh"_s}};
        ExecSession exec(m_admin.get(), request);
        Transcript transcript(&exec);
        exec.start();
        QTRY_COMPARE_WITH_TIMEOUT(exec.command(), QStringList {u"sh"_s}, Timeout);
        exec.write("echo \"shell=[$0]\"\r");
        QTRY_VERIFY2_WITH_TIMEOUT(transcript.text.contains("shell=[sh]"), transcript.text.constData(), Timeout);
        QVERIFY(!transcript.result);
        exec.close();

        request.commands = {{u"binnacle-no-such-shell"_s}, {u"binnacle-no-such-shell-either"_s, u"-l"_s}};
        ExecSession none(m_admin.get(), request);
        Transcript nothing(&none);
        none.start();
        QTRY_VERIFY_WITH_TIMEOUT(nothing.result, Timeout);
        QVERIFY(nothing.result->commandNotFound);
        QVERIFY(nothing.result->error);
        QCOMPARE(nothing.result->triedCommands,
                 QStringList({u"binnacle-no-such-shell"_s, u"binnacle-no-such-shell-either -l"_s}));
        QVERIFY2(nothing.result->message.contains(u"tried binnacle-no-such-shell, binnacle-no-such-shell-either -l"_s),
                 qPrintable(nothing.result->message));
        QVERIFY2(nothing.result->message.contains(u"executable file not found"_s), qPrintable(nothing.result->message));
    }

    // Attach streams the container's output (the agent plays the main process by growing its log).
    void attachStreamsTheContainersOutput()
    {
        ExecRequest request;
        request.namespaceName = TestCluster::instance().limitedNamespace();
        request.pod = m_pod;
        request.attach = true;
        request.tty = false;
        request.stdin = false;
        ExecSession attach(m_admin.get(), request);
        Transcript transcript(&attach);
        attach.start();
        QTRY_VERIFY2_WITH_TIMEOUT(transcript.text.contains("seq="), describe(transcript.result).toUtf8(), Timeout);
        QVERIFY(!transcript.result);
        attach.close();
    }

    // Pings are answered: the session would give up on a server that stops answering them.
    void pingsAreAnswered()
    {
        ExecRequest request = ExecRequest::command(TestCluster::instance().limitedNamespace(), m_pod, {}, {u"sh"_s});
        ExecSession exec(m_admin.get(), request);
        exec.setPingInterval(100);
        exec.start();
        QTRY_VERIFY_WITH_TIMEOUT(exec.pongsReceived() >= 3, Timeout);
        QCOMPARE(exec.state(), ExecSession::State::Running);
        exec.close();
    }

    // A server that speaks only v4.channel.k8s.io (an older apiserver or a proxy in between): the session speaks
    // v4, frame for frame — stdin out on channel 0, the resize on 4, output in on 1 and 2, the Status on 3.
    void fallsBackToV4()
    {
        QWebSocketServer server(u"v4 only"_s, QWebSocketServer::NonSecureMode);
        server.setSupportedSubprotocols({u"v4.channel.k8s.io"_s});
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QList<QByteArray> received;
        QString requested;
        std::unique_ptr<QWebSocket> peer; // nextPendingConnection() hands the socket over without a parent
        QObject::connect(&server, &QWebSocketServer::newConnection, &server, [&] {
            peer.reset(server.nextPendingConnection());
            requested = peer->requestUrl().path() + u'?' + peer->requestUrl().query();
            QObject::connect(peer.get(), &QWebSocket::binaryMessageReceived, &server, [&](const QByteArray &message) {
                received << message;
                if (message.startsWith('\0')) { // echo stdin back as a v4 server would, and an error line
                    peer->sendBinaryMessage(ChannelCodec::encode(ChannelCodec::Stdout, message.mid(1)));
                    peer->sendBinaryMessage(ChannelCodec::encode(ChannelCodec::Stderr, "warned\n"));
                    peer->sendBinaryMessage(ChannelCodec::encode(
                        ChannelCodec::Error,
                        R"({"metadata":{},"status":"Failure","reason":"NonZeroExitCode","message":"command terminated with non-zero exit code: exit status 7","details":{"causes":[{"reason":"ExitCode","message":"7"}]}})"));
                }
            });
        });

        ClusterConfig config;
        config.contextName = u"v4-double"_s;
        config.server = QUrl(u"http://127.0.0.1:%1"_s.arg(server.serverPort()));
        ClusterSession session(config, nullptr);
        session.connectToCluster(); // discovery fails against a WebSocket-only server; the connection is there
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), ClusterSession::State::Failed, Timeout);

        ExecRequest request = ExecRequest::command(u"ns"_s, u"pod"_s, u"c"_s, {u"cat"_s});
        request.tty = false;
        ExecSession exec(&session, request);
        Transcript transcript(&exec);
        exec.resize(80, 24); // before the stream is up: sent once it is
        exec.write("hello");
        exec.start();
        QTRY_VERIFY_WITH_TIMEOUT(transcript.result, Timeout);
        QCOMPARE(exec.protocol(), u"v4.channel.k8s.io"_s);
        QCOMPARE(
            requested,
            u"/api/v1/namespaces/ns/pods/pod/exec?command=cat&container=c&stdin=true&stdout=true&stderr=true&tty=false"_s);
        QCOMPARE(received.size(), 2);
        QCOMPARE(received.at(0), ChannelCodec::resizeFrame(80, 24));
        QCOMPARE(QJsonDocument::fromJson(received.at(0).mid(1)).object(),
                 QJsonObject({{u"Width"_s, 80}, {u"Height"_s, 24}}));
        QCOMPARE(received.at(1), QByteArray("\0hello", 6));
        QCOMPARE(transcript.text, QByteArray("hello"));
        QCOMPARE(transcript.errors, QByteArray("warned\n"));
        QCOMPARE(transcript.result->exitCode, std::optional<int>(7));
    }
};

QTEST_GUILESS_MAIN(ExecSessionTest)
#include "tst_execsession.moc"
