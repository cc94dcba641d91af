#include "resourcelines.h"

#include "client/metrics/quantity.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

void addTo(std::optional<double> &sum, const QJsonObject &figures, const QString &name)
{
    const QJsonValue value = figures.value(name);
    if (!value.isString())
        return;
    if (const std::optional<double> parsed = Quantity::parse(value.toString()))
        sum = sum.value_or(0) + *parsed;
}

std::optional<double> times(std::optional<double> value, int factor)
{
    if (value)
        return *value * factor;
    return std::nullopt;
}

} // namespace

ResourceLines ResourceLines::ofPodSpec(const QJsonObject &podSpec, int pods)
{
    ResourceLines lines;
    bool everyCpuLimited = true;
    bool everyMemoryLimited = true;
    // Regular containers only, as metrics-server reports them (init containers have finished).
    for (const QJsonValue &container : podSpec.value(u"containers"_s).toArray()) {
        const QJsonObject resources = container.toObject().value(u"resources"_s).toObject();
        const QJsonObject limits = resources.value(u"limits"_s).toObject();
        QJsonObject requests = resources.value(u"requests"_s).toObject();
        // A container's limit without a request defaults its request to it (the API server does the same).
        for (const QString &name : {u"cpu"_s, u"memory"_s}) {
            if (!requests.contains(name) && limits.contains(name))
                requests.insert(name, limits.value(name));
        }
        addTo(lines.cpuRequest, requests, u"cpu"_s);
        addTo(lines.memoryRequest, requests, u"memory"_s);
        addTo(lines.cpuLimit, limits, u"cpu"_s);
        addTo(lines.memoryLimit, limits, u"memory"_s);
        everyCpuLimited = everyCpuLimited && limits.contains(u"cpu"_s);
        everyMemoryLimited = everyMemoryLimited && limits.contains(u"memory"_s);
    }
    // A pod has a limit only when each of its containers has one (the kubelet bounds the pod's cgroup only then):
    // a sidecar without one may use what the node has, and a share of the others' limits would mislead.
    if (!everyCpuLimited)
        lines.cpuLimit.reset();
    if (!everyMemoryLimited)
        lines.memoryLimit.reset();
    lines.cpuRequest = times(lines.cpuRequest, pods);
    lines.cpuLimit = times(lines.cpuLimit, pods);
    lines.memoryRequest = times(lines.memoryRequest, pods);
    lines.memoryLimit = times(lines.memoryLimit, pods);
    return lines;
}

ResourceLines ResourceLines::ofNode(const QJsonObject &node)
{
    ResourceLines lines;
    const QJsonObject status = node.value(u"status"_s).toObject();
    addTo(lines.cpuAllocatable, status.value(u"allocatable"_s).toObject(), u"cpu"_s);
    addTo(lines.memoryAllocatable, status.value(u"allocatable"_s).toObject(), u"memory"_s);
    addTo(lines.cpuCapacity, status.value(u"capacity"_s).toObject(), u"cpu"_s);
    addTo(lines.memoryCapacity, status.value(u"capacity"_s).toObject(), u"memory"_s);
    return lines;
}

ResourceLines ResourceLines::of(const QJsonObject &object, int pods)
{
    const QString kind = object.value(u"kind"_s).toString();
    if (kind == u"Node")
        return ofNode(object);
    const QJsonObject spec = object.value(u"spec"_s).toObject();
    if (kind == u"Pod")
        return ofPodSpec(spec, 1);
    return ofPodSpec(spec.value(u"template"_s).toObject().value(u"spec"_s).toObject(), pods);
}

} // namespace binnacle
