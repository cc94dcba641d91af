#include "resourcetemplates.h"

#include "client/document/yamlconverter.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace binnacle {

QList<ResourceTemplates::Template> ResourceTemplates::builtIns(const QString &namespaceName)
{
    const QString ns = namespaceName.isEmpty() ? u"default"_s : namespaceName;
    return {
        {u"Deployment"_s, uR"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-app
  namespace: %1
  labels:
    app: my-app
spec:
  replicas: 1
  selector:
    matchLabels:
      app: my-app
  template:
    metadata:
      labels:
        app: my-app
    spec:
      containers:
      - name: app
        image: nginx:1.27
        ports:
        - containerPort: 80
)"_s.arg(ns)},
        {u"Service"_s, uR"(apiVersion: v1
kind: Service
metadata:
  name: my-app
  namespace: %1
spec:
  selector:
    app: my-app
  ports:
  - name: http
    port: 80
    targetPort: 80
)"_s.arg(ns)},
        {u"ConfigMap"_s, uR"(apiVersion: v1
kind: ConfigMap
metadata:
  name: my-config
  namespace: %1
data:
  key: value
)"_s.arg(ns)},
        {u"Secret"_s, uR"(apiVersion: v1
kind: Secret
metadata:
  name: my-secret
  namespace: %1
type: Opaque
stringData:
  password: change-me
)"_s.arg(ns)},
        {u"Job"_s, uR"(apiVersion: batch/v1
kind: Job
metadata:
  name: my-job
  namespace: %1
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: job
        image: busybox:1.36
        command: ["sh", "-c", "echo hello"]
)"_s.arg(ns)},
    };
}

QJsonValue ResourceTemplates::skeleton(const QJsonObject &schema)
{
    if (schema.contains(u"default"_s))
        return schema.value(u"default"_s);
    const QJsonArray enumValues = schema.value(u"enum"_s).toArray();
    if (!enumValues.isEmpty())
        return enumValues.first();
    const QString type = schema.value(u"type"_s).toString();
    if (type == u"string")
        return u""_s;
    if (type == u"integer" || type == u"number")
        return 0;
    if (type == u"boolean")
        return false;
    if (type == u"array")
        return QJsonArray();
    if (type == u"object" || schema.contains(u"properties"_s)) {
        QJsonObject object;
        const QJsonObject properties = schema.value(u"properties"_s).toObject();
        for (const QJsonValue &required : schema.value(u"required"_s).toArray()) {
            const QString name = required.toString();
            object.insert(name, skeleton(properties.value(name).toObject()));
        }
        return object;
    }
    return QJsonValue(); // x-kubernetes-int-or-string and the like: null until the user decides
}

ResourceTemplates::Template ResourceTemplates::fromCrd(const QJsonObject &crd, const QString &namespaceName)
{
    const QJsonObject crdSpec = crd.value(u"spec"_s).toObject();
    const QString group = crdSpec.value(u"group"_s).toString();
    const QString kind = crdSpec.value(u"names"_s).toObject().value(u"kind"_s).toString();
    const bool namespaced = crdSpec.value(u"scope"_s).toString() == u"Namespaced";
    QJsonObject version;
    for (const QJsonValue &candidate : crdSpec.value(u"versions"_s).toArray()) {
        if (candidate.toObject().value(u"storage"_s).toBool() || version.isEmpty())
            version = candidate.toObject();
    }
    const QJsonObject schema = version.value(u"schema"_s).toObject().value(u"openAPIV3Schema"_s).toObject();

    QJsonObject object;
    object.insert(u"apiVersion"_s, QString(group + u'/' + version.value(u"name"_s).toString()));
    object.insert(u"kind"_s, kind);
    QJsonObject metadata {{u"name"_s, QString(u"my-"_s + kind.toLower())}};
    if (namespaced)
        metadata.insert(u"namespace"_s, namespaceName.isEmpty() ? u"default"_s : namespaceName);
    object.insert(u"metadata"_s, metadata);
    const QJsonObject properties = schema.value(u"properties"_s).toObject();
    // spec always, even when not required: that is where a custom resource's content goes.
    const QJsonObject specSchema = properties.value(u"spec"_s).toObject();
    if (!specSchema.isEmpty()) {
        const QJsonValue spec = skeleton(specSchema);
        object.insert(u"spec"_s, spec.isObject() ? spec : QJsonValue(QJsonObject()));
    }
    for (const QJsonValue &required : schema.value(u"required"_s).toArray()) {
        const QString name = required.toString();
        if (!object.contains(name))
            object.insert(name, skeleton(properties.value(name).toObject()));
    }
    return {kind, QString::fromUtf8(YamlConverter::toYaml(object))};
}

} // namespace binnacle
