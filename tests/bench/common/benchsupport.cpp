#include "benchsupport.h"

#include "client/config/kubeconfigloader.h"
#include "client/session/clustersession.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace binnacle::bench {

void line(const QString &text)
{
    std::fprintf(stdout, "%s\n", qPrintable(text));
    std::fflush(stdout);
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    return values.at(std::min(values.size() - 1, qsizetype(p * double(values.size() - 1) + 0.5)));
}

double median(const QList<double> &values)
{
    return percentile(values, 0.5);
}

double rssBytes()
{
    QFile statm(u"/proc/self/statm"_s);
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields.at(1).toDouble() * double(sysconf(_SC_PAGESIZE)) : -1;
}

bool waitUntil(const std::function<bool()> &condition, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    QTimer deadline; // wakes the loop now and then, so that the deadline is seen without events
    deadline.start(50);
    while (!condition()) {
        if (clock.elapsed() >= timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

std::unique_ptr<ClusterSession> connectedSession(const QString &kubeconfig, const QString &resource)
{
    const Result<Kubeconfig> loaded = KubeconfigLoader(KubeconfigSources {kubeconfig, {}, {}}).load();
    if (!loaded)
        qFatal("kubeconfig: %s", qPrintable(loaded.error().toString()));
    const Result<ClusterConfig> config = ClusterConfig::fromKubeconfig(loaded.value(), loaded->currentContext);
    if (!config)
        qFatal("context: %s", qPrintable(config.error().toString()));
    auto session = std::make_unique<ClusterSession>(config.value(), nullptr);
    session->connectToCluster();
    if (!waitUntil([&] { return session->mapper().find(resource).has_value(); }, 60000))
        qFatal("no discovery: %s", qPrintable(session->stateMessage()));
    return session;
}

} // namespace binnacle::bench
