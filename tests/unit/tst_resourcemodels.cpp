// The browse models under inserts, updates, deletes and relists, each watched by QAbstractItemModelTester.

#include "client/core/labelselector.h"
#include "client/metrics/usagehistory.h"
#include "models/events/eventlistmodel.h"
#include "models/metrics/resourcelinesindex.h"
#include "models/namespaces/namespacelistmodel.h"
#include "models/resources/resourcefilterproxy.h"
#include "models/resources/resourcetablemodel.h"
#include "models/workloads/workloadtreemodel.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

ObjectPtr pod(const QString &ns, const QString &name, const QString &status, const QString &rv = u"1"_s,
              const QString &ownerUid = {}, LabelSet labels = {})
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
    // The server's Age text is from when it answered; the models compute Age from creationTimestamp instead.
    record->cells = QJsonArray {name, u"1/1"_s, status, 0, u"7d"_s};
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

// A pod as the server returns it: an init container that finished, and `app` in the given state.
QJsonObject podObject(const QString &appState, int restarts, const QString &appImage = u"shop/app:1.4"_s)
{
    const QByteArray json = R"({
      "metadata": {"name": "web-abc-1", "namespace": "shop"},
      "spec": {
        "initContainers": [{"name": "migrate", "image": "shop/migrate:1"}],
        "containers": [{"name": "app", "image": "IMAGE", "ports": [{"containerPort": 8080}]},
                       {"name": "sidecar", "image": "envoy:1.30"}]
      },
      "status": {
        "initContainerStatuses": [{"name": "migrate", "ready": false, "restartCount": 0,
                                   "state": {"terminated": {"reason": "Completed", "exitCode": 0}}}],
        "containerStatuses": [{"name": "app", "ready": false, "restartCount": RESTARTS, "state": STATE}]
      }
    })";
    const QByteArray state = appState == u"Running"
        ? QByteArray(R"({"running": {"startedAt": "2026-11-22T10:00:00Z"}})")
        : QByteArray(R"({"waiting": {"reason": "REASON", "message": "back-off 5m0s restarting failed container"}})")
              .replace("REASON", appState.toUtf8());
    QByteArray text = json;
    text.replace("IMAGE", appImage.toUtf8()).replace("RESTARTS", QByteArray::number(restarts)).replace("STATE", state);
    QJsonParseError error;
    const QJsonObject object = QJsonDocument::fromJson(text, &error).object();
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return object;
}

