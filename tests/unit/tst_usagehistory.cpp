// The Metrics API's figures as the app keeps them: quantities, pod sums, the hour-long ring per object, scopes
// (a poll of one namespace says nothing of another's pods), the memory bound, and the columns of the pod table:
// usage, and usage as a share of requests, limits and allocatable, from caches that keep only those fields.
#include "client/metrics/quantity.h"
#include "client/metrics/usagehistory.h"
#include "client/watch/objectprojection.h"
#include "models/metrics/resourcelines.h"
#include "models/metrics/resourcelinesindex.h"
#include "models/metrics/usagecolumn.h"
#include "models/metrics/usageformat.h"
#include "models/metrics/usageranking.h"
#include "models/resources/resourcetablemodel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace binnacle;
using namespace Qt::StringLiterals;

namespace {

UsageSnapshot pods(const QStringList &namespaces, const QHash<QString, Usage> &objects, qint64 atMs)
{
    UsageSnapshot snapshot;
    snapshot.kind = UsageSnapshot::Kind::Pods;
    snapshot.namespaces = namespaces;
    snapshot.objects = objects;
    snapshot.takenAtMs = atMs;
    return snapshot;
}

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(text).object();
}

} // namespace

class TestUsageHistory : public QObject
{
    Q_OBJECT

private slots:
    void quantities()
    {
        QCOMPARE(Quantity::parse(u"250m").value(), 0.25);
        QCOMPARE(Quantity::parse(u"2").value(), 2.0);
        QCOMPARE(Quantity::parse(u"1500000n").value(), 0.0015);
        QCOMPARE(Quantity::parse(u"128Mi").value(), 128.0 * 1024 * 1024);
        QCOMPARE(Quantity::parse(u"1Gi").value(), 1024.0 * 1024 * 1024);
        QCOMPARE(Quantity::parse(u"1k").value(), 1000.0);
        QCOMPARE(Quantity::parse(u"2e3").value(), 2000.0);
        QCOMPARE(Quantity::parse(u"12345Ki").value(), 12345.0 * 1024);
        QVERIFY(!Quantity::parse(u"").has_value());
        QVERIFY(!Quantity::parse(u"Mi").has_value());
        QVERIFY(!Quantity::parse(u"12Qi").has_value());
        // kubectl top's rounding: MilliValue() rounds up, MiB are whole (rounded down).
        QCOMPARE(Quantity::toMillicores(0.0015), 2);
        QCOMPARE(Quantity::toMillicores(0.25), 250);
        QCOMPARE(Quantity::toMillicores(0), 0);
        QCOMPARE(Quantity::toMebibytes(12345.0 * 1024), 12);
        QCOMPARE(UsageFormat::cpu(0.0015), u"2m"_s);
        QCOMPARE(UsageFormat::memory(12345.0 * 1024), u"12Mi"_s);
        QCOMPARE(UsageFormat::percent(50, 200), u"25%"_s);
        QCOMPARE(UsageFormat::percent(50, 0), QString());
    }

