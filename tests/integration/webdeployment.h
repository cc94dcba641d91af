#pragma once

#include <QString>
#include <QStringList>

namespace binnacle::testing {

// A namespace of a test's own with a Deployment `web` (pods labelled app=web, container port `http` 8080: each pod
// the agent's HTTP server of its own) and a Service `web` (port `http` 80 → http), for the port-forward and probe
// tests, which delete and scale its pods.
class WebDeployment final
{
public:
    static void apply(const QString &namespaceName, int replicas); // and waits until that many are ready
    static QStringList readyPods(const QString &namespaceName); // by kubectl, Ready and not being deleted
    static void waitForReadyPods(const QString &namespaceName, int count); // fails the run after a minute
    static void remove(const QString &namespaceName);
};

} // namespace binnacle::testing
