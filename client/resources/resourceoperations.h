#pragma once

#include "client/discovery/apiresource.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace binnacle {

// The request bodies of the one-click actions, built exactly as kubectl builds them, so that what Binnacle changes
// on the server is what `kubectl scale`, `rollout restart`, `create job --from`, `cordon` would have changed.
// Pure functions: the callers choose the patch type and the subresource they document here.
class ResourceOperations final
{
public:
    ResourceOperations() = delete;

    // Merge patch for the `scale` subresource: {"spec":{"replicas":N}}.
    static QByteArray scale(int replicas);

    // Strategic-merge (or merge) patch setting the pod template's kubectl.kubernetes.io/restartedAt annotation to
    // `now` in RFC 3339, which makes the controller roll every pod (kubectl rollout restart).
    static QByteArray restart(const QDateTime &now);
    static constexpr auto RestartedAtAnnotation = "kubectl.kubernetes.io/restartedAt";

    // Merge patch of a CronJob's spec.suspend.
    static QByteArray suspend(bool suspended);

    // Strategic-merge patch of a Node's spec.unschedulable; uncordoning removes the field, as kubectl does.
    static QByteArray cordon(bool unschedulable);

    // The Job `kubectl create job NAME --from=cronjob/X` makes: the jobTemplate's spec, labels and annotations, the
    // annotation cronjob.kubernetes.io/instantiate=manual and a controller owner reference to the CronJob.
    // Named X-manual-SUFFIX (cut to stay a valid label value, which a Job's name becomes).
    static QJsonObject jobFromCronJob(const QJsonObject &cronJob, const QString &suffix);
    // Five random characters of [a-z0-9], as the server's generateName uses.
    static QString randomSuffix();

    // Which kinds the actions apply to.
    static bool isScalable(const ApiResource &resource); // has a scale subresource (Deployments, StatefulSets, ...)
    static bool isRestartable(const ApiResource &resource); // Deployment, StatefulSet, DaemonSet
    static bool isCronJob(const ApiResource &resource);
    static bool isNode(const ApiResource &resource);
    static bool isNamespace(const ApiResource &resource);
};

} // namespace binnacle
