// exec_bench: the measuring half of `./dev.sh bench exec` (tests/bench/exec.sh starts the cluster, writes the file
// into the pod's directory and times kubectl beside it).
//
// Binnacle's side, through a TerminalView on screen (ui/terminal) fed by an ExecSession (client/exec), as the
// terminal tab wires them:
//   stream_ms    `cat FILE` with a tty, from start() to the session's end with every byte fed to the surface
//                (median over --runs); the view paints as it goes
//   echo_p50_ms, echo_p99_ms
//                a key pressed on the view (QTest::keyClick: keyPressEvent, the surface's encoding, the WebSocket)
//                to the surface's cursor moving with its echo, over --keys keys, into `cat` on a tty
//   rss_mb       RSS growth of the process from before the terminal was made to after a cat filled its 10,000-line
//                scrollback
// Last line: `figures: stream_ms=… echo_p50_ms=… echo_p99_ms=… rss_mb=… bytes=…`.

#include "benchsupport.h"

#include "client/exec/execsession.h"
#include "client/session/clustersession.h"
#include "ui/terminal/terminalview.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::bench;

namespace {

struct Run
{
    double milliseconds = -1;
    qint64 bytes = 0;
    qint64 messages = 0;
    ExecResult result;
};

// `render` false: the bytes are counted and dropped, which leaves the transport alone (the session, the WebSocket
// and the server's pty): what the terminal costs is the difference.
Run catThroughTheTerminal(ClusterSession *session, TerminalView *view, const ExecRequest &request, bool render = true)
{
    Run run;
    ExecSession exec(session, request);
    bool done = false;
    QObject::connect(&exec, &ExecSession::output, view, [&](const QByteArray &bytes) {
        run.bytes += bytes.size();
        ++run.messages;
        if (render)
            view->surface()->feedSoon(bytes); // as the terminal tab does
    });
    QObject::connect(&exec, &ExecSession::finished, view, [&](const ExecResult &result) {
        run.result = result;
        view->surface()->feed({}); // what is still queued
        done = true;
    });
    QElapsedTimer clock;
    clock.start();
    exec.start();
    if (!waitUntil([&] { return done; }, 600000))
        qFatal("cat did not end: %lld bytes so far", qlonglong(run.bytes));
    run.milliseconds = double(clock.nsecsElapsed()) / 1e6;
    return run;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    for (const char *name : {"kubeconfig", "namespace", "pod", "file"})
        parser.addOption({QString::fromLatin1(name), QString::fromLatin1(name), u"value"_s});
    parser.addOption({u"keys"_s, u"keys for the echo latency"_s, u"n"_s, u"1000"_s});
    parser.addOption({u"runs"_s, u"repetitions of the cat"_s, u"n"_s, u"3"_s});
    parser.process(app);
    const QString ns = parser.value(u"namespace"_s);
    const QString pod = parser.value(u"pod"_s);

    const std::unique_ptr<ClusterSession> session = connectedSession(parser.value(u"kubeconfig"_s), u"pods"_s);
    const double rss0 = rssBytes();
    TerminalView view;
    view.resize(1000, 600);
    view.show();
    if (!QTest::qWaitForWindowExposed(&view))
        qFatal("the terminal view was never shown");
    line(u"terminal: %1 x %2 cells, scrollback limit %3 lines"_s.arg(view.columns())
             .arg(view.rows())
             .arg(view.surface()->scrollbackLimit()));

    // Throughput: cat with a tty, as a person's `cat` in the terminal tab.
    ExecRequest cat = ExecRequest::command(ns, pod, {}, {u"cat"_s, parser.value(u"file"_s)});
    cat.columns = view.columns();
    cat.rows = view.rows();
    // stdin stays open, as in the terminal tab (kwok v0.8 refuses a tty without stdin: its stream server goes away).
    QList<double> streamMs;
    double rssMb = -1;
    qint64 bytes = 0;
    for (int i = 0; i < parser.value(u"runs"_s).toInt(); ++i) {
        const Run run = catThroughTheTerminal(session.get(), &view, cat);
        if (!run.result.succeeded())
            qFatal("cat failed: %s", qPrintable(run.result.message));
        streamMs << run.milliseconds;
        bytes = run.bytes;
        if (i == 0)
            rssMb = (rssBytes() - rss0) / 1048576.0;
        line(u"cat: %1 MB (%6 messages) through the terminal in %2 ms (%3 MB/s), scrollback %4 lines (%7 lines in "
             "bulk so far), RSS +%5 MB"_s.arg(double(run.bytes) / 1e6, 0, 'f', 1)
                 .arg(run.milliseconds, 0, 'f', 0)
                 .arg(double(run.bytes) / 1e3 / run.milliseconds, 0, 'f', 1)
                 .arg(view.surface()->scrollbackLines())
                 .arg((rssBytes() - rss0) / 1048576.0, 0, 'f', 1)
                 .arg(run.messages)
                 .arg(view.surface()->bulkScrolledLines()));
    }

    // The same cat with its bytes dropped: the transport's share.
    QList<double> transportMs;
    for (int i = 0; i < parser.value(u"runs"_s).toInt(); ++i) {
        const Run run = catThroughTheTerminal(session.get(), &view, cat, false);
        if (!run.result.succeeded())
            qFatal("cat failed: %s", qPrintable(run.result.message));
        transportMs << run.milliseconds;
    }
    line(u"cat without the terminal (bytes dropped): median %1 ms"_s.arg(median(transportMs), 0, 'f', 0));

    // Echo latency: keys into `cat` on a tty, whose echo is the pty's.
    ExecRequest echo = ExecRequest::command(ns, pod, {}, {u"cat"_s});
    echo.columns = view.columns();
    echo.rows = view.rows();
    ExecSession shell(session.get(), echo);
    QObject::connect(&shell, &ExecSession::output, &view,
                     [&view](const QByteArray &output) { view.surface()->feedSoon(output); });
    QObject::connect(view.surface(), &TerminalSurface::outputToPty, &shell,
                     [&shell](const QByteArray &input) { shell.write(input); });
    bool started = false;
    QObject::connect(&shell, &ExecSession::started, &view, [&started] { started = true; });
    shell.start();
    if (!waitUntil([&] { return started; }, 30000))
        qFatal("cat for the echo did not start");
    view.setFocus();
    // From the start of a line (the file may end without a newline): an echo at the right edge does not move the
    // cursor, it only sets the pending wrap.
    view.surface()->feed("\r\n");
    QList<double> echoMs;
    const int keys = parser.value(u"keys"_s).toInt();
    for (int i = 0; i < keys; ++i) {
        if (i % 60 == 59) { // a new line now and then, so that the echo never waits on a wrap
            QTest::keyClick(&view, Qt::Key_Return);
            QTest::qWait(20);
        }
        const QPoint before = view.surface()->cursorPosition();
        QElapsedTimer clock;
        clock.start();
        QTest::keyClick(&view, Qt::Key_A);
        while (view.surface()->cursorPosition() == before) {
            if (clock.elapsed() > 5000)
                qFatal("key %d: no echo after 5 s", i);
            QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
        }
        echoMs << double(clock.nsecsElapsed()) / 1e6;
    }
    shell.close();
    line(u"echo: %1 keys, p50 %2 ms, p99 %3 ms, max %4 ms"_s.arg(keys)
             .arg(percentile(echoMs, 0.5), 0, 'f', 2)
             .arg(percentile(echoMs, 0.99), 0, 'f', 2)
             .arg(percentile(echoMs, 1.0), 0, 'f', 2));

    line(u"figures: stream_ms=%1 echo_p50_ms=%2 echo_p99_ms=%3 rss_mb=%4 bytes=%5 transport_ms=%6"_s
             .arg(median(streamMs), 0, 'f', 0)
             .arg(percentile(echoMs, 0.5), 0, 'f', 2)
             .arg(percentile(echoMs, 0.99), 0, 'f', 2)
             .arg(rssMb, 0, 'f', 1)
             .arg(bytes)
             .arg(median(transportMs), 0, 'f', 0));
    return 0;
}
