#include "restmapper.h"

using namespace Qt::StringLiterals;

namespace binnacle {

RestMapper::RestMapper(QList<ApiResource> resources)
    : m_resources(std::move(resources))
{ }

QList<ApiResource> RestMapper::preferredResources() const
{
    QList<ApiResource> preferred;
    for (const ApiResource &resource : m_resources) {
        if (resource.preferredVersion)
            preferred.append(resource);
    }
    return preferred;
}

std::optional<ApiResource> RestMapper::find(const QString &input) const
{
    const QString name = input.trimmed();
    if (name.isEmpty())
        return std::nullopt;

    // "deployments.apps" / "deploy.apps" / "Deployment.v1.apps": a name with its group (and version).
    QString typed = name;
    QString group;
    QString version;
    bool groupGiven = false;
    if (const qsizetype dot = name.indexOf(u'.'); dot > 0) {
        typed = name.left(dot);
        const QString rest = name.mid(dot + 1);
        groupGiven = true;
        group = rest;
        for (const ApiResource &resource : m_resources) {
            if (rest.startsWith(resource.version + u'.') && rest.mid(resource.version.size() + 1) == resource.group) {
                version = resource.version;
                group = resource.group;
                break;
            }
        }
    }

    const QString lower = typed.toLower();
    auto matches = [&](const ApiResource &r) {
        if (groupGiven && r.group != group)
            return false;
        if (!version.isEmpty() ? r.version != version : !r.preferredVersion)
            return false;
        return r.resource == lower || r.singular == lower || r.kind.toLower() == lower || r.shortNames.contains(lower);
    };
    // Exact plural first (so "pods" never loses to a short name elsewhere), then the rest.
    for (const ApiResource &resource : m_resources) {
        if (matches(resource) && resource.resource == lower)
            return resource;
    }
    for (const ApiResource &resource : m_resources) {
        if (matches(resource))
            return resource;
    }
    return std::nullopt;
}

std::optional<ApiResource> RestMapper::forKind(const QString &group, const QString &version, const QString &kind) const
{
    for (const ApiResource &resource : m_resources) {
        if (resource.group == group && resource.kind == kind && (version.isEmpty() || resource.version == version))
            return resource;
    }
    return std::nullopt;
}

std::optional<ApiResource> RestMapper::forApiVersionKind(const QString &apiVersion, const QString &kind) const
{
    const qsizetype slash = apiVersion.indexOf(u'/');
    if (slash < 0)
        return forKind(QString(), apiVersion, kind);
    return forKind(apiVersion.left(slash), apiVersion.mid(slash + 1), kind);
}

QList<ApiResource> RestMapper::inCategory(const QString &category) const
{
    QList<ApiResource> found;
    for (const ApiResource &resource : m_resources) {
        if (resource.preferredVersion && resource.categories.contains(category))
            found.append(resource);
    }
    return found;
}

} // namespace binnacle
