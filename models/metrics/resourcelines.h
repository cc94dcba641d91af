#pragma once

#include <QJsonObject>

#include <optional>

namespace binnacle {

// The figures a usage chart draws as lines beside the usage: requests and limits summed over a pod's containers
// (a workload's: its pod template's times its pods), or a node's allocatable and capacity. A figure no container
// sets is absent, not zero: "no limit" is not "a limit of 0"; and a pod has a limit only when every container sets
// one, as the kubelet bounds the pod only then.
struct ResourceLines
{
    std::optional<double> cpuRequest;
    std::optional<double> cpuLimit;
    std::optional<double> memoryRequest;
    std::optional<double> memoryLimit;
    std::optional<double> cpuAllocatable;
    std::optional<double> memoryAllocatable;
    std::optional<double> cpuCapacity;
    std::optional<double> memoryCapacity;

    bool operator==(const ResourceLines &) const = default;

    static ResourceLines ofPodSpec(const QJsonObject &podSpec, int pods = 1);
    static ResourceLines ofNode(const QJsonObject &node);
    // A Pod, a Node, or a workload's template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job) × `pods`.
    static ResourceLines of(const QJsonObject &object, int pods);
};

} // namespace binnacle
