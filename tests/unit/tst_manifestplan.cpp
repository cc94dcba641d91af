// How a manifest is put in order before anything is sent: Namespaces, then CRDs, then the rest in file order;
// which documents need a Namespace or CRD of the same file first; and what is refused before anything is sent.

#include "client/resources/manifestplan.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

ApiResource resource(const QString &group, const QString &plural, const QString &kind, bool namespaced)
{
    ApiResource r;
    r.group = group;
    r.version = u"v1"_s;
    r.resource = plural;
    r.kind = kind;
    r.namespaced = namespaced;
    r.verbs = {u"create"_s, u"get"_s, u"delete"_s};
    return r;
}

RestMapper mapper()
{
    return RestMapper(
        {resource({}, u"namespaces"_s, u"Namespace"_s, false), resource({}, u"configmaps"_s, u"ConfigMap"_s, true),
         resource(u"apiextensions.k8s.io"_s, u"customresourcedefinitions"_s, u"CustomResourceDefinition"_s, false)});
}

const QByteArray Crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
                       "metadata: {name: gadgets.example.com}\n"
                       "spec:\n  group: example.com\n  scope: Cluster\n  names: {plural: gadgets, kind: Gadget}\n"
                       "  versions:\n  - {name: v1, served: true, storage: true}\n"
                       "  - {name: v2, served: false, storage: false}\n";

QStringList order(const ManifestPlan &plan)
{
    QStringList names;
    for (const ManifestPlan::Step &step : plan.steps())
        names << plan.report().documents.at(step.outcome).name + (step.dependent ? u"*"_s : QString());
    return names;
}

} // namespace

class ManifestPlanTest : public QObject
{
    Q_OBJECT

private slots:
    void namespacesAndCrdsComeFirst()
    {
        const QByteArray yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: in-new, namespace: fresh}\n---\n"
                                "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: gadget}\n---\n"
                                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: in-old}\n---\n"
            + Crd + "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: fresh}\n---\n";
        const ManifestPlan plan = ManifestPlan::build(yaml, u"x.yaml"_s, u"old"_s, mapper());
        QVERIFY(plan.isComplete());
        // * marks what can only be dry-run once the Namespace or CRD of this file exists.
        QCOMPARE(order(plan),
                 QStringList({u"fresh"_s, u"gadgets.example.com"_s, u"in-new*"_s, u"gadget*"_s, u"in-old"_s}));
        QCOMPARE(plan.report().documents.at(2).namespaceName, u"old"_s); // the default namespace
        QCOMPARE(plan.report().documents.at(1).namespaceName, QString()); // the CRD says: cluster-scoped
        QVERIFY(!plan.steps().at(3).resource); // known once discovery serves it
        QVERIFY(plan.steps().at(1).isCrd && plan.steps().at(1).foundation);
        QVERIFY(plan.steps().at(0).foundation && !plan.steps().at(0).isCrd);
        QCOMPARE(plan.report().documents.size(), 5); // the trailing empty document is nothing
    }

    void unknownKindsSendNothing_data()
    {
        QTest::addColumn<QByteArray>("document");
        QTest::newRow("not served") << QByteArray("apiVersion: example.com/v1\nkind: Gizmo\nmetadata: {name: g}\n");
        QTest::newRow("a version the CRD does not serve")
            << QByteArray("apiVersion: example.com/v2\nkind: Gadget\nmetadata: {name: g}\n");
        QTest::newRow("another group") << QByteArray("apiVersion: other.com/v1\nkind: Gadget\nmetadata: {name: g}\n");
    }
    void unknownKindsSendNothing()
    {
        QFETCH(QByteArray, document);
        const ManifestPlan plan = ManifestPlan::build(Crd + "---\n" + document, {}, u"default"_s, mapper());
        QVERIFY(!plan.isComplete());
        QVERIFY(plan.report().documents.at(1).error.has_value());
        QVERIFY(plan.report().documents.at(1).error->message().contains(u"does not serve"_s));
    }

    void unreadableDocumentsSendNothing()
    {
        const ManifestPlan plan
            = ManifestPlan::build("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkind: [unclosed\n",
                                  u"x.yaml"_s, u"default"_s, mapper());
        QVERIFY(!plan.isComplete());
        QCOMPARE(plan.report().documents.size(), 2);
        QVERIFY(plan.report().documents.at(1).error->line() >= 5);
    }

    void theMessageSaysWhatHappened()
    {
        ApplyReport report;
        ApplyOutcome created;
        created.document = 1;
        created.kind = u"Namespace"_s;
        created.name = u"fresh"_s;
        created.state = ApplyOutcome::State::RolledBack;
        ApplyOutcome stuck;
        stuck.document = 2;
        stuck.kind = u"ConfigMap"_s;
        stuck.namespaceName = u"fresh"_s;
        stuck.name = u"a"_s;
        stuck.state = ApplyOutcome::State::NotRolledBack;
        stuck.rollbackError = Error(Error::Kind::Api, u"forbidden"_s);
        ApplyOutcome failed;
        failed.document = 3;
        failed.line = 9;
        failed.kind = u"ConfigMap"_s;
        failed.namespaceName = u"fresh"_s;
        failed.name = u"a"_s;
        failed.state = ApplyOutcome::State::Failed;
        failed.error = Error::api({409, u"Failure"_s, u"AlreadyExists"_s, u"configmaps \"a\" already exists"_s});
        report.documents = {created, stuck, failed};
        QVERIFY(!report.leftNothingBehind());
        QCOMPARE(report.message(),
                 u"Document 3 (ConfigMap fresh/a, line 9) failed: configmaps \"a\" already exists (AlreadyExists, "
                 u"409). Deleted again what this apply had created: Namespace fresh. Could not delete ConfigMap "
                 u"fresh/a again (forbidden): it is still there."_s);
    }
};

QTEST_GUILESS_MAIN(ManifestPlanTest)
#include "tst_manifestplan.moc"
