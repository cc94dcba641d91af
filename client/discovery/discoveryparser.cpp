#include "discoveryparser.h"

#include "client/core/jsonvalues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

Result<QJsonObject> parseObject(const QByteArray &body, const QString &what)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return Error(Error::Kind::Parse, u"the server's %1 could not be read: %2"_s.arg(what, error.errorString()));
    return document.object();
}

} // namespace

Result<QList<ApiResource>> DiscoveryParser::parseAggregated(const QByteArray &body)
{
    Result<QJsonObject> root = parseObject(body, u"discovery document"_s);
    if (!root)
        return root.error();
    QList<ApiResource> resources;
    for (const QJsonValue &groupValue : root->value(u"items"_s).toArray()) {
        const QJsonObject group = groupValue.toObject();
        const QString groupName = group.value(u"metadata"_s).toObject().value(u"name"_s).toString();
        bool first = true; // versions are listed preferred first
        for (const QJsonValue &versionValue : group.value(u"versions"_s).toArray()) {
            const QJsonObject version = versionValue.toObject();
            for (const QJsonValue &resourceValue : version.value(u"resources"_s).toArray()) {
                const QJsonObject r = resourceValue.toObject();
                ApiResource resource;
                resource.group = groupName;
                resource.version = version.value(u"version"_s).toString();
                resource.resource = r.value(u"resource"_s).toString();
                resource.singular = r.value(u"singularResource"_s).toString();
                resource.kind = r.value(u"responseKind"_s).toObject().value(u"kind"_s).toString();
                resource.namespaced = r.value(u"scope"_s).toString() == u"Namespaced";
                resource.verbs = toStringList(r.value(u"verbs"_s));
                resource.shortNames = toStringList(r.value(u"shortNames"_s));
                resource.categories = toStringList(r.value(u"categories"_s));
                for (const QJsonValue &sub : r.value(u"subresources"_s).toArray())
                    resource.subresources.append(sub.toObject().value(u"subresource"_s).toString());
                resource.preferredVersion = first;
                if (resource.singular.isEmpty())
                    resource.singular = resource.kind.toLower();
                resources.append(resource);
            }
            first = false;
        }
    }
    return resources;
}

Result<QList<DiscoveryParser::GroupVersion>> DiscoveryParser::parseLegacyGroups(const QByteArray &body)
{
    Result<QJsonObject> root = parseObject(body, u"API group list"_s);
    if (!root)
        return root.error();
    QList<GroupVersion> versions;
    if (root->value(u"kind"_s).toString() == u"APIVersions") { // GET /api
        bool first = true;
        for (const QString &version : toStringList(root->value(u"versions"_s))) {
            versions.append({version, first});
            first = false;
        }
        return versions;
    }
    for (const QJsonValue &groupValue : root->value(u"groups"_s).toArray()) { // GET /apis
        const QJsonObject group = groupValue.toObject();
        const QString preferred = group.value(u"preferredVersion"_s).toObject().value(u"groupVersion"_s).toString();
        for (const QJsonValue &versionValue : group.value(u"versions"_s).toArray()) {
            const QString gv = versionValue.toObject().value(u"groupVersion"_s).toString();
            versions.append({gv, gv == preferred});
        }
    }
    return versions;
}

Result<QList<ApiResource>> DiscoveryParser::parseResourceList(const QByteArray &body, bool preferred)
{
    Result<QJsonObject> root = parseObject(body, u"API resource list"_s);
    if (!root)
        return root.error();
    const QString groupVersion = root->value(u"groupVersion"_s).toString();
    const qsizetype slash = groupVersion.indexOf(u'/');
    const QString group = slash < 0 ? QString() : groupVersion.left(slash);
    const QString version = slash < 0 ? groupVersion : groupVersion.mid(slash + 1);

    QList<ApiResource> resources;
    QList<QPair<QString, QString>> subresources; // (resource, subresource)
    for (const QJsonValue &value : root->value(u"resources"_s).toArray()) {
        const QJsonObject r = value.toObject();
        const QString name = r.value(u"name"_s).toString();
        if (const qsizetype s = name.indexOf(u'/'); s > 0) {
            subresources.append({name.left(s), name.mid(s + 1)});
            continue;
        }
        ApiResource resource;
        resource.group = group;
        resource.version = version;
        resource.resource = name;
        resource.kind = r.value(u"kind"_s).toString();
        resource.singular = r.value(u"singularName"_s).toString();
        if (resource.singular.isEmpty())
            resource.singular = resource.kind.toLower();
        resource.namespaced = r.value(u"namespaced"_s).toBool();
        resource.verbs = toStringList(r.value(u"verbs"_s));
        resource.shortNames = toStringList(r.value(u"shortNames"_s));
        resource.categories = toStringList(r.value(u"categories"_s));
        resource.preferredVersion = preferred;
        resources.append(resource);
    }
    for (const auto &[owner, sub] : subresources) {
        for (ApiResource &resource : resources) {
            if (resource.resource == owner)
                resource.subresources.append(sub);
        }
    }
    return resources;
}

} // namespace binnacle
