// Multi-document YAML against the real local cluster: a Namespace with objects in it and a CRD with its custom
// resources are created in the order they need, and a file that fails part-way leaves nothing of this apply behind
// and says what it created, what failed (in the server's words), what it deleted again and what it could not.

#include "await.h"
#include "testcluster.h"

#include "client/discovery/discovery.h"
#include "client/resources/manifestapplier.h"
#include "client/resources/resourceclient.h"
#include "client/transport/clusterconnection.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

namespace {

using State = ApplyOutcome::State;

// One connected user: connection, discovery, resource client, and the applier on top.
struct Session
{
    explicit Session(const ClusterConfig &config)
        : connection(config)
        , discovery(&connection)
        , client(&connection)
        , applier(&client, &discovery)
    {
        QSignalSpy updated(&discovery, &Discovery::updated);
        QSignalSpy failed(&discovery, &Discovery::failed);
        discovery.refresh();
        if (!QTest::qWaitFor([&] { return !updated.isEmpty() || !failed.isEmpty(); }, 30000) || !failed.isEmpty())
            qWarning("discovery failed for %s", qPrintable(config.contextName));
    }

    std::optional<ApplyReport> apply(const QByteArray &yaml, const QString &defaultNamespace, int timeoutMs = 60000,
                                     bool checkOnly = false)
    {
        std::optional<ApplyReport> report;
        QObject context;
        auto keep = [&](const ApplyReport &r) { report = r; };
        if (checkOnly)
            applier.check(yaml, u"test.yaml"_s, defaultNamespace, &context, keep);
        else
            applier.create(yaml, u"test.yaml"_s, defaultNamespace, &context, keep);
        (void)QTest::qWaitFor([&] { return report.has_value(); }, timeoutMs); // the caller checks report
        return report;
    }

    Result<ObjectReply> get(const QString &resource, const QString &ns, const QString &name)
    {
        const std::optional<ApiResource> mapped = discovery.mapper().find(resource);
        if (!mapped)
            return Error(Error::Kind::Config, u"no resource "_s + resource);
        return await<ObjectReply>([&](QObject *c, auto d) { client.get(*mapped, ns, name, c, d); });
    }

    bool notFound(const QString &resource, const QString &ns, const QString &name)
    {
        const Result<ObjectReply> object = get(resource, ns, name);
        return !object && object.error().isNotFound();
    }

    // Gone, or on its way out (a Namespace or CRD finalizes for a moment after the delete).
    bool goneOrGoing(const QString &resource, const QString &ns, const QString &name)
    {
        const Result<ObjectReply> object = get(resource, ns, name);
        if (!object)
            return object.error().isNotFound();
        return object->object.value(u"metadata"_s).toObject().contains(u"deletionTimestamp"_s);
    }

    ClusterConnection connection;
    Discovery discovery;
    ResourceClient client;
    ManifestApplier applier;
};

QString unique(const char *prefix)
{
    return QString::fromLatin1(prefix) + u'-' + QString::number(QDateTime::currentMSecsSinceEpoch() % 10000000);
}

QByteArray configMap(const QString &name, const QString &ns, const QByteArray &data = "{k: v}")
{
    return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name.toUtf8() + ", namespace: " + ns.toUtf8()
        + "}\ndata: " + data + "\n";
}

QByteArray namespaceDoc(const QString &name)
{
    return "apiVersion: v1\nkind: Namespace\nmetadata: {name: " + name.toUtf8() + "}\n";
}

// A CRD whose `spec.size` must be an integer, so a custom resource can be invalid.
QByteArray crdDoc(const QString &group)
{
    return "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
           "metadata: {name: gadgets."
        + group.toUtf8()
        + "}\n"
          "spec:\n  group: "
        + group.toUtf8()
        + "\n  scope: Namespaced\n"
          "  names: {plural: gadgets, singular: gadget, kind: Gadget}\n"
          "  versions:\n  - name: v1\n    served: true\n    storage: true\n"
          "    schema:\n      openAPIV3Schema:\n        type: object\n        properties:\n"
          "          spec: {type: object, properties: {size: {type: integer}}}\n";
}

QByteArray gadget(const QString &group, const QString &name, const QString &ns, const QByteArray &size)
{
    return "apiVersion: " + group.toUtf8() + "/v1\nkind: Gadget\nmetadata: {name: " + name.toUtf8()
        + ", namespace: " + ns.toUtf8() + "}\nspec: {size: " + size + "}\n";
}

QByteArray join(const QList<QByteArray> &documents)
{
    return documents.join("---\n");
}

} // namespace

