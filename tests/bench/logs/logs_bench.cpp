// logs_bench: the measuring half of `./dev.sh bench logs` (tests/bench/logs.sh starts the cluster, makes the pod
// --namespace/--pod with --lines lines, and measures kubectl beside it).
//
// Binnacle's side, through ClusterSession::streamLogs (client/logs) into a LogStore (models/logs), and a LogTab
// (ui/logs) on screen for the stall: stream_ms (request → the last line stored), follow_lines_s (a flood of
// --follow-lines written by `cluster.sh logs` while following: lines/s from the flood's start to its last line
// stored), rss_per_byte (RSS growth over the bytes stored), budget_ok (64 MB budget, --flood-lines streamed: RSS
// within budget + 50 MB), stall_p99_ms (lateness of a 10 ms timer on the GUI thread while a LogTab follows a pod
// written at --stall-rate lines/s), search_ms (a plain search over the stored lines). Last line:
// `figures: stream_ms=… follow_lines_s=… rss_per_byte=… budget_ok=… stall_p99_ms=… search_ms=…`.

#include "benchsupport.h"

#include "client/logs/logstream.h"
#include "client/session/clustersession.h"
#include "models/logs/logsearch.h"
#include "models/logs/logstore.h"
#include "ui/logs/logtab.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// `cluster.sh logs --name CLUSTER NS POD ARGS…` started in the background.
QProcess *writeLines(const QString &script, const QString &cluster, const QString &ns, const QString &pod,
                     const QStringList &arguments, QObject *parent)
{
    auto *process = new QProcess(parent);
    process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process->start(script, QStringList {u"logs"_s, u"--name"_s, cluster, ns, pod} + arguments);
    if (!process->waitForStarted())
        qFatal("cannot run %s", qPrintable(script));
    return process;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    for (const char *name : {"kubeconfig", "cluster-script", "cluster-name", "namespace", "pod", "flood-pod"})
        parser.addOption({QString::fromLatin1(name), QString::fromLatin1(name), u"value"_s});
    parser.addOption({u"lines"_s, u"lines the pod holds"_s, u"n"_s, u"1000004"_s});
    parser.addOption({u"follow-lines"_s, u"lines of the follow flood"_s, u"n"_s, u"300000"_s});
    parser.addOption({u"flood-lines"_s, u"lines streamed under the 64 MB budget"_s, u"n"_s, u"5000000"_s});
    parser.addOption({u"stall-rate"_s, u"lines/s while the GUI stall is measured"_s, u"n"_s, u"20000"_s});
    parser.addOption({u"stall-seconds"_s, u"seconds"_s, u"n"_s, u"20"_s});
    parser.addOption({u"runs"_s, u"repetitions"_s, u"n"_s, u"3"_s});
    parser.process(app);

    using namespace binnacle;
    using namespace binnacle::bench;
    const QString kubeconfig = parser.value(u"kubeconfig"_s);
    const QString ns = parser.value(u"namespace"_s);
    const qint64 lines = parser.value(u"lines"_s).toLongLong();
    const QString script = parser.value(u"cluster-script"_s);
    const QString cluster = parser.value(u"cluster-name"_s);
    const std::unique_ptr<ClusterSession> owned = connectedSession(kubeconfig, u"pods"_s);
    ClusterSession &session = *owned;

    // Throughput: the whole log of the pod, not followed, to the last line stored (median over --runs).
    QList<double> streamMs;
    double rssPerByte = -1;
    for (int run = 0; run < parser.value(u"runs"_s).toInt(); ++run) {
        LogStore store;
        const double rss0 = rssBytes();
        LogRequest request;
        request.namespaceName = ns;
        request.pod = parser.value(u"pod"_s);
        request.follow = false;
        QElapsedTimer clock;
        clock.start();
        LogStream *stream = session.streamLogs(request, &app);
        QObject::connect(stream, &LogStream::linesArrived, &app,
                         [&store](const LogBatch &batch) { store.append(batch, 0); });
        if (!waitUntil([&] { return store.lineCount() >= lines; }, 600000))
            qFatal("stream: %lld of %lld lines", qlonglong(store.lineCount()), qlonglong(lines));
        streamMs.append(double(clock.elapsed()));
        rssPerByte = (rssBytes() - rss0) / double(store.bytesUsed());
        line(u"stream: %1 lines, %2 MB stored in %3 ms, RSS +%4 MB"_s.arg(store.lineCount())
                 .arg(store.bytesUsed() >> 20)
                 .arg(clock.elapsed())
                 .arg(qint64(rssBytes() - rss0) >> 20));
        delete stream;
    }
    // Search: a plain query over every stored line, from setQuery to the worker's answer (median of 5).
    QList<double> searchMs;
    {
        LogStore store;
        LogRequest request;
        request.namespaceName = ns;
        request.pod = parser.value(u"pod"_s);
        request.follow = false;
        LogStream *stream = session.streamLogs(request, &app);
        QObject::connect(stream, &LogStream::linesArrived, &app,
                         [&store](const LogBatch &batch) { store.append(batch, 0); });
        if (!waitUntil([&] { return store.lineCount() >= lines; }, 600000))
            qFatal("search stream: %lld of %lld lines", qlonglong(store.lineCount()), qlonglong(lines));
        delete stream;
        LogSearch search(store);
        for (int run = 0; run < 5; ++run) {
            QElapsedTimer clock;
            clock.start();
            search.setQuery({run % 2 ? u"SEQ=99999 "_s : u"seq=99999 "_s, false, false});
            if (!waitUntil([&] { return !search.isScanning(); }, 60000))
                qFatal("search did not finish");
            searchMs.append(double(clock.nsecsElapsed()) / 1e6);
        }
        line(u"search: %1 lines, %2 matching lines, median %3 ms"_s.arg(store.lineCount())
                 .arg(search.matchingLineCount())
                 .arg(percentile(searchMs, 0.5), 0, 'f', 1));
    }
    // Budget: a log of --flood-lines (pod --flood-pod) through a 64 MB budget; RSS growth must stay within budget +
    // 50 MB.
    bool budgetOk = false;
    {
        const qsizetype budget = qsizetype(64) << 20;
        LogStore store(budget);
        const double rss0 = rssBytes();
        double peak = 0;
        LogRequest request;
        request.namespaceName = ns;
        request.pod = parser.value(u"flood-pod"_s);
        const qint64 floodLines = parser.value(u"flood-lines"_s).toLongLong() + 4; // and the pod's start-up lines
        request.follow = false;
        LogStream *stream = session.streamLogs(request, &app);
        qint64 seen = 0;
        QObject::connect(stream, &LogStream::linesArrived, &app, [&](const LogBatch &batch) {
            store.append(batch, 0);
            seen += batch.lineCount();
            peak = std::max(peak, rssBytes() - rss0);
        });
        if (!waitUntil([&] { return seen >= floodLines; }, 600000))
            qFatal("budget stream: %lld of %lld lines", qlonglong(seen), qlonglong(floodLines));
        delete stream;
        budgetOk = peak <= double(budget + (qsizetype(50) << 20));
        line(u"budget: %1 lines through 64 MB, %2 kept, %3 dropped, peak RSS growth %4 MB"_s.arg(seen)
                 .arg(store.lineCount())
                 .arg(store.droppedLines())
                 .arg(qint64(peak) >> 20));
    }
    // Follow: a pod flooded as fast as `cluster.sh logs` writes, followed from now on; lines/s from the flood's start
    // to its last line stored.
    double followLinesPerSecond = -1;
    {
        const QString pod = u"follow"_s; // made by logs.sh
        const qint64 flood = parser.value(u"follow-lines"_s).toLongLong();
        LogStore store;
        LogRequest request;
        request.namespaceName = ns;
        request.pod = pod;
        request.tailLines = 0;
        LogStream *stream = session.streamLogs(request, &app);
        qint64 floodSeen = 0;
        bool lastSeen = false;
        const QByteArray last = "seq=" + QByteArray::number(flood) + " flood=binnacle ";
        QObject::connect(stream, &LogStream::linesArrived, &app, [&](const LogBatch &batch) {
            store.append(batch, 0);
            for (qsizetype i = 0; i < batch.lineCount(); ++i) {
                const QByteArrayView text = batch.line(i);
                if (text.contains(QByteArrayView("flood=binnacle ")))
                    ++floodSeen;
                if (text.contains(QByteArrayView(last)))
                    lastSeen = true;
            }
        });
        // Connected once a line written after the request arrives: one line at a time until one does.
        for (int probe = 0; store.lineCount() == 0; ++probe) {
            if (probe == 100)
                qFatal("follow: no line reached the stream");
            QProcess *writer = writeLines(script, cluster, ns, pod,
                                          {u"--lines"_s, u"1"_s, u"--id"_s, u"probe%1"_s.arg(probe)}, &app);
            writer->waitForFinished();
            delete writer;
            (void)waitUntil([&] { return store.lineCount() > 0; }, 300);
        }
        QElapsedTimer clock;
        clock.start();
        QProcess *writer = writeLines(script, cluster, ns, pod,
                                      {u"--lines"_s, QString::number(flood), u"--id"_s, u"binnacle"_s}, &app);
        if (!waitUntil([&] { return lastSeen; }, 600000))
            qFatal("follow: %lld of %lld flood lines", qlonglong(floodSeen), qlonglong(flood));
        followLinesPerSecond = double(flood) * 1000.0 / double(std::max<qint64>(1, clock.elapsed()));
        writer->waitForFinished();
        delete writer;
        delete stream;
        line(u"follow: %1 lines flooded, %2 stored (none missing: %3), %4 lines/s"_s.arg(flood)
                 .arg(floodSeen)
                 .arg(floodSeen == flood ? u"yes"_s : u"no"_s)
                 .arg(qint64(followLinesPerSecond)));
    }

    // Stall: a LogTab on screen follows a pod written at --stall-rate lines/s; a 10 ms timer on the GUI thread
    // measures how late it fires.
    double stallP99 = -1;
    {
        const QString pod = u"stall"_s; // made by logs.sh
        const int rate = parser.value(u"stall-rate"_s).toInt();
        const int seconds = parser.value(u"stall-seconds"_s).toInt();
        LogTab::Settings settings;
        settings.tailLines = 0;
        LogTab tab(&session, LogTarget::forPod(ns, pod), settings);
        tab.resize(1400, 600);
        tab.show();
        if (!QTest::qWaitForWindowExposed(&tab))
            qFatal("stall: the log tab was never shown");
        // A follow from the end sends nothing until a line is written: give the request a moment to be made.
        QTest::qWait(1000);
        QProcess *writer = writeLines(script, cluster, ns, pod,
                                      {u"--lines"_s, QString::number(qint64(rate) * seconds), u"--rate"_s,
                                       QString::number(rate), u"--id"_s, u"stall"_s},
                                      &app);
        QList<double> lateness;
        QElapsedTimer clock;
        clock.start();
        qint64 expected = 10;
        QTimer tick;
        tick.setTimerType(Qt::PreciseTimer);
        tick.setInterval(10);
        QObject::connect(&tick, &QTimer::timeout, &app, [&] {
            const qint64 now = clock.elapsed();
            lateness << double(std::max<qint64>(0, now - expected));
            expected = now + 10;
        });
        tick.start();
        const qint64 before = tab.store().endLine();
        (void)waitUntil([&] { return writer->state() == QProcess::NotRunning; }, (seconds + 60) * 1000);
        tick.stop();
        QTest::qWait(500);
        delete writer;
        stallP99 = percentile(lateness, 0.99);
        line(u"stall: %1 lines at %2 lines/s into a LogTab on screen, %3 stored; timer lateness p50 %4 ms, p99 %5 ms, "
             "max %6 ms"_s.arg(qint64(rate) * seconds)
                 .arg(rate)
                 .arg(tab.store().endLine() - before)
                 .arg(percentile(lateness, 0.5), 0, 'f', 1)
                 .arg(stallP99, 0, 'f', 1)
                 .arg(percentile(lateness, 1.0), 0, 'f', 1));
    }

    line(u"figures: stream_ms=%1 follow_lines_s=%2 rss_per_byte=%3 budget_ok=%4 stall_p99_ms=%5 search_ms=%6"_s
             .arg(percentile(streamMs, 0.5))
             .arg(qint64(followLinesPerSecond))
             .arg(rssPerByte, 0, 'f', 2)
             .arg(budgetOk ? u"1"_s : u"0"_s)
             .arg(stallP99, 0, 'f', 1)
             .arg(percentile(searchMs, 0.5), 0, 'f', 1));
    return 0;
}
