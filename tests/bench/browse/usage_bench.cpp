// The metrics half of `./dev.sh bench browse` (tests/bench/browse.sh runs it after browse_bench, on the same
// cluster of 10,000 pods): the pod table of every namespace is shown with its CPU and Memory columns and their
// shares of requests and limits, sorted by memory, while the Metrics API is polled for an hour's worth of polls
// (240, back to back here instead of every 15 s: the figures repeat between metrics-server's scrapes, which changes
// nothing for memory or the GUI thread).
//   lines_rss_mb         RSS of the cache of every pod's requests and limits (the percentage columns' divisors)
//   usage_rss_mb         RSS with that cache and the history of 240 polls of every pod, less RSS before either
//   usage_history_mb     what UsageHistory itself holds (its own count)
//   usage_stall_p99_ms   GUI event-loop lateness (a 10 ms timer) during the polls (p50 printed too)
//   poll_ms              request to recorded, median; beside `kubectl top pods -A` in the same run (kubectl_top_ms)
//   chart_update_ms      a details chart taking in a new poll of an hour-long series and repainting, median
// Last line: `figures: lines_rss_mb=… usage_rss_mb=… usage_history_mb=… usage_stall_p99_ms=… poll_ms=…
// kubectl_top_ms=…`.
#include "benchsupport.h"

#include "client/metrics/metricspoller.h"
#include "client/session/clustersession.h"
#include "models/metrics/resourcelinesindex.h"
#include "models/resources/resourcefilterproxy.h"
#include "models/resources/resourcetablemodel.h"
#include "ui/details/usagechart.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QProcess>
#include <QTableView>
#include <QTimer>

#include <algorithm>

#include <malloc.h>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

[[noreturn]] void fail(const QString &why)
{
    std::fprintf(stderr, "usage_bench: %s\n", qPrintable(why));
    std::exit(1);
}

