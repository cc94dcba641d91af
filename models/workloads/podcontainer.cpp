#include "podcontainer.h"

#include <QHash>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

void readState(const QJsonObject &status, PodContainer &container)
{
    container.ready = status.value(u"ready"_s).toBool();
    container.restarts = status.value(u"restartCount"_s).toInt();
    const QJsonObject state = status.value(u"state"_s).toObject();
    if (state.contains(u"running"_s)) {
        container.state = u"Running"_s;
    } else if (state.contains(u"waiting"_s)) {
        const QJsonObject waiting = state.value(u"waiting"_s).toObject();
        container.state = u"Waiting"_s;
        container.reason = waiting.value(u"reason"_s).toString();
        container.message = waiting.value(u"message"_s).toString();
    } else if (state.contains(u"terminated"_s)) {
        const QJsonObject terminated = state.value(u"terminated"_s).toObject();
        container.state = u"Terminated"_s;
        container.reason = terminated.value(u"reason"_s).toString();
        container.message = terminated.value(u"message"_s).toString();
    }
}

void append(QList<PodContainer> &into, const QJsonArray &specs, const QJsonArray &statuses, PodContainer::Kind kind)
{
    QHash<QString, QJsonObject> statusByName;
    for (const QJsonValue &value : statuses)
        statusByName.insert(value.toObject().value(u"name"_s).toString(), value.toObject());
    for (const QJsonValue &value : specs) {
        const QJsonObject spec = value.toObject();
        PodContainer container;
        container.name = spec.value(u"name"_s).toString();
        container.image = spec.value(u"image"_s).toString();
        container.kind = kind;
        container.state = u"Pending"_s;
        for (const QJsonValue &port : spec.value(u"ports"_s).toArray())
            container.ports << QString::number(port.toObject().value(u"containerPort"_s).toInt()) + u'/'
                    + port.toObject().value(u"protocol"_s).toString(u"TCP"_s);
        const auto status = statusByName.constFind(container.name);
        if (status != statusByName.cend())
            readState(*status, container);
        into.append(std::move(container));
    }
}

} // namespace

QString PodContainer::restartsText() const
{
    if (restarts == 0)
        return {};
    return restarts == 1 ? u"1 restart"_s : u"%1 restarts"_s.arg(restarts);
}

QList<PodContainer> PodContainer::listFrom(const QJsonObject &pod)
{
    const QJsonObject spec = pod.value(u"spec"_s).toObject();
    const QJsonObject status = pod.value(u"status"_s).toObject();
    QList<PodContainer> containers;
    append(containers, spec.value(u"initContainers"_s).toArray(), status.value(u"initContainerStatuses"_s).toArray(),
           Kind::Init);
    append(containers, spec.value(u"containers"_s).toArray(), status.value(u"containerStatuses"_s).toArray(),
           Kind::Regular);
    append(containers, spec.value(u"ephemeralContainers"_s).toArray(),
           status.value(u"ephemeralContainerStatuses"_s).toArray(), Kind::Ephemeral);
    return containers;
}

} // namespace binnacle
