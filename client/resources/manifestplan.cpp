#include "manifestplan.h"

#include "client/document/yamlconverter.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

bool isNamespace(const QString &apiVersion, const QString &kind)
{
    return apiVersion == u"v1" && kind == u"Namespace";
}

bool isCrd(const QString &apiVersion, const QString &kind)
{
    return apiVersion.startsWith(u"apiextensions.k8s.io/") && kind == u"CustomResourceDefinition";
}

// What a CRD of the manifest will make the server serve.
struct DefinedKind
{
    QString group;
    QStringList versions;
    QString kind;
    bool namespaced = true;

    bool defines(const QString &apiVersion, const QString &otherKind) const
    {
        const QString otherGroup = apiVersion.section(u'/', 0, -2);
        const QString version = apiVersion.section(u'/', -1);
        return otherKind == kind && otherGroup == group && versions.contains(version);
    }
};

DefinedKind definedBy(const QJsonObject &crd)
{
    const QJsonObject spec = crd.value(u"spec"_s).toObject();
    DefinedKind defined;
    defined.group = spec.value(u"group"_s).toString();
    defined.kind = spec.value(u"names"_s).toObject().value(u"kind"_s).toString();
    defined.namespaced = spec.value(u"scope"_s).toString(u"Namespaced"_s) == u"Namespaced";
    for (const QJsonValue &version : spec.value(u"versions"_s).toArray()) {
        if (version.toObject().value(u"served"_s).toBool(true))
            defined.versions << version.toObject().value(u"name"_s).toString();
    }
    return defined;
}

int rank(const ManifestPlan::Step &step)
{
    if (!step.foundation)
        return 2;
    return step.isCrd ? 1 : 0;
}

} // namespace

ManifestPlan ManifestPlan::build(const QByteArray &yaml, const QString &fileName, const QString &defaultNamespace,
                                 const RestMapper &mapper)
{
    ManifestPlan plan;
    QList<QJsonObject> objects; // one per outcome; empty where the document could not be read
    int number = 0;
    for (const Result<YamlDocument> &document : YamlConverter::parseDocuments(yaml, fileName)) {
        ++number;
        ApplyOutcome outcome;
        outcome.document = number;
        if (!document) {
            outcome.line = document.error().line();
            outcome.error = document.error();
            plan.m_complete = false;
            plan.m_report.documents.append(outcome);
            objects.append(QJsonObject());
            continue;
        }
        outcome.line = document->line;
        const QJsonObject object = document->value.toObject();
        if (object.isEmpty())
            continue; // an empty document (a trailing ---) is nothing to create
        plan.m_report.documents.append(outcome);
        objects.append(object);
    }

    // What this manifest itself creates that others may need.
    QSet<QString> namespaces;
    QList<DefinedKind> definedKinds;
    for (const QJsonObject &object : std::as_const(objects)) {
        const QString apiVersion = object.value(u"apiVersion"_s).toString();
        const QString kind = object.value(u"kind"_s).toString();
        if (isNamespace(apiVersion, kind))
            namespaces.insert(object.value(u"metadata"_s).toObject().value(u"name"_s).toString());
        else if (isCrd(apiVersion, kind))
            definedKinds.append(definedBy(object));
    }

    for (int index = 0; index < plan.m_report.documents.size(); ++index) {
        ApplyOutcome &outcome = plan.m_report.documents[index];
        const QJsonObject &object = objects.at(index);
        if (outcome.error)
            continue;
        const QJsonObject metadata = object.value(u"metadata"_s).toObject();
        Step step;
        step.outcome = index;
        step.object = object;
        step.apiVersion = object.value(u"apiVersion"_s).toString();
        outcome.kind = object.value(u"kind"_s).toString();
        outcome.name = metadata.value(u"name"_s).toString();
        if (outcome.name.isEmpty())
            outcome.name = metadata.value(u"generateName"_s).toString();
        step.isCrd = isCrd(step.apiVersion, outcome.kind);
        step.foundation = step.isCrd || isNamespace(step.apiVersion, outcome.kind);
        step.resource = mapper.forApiVersionKind(step.apiVersion, outcome.kind);
        bool namespaced = step.resource && step.resource->namespaced;
        if (!step.resource) {
            const auto defined = std::find_if(definedKinds.cbegin(), definedKinds.cend(), [&](const DefinedKind &d) {
                return d.defines(step.apiVersion, outcome.kind);
            });
            if (defined == definedKinds.cend()) {
                outcome.error = Error(Error::Kind::Config,
                                      u"the cluster does not serve %1 (%2)"_s.arg(outcome.kind, step.apiVersion));
                plan.m_complete = false;
                continue;
            }
            namespaced = defined->namespaced;
            step.dependent = true;
        }
        if (namespaced) {
            outcome.namespaceName = metadata.value(u"namespace"_s).toString(defaultNamespace);
            step.dependent = step.dependent || namespaces.contains(outcome.namespaceName);
        }
        plan.m_steps.append(step);
    }
    std::stable_sort(plan.m_steps.begin(), plan.m_steps.end(),
                     [](const Step &a, const Step &b) { return rank(a) < rank(b); });
    return plan;
}

} // namespace binnacle