double kubectlTopMs(const QString &kubectl, const QString &kubeconfig)
{
    QElapsedTimer timer;
    timer.start();
    QProcess process;
    process.setStandardOutputFile(QProcess::nullDevice());
    process.start(kubectl, {u"--kubeconfig"_s, kubeconfig, u"top"_s, u"pods"_s, u"-A"_s});
    if (!process.waitForFinished(120000) || process.exitCode() != 0)
        fail(u"kubectl top pods -A failed: "_s + QString::fromUtf8(process.readAllStandardError()));
    return double(timer.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"The browse benchmark's metrics figures (run by tests/bench/browse.sh)."_s);
    parser.addHelpOption();
    const QCommandLineOption kubeconfigOption(u"kubeconfig"_s, u"The cluster's kubeconfig."_s, u"FILE"_s);
    const QCommandLineOption kubectlOption(u"kubectl"_s, u"kubectl to compare with."_s, u"PATH"_s, u"kubectl"_s);
    const QCommandLineOption pollsOption(u"polls"_s, u"Polls to record (240: an hour)."_s, u"N"_s, u"240"_s);
    parser.addOptions({kubeconfigOption, kubectlOption, pollsOption});
    parser.process(app);
    const QString kubeconfig = parser.value(kubeconfigOption);
    const int polls = qMax(2, parser.value(pollsOption).toInt());
    if (kubeconfig.isEmpty())
        fail(u"--kubeconfig is required"_s);

    std::unique_ptr<ClusterSession> session = bench::connectedSession(kubeconfig, u"pods"_s);
    const std::optional<ApiResource> pods = session->mapper().find(u"pods"_s);

    // The pod table as the window shows it: every namespace, sorted (by memory once the column is there).
    ResourceTableModel model;
    ResourceFilterProxy proxy;
    proxy.setSourceModel(&model);
    QTableView view;
    view.setModel(&proxy);
    view.setSortingEnabled(true);
    view.resize(1200, 800);
    view.show();
    model.setShowNamespaceColumn(true);
    InformerSubscription *subscription = session->subscribe(*pods, {}, Reflector::Mode::Table, &model);
    model.setSubscription(subscription);
    if (!bench::waitUntil([&] { return subscription->health().synced && model.rowCount() > 0; }, 300000))
        fail(u"the pod table did not sync"_s);
    bench::line(u"pod table: %1 rows"_s.arg(model.rowCount()));
    bench::waitUntil([] { return false; }, 2000); // let the first paint and the allocator settle
    const double rssBefore = bench::rssBytes();

    // What each pod asks for, as UsageColumns follows it: a Full cache that keeps only the containers' resources.
    ResourceLinesIndex lines(UsageSnapshot::Kind::Pods);
    InformerSubscription *linesSubscription = session->subscribe(
        {*pods, {}, Reflector::Mode::Full, {}, ResourceLinesIndex::keptFields(UsageSnapshot::Kind::Pods)}, &lines);
    lines.setSubscription(linesSubscription);
    if (!bench::waitUntil([&] { return linesSubscription->health().synced && lines.size() >= model.rowCount(); },
                          300000))
        fail(u"the pods' requests and limits did not sync"_s);
    bench::waitUntil([] { return false; }, 2000);
    const double rssWithLines = bench::rssBytes();
    // What of that the allocator holds only because the list passed through it (freed, not given back).
    malloc_trim(0);
    const double rssWithLinesTrimmed = bench::rssBytes();
    bench::line(
        u"requests and limits of %1 pods: %2 MB, %3 MB once the allocator gave back what it freed"_s.arg(lines.size())
            .arg((rssWithLines - rssBefore) / 1e6, 0, 'f', 1)
            .arg((rssWithLinesTrimmed - rssBefore) / 1e6, 0, 'f', 1));
    const auto columnNamed = [&](const QString &title) {
        for (int column = 0; column < model.columnCount(); ++column) {
            if (model.headerData(column, Qt::Horizontal).toString() == title)
                return column;
        }
        fail(u"no column "_s + title);
    };

    MetricsPoller *poller = session->metrics();
    poller->setInterval(3600 * 1000); // no timer: the loop below asks for each poll as soon as the last is in
    QObject holder;
    QObject::connect(poller, &MetricsPoller::updated, &holder, [&](UsageSnapshot::Kind kind) {
        if (kind != UsageSnapshot::Kind::Pods)
            return;
        // What the window does with a poll: the columns once, then fresh cells, resorted by memory.
        if (!model.showsUsage()) {
            model.setUsage(&poller->history(kind));
            model.setResourceLines(&lines);
            view.sortByColumn(columnNamed(u"Memory"_s), Qt::DescendingOrder);
        }
        model.usageUpdated();
    });

    QList<double> lateness;
    QElapsedTimer clock;
    clock.start();
    qint64 lastTickNs = clock.nsecsElapsed();
    QTimer stallTimer;
    stallTimer.setTimerType(Qt::PreciseTimer);
    stallTimer.setInterval(10);
    QObject::connect(&stallTimer, &QTimer::timeout, &stallTimer, [&] {
        const qint64 now = clock.nsecsElapsed();
        lateness << std::max(0.0, double(now - lastTickNs) / 1e6 - 10.0);
        lastTickNs = now;
    });
    stallTimer.start();
    const UsageHistory &history = poller->history(UsageSnapshot::Kind::Pods);
    QList<double> pollMs; // request to figures recorded
    QElapsedTimer pollTimer;
    QElapsedTimer progress;
    progress.start();
    for (int poll = 0; poll < polls; ++poll) {
        const quint64 before = history.polls();
        pollTimer.start();
        if (poll == 0)
            poller->watchPods(&holder, {}); // the first wish polls at once
        else
            poller->pollNow();
        if (!bench::waitUntil([&] { return history.polls() > before; }, 60000))
            fail(u"poll %1 did not arrive: %2"_s.arg(poll).arg(poller->problem(UsageSnapshot::Kind::Pods)));
        pollMs << double(pollTimer.nsecsElapsed()) / 1e6;
        if (progress.elapsed() > 30000) {
            bench::line(u"  %1 polls recorded, %2 pods in the history, last %3 ms"_s.arg(history.polls())
                            .arg(history.objectCount())
                            .arg(pollMs.last(), 0, 'f', 0));
            progress.restart();
        }
    }
    stallTimer.stop();
    poller->release(&holder);
    bench::waitUntil([] { return false; }, 2000);
    const double rssAfter = bench::rssBytes();
    int measured = 0;
    int withLimitShare = 0;
    const int memoryColumn = columnNamed(u"Memory"_s);
    const int limitShareColumn = columnNamed(u"%MEM/L"_s);
    for (int row = 0; row < model.rowCount(); ++row) {
        measured += model.index(row, memoryColumn).data().toString().isEmpty() ? 0 : 1;
        withLimitShare += model.index(row, limitShareColumn).data().toString().isEmpty() ? 0 : 1;
    }
    bench::line(u"%1 polls of %2 pods (%3 rows with a figure, %4 with a share of their memory limit); history %5 MB"_s
                    .arg(history.polls())
                    .arg(history.objectCount())
                    .arg(measured)
                    .arg(withLimitShare)
                    .arg(double(history.bytesUsed()) / 1e6, 0, 'f', 1));
    const double topMs = bench::median({kubectlTopMs(parser.value(kubectlOption), kubeconfig),
                                        kubectlTopMs(parser.value(kubectlOption), kubeconfig),
                                        kubectlTopMs(parser.value(kubectlOption), kubeconfig)});
    // A pod's chart as the details pane draws it: the hour it has, then a poll more each time, repainted at once.
    const QList<QPair<QString, Usage>> measuredNow = history.current();
    if (measuredNow.isEmpty())
        fail(u"no pod has a figure to chart"_s);
    const QString charted = measuredNow.first().first; // every pod was in every poll: each has the whole hour
    UsageChart chart;
    chart.resize(560, 420);
    chart.show();
    ResourceLines chartLines;
    chartLines.memoryLimit = 256.0 * 1024 * 1024;
    chartLines.cpuRequest = 0.1;
    QList<UsageHistory::Point> points = history.series(charted);
    chart.setSeries(points, chartLines);
    bench::waitUntil([] { return false; }, 500);
    QList<double> chartMs;
    for (int update = 0; update < 30; ++update) {
        UsageHistory::Point next = points.last();
        next.timeMs += 15000;
        next.usage.memoryBytes += 1024 * 1024;
        points.removeFirst();
        points.append(next);
        QElapsedTimer timer;
        timer.start();
        chart.setSeries(points, chartLines);
        chart.repaint();
        chartMs << double(timer.nsecsElapsed()) / 1e6;
    }
    bench::line(u"chart of %1 (%2 points): update and repaint median %3 ms, max %4 ms"_s.arg(charted)
                    .arg(points.size())
                    .arg(bench::median(chartMs), 0, 'f', 2)
                    .arg(*std::max_element(chartMs.begin(), chartMs.end()), 0, 'f', 2));

    const double stallP50 = bench::percentile(lateness, 0.5);
    const double stallP99 = bench::percentile(lateness, 0.99);
    bench::line(u"GUI lateness during the polls: p50 %1 ms, p99 %2 ms over %3 ticks"_s.arg(stallP50, 0, 'f', 2)
                    .arg(stallP99, 0, 'f', 1)
                    .arg(lateness.size()));
    bench::line(u"figures: lines_rss_mb=%1 usage_rss_mb=%2 usage_history_mb=%3 usage_stall_p99_ms=%4 poll_ms=%5 "
                "kubectl_top_ms=%6 chart_update_ms=%7"_s.arg((rssWithLines - rssBefore) / 1e6, 0, 'f', 1)
                    .arg((rssAfter - rssBefore) / 1e6, 0, 'f', 1)
                    .arg(double(history.bytesUsed()) / 1e6, 0, 'f', 1)
                    .arg(stallP99, 0, 'f', 1)
                    .arg(bench::median(pollMs), 0, 'f', 0)
                    .arg(topMs, 0, 'f', 0)
                    .arg(bench::median(chartMs), 0, 'f', 2));
    return 0;
}
