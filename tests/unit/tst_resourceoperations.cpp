// The bodies of the one-click actions, compared with what kubectl sends for the same command.

#include "client/resources/resourceoperations.h"
#include "client/resources/resourceoptions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

QJsonObject parse(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s", body.constData());
    return document.object();
}

QJsonObject json(const char *text)
{
    return parse(QByteArray(text));
}

// What the seeded CronJob looks like as the server returns it (trimmed to what matters).
QJsonObject cronJob(const QString &name)
{
    QJsonObject cron = json(R"({
        "apiVersion": "batch/v1", "kind": "CronJob",
        "metadata": {"name": "cleanup", "namespace": "shop", "uid": "6f1c2a9e-0000-4000-8000-000000000001",
                     "labels": {"owner": "cron-itself"}, "resourceVersion": "812"},
        "spec": {"schedule": "*/5 * * * *", "suspend": false,
                 "jobTemplate": {"metadata": {"labels": {"app": "cleanup"}, "annotations": {"team": "carts"}},
                                 "spec": {"backoffLimit": 3,
                                          "template": {"metadata": {"labels": {"app": "cleanup"}},
                                                       "spec": {"restartPolicy": "OnFailure",
                                                                "containers": [{"name": "cleanup",
                                                                                "image": "busybox:1.37"}]}}}}},
        "status": {"lastScheduleTime": "2026-12-01T10:00:00Z"}})");
    QJsonObject metadata = cron.value(u"metadata"_s).toObject();
    metadata.insert(u"name"_s, name);
    cron.insert(u"metadata"_s, metadata);
    return cron;
}

} // namespace

class ResourceOperationsTest : public QObject
{
    Q_OBJECT

private slots:
    void scaleSetsReplicasOnly()
    {
        QCOMPARE(parse(ResourceOperations::scale(5)), json(R"({"spec":{"replicas":5}})"));
        QCOMPARE(parse(ResourceOperations::scale(0)), json(R"({"spec":{"replicas":0}})"));
    }

