#pragma once

#include "client/discovery/apiresource.h"

#include <QHash>
#include <QList>

#include <optional>

namespace binnacle {

// Maps what a person types or a manifest says (plural, singular, short name, Kind, "deployments.apps",
// "Deployment.v1.apps") to the resource to call, like kubectl's RESTMapper. Earlier groups win ties, as in
// kubectl, so "events" is the core group's.
class RestMapper final
{
public:
    RestMapper() = default;
    explicit RestMapper(QList<ApiResource> resources);

    // All resources, every version, in discovery priority order.
    const QList<ApiResource> &resources() const { return m_resources; }
    // One entry per group and resource: the group's preferred version.
    QList<ApiResource> preferredResources() const;

    std::optional<ApiResource> find(const QString &name) const;
    std::optional<ApiResource> forKind(const QString &group, const QString &version, const QString &kind) const;
    // For "apiVersion: apps/v1, kind: Deployment" in a manifest.
    std::optional<ApiResource> forApiVersionKind(const QString &apiVersion, const QString &kind) const;
    QList<ApiResource> inCategory(const QString &category) const;

    bool isEmpty() const { return m_resources.isEmpty(); }

private:
    QList<ApiResource> m_resources;
};

} // namespace binnacle
