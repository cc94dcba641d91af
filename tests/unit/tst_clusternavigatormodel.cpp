// The sidebar model: contexts with their state, and discovery's kinds grouped like kubectl's categories.

#include "models/clusters/clusternavigatormodel.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {
ApiResource resource(const QString &group, const QString &plural, const QString &kind)
{
    ApiResource r;
    r.group = group;
    r.version = u"v1"_s;
    r.resource = plural;
    r.kind = kind;
    r.namespaced = true;
    r.verbs = {u"get"_s, u"list"_s, u"watch"_s};
    return r;
}
} // namespace

class ClusterNavigatorModelTest : public QObject
{
    Q_OBJECT

private slots:
    void contextsStatesAndGroupedKinds()
    {
        ClusterNavigatorModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Kubeconfig config;
        config.contexts = {{u"prod"_s, u"c"_s, u"u"_s, {}, {}}, {u"dev"_s, u"c"_s, u"u"_s, {}, {}}};
        config.currentContext = u"dev"_s;
        model.setContexts(config);
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(model.index(1, 0).data(Qt::FontRole).value<QFont>().bold());

        model.setState(u"prod"_s, ClusterNavigatorModel::State::Failed, u"connection refused"_s);
        QCOMPARE(model.contextIndex(u"prod"_s).data(Qt::ToolTipRole).toString(), u"connection refused"_s);
        QVERIFY(model.contextIndex(u"prod"_s).data(Qt::AccessibleTextRole).toString().contains(u"unreachable"_s));

        ApiResource notWatchable
            = resource(u"authorization.k8s.io"_s, u"selfsubjectaccessreviews"_s, u"SelfSubjectAccessReview"_s);
        notWatchable.verbs = {u"create"_s};
        model.setResources(u"dev"_s,
                           {resource({}, u"services"_s, u"Service"_s), resource({}, u"pods"_s, u"Pod"_s),
                            resource(u"apps"_s, u"deployments"_s, u"Deployment"_s),
                            resource(u"demo.binnacle.dev"_s, u"widgets"_s, u"Widget"_s),
                            resource(u"rbac.authorization.k8s.io"_s, u"roles"_s, u"Role"_s), notWatchable});
        const QModelIndex dev = model.contextIndex(u"dev"_s);
        QStringList groups;
        for (int row = 0; row < model.rowCount(dev); ++row)
            groups << model.index(row, 0, dev).data().toString();
        QCOMPARE(groups,
                 QStringList({u"Overview"_s, u"Workloads"_s, u"Network"_s, u"Access"_s, u"Custom Resources"_s}));
        const QModelIndex workloads = model.index(1, 0, dev);
        QCOMPARE(model.index(0, 0, workloads).data().toString(), u"Pod"_s); // pods before deployments, as people look
        QCOMPARE(model.index(1, 0, workloads).data().toString(), u"Deployment"_s);
        QVERIFY(model.kindIndex(u"dev"_s, u"widgets.demo.binnacle.dev"_s).isValid());
        QVERIFY(!model.kindIndex(u"dev"_s, u"selfsubjectaccessreviews.authorization.k8s.io"_s).isValid());
        QCOMPARE(model.overviewIndex(u"dev"_s).data().toString(), u"Overview"_s);

        // A CRD appears after a refresh; the old children are replaced, not duplicated.
        model.setResources(u"dev"_s, {resource({}, u"pods"_s, u"Pod"_s)});
        QCOMPARE(model.rowCount(dev), 2);
        model.setContexts({});
        QCOMPARE(model.rowCount(), 0);
    }

    // The current context is said in words too; a rediscovery that found the same kinds leaves the rows alone (a
    // rebuild collapsed the groups the person had opened).
    void currentContextInWordsAndSameKindsKeepTheRows()
    {
        ClusterNavigatorModel model;
        Kubeconfig config;
        config.contexts = {{u"prod"_s, u"c"_s, u"u"_s, {}, {}}, {u"dev"_s, u"c"_s, u"u"_s, {}, {}}};
        config.currentContext = u"dev"_s;
        model.setContexts(config);
        QVERIFY(model.contextIndex(u"dev"_s).data(Qt::AccessibleTextRole).toString().contains(u"current context"_s));
        QVERIFY(!model.contextIndex(u"prod"_s).data(Qt::AccessibleTextRole).toString().contains(u"current"_s));
        model.setState(u"dev"_s, ClusterNavigatorModel::State::Connected, u"ok"_s);
        QCOMPARE(model.contextIndex(u"dev"_s).data(Qt::AccessibleTextRole).toString(),
                 u"dev, current context, connected"_s);

        const QList<ApiResource> kinds {resource({}, u"pods"_s, u"Pod"_s),
                                        resource(u"apps"_s, u"deployments"_s, u"Deployment"_s)};
        model.setResources(u"dev"_s, kinds);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.setResources(u"dev"_s, kinds);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(inserted.count(), 0);
        model.setResources(u"dev"_s, kinds + QList<ApiResource> {resource({}, u"services"_s, u"Service"_s)});
        QVERIFY(inserted.count() > 0); // a new kind still rebuilds
        QVERIFY(model.kindIndex(u"dev"_s, u"services"_s).isValid());
    }
};

QTEST_MAIN(ClusterNavigatorModelTest)
#include "tst_clusternavigatormodel.moc"