    void podsAreTheSumOfTheirContainers()
    {
        const QJsonObject list = json(R"({"items":[
            {"metadata":{"name":"web-1","namespace":"shop"},"timestamp":"2026-12-03T10:00:00Z","window":"15s",
             "containers":[{"name":"a","usage":{"cpu":"1000000n","memory":"1024Ki"}},
                           {"name":"b","usage":{"cpu":"2500000n","memory":"2048Ki"}}]},
            {"metadata":{"namespace":"shop"},"containers":[]}]})");
        QList<QJsonObject> items;
        for (const QJsonValue &item : list.value(u"items"_s).toArray())
            items << item.toObject();
        const UsageSnapshot snapshot = UsageSnapshot::fromItems(UsageSnapshot::Kind::Pods, items);
        QCOMPARE(snapshot.objects.size(), 1); // the nameless item is skipped
        const Usage usage = snapshot.objects.value(u"shop/web-1"_s);
        QCOMPARE(usage.cpuCores, 0.0035);
        QCOMPARE(usage.memoryBytes, 3072.0 * 1024);
        QCOMPARE(UsageFormat::cpu(usage.cpuCores), u"4m"_s); // 3.5m rounds up, as kubectl top prints it
    }

    void nodesAreKeyedByName()
    {
        const UsageSnapshot snapshot = UsageSnapshot::fromItems(
            UsageSnapshot::Kind::Nodes,
            {json(R"({"metadata":{"name":"node-0"},"usage":{"cpu":"1250m","memory":"2Gi"}})")});
        QCOMPARE(snapshot.objects.value(u"node-0"_s).cpuCores, 1.25);
        QVERIFY(snapshot.covers(u"node-0"_s));
    }

    void theSeriesKeepsEveryPollOfTheHourInOrder()
    {
        UsageHistory history;
        for (int poll = 0; poll < 10; ++poll)
            history.record(pods({}, {{u"shop/a"_s, Usage {0.001 * poll, 1024.0 * 1024 * poll}}}, 1000 * poll));
        const QList<UsageHistory::Point> series = history.series(u"shop/a"_s);
        QCOMPARE(series.size(), 10);
        for (int poll = 0; poll < 10; ++poll) {
            QCOMPARE(series.at(poll).timeMs, 1000 * poll);
            QCOMPARE(series.at(poll).usage.memoryBytes, 1024.0 * 1024 * poll);
            QVERIFY(qAbs(series.at(poll).usage.cpuCores - 0.001 * poll) < 1e-6);
        }
        QCOMPARE(history.latest(u"shop/a"_s)->memoryBytes, 9.0 * 1024 * 1024);
    }

    void theRingDropsWhatIsOlderThanAnHour()
    {
        UsageHistory history;
        const int polls = UsageHistory::Capacity * 2 + 17; // wraps twice, not at a multiple of the capacity
        for (int poll = 0; poll < polls; ++poll)
            history.record(pods({}, {{u"shop/a"_s, Usage {0, 1024.0 * poll}}}, poll));
        const QList<UsageHistory::Point> series = history.series(u"shop/a"_s);
        QCOMPARE(series.size(), UsageHistory::Capacity);
        QCOMPARE(series.first().timeMs, qint64(polls - UsageHistory::Capacity));
        QCOMPARE(series.last().timeMs, qint64(polls - 1));
        for (int i = 0; i < series.size(); ++i)
            QCOMPARE(series.at(i).usage.memoryBytes, 1024.0 * (polls - UsageHistory::Capacity + i));
    }

    void aPodThatStartsLateAndGapsAreLeftOut()
    {
        UsageHistory history;
        // "b" appears at poll 3, is missing at 5 and 6, and comes back: its chart has no made-up points. The hour
        // kept is polls 5 … Capacity + 4, so b has two gaps in it.
        for (int poll = 0; poll < UsageHistory::Capacity + 5; ++poll) {
            QHash<QString, Usage> objects {{u"shop/a"_s, Usage {0.1, 1.0 * 1024}}};
            if (poll >= 3 && poll != 5 && poll != 6)
                objects.insert(u"shop/b"_s, Usage {0.2, 1024.0 * poll});
            history.record(pods({}, objects, poll));
        }
        const QList<UsageHistory::Point> b = history.series(u"shop/b"_s);
        QCOMPARE(b.size(), UsageHistory::Capacity - 2);
        QCOMPARE(b.first().timeMs, 7);
        for (const UsageHistory::Point &point : b)
            QCOMPARE(point.usage.memoryBytes, 1024.0 * point.timeMs);
        // Summed over both: each poll counts what was reported then.
        const QList<UsageHistory::Point> sum = history.summedSeries({u"shop/a"_s, u"shop/b"_s});
        QCOMPARE(sum.size(), UsageHistory::Capacity);
        QVERIFY(qAbs(sum.last().usage.cpuCores - 0.3) < 1e-6);
    }

    void aPollOfOneNamespaceSaysNothingOfAnother()
    {
        UsageHistory history;
        history.record(pods({}, {{u"shop/a"_s, Usage {0.1, 1024}}, {u"ops/b"_s, Usage {0.2, 2048}}}, 1));
        history.record(pods({u"shop"_s}, {{u"shop/a"_s, Usage {0.3, 1024}}}, 2));
        QCOMPARE(history.latest(u"ops/b"_s)->cpuCores, 0.2); // outside the poll's scope: still current
        QCOMPARE(history.latest(u"shop/a"_s)->cpuCores, 0.3);
        // A pod its namespace's poll no longer lists is gone: no figure, rather than its last one.
        history.record(pods({u"shop"_s, u"ops"_s}, {{u"shop/a"_s, Usage {0.3, 1024}}}, 3));
        QVERIFY(!history.latest(u"ops/b"_s).has_value());
        QCOMPARE(history.series(u"ops/b"_s).size(), 1);
    }

    void whatNoPollReportedForAnHourIsForgotten()
    {
        UsageHistory history;
        history.record(pods({}, {{u"shop/gone"_s, Usage {0.1, 1024}}}, 0));
        for (int poll = 1; poll <= UsageHistory::Capacity; ++poll)
            history.record(pods({}, {{u"shop/a"_s, Usage {0.1, 1024}}}, poll));
        QCOMPARE(history.objectCount(), 1);
        QVERIFY(history.series(u"shop/gone"_s).isEmpty());
    }

    void tenThousandPodsForAnHourStayWithinTheBound()
    {
        UsageHistory history;
        QHash<QString, Usage> objects;
        for (int i = 0; i < 10000; ++i)
            objects.insert(u"bench-%1/pod-%2"_s.arg(i % 20).arg(i), Usage {0.01, 64.0 * 1024 * 1024});
        for (int poll = 0; poll < UsageHistory::Capacity; ++poll)
            history.record(pods({}, objects, poll));
        QCOMPARE(history.objectCount(), 10000);
        // Issue 15's bound is 30 MB for an hour of 10,000 pods, history and all.
        QVERIFY2(history.bytesUsed() < 25 * 1024 * 1024, qPrintable(QString::number(history.bytesUsed())));
    }

    void requestsAndLimitsOfAPodAWorkloadAndANode()
    {
        const ResourceLines pod = ResourceLines::of(json(R"({"kind":"Pod","spec":{"containers":[
            {"name":"a","resources":{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"memory":"128Mi"}}},
            {"name":"b","resources":{"limits":{"cpu":"200m"}}}]}})"),
                                                    1);
        QCOMPARE(pod.cpuRequest.value(), 0.1 + 0.2); // b's request defaults to its limit
        // a has no CPU limit and b no memory limit: the pod is bounded in neither (the kubelet would not bound it).
        QVERIFY(!pod.cpuLimit);
        QVERIFY(!pod.memoryLimit);
        QCOMPARE(pod.memoryRequest.value(), 64.0 * 1024 * 1024);
        const ResourceLines bounded = ResourceLines::of(json(R"({"kind":"Pod","spec":{"containers":[
            {"name":"a","resources":{"limits":{"cpu":"100m","memory":"128Mi"}}},
            {"name":"b","resources":{"limits":{"cpu":"200m","memory":"64Mi"}}}]}})"),
                                                        1);
        QCOMPARE(bounded.cpuLimit.value(), 0.1 + 0.2);
        QCOMPARE(bounded.memoryLimit.value(), 192.0 * 1024 * 1024);

        const ResourceLines none = ResourceLines::of(json(R"({"kind":"Pod","spec":{"containers":[{"name":"a"}]}})"), 1);
        QVERIFY(!none.cpuRequest && !none.cpuLimit && !none.memoryRequest && !none.memoryLimit);

        const ResourceLines deployment = ResourceLines::of(json(R"({"kind":"Deployment","spec":{"template":{"spec":
            {"containers":[{"name":"a","resources":{"requests":{"cpu":"250m"}}}]}}}})"),
                                                           3);
        QCOMPARE(deployment.cpuRequest.value(), 0.75);

        const ResourceLines node = ResourceLines::of(json(R"({"kind":"Node","status":{
            "capacity":{"cpu":"4","memory":"8Gi"},"allocatable":{"cpu":"3800m","memory":"7Gi"}}})"),
                                                     1);
        QCOMPARE(node.cpuAllocatable.value(), 3.8);
        QCOMPARE(node.memoryCapacity.value(), 8.0 * 1024 * 1024 * 1024);
    }

    void theTopPodsAreTheCurrentLargest()
    {
        UsageHistory history;
        QHash<QString, Usage> objects;
        for (int i = 0; i < 50; ++i)
            objects.insert(u"ns/pod-%1"_s.arg(i, 2, 10, QLatin1Char('0')), Usage {0.001 * i, 1024.0 * (50 - i)});
        objects.insert(u"ns/tie"_s, Usage {0.049, 1});
        history.record(pods({}, objects, 1));
        const QList<UsageRanking::Entry> cpu = UsageRanking::top(history, 3, UsageRanking::Measure::Cpu);
        QCOMPARE(cpu.size(), 3);
        QCOMPARE(cpu.at(0).key, u"ns/pod-49"_s);
        QCOMPARE(cpu.at(1).key, u"ns/tie"_s); // equal CPU: by key, so the order does not flicker between polls
        QCOMPARE(cpu.at(2).key, u"ns/pod-48"_s);
        const QList<UsageRanking::Entry> memory = UsageRanking::top(history, 2, UsageRanking::Measure::Memory);
        QCOMPARE(memory.at(0).key, u"ns/pod-00"_s);
        // A pod the newest poll no longer lists is not among the top any more.
        objects.remove(u"ns/pod-49"_s);
        history.record(pods({}, objects, 2));
        QCOMPARE(UsageRanking::top(history, 1, UsageRanking::Measure::Cpu).first().key, u"ns/tie"_s);
        QCOMPARE(UsageRanking::top(history, 100, UsageRanking::Measure::Cpu).size(), 50);
    }

    void theTableGainsSortableUsageColumns()
    {
        ResourceTableModel model;
        ChangeBatch batch;
        batch.reset = true;
        batch.columns = {TableColumn {u"Name"_s, u"string"_s, u"name"_s, {}, 0},
                         TableColumn {u"Status"_s, u"string"_s, {}, {}, 0}};
        for (const char *name : {"quiet", "busy", "unmeasured"}) {
            auto record = std::make_shared<ObjectRecord>();
            record->name = QString::fromLatin1(name);
            record->namespaceName = u"shop"_s;
            record->cells = QJsonArray {record->name, u"Running"_s};
            batch.added << record;
        }
        model.applyBatch(batch);
        QCOMPARE(model.columnCount(), 2);

        UsageHistory history;
        history.record(pods(
            {},
            {{u"shop/quiet"_s, Usage {0.002, 10.0 * 1024 * 1024}}, {u"shop/busy"_s, Usage {0.5, 300.0 * 1024 * 1024}}},
            1));
        model.setUsage(&history);
        QCOMPARE(model.columnCount(), 4);
        QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), u"CPU"_s);
        QCOMPARE(model.headerData(3, Qt::Horizontal).toString(), u"Memory"_s);
        const int busy = model.rowOfKey(u"shop/busy"_s);
        const int quiet = model.rowOfKey(u"shop/quiet"_s);
        const int unmeasured = model.rowOfKey(u"shop/unmeasured"_s);
        QCOMPARE(model.index(busy, 2).data().toString(), u"500m"_s);
        QCOMPARE(model.index(busy, 3).data().toString(), u"300Mi"_s);
        QCOMPARE(model.index(unmeasured, 2).data().toString(), QString());
        QVERIFY(model.compareRows(quiet, busy, 2) < 0);
        QVERIFY(model.compareRows(unmeasured, quiet, 3) < 0); // no figure sorts below any figure

        // A new poll changes the cells (dataChanged), and the columns go when the API does.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        history.record(pods({}, {{u"shop/quiet"_s, Usage {0.9, 10.0 * 1024 * 1024}}}, 2));
        model.usageUpdated();
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.index(quiet, 2).data().toString(), u"900m"_s);
        QCOMPARE(model.index(busy, 2).data().toString(), QString()); // the poll no longer lists it
        model.setUsage(nullptr);
        QCOMPARE(model.columnCount(), 2);
    }

    void aCacheKeepsOnlyTheProjectedFields()
    {
        const QJsonObject pod = json(R"({"metadata":{"name":"web","labels":{"app":"web"}},
            "spec":{"nodeName":"node-0","containers":[
              {"name":"a","image":"nginx","env":[{"name":"TOKEN","value":"x"}],
               "resources":{"requests":{"cpu":"100m"},"limits":{"memory":"1Gi"}}},
              {"name":"b","image":"sidecar"}]},
            "status":{"phase":"Running"}})");
        const ObjectProjection projection(ResourceLinesIndex::keptFields(UsageSnapshot::Kind::Pods));
        const QJsonObject kept = projection.apply(pod);
        // Every container keeps its place (and only its resources): the second has none, so it is empty.
        QCOMPARE(
            QJsonDocument(kept).toJson(QJsonDocument::Compact),
            QByteArray(
                R"({"spec":{"containers":[{"resources":{"limits":{"memory":"1Gi"},"requests":{"cpu":"100m"}}},{}]}})"));
        QCOMPARE(ObjectProjection({u"status"_s, u"metadata.labels"_s}).apply(pod),
                 json(R"({"metadata":{"labels":{"app":"web"}},"status":{"phase":"Running"}})"));
        QCOMPARE(ObjectProjection({u"spec.nodeName.deeper"_s, u"missing.path"_s}).apply(pod), QJsonObject());
        QCOMPARE(ObjectProjection().apply(pod), pod);
    }

    void theTableShowsUseAsAShareOfRequestsAndLimits()
    {
        ResourceTableModel model;
        ChangeBatch rows;
        rows.reset = true;
        rows.columns = {TableColumn {u"Name"_s, u"string"_s, u"name"_s, {}, 0}};
        for (const char *name : {"capped", "unbounded", "unlisted"}) {
            auto record = std::make_shared<ObjectRecord>();
            record->name = QString::fromLatin1(name);
            record->namespaceName = u"shop"_s;
            record->cells = QJsonArray {record->name};
            rows.added << record;
        }
        model.applyBatch(rows);
        UsageHistory history;
        history.record(pods({},
                            {{u"shop/capped"_s, Usage {0.1, 256.0 * 1024 * 1024}},
                             {u"shop/unbounded"_s, Usage {0.3, 64.0 * 1024 * 1024}},
                             {u"shop/unlisted"_s, Usage {0.1, 1024.0 * 1024}}},
                            1));
        model.setUsage(&history);
        QCOMPARE(model.columnCount(), 3); // name, CPU, memory: nothing to divide by yet

        ResourceLinesIndex lines(UsageSnapshot::Kind::Pods);
        const auto pod = [](const char *name, const char *spec) {
            auto record = std::make_shared<ObjectRecord>();
            record->name = QString::fromLatin1(name);
            record->namespaceName = u"shop"_s;
            record->object = ObjectProjection(ResourceLinesIndex::keptFields(UsageSnapshot::Kind::Pods))
                                 .apply(QJsonDocument::fromJson(spec).object());
            return record;
        };
        ChangeBatch specs;
        specs.reset = true;
        // capped: two containers; the second's limit is its request too (as the API server defaults it).
        specs.added << pod("capped", R"({"spec":{"containers":[
                              {"name":"a","resources":{"requests":{"cpu":"50m","memory":"128Mi"},
                                                       "limits":{"cpu":"150m","memory":"256Mi"}}},
                              {"name":"b","resources":{"limits":{"cpu":"50m","memory":"256Mi"}}}]}})")
                    << pod("unbounded", R"({"spec":{"containers":[{"name":"a","image":"x"}]}})");
        lines.applyBatch(specs);
        QCOMPARE(lines.size(), 2);
        model.setResourceLines(&lines);
        QCOMPARE(model.columnCount(), 7);
        const QStringList headers = [&] {
            QStringList names;
            for (int c = 0; c < model.columnCount(); ++c)
                names << model.headerData(c, Qt::Horizontal).toString();
            return names;
        }();
        QCOMPARE(headers,
                 (QStringList {u"Name"_s, u"CPU"_s, u"Memory"_s, u"%CPU/R"_s, u"%CPU/L"_s, u"%MEM/R"_s, u"%MEM/L"_s}));
        const int capped = model.rowOfKey(u"shop/capped"_s);
        const int unbounded = model.rowOfKey(u"shop/unbounded"_s);
        const auto text = [&](int row, int column) { return model.index(row, column).data().toString(); };
        QCOMPARE(text(capped, 3), u"100%"_s); // 100m of 50m + 50m requested
        QCOMPARE(text(capped, 4), u"50%"_s); // of 200m
        QCOMPARE(text(capped, 5), u"67%"_s); // 256Mi of 384Mi
        QCOMPARE(text(capped, 6), u"50%"_s); // of 512Mi
        QCOMPARE(text(unbounded, 1), u"300m"_s);
        for (int column = 3; column < 7; ++column) {
            QCOMPARE(text(unbounded, column), QString()); // no request, no limit: no share, not 0% or ∞
            QCOMPARE(text(model.rowOfKey(u"shop/unlisted"_s), column), QString());
        }
        QVERIFY(model.compareRows(unbounded, capped, 6) < 0); // nothing to divide by sorts lowest
        QVERIFY(!model.headerData(6, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());

        // A changed limit reads anew once the model hears of it: that row's cells, not the table's.
        connect(&lines, &ResourceLinesIndex::changed, &model, &ResourceTableModel::resourceLinesUpdated);
        QSignalSpy linesChanged(&lines, &ResourceLinesIndex::changed);
        QSignalSpy cellsChanged(&model, &QAbstractItemModel::dataChanged);
        ChangeBatch raised;
        raised.updated << pod("capped", R"({"spec":{"containers":[
                                {"name":"a","resources":{"limits":{"memory":"1Gi"}}}]}})");
        lines.applyBatch(raised);
        QCOMPARE(linesChanged.size(), 1);
        QCOMPARE(linesChanged.at(0).at(0).toStringList(), QStringList {u"shop/capped"_s});
        QCOMPARE(cellsChanged.size(), 1);
        QCOMPARE(cellsChanged.at(0).at(0).value<QModelIndex>().row(), capped);
        QCOMPARE(cellsChanged.at(0).at(1).value<QModelIndex>().row(), capped);
        QCOMPARE(text(capped, 6), u"25%"_s);
        // An update that leaves the resources as they were (a status change, the usual case) says nothing.
        lines.applyBatch(raised);
        QCOMPARE(linesChanged.size(), 1);
        QCOMPARE(cellsChanged.size(), 1);
        QCOMPARE(text(capped, 3), QString()); // neither container asks for CPU any more

        // The percentages go with the index; all usage columns go with the API.
        model.setResourceLines(nullptr);
        QCOMPARE(model.columnCount(), 3);
        model.setResourceLines(&lines);
        model.setUsage(nullptr);
        QCOMPARE(model.columnCount(), 1);
        model.setUsage(&history);
        QCOMPARE(model.columnCount(), 7);
        model.setResourceLines(nullptr);
    }

    void aNodeIsMeasuredAgainstItsAllocatable()
    {
        ResourceLinesIndex lines(UsageSnapshot::Kind::Nodes);
        auto node = std::make_shared<ObjectRecord>();
        node->name = u"node-0"_s;
        node->object = ObjectProjection(ResourceLinesIndex::keptFields(UsageSnapshot::Kind::Nodes))
                           .apply(json(R"({"metadata":{"name":"node-0"},"spec":{"podCIDR":"10.0.0.0/24"},
                               "status":{"allocatable":{"cpu":"4","memory":"8Gi"},"capacity":{"cpu":"8","memory":"16Gi"},
                                         "conditions":[{"type":"Ready","status":"True"}]}})"));
        QVERIFY(!node->object.contains(u"spec"_s));
        QVERIFY(!node->object.value(u"status"_s).toObject().contains(u"conditions"_s));
        ChangeBatch batch;
        batch.reset = true;
        batch.added << node;
        QSignalSpy changed(&lines, &ResourceLinesIndex::changed);
        lines.applyBatch(batch);
        QCOMPARE(changed.size(), 1);
        const UsageFigures figures {Usage {1.0, 2.0 * 1024 * 1024 * 1024}, lines.find(u"node-0"_s)};
        QCOMPARE(UsageCells::value(UsageColumn::CpuOfAllocatable, figures), 25.0);
        QCOMPARE(UsageCells::value(UsageColumn::MemoryOfAllocatable, figures), 25.0);
        QCOMPARE(UsageCells::of(UsageSnapshot::Kind::Nodes, true).size(), 4);
        ChangeBatch gone;
        gone.removed << u"node-0"_s;
        lines.applyBatch(gone);
        QVERIFY(!lines.find(u"node-0"_s));
    }
};

QTEST_GUILESS_MAIN(TestUsageHistory)
#include "tst_usagehistory.moc"
