#pragma once

#include "client/core/labelselector.h"
#include "client/core/result.h"
#include "client/watch/objectrecord.h"

#include <QJsonObject>
#include <QString>

namespace binnacle {

// Whose logs a log view shows: one pod, or every pod of a namespace that a label selector matches (a workload's
// pods, a Service's endpoints' pods, or a selector the user typed).
struct LogTarget
{
    QString namespaceName;
    QString pod; // one pod; empty: the pods `selector` matches
    LabelSelector selector;
    QString selectorText; // `selector` as kubectl writes it ("app=web,tier in (a,b)")
    QString kind; // what it was made from ("Deployment", "Pod", ...; empty for a typed selector)
    QString name;

    bool isSinglePod() const { return !pod.isEmpty(); }
    bool matches(const ObjectRecord &record) const;

    static LogTarget forPod(const QString &namespaceName, const QString &pod);
    static Result<LogTarget> forSelector(const QString &namespaceName, const QString &selectorText);
    // From an object of one of the kinds with pods: Pod, Deployment, StatefulSet, DaemonSet, Job, ReplicaSet (their
    // spec.selector, matchLabels and matchExpressions), Service (spec.selector, a map).
    static Result<LogTarget> forObject(const QString &kind, const QJsonObject &object);

    // A metav1.LabelSelector (matchLabels and matchExpressions) as selector text.
    static Result<QString> selectorTextOf(const QJsonObject &labelSelector);
};

} // namespace binnacle
