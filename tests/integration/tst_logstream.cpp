// Container logs streamed from the real local cluster (ClusterSession::streamLogs, LogFollower on the worker) and
// compared with the log files the cluster's agent writes (<state>/pods/NS/POD/CONTAINER.log, CRI format): a follow
// sees new lines arrive, `previous` reads the crash-looping pod's last instance, a follow survives an apiserver
// restart without a duplicated or a missing line, the viewer hears the server's "forbidden".

#include "testcluster.h"

#include "client/logs/loglinesplitter.h"
#include "client/logs/logstream.h"
#include "client/session/clustersession.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

namespace {

struct Line
{
    qint64 timestampNs;
    QByteArray text;
    friend bool operator==(const Line &, const Line &) = default;
};

QString describe(const QList<Line> &lines)
{
    QStringList out;
    for (const Line &line : lines)
        out << QString::fromLatin1(LogLineSplitter::formatTimestamp(line.timestampNs)) + u' '
                + QString::fromUtf8(line.text);
    return out.join(u'\n');
}

// A container's log as the agent wrote it: `TIMESTAMP STREAM F TEXT` per line.
QList<Line> logFile(const QString &ns, const QString &pod, const QString &file)
{
    QFile log(qEnvironmentVariable("BINNACLE_CLUSTER_DIR") + u"/ctest/pods/"_s + ns + u'/' + pod + u'/' + file);
    if (!log.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(log.fileName()));
    QList<Line> lines;
    LogLineSplitter parser;
    for (const QByteArray &entry : log.readAll().split('\n')) {
        const auto timestamp = parser.parsePrefix(entry);
        if (!timestamp)
            continue;
        const QByteArray rest = entry.mid(timestamp->prefixLength); // "stdout F text"
        lines.append({timestamp->nanoseconds, rest.mid(rest.indexOf(' ', rest.indexOf(' ') + 1) + 1)});
    }
    return lines;
}

// Everything one stream delivered, and every state it went through.
struct Received
{
    explicit Received(LogStream *stream)
    {
        QObject::connect(stream, &LogStream::linesArrived, &context, [this](const LogBatch &batch) {
            ++batches;
            for (qsizetype i = 0; i < batch.lineCount(); ++i)
                lines.append({batch.timestampsNs.at(i), batch.line(i).toByteArray()});
        });
        QObject::connect(stream, &LogStream::statusChanged, &context,
                         [this](const LogStreamStatus &status) { states << status.state; });
    }
    QObject context;
    QList<Line> lines;
    QList<LogStreamStatus::State> states;
    int batches = 0;
};

// True when `received` is a run of consecutive lines of `file`, none left out and none twice.
bool isContiguousRunOf(const QList<Line> &received, const QList<Line> &file)
{
    if (received.isEmpty())
        return false;
    const qsizetype start = file.indexOf(received.first());
    return start >= 0 && file.mid(start, received.size()) == received;
}

QString runningPod(const QString &ns, const QString &selector)
{
    return QString::fromUtf8(TestCluster::instance().kubectl({u"get"_s, u"pods"_s, u"-n"_s, ns, u"-l"_s, selector,
                                                              u"--field-selector=status.phase=Running"_s, u"-o"_s,
                                                              u"jsonpath={.items[0].metadata.name}"_s}))
        .trimmed();
}

// `cluster.sh ARGS` of the fixture's cluster, without blocking the event loop (the stream goes on meanwhile).

} // namespace

class LogStreamTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<ClusterSession> connectAs(const QString &user)
    {
        return TestCluster::instance().connectedSession(user);
    }