    void restartAnnotatesThePodTemplate()
    {
        const QDateTime now(QDate(2026, 12, 2), QTime(4, 5, 6, 789), QTimeZone(3600)); // 03:05:06 UTC
        const QJsonObject patch = parse(ResourceOperations::restart(now));
        // Exactly the field kubectl rollout restart sets, and nothing else.
        QCOMPARE(patch, json(R"({"spec":{"template":{"metadata":{"annotations":
                          {"kubectl.kubernetes.io/restartedAt":"2026-12-02T03:05:06Z"}}}}})"));
        // RFC 3339 to the second, as Go's time.RFC3339 prints.
        const QString stamp
            = patch[u"spec"_s][u"template"_s][u"metadata"_s][u"annotations"_s][u"kubectl.kubernetes.io/restartedAt"_s]
                  .toString();
        QVERIFY(QRegularExpression(u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)$"_s)
                    .match(stamp)
                    .hasMatch());
        // Two restarts a second apart differ, so the second one rolls the pods again.
        QVERIFY(ResourceOperations::restart(now) != ResourceOperations::restart(now.addSecs(1)));
    }

    void suspendAndCordon()
    {
        QCOMPARE(parse(ResourceOperations::suspend(true)), json(R"({"spec":{"suspend":true}})"));
        QCOMPARE(parse(ResourceOperations::suspend(false)), json(R"({"spec":{"suspend":false}})"));
        QCOMPARE(parse(ResourceOperations::cordon(true)), json(R"({"spec":{"unschedulable":true}})"));
        // kubectl uncordon removes the field (it is omitempty) rather than writing false.
        QCOMPARE(parse(ResourceOperations::cordon(false)), json(R"({"spec":{"unschedulable":null}})"));
    }

    void triggeredJobIsTheOneKubectlCreates()
    {
        const QJsonObject job = ResourceOperations::jobFromCronJob(cronJob(u"cleanup"_s), u"x7k2q"_s);
        QCOMPARE(job, json(R"({
            "apiVersion": "batch/v1", "kind": "Job",
            "metadata": {"name": "cleanup-manual-x7k2q", "namespace": "shop",
                         "labels": {"app": "cleanup"},
                         "annotations": {"cronjob.kubernetes.io/instantiate": "manual", "team": "carts"},
                         "ownerReferences": [{"apiVersion": "batch/v1", "kind": "CronJob", "name": "cleanup",
                                              "uid": "6f1c2a9e-0000-4000-8000-000000000001",
                                              "controller": true}]},
            "spec": {"backoffLimit": 3,
                     "template": {"metadata": {"labels": {"app": "cleanup"}},
                                  "spec": {"restartPolicy": "OnFailure",
                                           "containers": [{"name": "cleanup", "image": "busybox:1.37"}]}}}})"));
    }

    void triggeredJobNameStaysALabelValue()
    {
        const QString longName(52, u'c'); // the longest name a CronJob may have
        const QString name
            = ResourceOperations::jobFromCronJob(cronJob(longName), u"abcde"_s)[u"metadata"_s][u"name"_s].toString();
        QVERIFY2(name.size() <= 63, qPrintable(name));
        QVERIFY(name.endsWith(u"-manual-abcde"_s));
    }

    void randomSuffixesLookGenerated()
    {
        const QRegularExpression shape(u"^[bcdfghjklmnpqrstvwxz2456789]{5}$"_s);
        QSet<QString> seen;
        for (int i = 0; i < 50; ++i) {
            const QString suffix = ResourceOperations::randomSuffix();
            QVERIFY2(shape.match(suffix).hasMatch(), qPrintable(suffix));
            seen.insert(suffix);
        }
        QVERIFY(seen.size() > 40); // random, not a counter or a constant
    }

    void deleteOptionsCarryPolicyAndUid()
    {
        DeleteOptions options;
        options.propagationPolicy = u"Foreground"_s;
        options.uid = u"uid-1"_s;
        QCOMPARE(parse(options.toJson()),
                 json(R"({"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Foreground",
                          "preconditions":{"uid":"uid-1"}})"));
    }

    void whichKindsTakeWhichAction()
    {
        ApiResource deployments {u"apps"_s, u"v1"_s, u"deployments"_s, u"deployment"_s, u"Deployment"_s, true};
        deployments.subresources = {u"status"_s, u"scale"_s};
        ApiResource pods {{}, u"v1"_s, u"pods"_s, u"pod"_s, u"Pod"_s, true};
        pods.subresources = {u"status"_s, u"log"_s, u"exec"_s};
        const ApiResource cronJobs {u"batch"_s, u"v1"_s, u"cronjobs"_s, u"cronjob"_s, u"CronJob"_s, true};
        const ApiResource nodes {{}, u"v1"_s, u"nodes"_s, u"node"_s, u"Node"_s, false};
        const ApiResource daemonSets {u"apps"_s, u"v1"_s, u"daemonsets"_s, u"daemonset"_s, u"DaemonSet"_s, true};
        QVERIFY(ResourceOperations::isScalable(deployments));
        QVERIFY(!ResourceOperations::isScalable(pods));
        QVERIFY(!ResourceOperations::isScalable(daemonSets));
        QVERIFY(ResourceOperations::isRestartable(deployments));
        QVERIFY(ResourceOperations::isRestartable(daemonSets));
        QVERIFY(!ResourceOperations::isRestartable(pods));
        QVERIFY(ResourceOperations::isCronJob(cronJobs));
        QVERIFY(!ResourceOperations::isCronJob(deployments));
        QVERIFY(ResourceOperations::isNode(nodes));
        QVERIFY(!ResourceOperations::isNode(pods));
    }
};

QTEST_APPLESS_MAIN(ResourceOperationsTest)
#include "tst_resourceoperations.moc"
