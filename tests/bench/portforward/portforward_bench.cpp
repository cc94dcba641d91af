// Binnacle's side of `./dev.sh bench portforward`, and the same client against kubectl's forward (its local port is
// given), in one process run: a download through each (curl, a process of its own), 200 keep-alive connections at
// once with 20 requests each, and the time to the first byte of a new connection; then the replica probe over a
// Deployment's pods (given: 100 replicas in the benchmark), until every answer is in. Prints one `figures:` line.

#include "httpload.h"

#include "../common/benchsupport.h"

#include "client/portforward/portforwarder.h"
#include "client/probe/replicaprobe.h"
#include "client/session/clustersession.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::bench;

namespace {

// curl's total time for GET `url` into /dev/null, in ms; the event loop keeps running (the forward lives on it).
double download(const QString &url)
{
    // A real event loop, not QTest::qWaitFor: that one sleeps 10 ms between rounds, which would throttle the
    // forward living on this thread.
    QProcess curl;
    QEventLoop loop;
    QObject::connect(&curl, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&curl, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    curl.start(u"curl"_s, {u"-sf"_s, u"-o"_s, u"/dev/null"_s, u"-w"_s, u"%{time_total}"_s, url});
    loop.exec();
    if (curl.state() != QProcess::NotRunning || curl.exitCode() != 0) {
        line(u"download of %1 failed: %2"_s.arg(url, QString::fromUtf8(curl.readAllStandardError())));
        return -1;
    }
    return curl.readAllStandardOutput().trimmed().toDouble() * 1000;
}

struct Figures
{
    double downloadMs = -1;
    int parallelFailures = 0;
    double p50 = -1;
    double p99 = -1;
    double connectMs = -1;
};

Figures measure(quint16 port, qint64 bytes, int runs, int parallel, int requests, const QString &who)
{
    Figures figures;
    QList<double> downloads;
    for (int run = 0; run < runs; ++run)
        downloads << download(u"http://127.0.0.1:%1/bytes?n=%2"_s.arg(port).arg(bytes));
    figures.downloadMs = median(downloads);
    line(u"%1: download of %2 bytes: %3 ms (runs: %4)"_s.arg(who).arg(bytes).arg(figures.downloadMs).arg([&] {
        QStringList all;
        for (double ms : downloads)
            all << QString::number(ms, 'f', 0);
        return all.join(u' ');
    }()));
    const LoadResult load = runHttpLoad(port, "/", parallel, requests);
    figures.parallelFailures = load.failures;
    figures.p50 = percentile(load.latenciesMs, 0.5);
    figures.p99 = percentile(load.latenciesMs, 0.99);
    line(u"%1: %2 connections x %3 requests: %4 answered, %5 failed, p50 %6 ms, p99 %7 ms"_s.arg(who)
             .arg(parallel)
             .arg(requests)
             .arg(load.latenciesMs.size())
             .arg(load.failures)
             .arg(figures.p50, 0, 'f', 2)
             .arg(figures.p99, 0, 'f', 2));
    QList<double> firstBytes;
    for (int i = 0; i < 20; ++i)
        firstBytes += runHttpLoad(port, "/healthz", 1, 1).firstByteMs;
    figures.connectMs = median(firstBytes);
    line(u"%1: first byte of a new connection: median %2 ms over %3"_s.arg(who)
             .arg(figures.connectMs, 0, 'f', 2)
             .arg(firstBytes.size()));
    return figures;
}

struct ProbeFigures
{
    double ms = -1;
    int answers = 0;
    int failed = 0;
};

// The probe of `/api/notice` on every ready pod of Deployment `namespaceName/name`, from start() to finished().
ProbeFigures probe(ClusterSession *session, const QString &namespaceName, const QString &name)
{
    ProbeRequest request;
    request.path = u"/api/notice"_s;
    request.port = u"http"_s;
    request.timeoutMs = 30000;
    ReplicaProbe replicas(session, {u"Deployment"_s, namespaceName, name, {}}, request);
    ProbeFigures figures;
    QObject::connect(&replicas, &ReplicaProbe::answered, &replicas, [&](const ProbeAnswer &answer) {
        ++figures.answers;
        figures.failed += answer.failed() ? 1 : 0;
    });
    QElapsedTimer clock;
    clock.start();
    replicas.start();
    if (!waitUntil([&] { return replicas.isFinished(); }, 120000)) {
        line(u"the probe did not finish: %1 of %2 answered"_s.arg(replicas.answeredCount()).arg(replicas.planned()));
        return figures;
    }
    figures.ms = double(clock.nsecsElapsed()) / 1e6;
    line(u"binnacle probe of Deployment %1/%2: %3 pods asked, %4 answers (%5 failed) in %6 ms%7"_s
             .arg(namespaceName, name)
             .arg(replicas.planned())
             .arg(figures.answers)
             .arg(figures.failed)
             .arg(figures.ms, 0, 'f', 0)
             .arg(replicas.problem().isEmpty() ? QString() : u": "_s + replicas.problem()));
    return figures;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions(
        {{u"kubeconfig"_s, u"kubeconfig"_s, u"path"_s},
         {u"namespace"_s, u"namespace"_s, u"ns"_s},
         {u"service"_s, u"the Service to forward"_s, u"name"_s},
         {u"port"_s, u"the Service's port"_s, u"port"_s},
         {u"kubectl-port"_s, u"local port of kubectl's forward of the same Service"_s, u"port"_s},
         {u"bytes"_s, u"download size"_s, u"n"_s, u"200000000"_s},
         {u"runs"_s, u"downloads per tool"_s, u"n"_s, u"3"_s},
         {u"parallel"_s, u"connections at once"_s, u"n"_s, u"200"_s},
         {u"requests"_s, u"requests per connection"_s, u"n"_s, u"20"_s},
         {u"probe-namespace"_s, u"namespace of the Deployment to probe"_s, u"ns"_s},
         {u"probe-deployment"_s, u"only probe this Deployment's pods (no forward measured)"_s, u"name"_s}});
    parser.process(app);
    const std::unique_ptr<ClusterSession> session = connectedSession(parser.value(u"kubeconfig"_s), u"pods"_s);
    // The probe alone, in a run of its own: its 100 pods would load the machine while the forward is measured.
    if (parser.isSet(u"probe-deployment"_s)) {
        const ProbeFigures probed
            = probe(session.get(), parser.value(u"probe-namespace"_s), parser.value(u"probe-deployment"_s));
        const bool complete = probed.ms >= 0 && probed.failed == 0 && probed.answers > 0;
        line(u"figures: probe_ms=%1 probe_answers=%2"_s.arg(complete ? QString::number(probed.ms, 'f', 0) : u"n/a"_s)
                 .arg(probed.answers));
        return complete ? 0 : 1;
    }
    PortForwarder forward(
        session.get(),
        {u"Service"_s, parser.value(u"namespace"_s), parser.value(u"service"_s), parser.value(u"port"_s)});
    if (const Status started = forward.start(); !started) {
        line(u"the forward did not start: "_s + started.error().message());
        return 1;
    }
    if (!waitUntil([&] { return forward.health() == PortForwarder::Health::Ready; }, 30000)) {
        line(u"the forward never became ready: "_s + forward.healthText());
        return 1;
    }
    const qint64 bytes = parser.value(u"bytes"_s).toLongLong();
    const int runs = parser.value(u"runs"_s).toInt();
    const int parallel = parser.value(u"parallel"_s).toInt();
    const int requests = parser.value(u"requests"_s).toInt();
    const quint16 kubectlPort = quint16(parser.value(u"kubectl-port"_s).toUInt());
    const Figures ours = measure(forward.localPort(), bytes, runs, parallel, requests, u"binnacle"_s);
    const Figures theirs = measure(kubectlPort, bytes, runs, parallel, requests, u"kubectl"_s);
    line(u"binnacle forward: %1 connections, %2 failed, %3 MB from pods"_s.arg(forward.stats().connections)
             .arg(forward.stats().failedConnections)
             .arg(forward.stats().bytesFromPod / 1e6, 0, 'f', 1));
    line(u"figures: download_ms=%1 kubectl_download_ms=%2 parallel_failures=%3 kubectl_parallel_failures=%4 "
         u"p50_ms=%5 p99_ms=%6 kubectl_p50_ms=%7 kubectl_p99_ms=%8 connect_ms=%9 kubectl_connect_ms=%10"_s
             .arg(ours.downloadMs, 0, 'f', 0)
             .arg(theirs.downloadMs, 0, 'f', 0)
             .arg(ours.parallelFailures)
             .arg(theirs.parallelFailures)
             .arg(ours.p50, 0, 'f', 2)
             .arg(ours.p99, 0, 'f', 2)
             .arg(theirs.p50, 0, 'f', 2)
             .arg(theirs.p99, 0, 'f', 2)
             .arg(ours.connectMs, 0, 'f', 2)
             .arg(theirs.connectMs, 0, 'f', 2));
    return 0;
}
