#pragma once

#include "client/core/result.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace binnacle {

// What a port-forward reaches: a pod's port, or a port of whatever pod currently stands for a Service or a workload
// (Deployment, StatefulSet, DaemonSet, ReplicaSet) or matches a label selector (kind "Selector", the selector as
// its name): the pod is chosen per connection, so a forward outlives its pod.
struct ForwardTarget
{
    QString kind; // "Pod", "Service", "Deployment", …, "Selector"
    QString namespaceName;
    QString name;
    QString port; // as the user named it: a number or a port name (for a Service, one of the Service's ports)

    bool isPod() const { return kind == u"Pod"; }
    bool isSelector() const { return kind == u"Selector"; }
    QString objectName() const { return kind + u'/' + name; } // "Service/frontend"
    QString displayName() const { return objectName() + u':' + port; } // "Service/frontend:80"
    QString key() const { return namespaceName + u'/' + displayName(); }
    static bool supportsKind(const QString &kind);
    friend bool operator==(const ForwardTarget &, const ForwardTarget &) = default;
};

// A port an object declares: a container's port of a pod (or of a workload's pod template), or a Service's port.
struct DeclaredPort
{
    QString name; // may be empty
    int number = 0;
    QString protocol; // "TCP", "UDP", "SCTP" (only TCP can be forwarded)
    QString description() const; // "http 8080/TCP", "8080/TCP"
    friend bool operator==(const DeclaredPort &, const DeclaredPort &) = default;
};

// How a target's objects say where a connection goes. Pure functions over the objects as the server sends them.
class ForwardPorts final
{
public:
    // The ports `object` (a Pod, a Service or a workload of `kind`) declares, in spec order.
    static QList<DeclaredPort> declared(const QString &kind, const QJsonObject &object);

    // A pod's port for `port`: a number (1–65535) as it is, a name from its containers' ports.
    static Result<quint16> resolveOnPod(const QJsonObject &pod, const QString &port);

    // What a Service's port (its number or its name) forwards to on the pods: the targetPort as a number or a
    // container port name (the port's own number when targetPort is unset), as kube-proxy reads it.
    static Result<QString> serviceTargetPort(const QJsonObject &service, const QString &port);

    // Whether a pod can take connections: Running, its Ready condition True, and not being deleted (what makes
    // an EndpointSlice endpoint ready).
    static bool isReady(const QJsonObject &pod);
};

} // namespace binnacle

Q_DECLARE_METATYPE(binnacle::ForwardTarget)