private slots:
    void followSeesNewLinesArrive()
    {
        const QString pod = runningPod(u"shop"_s, u"app=frontend"_s);
        QVERIFY(!pod.isEmpty());
        auto session = connectAs(u"admin"_s);
        LogRequest request {u"shop"_s, pod, u"web"_s};
        request.tailLines = 2;
        QObject views;
        LogStream *stream = session->streamLogs(request, &views);
        Received received(stream);
        // Two lines of the tail, then three the agent writes while we follow (one a second).
        QTRY_VERIFY_WITH_TIMEOUT(received.lines.size() >= 5, 30000);
        QCOMPARE(stream->status().state, LogStreamStatus::State::Streaming);
        const QList<Line> file = logFile(u"shop"_s, pod, u"web.log"_s);
        QVERIFY2(isContiguousRunOf(received.lines, file), qPrintable(describe(received.lines)));
        QVERIFY(received.lines.first().text.contains(QByteArray("pod=" + pod.toUtf8())));
        // The tail was two lines: the first line received is the third from the end of the file at the start.
        QVERIFY(file.indexOf(received.lines.first()) > 0);
    }

    void previousOfTheCrashLoopingPod()
    {
        const QString pod
            = QString::fromUtf8(TestCluster::instance().kubectl({u"get"_s, u"pods"_s, u"-n"_s, u"payments"_s, u"-l"_s,
                                                                 u"app=fraud-detector"_s, u"-o"_s,
                                                                 u"jsonpath={.items[0].metadata.name}"_s}))
                  .trimmed();
        auto session = connectAs(u"admin"_s);
        LogRequest request {u"payments"_s, pod, u"detector"_s};
        request.follow = false;
        request.previous = true;
        QObject views;
        LogStream *stream = session->streamLogs(request, &views);
        Received received(stream);
        QTRY_COMPARE_WITH_TIMEOUT(stream->status().state, LogStreamStatus::State::Ended, 30000);
        const QList<Line> previous = logFile(u"payments"_s, pod, u"detector.previous.log"_s);
        QVERIFY(!previous.isEmpty());
        QCOMPARE(describe(received.lines), describe(previous));
        QVERIFY(received.lines != logFile(u"payments"_s, pod, u"detector.log"_s));
    }

    void viewerHearsTheServersForbidden()
    {
        const QString pod = runningPod(u"payments"_s, u"app=payments-api"_s);
        auto session = connectAs(u"viewer"_s);
        QObject views;
        LogStream *stream = session->streamLogs({u"payments"_s, pod, u"api"_s}, &views);
        Received received(stream);
        QTRY_COMPARE_WITH_TIMEOUT(stream->status().state, LogStreamStatus::State::Failed, 30000);
        const LogStreamStatus status = stream->status();
        QVERIFY(status.error.isForbidden());
        QCOMPARE(status.error.status().code, 403);
        QVERIFY2(status.message.contains(u"User \"viewer\" cannot get resource \"pods/log\""_s)
                     && status.message.contains(u"\"payments\""_s),
                 qPrintable(status.message));
        QCOMPARE(status.message, status.error.status().message); // the server's own words
        QVERIFY(received.lines.isEmpty());
        QVERIFY(!received.states.contains(LogStreamStatus::State::Reconnecting)); // not retried
    }

    // The apiserver is killed and started again while we follow: the stream reconnects from the last line's
    // timestamp, and what arrives is exactly the file's lines, none missing, none twice (the server resends the whole
    // second of sinceTime: without the deduplication its lines come again).
    void followSurvivesAnApiserverRestart()
    {
        const QString pod = runningPod(u"shop"_s, u"app=frontend"_s);
        auto session = connectAs(u"admin"_s);
        LogRequest request {u"shop"_s, pod, u"web"_s};
        request.tailLines = 1;
        QObject views;
        LogStream *stream = session->streamLogs(request, &views);
        Received received(stream);
        QTRY_VERIFY_WITH_TIMEOUT(received.lines.size() >= 2, 30000);

        TestCluster::instance().harness({u"restart"_s, u"apiserver"_s, u"--down"_s, u"1"_s, u"--kill"_s});
        const qsizetype atRestart = received.lines.size();
        QTRY_VERIFY_WITH_TIMEOUT(received.states.contains(LogStreamStatus::State::Reconnecting), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(stream->status().state, LogStreamStatus::State::Streaming, 60000);
        // Lines written after the reconnect, so that the resumed stream has delivered some.
        QTRY_VERIFY_WITH_TIMEOUT(received.lines.size() >= atRestart + 3, 60000);

        const QList<Line> file = logFile(u"shop"_s, pod, u"web.log"_s);
        QVERIFY2(isContiguousRunOf(received.lines, file), qPrintable(describe(received.lines)));
    }
};

QTEST_GUILESS_MAIN(LogStreamTest)
#include "tst_logstream.moc"
