// The browse models under inserts, updates, deletes and relists, each watched by QAbstractItemModelTester.

#include "client/core/labelselector.h"
#include "models/resources/resourcefilterproxy.h"
#include "models/resources/resourcetablemodel.h"
#include "models/workloads/workloadtreemodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

ObjectPtr pod(const QString &ns, const QString &name, const QString &status, const QString &rv = u"1"_s,
              const QString &ownerUid = {}, QHash<QString, QString> labels = {})
{
    auto record = std::make_shared<ObjectRecord>();
    record->uid = u"uid-"_s + ns + u'-' + name;
    record->name = name;
    record->namespaceName = ns;
    record->resourceVersion = rv;
    record->creationTimestamp = QDateTime::currentDateTimeUtc().addSecs(-90);
    record->labels = labels;
    if (!ownerUid.isEmpty())
        record->owners = {{ownerUid, u"ReplicaSet"_s, u"owner"_s, true}};
    record->cells = QJsonArray {name, u"1/1"_s, status, 0, u"90s"_s};
    return record;
}

ObjectPtr workload(const QString &ns, const QString &name, const QString &uid, const QString &ownerUid = {})
{
    auto record = std::make_shared<ObjectRecord>();
    record->uid = uid;
    record->name = name;
    record->namespaceName = ns;
    record->resourceVersion = u"1"_s;
    if (!ownerUid.isEmpty())
        record->owners = {{ownerUid, u"Deployment"_s, u"d"_s, true}};
    record->cells = QJsonArray {name, u"1/1"_s};
    return record;
}

QList<TableColumn> podColumns()
{
    return {{u"Name"_s, u"string"_s, u"name"_s, {}, 0}, {u"Ready"_s, u"string"_s, {}, {}, 0},
            {u"Status"_s, u"string"_s, {}, {}, 0},      {u"Restarts"_s, u"integer"_s, {}, {}, 0},
            {u"Age"_s, u"string"_s, {}, {}, 0},         {u"IP"_s, u"string"_s, {}, {}, 1}};
}

} // namespace