class ManifestApplierTest : public QObject
{
    Q_OBJECT

private:
    const TestCluster &cluster = TestCluster::instance();
    QString ns() const { return cluster.limitedNamespace(); }

private slots:
    // The seed 002 lesson: a file whose third document is invalid creates nothing at all.
    void aBrokenDocumentCreatesNothing()
    {
        Session s(cluster.config(u"admin"_s));
        const QByteArray broken
            = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: multi-a}\ndata: {k: v}\n---\n"
              "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: multi-b}\n---\n"
              "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: multi-c}\ndata: {k: [not, a, string]}\n";
        std::optional<ApplyReport> report = s.apply(broken, ns());
        QVERIFY(report.has_value());
        QVERIFY(!report->created);
        QCOMPARE(report->documents.size(), 3);
        QVERIFY(!report->documents.at(0).error);
        QVERIFY(!report->documents.at(1).error);
        QCOMPARE(report->documents.at(0).state, State::Checked);
        QVERIFY(report->documents.at(2).error.has_value());
        QCOMPARE(report->documents.at(2).state, State::Failed);
        QCOMPARE(report->documents.at(2).line, 9);
        QVERIFY(report->documents.at(2).error->status().code == 400 || report->documents.at(2).error->isInvalid());
        QVERIFY2(report->message().contains(u"Document 3 (ConfigMap shop/multi-c, line 9) failed"_s)
                     && report->message().contains(u"Nothing was created."_s),
                 qPrintable(report->message()));
        for (const char *name : {"multi-a", "multi-b", "multi-c"})
            QVERIFY(s.notFound(u"cm"_s, ns(), QString::fromLatin1(name)));

        // The same file fixed: all three are created.
        const QByteArray fixed = QByteArray(broken).replace("[not, a, string]", "fixed");
        report = s.apply(fixed, ns());
        QVERIFY(report.has_value());
        QVERIFY2(report->created, qPrintable(report->message()));
        QCOMPARE(report->documents.at(1).namespaceName, ns());
        QCOMPARE(report->message(),
                 u"Created 3 objects: ConfigMap shop/multi-a, ConfigMap shop/multi-b, ConfigMap shop/multi-c."_s);
        cluster.kubectl({u"delete"_s, u"configmap"_s, u"multi-a"_s, u"multi-b"_s, u"multi-c"_s, u"-n"_s, ns()});

