#include "webdeployment.h"

#include "testcluster.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace binnacle::testing {

void WebDeployment::apply(const QString &namespaceName, int replicas)
{
    const QString manifest = uR"(apiVersion: v1
kind: Namespace
metadata: {name: %1}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: %1}
spec:
  replicas: %2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: web:1
        ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: %1}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
)"_s.arg(namespaceName)
                                 .arg(replicas);
    TestCluster::instance().kubectl({u"apply"_s, u"-f"_s, u"-"_s}, true, manifest.toUtf8());
    waitForReadyPods(namespaceName, replicas);
}

QStringList WebDeployment::readyPods(const QString &namespaceName)
{
    const QString lines = QString::fromUtf8(
        TestCluster::instance().kubectl({u"get"_s, u"pods"_s, u"-n"_s, namespaceName, u"-l"_s, u"app=web"_s, u"-o"_s,
                                         u"jsonpath={range .items[*]}{.metadata.name} {.metadata.deletionTimestamp} "
                                         u"{.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}"_s}));
    QStringList pods;
    for (const QString &line : lines.split(u'\n', Qt::SkipEmptyParts)) {
        const QStringList fields = line.split(u' ', Qt::SkipEmptyParts);
        if (fields.size() == 2 && fields.at(1) == u"True") // a deletionTimestamp would make a third field
            pods << fields.first();
    }
    return pods;
}

void WebDeployment::waitForReadyPods(const QString &namespaceName, int count)
{
    if (!QTest::qWaitFor([&] { return readyPods(namespaceName).size() == count; }, 60000))
        qFatal("%s/web never had %d ready pods (has %s)", qPrintable(namespaceName), count,
               qPrintable(readyPods(namespaceName).join(u", "_s)));
}

void WebDeployment::remove(const QString &namespaceName)
{
    TestCluster::instance().kubectl({u"delete"_s, u"namespace"_s, namespaceName, u"--wait=false"_s}, false);
}

} // namespace binnacle::testing