class ResourceModelsTest : public QObject
{
    Q_OBJECT

private slots:
    void tableFollowsBatches()
    {
        ResourceTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

        ChangeBatch snapshot;
        snapshot.reset = true;
        snapshot.columns = podColumns();
        snapshot.added = {pod(u"shop"_s, u"web-1"_s, u"Running"_s), pod(u"shop"_s, u"web-2"_s, u"Pending"_s)};
        model.applyBatch(snapshot);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), 5); // the wide IP column is hidden
        QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), u"Status"_s);
        QCOMPARE(model.index(0, 2).data(ResourceTableModel::StatusRole).toString(), u"ok"_s);
        QCOMPARE(model.index(1, 2).data(ResourceTableModel::StatusRole).toString(), u"warning"_s);
        QCOMPARE(model.index(0, 4).data().toString(), u"90s"_s); // live age from creationTimestamp

        ChangeBatch changes;
        changes.updated = {pod(u"shop"_s, u"web-2"_s, u"CrashLoopBackOff"_s, u"2"_s)};
        changes.added = {pod(u"pay"_s, u"api-1"_s, u"Running"_s)};
        changes.removed = {u"shop/web-1"_s};
        model.applyBatch(changes);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOfKey(u"shop/web-1"_s), -1);
        const int crashing = model.rowOfKey(u"shop/web-2"_s);
        QCOMPARE(model.index(crashing, 2).data().toString(), u"CrashLoopBackOff"_s);
        QCOMPARE(model.index(crashing, 2).data(ResourceTableModel::StatusRole).toString(), u"error"_s);

        // An "added" for a row we already have (a snapshot overlapping a batch) updates it, never duplicates.
        ChangeBatch overlap;
        overlap.added = {pod(u"pay"_s, u"api-1"_s, u"Running"_s, u"3"_s)};
        model.applyBatch(overlap);
        QCOMPARE(model.rowCount(), 2);

        model.setShowNamespaceColumn(true);
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), u"Namespace"_s);
        model.setWide(true);
        QCOMPARE(model.columnCount(), 7);

        // Removing most rows at once.
        ChangeBatch wipe;
        wipe.removed = {u"shop/web-2"_s, u"pay/api-1"_s, u"nowhere/ghost"_s};
        model.applyBatch(wipe);
        QCOMPARE(model.rowCount(), 0);
    }

    void manyRemovalsKeepTheIndexRight()
    {
        ResourceTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ChangeBatch snapshot;
        snapshot.reset = true;
        snapshot.columns = podColumns();
        for (int i = 0; i < 20; ++i)
            snapshot.added << pod(u"ns"_s, u"p%1"_s.arg(i), u"Running"_s);
        model.applyBatch(snapshot);
        ChangeBatch some;
        some.removed = {u"ns/p3"_s, u"ns/p4"_s, u"ns/p5"_s, u"ns/p10"_s, u"ns/p19"_s};
        model.applyBatch(some);
        QCOMPARE(model.rowCount(), 15);
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.rowOfKey(model.index(row, 0).data(ResourceTableModel::KeyRole).toString()), row);
    }

    void proxyFiltersTextLabelsAndNamespaces()
    {
        ResourceTableModel model;
        ResourceFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ChangeBatch snapshot;
        snapshot.reset = true;
        snapshot.columns = podColumns();
        snapshot.added = {
            pod(u"shop"_s, u"web-1"_s, u"Running"_s, u"1"_s, {}, {{u"app"_s, u"web"_s}, {u"tier"_s, u"front"_s}}),
            pod(u"shop"_s, u"db-1"_s, u"CrashLoopBackOff"_s, u"1"_s, {}, {{u"app"_s, u"db"_s}, {u"tier"_s, u"db"_s}}),
            pod(u"pay"_s, u"web-9"_s, u"Running"_s, u"1"_s, {}, {{u"app"_s, u"web"_s}})};
        model.applyBatch(snapshot);

        proxy.setFilterExpression(u"crash"_s);
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, 0).data().toString(), u"db-1"_s);
        proxy.setFilterExpression(u"app=web,tier!=db"_s);
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setFilterExpression(u"app=web !tier"_s);
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setFilterExpression(u"app in (web, db) shop"_s);
        QCOMPARE(proxy.rowCount(), 2);
        QVERIFY(!proxy.setFilterExpression(u"=oops"_s).isEmpty());
        QCOMPARE(proxy.rowCount(), 0);
        proxy.setFilterExpression({});
        proxy.setNamespaces({u"pay"_s});
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setNamespaces({});

        // Sorting on raw values: Restarts as numbers.
        proxy.sort(0, Qt::AscendingOrder);
        QCOMPARE(proxy.index(0, 0).data().toString(), u"db-1"_s);
    }

    void labelSelectors_data()
    {
        QTest::addColumn<QString>("selector");
        QTest::addColumn<bool>("matches");
        QTest::newRow("equals") << u"app=web"_s << true;
        QTest::newRow("double equals") << u"app==web"_s << true;
        QTest::newRow("not equals") << u"app!=web"_s << false;
        QTest::newRow("exists") << u"tier"_s << true;
        QTest::newRow("does not exist") << u"!canary"_s << true;
        QTest::newRow("in") << u"env in (prod, staging)"_s << true;
        QTest::newRow("notin") << u"env notin (prod)"_s << false;
        QTest::newRow("combined") << u"app=web,env in (prod),!canary"_s << true;
        QTest::newRow("missing key not equal") << u"zone!=a"_s << true;
    }

    void labelSelectors()
    {
        QFETCH(QString, selector);
        QFETCH(bool, matches);
        Result<LabelSelector> parsed = LabelSelector::parse(selector);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->matches({{u"app"_s, u"web"_s}, {u"tier"_s, u"front"_s}, {u"env"_s, u"prod"_s}}), matches);
    }

    void workloadTreeFromOwnerReferences()
    {
        WorkloadTreeModel tree;
        QAbstractItemModelTester tester(&tree, QAbstractItemModelTester::FailureReportingMode::QtTest);

        // The pod arrives before its ReplicaSet, which arrives before its Deployment.
        ChangeBatch pods;
        pods.columns = podColumns();
        pods.added = {pod(u"shop"_s, u"web-abc-1"_s, u"Running"_s, u"1"_s, u"rs-1"_s),
                      pod(u"shop"_s, u"bare"_s, u"Running"_s)};
        tree.applyBatch(u"Pod"_s, pods);
        QCOMPARE(tree.rowCount(), 1);
        QCOMPARE(tree.rowCount(tree.indexOfNamespace(u"shop"_s)), 2);

        ChangeBatch replicaSets;
        replicaSets.added = {workload(u"shop"_s, u"web-abc"_s, u"rs-1"_s, u"deploy-1"_s)};
        tree.applyBatch(u"ReplicaSet"_s, replicaSets);
        QCOMPARE(tree.rowCount(tree.indexOfUid(u"rs-1"_s)), 1); // the waiting pod moved under it

        ChangeBatch deployments;
        deployments.added = {workload(u"shop"_s, u"web"_s, u"deploy-1"_s)};
        tree.applyBatch(u"Deployment"_s, deployments);
        const QModelIndex deployment = tree.indexOfUid(u"deploy-1"_s);
        QCOMPARE(deployment.parent(), tree.indexOfNamespace(u"shop"_s));
        QCOMPARE(tree.indexOfUid(u"rs-1"_s).parent(), deployment);
        QCOMPARE(tree.indexOfUid(u"uid-shop-web-abc-1"_s).parent().parent(), deployment);
        QCOMPARE(tree.rowCount(tree.indexOfNamespace(u"shop"_s)), 2); // web and the bare pod

        // A status change is an update in place; a pod deletion removes it.
        ChangeBatch crash;
        crash.updated = {pod(u"shop"_s, u"web-abc-1"_s, u"Error"_s, u"2"_s, u"rs-1"_s)};
        tree.applyBatch(u"Pod"_s, crash);
        const QModelIndex crashed = tree.indexOfUid(u"uid-shop-web-abc-1"_s);
        QCOMPARE(tree.index(crashed.row(), WorkloadTreeModel::StatusColumn, crashed.parent())
                     .data(WorkloadTreeModel::StatusClassRole)
                     .toString(),
                 u"error"_s);
        ChangeBatch gone;
        gone.removed = {u"shop/web-abc-1"_s};
        tree.applyBatch(u"Pod"_s, gone);
        QVERIFY(!tree.indexOfUid(u"uid-shop-web-abc-1"_s).isValid());

        // A relist that no longer has the Deployment: the ReplicaSet waits under the namespace.
        ChangeBatch relist;
        relist.reset = true;
        tree.applyBatch(u"Deployment"_s, relist);
        QVERIFY(!tree.indexOfUid(u"deploy-1"_s).isValid());
        QCOMPARE(tree.indexOfUid(u"rs-1"_s).parent(), tree.indexOfNamespace(u"shop"_s));

        // The last object of a namespace goes: so does the namespace.
        ChangeBatch empty;
        empty.reset = true;
        tree.applyBatch(u"ReplicaSet"_s, empty);
        ChangeBatch noPods;
        noPods.reset = true;
        tree.applyBatch(u"Pod"_s, noPods);
        QCOMPARE(tree.rowCount(), 0);
    }
};

QTEST_MAIN(ResourceModelsTest)
#include "tst_resourcemodels.moc"
