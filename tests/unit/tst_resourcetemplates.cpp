// Templates for a new resource: the built-in kinds parse and name their namespace; a custom resource's template
// holds exactly the fields its CRD's schema requires, recursively, with defaults and enums honoured.

#include "client/document/yamlconverter.h"
#include "models/edit/resourcetemplates.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

} // namespace

class ResourceTemplatesTest : public QObject
{
    Q_OBJECT

private slots:
    void builtInsParseAndUseTheNamespace()
    {
        const QList<ResourceTemplates::Template> templates = ResourceTemplates::builtIns(u"shop"_s);
        QStringList kinds;
        for (const ResourceTemplates::Template &entry : templates) {
            kinds << entry.kind;
            const Result<QJsonValue> parsed = YamlConverter::toJson(entry.yaml.toUtf8());
            QVERIFY2(parsed.ok(), qPrintable(entry.kind));
            QCOMPARE(parsed->toObject().value(u"kind"_s).toString(), entry.kind);
            QCOMPARE(parsed->toObject().value(u"metadata"_s).toObject().value(u"namespace"_s).toString(), u"shop"_s);
        }
        QCOMPARE(kinds, QStringList({u"Deployment"_s, u"Service"_s, u"ConfigMap"_s, u"Secret"_s, u"Job"_s}));
    }

    void skeletonHoldsOnlyRequiredFields()
    {
        const QJsonObject schema = json(R"({"type":"object","required":["size","mode","tags","inner"],"properties":{
            "size":{"type":"integer"},
            "mode":{"type":"string","enum":["fast","slow"]},
            "tags":{"type":"array","items":{"type":"string"}},
            "optional":{"type":"string"},
            "inner":{"type":"object","required":["enabled","name"],"properties":{
                "enabled":{"type":"boolean","default":true},"name":{"type":"string"},"extra":{"type":"string"}}}}})");
        const QJsonObject expected = json(R"({"size":0,"mode":"fast","tags":[],"inner":{"enabled":true,"name":""}})");
        QCOMPARE(ResourceTemplates::skeleton(schema).toObject(), expected);
    }

    void aCustomResourceFromItsCrd()
    {
        const QJsonObject crd = json(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
            "spec":{"group":"demo.binnacle.io","scope":"Namespaced","names":{"kind":"Widget","plural":"widgets"},
            "versions":[{"name":"v1alpha1","served":true,"storage":false},
                        {"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object",
                          "properties":{"spec":{"type":"object","required":["color"],
                            "properties":{"color":{"type":"string"},"size":{"type":"integer"}}}}}}}]}})");
        const ResourceTemplates::Template entry = ResourceTemplates::fromCrd(crd, u"shop"_s);
        QCOMPARE(entry.kind, u"Widget"_s);
        const Result<QJsonValue> parsed = YamlConverter::toJson(entry.yaml.toUtf8());
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->toObject(), json(R"({"apiVersion":"demo.binnacle.io/v1","kind":"Widget",
            "metadata":{"name":"my-widget","namespace":"shop"},"spec":{"color":""}})"));
    }
};

QTEST_GUILESS_MAIN(ResourceTemplatesTest)
#include "tst_resourcetemplates.moc"