        // A YAML typo is reported with its line before anything is sent.
        report = s.apply("kind: ConfigMap\n---\nkind: [unclosed\n", ns(), 5000);
        QVERIFY(report.has_value());
        QVERIFY(!report->created);
        QVERIFY(report->documents.last().error.has_value());
        QVERIFY(report->documents.last().error->line() >= 3);
    }

    // A check is the dry runs alone: the server's verdict on every document, and nothing created.
    void aCheckCreatesNothing()
    {
        Session s(cluster.config(u"admin"_s));
        const QString first = unique("check-a"), second = unique("check-b");
        const std::optional<ApplyReport> accepted
            = s.apply(join({configMap(first, ns()), configMap(second, ns())}), ns(), 60000, true);
        QVERIFY(accepted.has_value());
        QVERIFY(!accepted->created);
        QCOMPARE(accepted->inState(State::Checked).size(), 2);
        QVERIFY(s.notFound(u"configmaps"_s, ns(), first));
        QVERIFY(s.notFound(u"configmaps"_s, ns(), second));

        // A refusal names its document, and still nothing is there.
        const std::optional<ApplyReport> refused = s.apply(
            join({configMap(first, ns()), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + second.toUtf8()
                                              + ", namespace: " + ns().toUtf8() + "}\ndata: {k: [not, a, string]}\n"}),
            ns(), 60000, true);
        QVERIFY(refused.has_value());
        QVERIFY(refused->failure());
        QCOMPARE(refused->failure()->document, 2);
        QVERIFY(s.notFound(u"configmaps"_s, ns(), first));
    }

    // Objects listed before their Namespace: it is created first, and they land in it.
    void aNamespaceAndItsObjects()
    {
        Session s(cluster.config(u"admin"_s));
        const QString name = unique("apply-ns");
        const QByteArray yaml = join({configMap(u"first"_s, name), namespaceDoc(name),
                                      "apiVersion: v1\nkind: Secret\nmetadata: {name: second, namespace: "
                                          + name.toUtf8() + "}\nstringData: {k: v}\n"});
        const std::optional<ApplyReport> report = s.apply(yaml, ns());
        QVERIFY(report.has_value());
        QVERIFY2(report->created, qPrintable(report->message()));
        QCOMPARE(report->inState(State::Created).size(), 3);
        QVERIFY(s.get(u"namespaces"_s, {}, name).ok());
        QVERIFY(s.get(u"configmaps"_s, name, u"first"_s).ok());
        QVERIFY(s.get(u"secrets"_s, name, u"second"_s).ok());
        cluster.kubectl({u"delete"_s, u"namespace"_s, name, u"--wait=false"_s});
    }

    // A custom resource listed before its CRD: the CRD is created, Established and discovered, then the resource.
    void aCrdAndItsCustomResource()
    {
        Session s(cluster.config(u"admin"_s));
        const QString group = unique("crd") + u".apply.binnacle.dev"_s;
        const QByteArray yaml = join({gadget(group, u"gadget-one"_s, ns(), "3"), crdDoc(group)});
        const std::optional<ApplyReport> report = s.apply(yaml, ns());
        QVERIFY(report.has_value());
        QVERIFY2(report->created, qPrintable(report->message()));
        QCOMPARE(report->documents.at(0).state, State::Created);
        QCOMPARE(report->documents.at(0).namespaceName, ns());
        QVERIFY(s.get(u"gadgets."_s + group, ns(), u"gadget-one"_s).ok());
        cluster.kubectl({u"delete"_s, u"crd"_s, u"gadgets."_s + group, u"--wait=false"_s});
    }

    void failingPartWayLeavesNothingBehind_data()
    {
        QTest::addColumn<QString>("failure"); // what makes the third document fail
        QTest::newRow("already exists") << u"exists"_s;
        QTest::newRow("invalid object in the new namespace") << u"invalid"_s;
        QTest::newRow("invalid custom resource") << u"invalid-cr"_s;
    }
    void failingPartWayLeavesNothingBehind()
    {
        QFETCH(QString, failure);
        Session s(cluster.config(u"admin"_s));
        const QString name = unique("apply-rollback");
        const QString group = name + u".apply.binnacle.dev"_s;
        QByteArray third;
        if (failure == u"exists")
            third = configMap(u"first"_s, name); // passes the dry run (nothing there yet), refused when created
        else if (failure == u"invalid")
            third = configMap(u"third"_s, name, "{k: [not, a, string]}");
        else
            third = gadget(group, u"gadget-bad"_s, name, "\"large\"");
        const QList<QByteArray> documents {namespaceDoc(name), configMap(u"first"_s, name), third, crdDoc(group),
                                           gadget(group, u"gadget-good"_s, name, "1")};
        const std::optional<ApplyReport> report = s.apply(join(documents), ns());
        QVERIFY(report.has_value());
        QVERIFY(!report->created);
        QVERIFY2(report->leftNothingBehind(), qPrintable(report->message()));
        const ApplyOutcome *failed = report->failure();
        QVERIFY(failed);
        QCOMPARE(failed->document, 3);
        QCOMPARE(failed->state, State::Failed);
        QCOMPARE(failed->error->kind(), Error::Kind::Api);
        if (failure == u"exists")
            QCOMPARE(failed->error->status().reason, u"AlreadyExists"_s);
        else
            QVERIFY2(failed->error->isInvalid() || failed->error->status().code == 400,
                     qPrintable(failed->error->message()));
        // The Namespace and the CRD were created (the third document could not be checked without them), then
        // deleted again; so was the first ConfigMap when it got that far.
        QCOMPARE(report->documents.at(0).state, State::RolledBack);
        QCOMPARE(report->documents.at(3).state, State::RolledBack);
        const QString message = report->message();
        QVERIFY2(message.contains(u"Document 3 ("_s) && message.contains(failed->error->message())
                     && message.contains(u"Deleted again what this apply had created: "_s)
                     && message.contains(u"Namespace "_s + name) && message.contains(u"gadgets."_s + group),
                 qPrintable(message));
        QVERIFY2(!message.contains(u"Could not"_s), qPrintable(message));

        QTRY_VERIFY_WITH_TIMEOUT(s.goneOrGoing(u"namespaces"_s, {}, name), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(s.goneOrGoing(u"customresourcedefinitions"_s, {}, u"gadgets."_s + group), 10000);
        // Really gone, not only terminating: the namespace controller finishes the job.
        QTRY_VERIFY_WITH_TIMEOUT(s.notFound(u"namespaces"_s, {}, name), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(s.notFound(u"customresourcedefinitions"_s, {}, u"gadgets."_s + group), 60000);
    }

    // A user who may create ConfigMaps but not delete them: what cannot be deleted again is named, with the reason.
    void whatCannotBeDeletedAgainIsReported()
    {
        const QString name = unique("apply-nodelete");
        cluster.kubectl({u"create"_s, u"namespace"_s, name});
        cluster.kubectl({u"create"_s, u"role"_s, u"create-only"_s, u"-n"_s, name, u"--verb=create,get,list"_s,
                         u"--resource=configmaps"_s});
        cluster.kubectl({u"create"_s, u"rolebinding"_s, u"create-only"_s, u"-n"_s, name, u"--role=create-only"_s,
                         u"--user=apply-create-only"_s});
        ClusterConfig config = cluster.config(u"admin"_s);
        config.impersonation.user = u"apply-create-only"_s;
        Session s(config);
        const std::optional<ApplyReport> report
            = s.apply(join({configMap(u"kept"_s, name), configMap(u"kept"_s, name)}), name);
        QVERIFY(report.has_value());
        QVERIFY(!report->created);
        QVERIFY(!report->leftNothingBehind());
        QCOMPARE(report->documents.at(0).state, State::NotRolledBack);
        QVERIFY(report->documents.at(0).rollbackError.has_value());
        QVERIFY(report->documents.at(0).rollbackError->isForbidden());
        QCOMPARE(report->documents.at(1).state, State::Failed);
        const QString message = report->message();
        QVERIFY2(message.contains(u"Could not delete ConfigMap %1/kept again"_s.arg(name))
                     && message.contains(u"forbidden"_s) && message.contains(u"still there"_s),
                 qPrintable(message));
        QVERIFY(!message.contains(u"Nothing was created"_s));
        cluster.kubectl({u"delete"_s, u"namespace"_s, name, u"--wait=false"_s});
    }
};

QTEST_GUILESS_MAIN(ManifestApplierTest)
#include "tst_manifestapplier.moc"