ObjectPtr eventRecord(const QString &name, const QString &json)
{
    auto record = std::make_shared<ObjectRecord>();
    record->name = name;
    record->namespaceName = u"shop"_s;
    record->object = QJsonDocument::fromJson(json.toUtf8()).object();
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
        // Live age from creationTimestamp, not the server's cell (7d).
        QVERIFY2(QStringList({u"90s"_s, u"91s"_s}).contains(model.index(0, 4).data().toString()),
                 qPrintable(model.index(0, 4).data().toString()));

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

        // Sorting by name, then on raw values: Restarts as numbers (10 after 2, which text would put first).
        proxy.sort(0, Qt::AscendingOrder);
        QCOMPARE(proxy.index(0, 0).data().toString(), u"db-1"_s);
        ChangeBatch restarts;
        for (const auto &[name, count] : {std::pair {u"web-1"_s, 10}, {u"db-1"_s, 2}, {u"web-9"_s, 0}}) {
            const QString ns = name == u"web-9" ? u"pay"_s : u"shop"_s;
            auto record = std::make_shared<ObjectRecord>(*pod(ns, name, u"Running"_s, u"2"_s));
            record->cells[3] = count;
            restarts.updated << record;
        }
        model.applyBatch(restarts);
        const int restartsColumn = model.columnOf(u"Restarts"_s);
        proxy.sort(restartsColumn, Qt::AscendingOrder);
        QStringList order;
        for (int row = 0; row < proxy.rowCount(); ++row)
            order << proxy.index(row, 0).data().toString();
        QCOMPARE(order, (QStringList {u"web-9"_s, u"db-1"_s, u"web-1"_s}));
    }

    void fastSortOrdersLikeSortRole()
    {
        // Cells of every shape a server sends: names, "1/2" counts, "3 (5m ago)" restarts, numbers, words, blanks.
        ResourceTableModel model;
        model.setShowNamespaceColumn(true);
        ChangeBatch snapshot;
        snapshot.reset = true;
        snapshot.columns = {{u"Name"_s, u"string"_s, u"name"_s, {}, 0}, {u"Ready"_s, u"string"_s, {}, {}, 0},
                            {u"Status"_s, u"string"_s, {}, {}, 0},      {u"Restarts"_s, u"string"_s, {}, {}, 0},
                            {u"Count"_s, u"integer"_s, {}, {}, 0},      {u"Age"_s, u"string"_s, {}, {}, 0},
                            {u"Mixed"_s, u"string"_s, {}, {}, 0}};
        const QStringList statuses {u"Running"_s, u"running"_s, u"Pending"_s, u"CrashLoopBackOff"_s, QString()};
        const QStringList mixed {u"10"_s, u"9"_s, u"abc"_s, u"1x"_s, u""_s, u"Zeta"_s};
        for (int i = 0; i < 200; ++i) {
            auto record = std::make_shared<ObjectRecord>(
                *pod(u"ns-%1"_s.arg(i % 7), u"pod-%1"_s.arg(i * 37 % 200), statuses.at(i % 5)));
            record->creationTimestamp = QDateTime::currentDateTimeUtc().addSecs(-(i * 7919 % 5000));
            record->cells = QJsonArray {record->name,
                                        u"%1/%2"_s.arg(i % 3).arg(i % 4 + 1),
                                        statuses.at(i % 5),
                                        i % 6 == 0 ? u"0"_s : u"%1 (%2m ago)"_s.arg(i % 13).arg(i % 50),
                                        i * 31 % 17,
                                        u"1h"_s,
                                        i % 9 == 0 ? QJsonValue(i) : QJsonValue(mixed.at(i % 6))};
            snapshot.added.append(record);
        }
        model.applyBatch(snapshot);
        ResourceFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // The reference: SortRole values compared as the generic path compares them.
        auto compareValues = [](const QVariant &l, const QVariant &r) {
            if (l.typeId() == QMetaType::QString || r.typeId() == QMetaType::QString)
                return QString::compare(l.toString(), r.toString(), Qt::CaseInsensitive);
            const QPartialOrdering order = QVariant::compare(l, r);
            return order == QPartialOrdering::Less ? -1 : (order == QPartialOrdering::Greater ? 1 : 0);
        };
        for (int column = 0; column < model.columnCount(); ++column) {
            for (const Qt::SortOrder direction : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                proxy.sort(column, direction);
                for (int row = 1; row < proxy.rowCount(); ++row) {
                    const QVariant before = proxy.index(row - 1, column).data(ResourceTableModel::SortRole);
                    const QVariant after = proxy.index(row, column).data(ResourceTableModel::SortRole);
                    const int order = compareValues(before, after);
                    QVERIFY2(direction == Qt::AscendingOrder ? order <= 0 : order >= 0,
                             qPrintable(u"column %1 row %2: %3 then %4"_s.arg(column).arg(row).arg(before.toString(),
                                                                                                   after.toString())));
                }
            }
        }
    }

    void labelSetFindsKeysWhateverTheirOrder()
    {
        const LabelSet fromJson = LabelSet::fromJson(
            QJsonDocument::fromJson(R"({"tier": "web", "app": "shop", "app.kubernetes.io/name": "x"})").object());
        const LabelSet inserted {{u"app.kubernetes.io/name"_s, u"x"_s}, {u"tier"_s, u"db"_s}, {u"app"_s, u"shop"_s}};
        for (const LabelSet *labels : {&fromJson, &inserted}) {
            QCOMPARE(labels->size(), 3);
            QCOMPARE(labels->value(u"app"_s), u"shop"_s);
            QVERIFY(labels->contains(u"app.kubernetes.io/name"_s));
            QVERIFY(!labels->contains(u"ap"_s));
            QVERIFY(!labels->contains(u"zone"_s));
            QStringList keys;
            for (const auto &[key, value] : *labels)
                keys << key;
            QCOMPARE(keys, (QStringList {u"app"_s, u"app.kubernetes.io/name"_s, u"tier"_s}));
        }
        LabelSet changed = inserted;
        changed.insert(u"tier"_s, u"web"_s); // replaces, keeps one key
        QCOMPARE(changed, fromJson);
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

        // A CronJob shows its schedule (it has no status word), and that it is suspended when it is.
        ChangeBatch cronJobs;
        cronJobs.columns = {{u"Name"_s, u"string"_s, {}, {}, 0},     {u"Schedule"_s, u"string"_s, {}, {}, 0},
                            {u"Timezone"_s, u"string"_s, {}, {}, 0}, {u"Suspend"_s, u"boolean"_s, {}, {}, 0},
                            {u"Active"_s, u"integer"_s, {}, {}, 0},  {u"Last Schedule"_s, u"string"_s, {}, {}, 0}};
        auto cronJob = std::make_shared<ObjectRecord>(*workload(u"shop"_s, u"cleanup"_s, u"cron-1"_s));
        cronJob->cells = QJsonArray {u"cleanup"_s, u"*/5 * * * *"_s, u"<none>"_s, u"False"_s, 1, u"2m"_s};
        cronJobs.added = {cronJob};
        tree.applyBatch(u"CronJob"_s, cronJobs);
        const QModelIndex cron = tree.indexOfUid(u"cron-1"_s);
        QCOMPARE(cron.siblingAtColumn(WorkloadTreeModel::StatusColumn).data().toString(), u"*/5 * * * *, 1 active"_s);
        // A schedule is not a ready count: no colour.
        QCOMPARE(cron.siblingAtColumn(WorkloadTreeModel::StatusColumn).data(WorkloadTreeModel::StatusClassRole),
                 QVariant(QString()));
        auto suspended = std::make_shared<ObjectRecord>(*cronJob);
        suspended->cells[3] = u"True"_s;
        suspended->resourceVersion = u"2"_s;
        cronJobs = {};
        cronJobs.updated = {suspended};
        tree.applyBatch(u"CronJob"_s, cronJobs);
        QCOMPARE(cron.siblingAtColumn(WorkloadTreeModel::StatusColumn).data().toString(), u"Suspended"_s);
        cronJobs = {};
        cronJobs.removed = {u"shop/cleanup"_s};
        tree.applyBatch(u"CronJob"_s, cronJobs);

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

    // An object deleted and re-created under the same name arrives as an update of its key with a new UID (inside
    // one batch, or across a relist). The tree must follow the new UID: before, the old UID kept pointing at the node
    // after it was freed, and the next child of the old UID was inserted into freed memory.
    // A workload's and a namespace's usage is the sum of the pods below, worked out once per poll (views ask at every
    // paint): it follows a poll, a pod that goes, a pod that comes, and the history going away.
    void workloadTreeSumsFollowPollsAndPods()
    {
        WorkloadTreeModel tree;
        ChangeBatch pods;
        pods.columns = podColumns();
        pods.added = {pod(u"shop"_s, u"web-1"_s, u"Running"_s, u"1"_s, u"rs-1"_s),
                      pod(u"shop"_s, u"web-2"_s, u"Running"_s, u"1"_s, u"rs-1"_s)};
        tree.applyBatch(u"Pod"_s, pods);
        ChangeBatch replicaSets;
        replicaSets.added = {workload(u"shop"_s, u"web"_s, u"rs-1"_s)};
        tree.applyBatch(u"ReplicaSet"_s, replicaSets);
        const QModelIndex replicaSet = tree.indexOfUid(u"rs-1"_s);
        const QModelIndex shop = tree.indexOfNamespace(u"shop"_s);
        const auto memory = [&](const QModelIndex &row) {
            return tree.index(row.row(), WorkloadTreeModel::MemoryColumn, row.parent()).data().toString();
        };
        const auto poll = [](UsageHistory &history, const QHash<QString, Usage> &objects, qint64 at) {
            UsageSnapshot snapshot;
            snapshot.objects = objects;
            snapshot.takenAtMs = at;
            history.record(snapshot);
        };
        constexpr double MiB = 1024.0 * 1024;
        UsageHistory history;
        poll(history, {{u"shop/web-1"_s, Usage {0.1, 10 * MiB}}, {u"shop/web-2"_s, Usage {0.1, 20 * MiB}}}, 1);
        tree.setUsage(&history);
        QCOMPARE(memory(replicaSet), u"30Mi"_s);
        QCOMPARE(memory(shop), u"30Mi"_s);
        poll(history, {{u"shop/web-1"_s, Usage {0.1, 15 * MiB}}, {u"shop/web-2"_s, Usage {0.1, 20 * MiB}}}, 2);
        QCOMPARE(memory(shop), u"30Mi"_s); // the model has not been told of the poll yet
        tree.usageUpdated();
        QCOMPARE(memory(shop), u"35Mi"_s);
        ChangeBatch gone;
        gone.removed = {u"shop/web-2"_s};
        tree.applyBatch(u"Pod"_s, gone);
        QCOMPARE(memory(tree.indexOfUid(u"rs-1"_s)), u"15Mi"_s);
        ChangeBatch more;
        more.added = {pod(u"shop"_s, u"web-3"_s, u"Running"_s, u"1"_s, u"rs-1"_s)};
        poll(history, {{u"shop/web-1"_s, Usage {0.1, 15 * MiB}}, {u"shop/web-3"_s, Usage {0.1, 5 * MiB}}}, 3);
        tree.applyBatch(u"Pod"_s, more);
        QCOMPARE(memory(tree.indexOfNamespace(u"shop"_s)), u"20Mi"_s);

        // Shares over the pods that set the figure: web-1 may use 30Mi, web-3 sets nothing (and is left out).
        ResourceLinesIndex lines(UsageSnapshot::Kind::Pods);
        ChangeBatch specs;
        specs.reset = true;
        auto limited = std::make_shared<ObjectRecord>();
        limited->name = u"web-1"_s;
        limited->namespaceName = u"shop"_s;
        limited->object = QJsonDocument::fromJson(
                              R"({"spec":{"containers":[{"resources":{"limits":{"memory":"30Mi","cpu":"400m"}}}]}})")
                              .object();
        auto unlimited = std::make_shared<ObjectRecord>();
        unlimited->name = u"web-3"_s;
        unlimited->namespaceName = u"shop"_s;
        specs.added = {limited, unlimited};
        lines.applyBatch(specs);
        tree.setResourceLines(&lines);
        const auto cell = [&](const QModelIndex &row, int column) {
            return tree.index(row.row(), column, row.parent()).data().toString();
        };
        const QModelIndex rs = tree.indexOfUid(u"rs-1"_s);
        QCOMPARE(cell(rs, WorkloadTreeModel::MemoryOfLimitColumn), u"50%"_s); // 15Mi of 30Mi
        QCOMPARE(cell(rs, WorkloadTreeModel::MemoryOfRequestColumn), u"50%"_s); // the limit is the request too
        QCOMPARE(cell(rs, WorkloadTreeModel::CpuOfLimitColumn), u"25%"_s); // 100m of 400m
        QCOMPARE(cell(tree.indexOfUid(u"uid-shop-web-3"_s), WorkloadTreeModel::MemoryOfLimitColumn), QString());
        QCOMPARE(tree.headerData(WorkloadTreeModel::MemoryOfLimitColumn, Qt::Horizontal).toString(), u"%MEM/L"_s);
        tree.setResourceLines(nullptr);
        QCOMPARE(cell(rs, WorkloadTreeModel::MemoryOfLimitColumn), QString());
        tree.setUsage(nullptr);
        QCOMPARE(memory(tree.indexOfNamespace(u"shop"_s)), QString());
    }

    void workloadTreeFollowsARecreatedOwnersNewUid()
    {
        WorkloadTreeModel tree;
        QAbstractItemModelTester tester(&tree, QAbstractItemModelTester::FailureReportingMode::QtTest);

        ChangeBatch deployments;
        deployments.added = {workload(u"shop"_s, u"web"_s, u"deploy-old"_s)};
        tree.applyBatch(u"Deployment"_s, deployments);
        ChangeBatch replicaSets;
        replicaSets.added = {workload(u"shop"_s, u"web-old"_s, u"rs-old"_s, u"deploy-old"_s),
                             workload(u"shop"_s, u"web-new"_s, u"rs-new"_s, u"deploy-new"_s)};
        tree.applyBatch(u"ReplicaSet"_s, replicaSets);
        QCOMPARE(tree.indexOfUid(u"rs-old"_s).parent(), tree.indexOfUid(u"deploy-old"_s));
        QCOMPARE(tree.indexOfUid(u"rs-new"_s).parent(), tree.indexOfNamespace(u"shop"_s)); // owner not here yet

        // Deleted and re-created: the same key, a new UID.
        auto recreated = std::make_shared<ObjectRecord>(*workload(u"shop"_s, u"web"_s, u"deploy-new"_s));
        recreated->resourceVersion = u"7"_s;
        deployments = {};
        deployments.updated = {recreated};
        tree.applyBatch(u"Deployment"_s, deployments);
        QVERIFY(!tree.indexOfUid(u"deploy-old"_s).isValid());
        const QModelIndex web = tree.indexOfUid(u"deploy-new"_s);
        QVERIFY(web.isValid());
        QCOMPARE(tree.indexOfUid(u"rs-new"_s).parent(), web); // the new object's children are adopted
        QCOMPARE(tree.indexOfUid(u"rs-old"_s).parent(), tree.indexOfNamespace(u"shop"_s)); // the old one's wait

        // The Deployment goes, then a child of the old UID arrives: it must wait under the namespace (it went into
        // freed memory before the fix, which ASan reports as a heap-use-after-free).
        deployments = {};
        deployments.removed = {u"shop/web"_s};
        tree.applyBatch(u"Deployment"_s, deployments);
        QVERIFY(!tree.indexOfUid(u"deploy-new"_s).isValid());
        replicaSets = {};
        replicaSets.added = {workload(u"shop"_s, u"web-late"_s, u"rs-late"_s, u"deploy-old"_s)};
        tree.applyBatch(u"ReplicaSet"_s, replicaSets);
        QCOMPARE(tree.indexOfUid(u"rs-late"_s).parent(), tree.indexOfNamespace(u"shop"_s));
        QCOMPARE(tree.rowCount(tree.indexOfNamespace(u"shop"_s)), 3);
    }

    void ageStepChangesExactlyWhenTheAgeTextDoes()
    {
        // Every second of the first three days, then every minute up to three years.
        auto check = [](qint64 seconds, qint64 later) {
            const bool textChanged = ResourceTableModel::formatAge(seconds) != ResourceTableModel::formatAge(later);
            const bool stepChanged = ResourceTableModel::ageStep(seconds) != ResourceTableModel::ageStep(later);
            if (textChanged != stepChanged)
                qWarning() << seconds << later << ResourceTableModel::formatAge(seconds)
                           << ResourceTableModel::formatAge(later);
            return textChanged == stepChanged;
        };
        for (qint64 s = 0; s < 3 * 24 * 3600; ++s)
            QVERIFY(check(s, s + 1));
        for (qint64 s = 0; s < 3LL * 365 * 24 * 3600; s += 60)
            QVERIFY(check(s, s + 60));
    }

    // The table's ages: a view asks once a second for the rows it shows, and hears only about the Age cells among
    // them whose text changed; 10,000 rows off screen cost nothing (before, the whole column changed every second:
    // 1.2 % of a core idle with 10,000 pods).
    void tableAgesChangeOnlyWhereShownAndDifferent()
    {
        ResourceTableModel model;
        ChangeBatch snapshot;
        snapshot.reset = true;
        snapshot.columns = podColumns();
        for (int i = 0; i < 10000; ++i) {
            auto record = std::make_shared<ObjectRecord>(*pod(u"shop"_s, u"p-%1"_s.arg(i), u"Running"_s));
            // Even rows 30 s old (their text changes every second), odd rows 30 days ("30d" all day).
            record->creationTimestamp
                = i % 2 ? QDateTime::currentDateTimeUtc().addDays(-30) : QDateTime::currentDateTimeUtc().addSecs(-30);
            snapshot.added << record;
        }
        model.applyBatch(snapshot);
        QVERIFY(model.hasAges());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QList<int> shown;
        for (int row = 100; row < 140; ++row)
            shown << row;
        model.refreshAges(shown); // the first call only notes the time
        QCOMPARE(changed.count(), 0);
        QTest::qWait(1100);
        model.refreshAges(shown);
        QCOMPARE(changed.count(), 20); // the 20 young rows on screen; the old ones and the 9,960 unseen: nothing
        for (const QList<QVariant> &signal : std::as_const(changed)) {
            const QModelIndex index = signal.at(0).toModelIndex();
            QVERIFY(shown.contains(index.row()));
            QCOMPARE(index.row() % 2, 0);
            QCOMPARE(index.column(), 4);
            QCOMPARE(signal.at(1).toModelIndex(), index);
        }
    }

    // Age is shown live in the tree as in the tables: views hear once a second about the ages whose text changed.
    void workloadTreeAgeIsLive()
    {
        WorkloadTreeModel tree;
        QAbstractItemModelTester tester(&tree, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ChangeBatch pods;
        pods.columns = podColumns();
        auto young = std::make_shared<ObjectRecord>(*pod(u"shop"_s, u"young"_s, u"Running"_s));
        young->creationTimestamp = QDateTime::currentDateTimeUtc().addSecs(-30); // its text changes every second
        auto old = std::make_shared<ObjectRecord>(*pod(u"shop"_s, u"old"_s, u"Running"_s));
        old->creationTimestamp = QDateTime::currentDateTimeUtc().addDays(-30); // "30d" all day
        pods.added = {young, old};
        tree.applyBatch(u"Pod"_s, pods);
        const QModelIndex youngAge = tree.indexOfUid(young->uid).siblingAtColumn(WorkloadTreeModel::AgeColumn);
        const QModelIndex oldAge = tree.indexOfUid(old->uid).siblingAtColumn(WorkloadTreeModel::AgeColumn);
        const QString before = youngAge.data().toString();

        QList<QModelIndex> told; // every Age index covered by a dataChanged
        connect(&tree, &QAbstractItemModel::dataChanged, this,
                [&told](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
                        for (int column = topLeft.column(); column <= bottomRight.column(); ++column)
                            told << topLeft.sibling(row, column);
                    }
                });
        // The view asks once a second for the rows it shows: a second later the young pod's text reads
        // differently and that cell is told; "30d" did not change, and a row not shown is never asked about.
        const QList<QModelIndex> shown {youngAge.siblingAtColumn(0), oldAge.siblingAtColumn(0)};
        tree.refreshAges(shown);
        QVERIFY(told.isEmpty());
        QTest::qWait(1100);
        tree.refreshAges(shown);
        QVERIFY(told.contains(youngAge) && youngAge.data().toString() != before);
        QVERIFY(!told.contains(oldAge));
        told.clear();
        QTest::qWait(1100);
        tree.refreshAges({oldAge});
        QVERIFY(told.isEmpty()); // the young pod was not shown this time
    }

    void namespacesSortedLiveAndCheckable()
    {
        NamespaceListModel namespaces;
        QAbstractItemModelTester tester(&namespaces, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto ns = [](const QString &name, const QString &status = u"Active"_s) {
            auto record = std::make_shared<ObjectRecord>();
            record->name = name;
            record->cells = QJsonArray {name, status, u"5d"_s};
            return ObjectPtr(record);
        };
        ChangeBatch snapshot;
        snapshot.reset = true;
        snapshot.added = {ns(u"shop"_s), ns(u"default"_s), ns(u"payments"_s)};
        namespaces.applyBatch(snapshot);
        QCOMPARE(namespaces.namespaces(), (QStringList {u"default"_s, u"payments"_s, u"shop"_s}));

        QSignalSpy changed(&namespaces, &NamespaceListModel::selectionChanged);
        namespaces.toggle(namespaces.index(2));
        namespaces.toggle(namespaces.index(1));
        QCOMPARE(namespaces.selected(), (QStringList {u"payments"_s, u"shop"_s}));
        QCOMPARE(changed.count(), 2);
        QCOMPARE(namespaces.index(2).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QCOMPARE(namespaces.index(0).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));

        // Created and terminating namespaces show up in place; a deleted selected one stays selected.
        ChangeBatch later;
        later.added = {ns(u"monitoring"_s)};
        later.updated = {ns(u"shop"_s, u"Terminating"_s)};
        namespaces.applyBatch(later);
        QCOMPARE(namespaces.namespaces().indexOf(u"monitoring"_s), 1);
        QCOMPARE(namespaces.index(3).data(NamespaceListModel::StatusRole).toString(), u"Terminating"_s);
        QVERIFY(namespaces.index(3).data(Qt::ForegroundRole).isValid());
        ChangeBatch gone;
        gone.removed = {u"shop"_s};
        namespaces.applyBatch(gone);
        QCOMPARE(namespaces.rowCount(), 3);
        QCOMPARE(namespaces.selected(), (QStringList {u"payments"_s, u"shop"_s}));

        namespaces.setSelected({});
        QVERIFY(namespaces.selected().isEmpty());
        QCOMPARE(changed.count(), 3);
    }

    void eventsFollowBatchesNewestFirst()
    {
        EventListModel events;
        QAbstractItemModelTester tester(&events, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ChangeBatch snapshot;
        snapshot.reset = true;
        snapshot.added
            = {eventRecord(u"pulled"_s, uR"({"type": "Normal", "reason": "Pulled", "message": "image pulled",
                "involvedObject": {"kind": "Pod", "name": "web-1"}, "count": 1,
                "lastTimestamp": "2026-11-22T10:00:00Z"})"_s),
               eventRecord(u"backoff"_s, uR"({"type": "Warning", "reason": "BackOff", "message": "restarting",
                "involvedObject": {"kind": "Pod", "name": "web-1"}, "count": 4,
                "lastTimestamp": "2026-11-22T10:05:00Z"})"_s),
               // events.k8s.io/v1 shape: regarding, note, series and eventTime with microseconds.
               eventRecord(u"scheduled"_s, uR"({"type": "Normal", "reason": "Scheduled", "note": "assigned to node-1",
                "regarding": {"kind": "Pod", "name": "web-1"}, "eventTime": "2026-11-22T09:59:00.123456Z",
                "series": {"count": 2, "lastObservedTime": "2026-11-22T10:01:00.000000Z"}})"_s)};
        events.applyBatch(snapshot);
        QCOMPARE(events.rowCount(), 3);
        QList<EventListModel::Event> newest = events.newest();
        QCOMPARE(newest[0].reason, u"BackOff"_s);
        QVERIFY(newest[0].isWarning());
        QCOMPARE(newest[0].count, 4);
        QCOMPARE(newest[1].reason, u"Scheduled"_s); // its series was seen at 10:01
        QCOMPARE(newest[1].message, u"assigned to node-1"_s);
        QCOMPARE(newest[1].object, u"Pod/web-1"_s);
        QCOMPARE(newest[1].count, 2);
        QCOMPARE(events.newest(1).size(), 1);
        // Rows keep their arrival order (a proxy sorts); warnings carry the error colour.
        QCOMPARE(events.eventAt(1).reason, u"BackOff"_s);
        QVERIFY(events.index(1, EventListModel::TypeColumn).data(Qt::ForegroundRole).isValid());
        QVERIFY(!events.index(0, EventListModel::TypeColumn).data(Qt::ForegroundRole).isValid());

        // The kubelet bumps the count of an event: the row updates in place.
        QSignalSpy inserted(&events, &QAbstractItemModel::rowsInserted);
        ChangeBatch bump;
        bump.updated = {eventRecord(u"backoff"_s, uR"({"type": "Warning", "reason": "BackOff", "message": "restarting",
                "involvedObject": {"kind": "Pod", "name": "web-1"}, "count": 5,
                "lastTimestamp": "2026-11-22T10:06:00Z"})"_s)};
        events.applyBatch(bump);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(events.index(1, EventListModel::CountColumn).data().toInt(), 5);

        // Events expire (TTL): removed ones go, and a relist without them drops them too.
        ChangeBatch expired;
        expired.removed = {u"shop/pulled"_s};
        events.applyBatch(expired);
        QCOMPARE(events.rowCount(), 2);
        QCOMPARE(events.eventAt(0).reason, u"BackOff"_s);
        ChangeBatch relist;
        relist.reset = true;
        relist.added = {bump.updated.first()};
        events.applyBatch(relist);
        QCOMPARE(events.rowCount(), 1);
        QCOMPARE(events.eventAt(0).count, 5);
    }

    void podContainersFromSpecAndStatus()
    {
        const QList<PodContainer> containers = PodContainer::listFrom(podObject(u"CrashLoopBackOff"_s, 7));
        QCOMPARE(containers.size(), 3);
        QCOMPARE(containers[0].name, u"migrate"_s);
        QCOMPARE(containers[0].kind, PodContainer::Kind::Init);
        QCOMPARE(containers[0].statusWord(), u"Completed"_s);
        QCOMPARE(containers[1].name, u"app"_s);
        QCOMPARE(containers[1].statusWord(), u"CrashLoopBackOff"_s);
        QCOMPARE(containers[1].restarts, 7);
        QCOMPARE(containers[1].ports, QStringList {u"8080/TCP"_s});
        QVERIFY(containers[1].message.contains(u"back-off"_s));
        // The kubelet has not reported the sidecar yet.
        QCOMPARE(containers[2].statusWord(), u"Pending"_s);
        QVERIFY(!containers[2].ready);
    }

    void podContainersLoadWhenOpenedAndFollowThePod()
    {
        WorkloadTreeModel tree;
        struct Request
        {
            QString name;
            std::function<void(const Result<QJsonObject> &)> done;
        };
        QList<Request> requests; // answered by hand, to control what is in flight
        tree.setPodFetcher([&requests](const QString &, const QString &name, QObject *,
                                       std::function<void(const Result<QJsonObject> &)> done) {
            requests.append({name, std::move(done)});
        });

        ChangeBatch pods;
        pods.columns = podColumns();
        pods.added = {pod(u"shop"_s, u"web-abc-1"_s, u"Running"_s)};
        tree.applyBatch(u"Pod"_s, pods);
        QModelIndex podIndex = tree.indexOfUid(u"uid-shop-web-abc-1"_s);
        // Nothing is fetched until the pod is opened, but it shows that it can be.
        QVERIFY(requests.isEmpty());
        QVERIFY(tree.hasChildren(podIndex));
        QCOMPARE(tree.rowCount(podIndex), 0);
        QVERIFY(tree.canFetchMore(podIndex));

        tree.fetchMore(podIndex);
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests[0].name, u"web-abc-1"_s);
        QVERIFY(!tree.canFetchMore(podIndex)); // one request, however often the view asks
        // (The tester opens every node it sees, so it watches from here on.)
        QAbstractItemModelTester tester(&tree, QAbstractItemModelTester::FailureReportingMode::QtTest);
        requests.takeFirst().done(podObject(u"Running"_s, 0));
        QCOMPARE(tree.rowCount(podIndex), 3);
        const QModelIndex app = tree.index(1, 0, podIndex);
        QCOMPARE(app.data().toString(), u"app"_s);
        QCOMPARE(app.data(WorkloadTreeModel::KindRole).toString(), u"Container"_s);
        QCOMPARE(app.data(WorkloadTreeModel::PodNameRole).toString(), u"web-abc-1"_s);
        QCOMPARE(app.data(WorkloadTreeModel::ContainerRole).toString(), u"app"_s);
        QCOMPARE(app.data(Qt::ToolTipRole).toString().section(u'\n', 0, 0), u"shop/app:1.4"_s);
        QCOMPARE(tree.index(0, WorkloadTreeModel::KindColumn, podIndex).data().toString(), u"Init container"_s);
        QCOMPARE(tree.index(1, WorkloadTreeModel::StatusColumn, podIndex).data().toString(), u"Running, not ready"_s);

        // The pod changes twice while a refetch is out: one more request after the first answer, not two at once.
        ChangeBatch update;
        update.updated = {pod(u"shop"_s, u"web-abc-1"_s, u"CrashLoopBackOff"_s, u"2"_s)};
        tree.applyBatch(u"Pod"_s, update);
        update.updated = {pod(u"shop"_s, u"web-abc-1"_s, u"CrashLoopBackOff"_s, u"3"_s)};
        tree.applyBatch(u"Pod"_s, update);
        QCOMPARE(requests.size(), 1);
        QSignalSpy reset(&tree, &QAbstractItemModel::rowsRemoved);
        requests.takeFirst().done(podObject(u"CrashLoopBackOff"_s, 2));
        QCOMPARE(requests.size(), 1);
        requests.takeFirst().done(podObject(u"CrashLoopBackOff"_s, 3));
        QCOMPARE(reset.count(), 0); // same containers: updated in place, selections survive
        const QModelIndex status = tree.index(1, WorkloadTreeModel::StatusColumn, podIndex);
        QCOMPARE(status.data().toString(), u"CrashLoopBackOff (3 restarts)"_s);
        QCOMPARE(status.data(WorkloadTreeModel::StatusClassRole).toString(), u"error"_s);

        // A failed fetch says why instead of showing an empty pod.
        update.updated = {pod(u"shop"_s, u"web-abc-1"_s, u"Running"_s, u"4"_s)};
        tree.applyBatch(u"Pod"_s, update);
        requests.takeFirst().done(Error(Error::Kind::Network, u"connection refused"_s));
        QCOMPARE(tree.rowCount(podIndex), 1);
        QCOMPARE(tree.index(0, WorkloadTreeModel::StatusColumn, podIndex).data().toString(), u"connection refused"_s);

        // The pod goes while a fetch is out: its containers go with it, and the late answer is ignored.
        update.updated = {pod(u"shop"_s, u"web-abc-1"_s, u"Running"_s, u"5"_s)};
        tree.applyBatch(u"Pod"_s, update);
        QCOMPARE(requests.size(), 1);
        ChangeBatch gone;
        gone.removed = {u"shop/web-abc-1"_s};
        tree.applyBatch(u"Pod"_s, gone);
        QCOMPARE(tree.rowCount(), 0);
        requests.takeFirst().done(podObject(u"Running"_s, 0));
        QCOMPARE(tree.rowCount(), 0);
    }
};

QTEST_MAIN(ResourceModelsTest)
#include "tst_resourcemodels.moc"
