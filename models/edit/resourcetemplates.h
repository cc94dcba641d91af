#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace binnacle {

// Starting points for a new resource: the usual kinds, and any custom resource from its CRD's schema.
class ResourceTemplates final
{
public:
    struct Template
    {
        QString kind;
        QString yaml;
    };

    // Deployment, Service, ConfigMap, Secret, Job, in `namespaceName`.
    static QList<Template> builtIns(const QString &namespaceName);

    // A custom resource of `crd` (a CustomResourceDefinition object) at its storage version: apiVersion, kind,
    // metadata (with the namespace when namespaced) and, under spec, every field the schema requires, recursively,
    // with an empty value of its type (its default or first enum value when the schema gives one).
    static Template fromCrd(const QJsonObject &crd, const QString &namespaceName);

    // The skeleton of an OpenAPI v3 schema: its required properties only, recursively.
    static QJsonValue skeleton(const QJsonObject &schema);
};

} // namespace binnacle
