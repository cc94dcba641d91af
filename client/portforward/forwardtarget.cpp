#include "forwardtarget.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

std::optional<int> portNumber(const QString &text)
{
    bool ok = false;
    const int number = text.toInt(&ok);
    if (!ok || number < 1 || number > 65535)
        return std::nullopt;
    return number;
}

QList<DeclaredPort> containerPorts(const QJsonObject &podSpec)
{
    QList<DeclaredPort> ports;
    for (const QJsonValue &container : podSpec.value(u"containers"_s).toArray()) {
        for (const QJsonValue &value : container.toObject().value(u"ports"_s).toArray()) {
            const QJsonObject port = value.toObject();
            ports.append({port.value(u"name"_s).toString(), port.value(u"containerPort"_s).toInt(),
                          port.value(u"protocol"_s).toString(u"TCP"_s)});
        }
    }
    return ports;
}

} // namespace

bool ForwardTarget::supportsKind(const QString &kind)
{
    static const QStringList kinds {u"Pod"_s,       u"Service"_s,    u"Deployment"_s, u"StatefulSet"_s,
                                    u"DaemonSet"_s, u"ReplicaSet"_s, u"Selector"_s};
    return kinds.contains(kind);
}

QString DeclaredPort::description() const
{
    const QString numbered = u"%1/%2"_s.arg(number).arg(protocol);
    return name.isEmpty() ? numbered : name + u' ' + numbered;
}

QList<DeclaredPort> ForwardPorts::declared(const QString &kind, const QJsonObject &object)
{
    const QJsonObject spec = object.value(u"spec"_s).toObject();
    if (kind == u"Pod")
        return containerPorts(spec);
    if (kind == u"Service") {
        QList<DeclaredPort> ports;
        for (const QJsonValue &value : spec.value(u"ports"_s).toArray()) {
            const QJsonObject port = value.toObject();
            ports.append({port.value(u"name"_s).toString(), port.value(u"port"_s).toInt(),
                          port.value(u"protocol"_s).toString(u"TCP"_s)});
        }
        return ports;
    }
    return containerPorts(spec.value(u"template"_s).toObject().value(u"spec"_s).toObject());
}

Result<quint16> ForwardPorts::resolveOnPod(const QJsonObject &pod, const QString &port)
{
    if (const std::optional<int> number = portNumber(port))
        return quint16(*number);
    const QString podName = pod.value(u"metadata"_s).toObject().value(u"name"_s).toString();
    if (port.isEmpty())
        return Error(Error::Kind::Config, u"No port given for pod %1."_s.arg(podName));
    for (const DeclaredPort &declaredPort : containerPorts(pod.value(u"spec"_s).toObject())) {
        if (declaredPort.name == port)
            return quint16(declaredPort.number);
    }
    return Error(Error::Kind::Config, u"Pod %1 has no port named \"%2\"."_s.arg(podName, port));
}

Result<QString> ForwardPorts::serviceTargetPort(const QJsonObject &service, const QString &port)
{
    const QString name = service.value(u"metadata"_s).toObject().value(u"name"_s).toString();
    const QJsonObject spec = service.value(u"spec"_s).toObject();
    const std::optional<int> number = portNumber(port);
    for (const QJsonValue &value : spec.value(u"ports"_s).toArray()) {
        const QJsonObject servicePort = value.toObject();
        const int servicePortNumber = servicePort.value(u"port"_s).toInt();
        if (number ? servicePortNumber != *number : servicePort.value(u"name"_s).toString() != port)
            continue;
        const QJsonValue target = servicePort.value(u"targetPort"_s);
        if (target.isString() && !target.toString().isEmpty())
            return target.toString();
        if (target.isDouble() && target.toInt() > 0)
            return QString::number(target.toInt());
        return QString::number(servicePortNumber);
    }
    QStringList known;
    for (const DeclaredPort &declaredPort : declared(u"Service"_s, service))
        known << declaredPort.description();
    return Error(
        Error::Kind::Config,
        u"Service %1 has no port %2 (it has %3)."_s.arg(name, port, known.isEmpty() ? u"none"_s : known.join(u", "_s)));
}

bool ForwardPorts::isReady(const QJsonObject &pod)
{
    if (pod.value(u"metadata"_s).toObject().contains(u"deletionTimestamp"_s))
        return false;
    const QJsonObject status = pod.value(u"status"_s).toObject();
    if (status.value(u"phase"_s).toString() != u"Running")
        return false;
    for (const QJsonValue &value : status.value(u"conditions"_s).toArray()) {
        const QJsonObject condition = value.toObject();
        if (condition.value(u"type"_s).toString() == u"Ready")
            return condition.value(u"status"_s).toString() == u"True";
    }
    return false;
}

} // namespace binnacle
