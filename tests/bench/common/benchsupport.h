#pragma once

#include <QList>
#include <QString>

#include <functional>
#include <memory>

namespace binnacle {
class ClusterSession;
}

// What every benchmark program needs: one summary-friendly output line at a time, percentiles, the process's RSS,
// and a session on the kubeconfig's current context, connected and discovered.
namespace binnacle::bench {

void line(const QString &text); // to stdout, flushed (the shell script tees it)
double percentile(QList<double> values, double p); // p in [0, 1]; -1 for no values
double median(const QList<double> &values);
double rssBytes(); // resident set size now, from /proc/self/statm

// Runs the event loop until `condition` holds (true) or `timeoutMs` passed (false). Unlike QTest::qWaitFor, which
// sleeps 10 ms between rounds, it waits only for events: what a benchmark measures on this thread is not throttled.
bool waitUntil(const std::function<bool()> &condition, int timeoutMs);

// Connects to the current context of `kubeconfig` and waits until discovery knows `resource` (e.g. "pods"); exits
// with the reason when it cannot.
std::unique_ptr<ClusterSession> connectedSession(const QString &kubeconfig, const QString &resource);

} // namespace binnacle::bench
