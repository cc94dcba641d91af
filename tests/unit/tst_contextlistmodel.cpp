#include "models/contexts/contextlistmodel.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;

class ContextListModelTest : public QObject
{
    Q_OBJECT

private slots:
    void listsContextsAndMarksTheCurrentOne()
    {
        ContextListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

        Kubeconfig config;
        config.clusters = {{u"c1"_s, u"https://c1:6443"_s}};
        config.contexts = {{u"alpha"_s, u"c1"_s, u"alice"_s, u"shop"_s, u"/k/a"_s},
                           {u"beta"_s, u"missing"_s, u"bob"_s, QString(), u"/k/b"_s}};
        config.currentContext = u"beta"_s;
        model.setKubeconfig(config);

        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, ContextListModel::NameColumn).data().toString(), u"alpha"_s);
        QCOMPARE(model.index(0, ContextListModel::ServerColumn).data().toString(), u"https://c1:6443"_s);
        QCOMPARE(model.index(0, ContextListModel::NamespaceColumn).data().toString(), u"shop"_s);
        QCOMPARE(model.index(1, ContextListModel::NamespaceColumn).data().toString(), u"default"_s);
        QVERIFY(model.index(1, ContextListModel::ServerColumn).data().toString().contains(u"not defined"_s));

        QVERIFY(!model.index(0, 0).data(ContextListModel::IsCurrentRole).toBool());
        QVERIFY(model.index(1, 0).data(ContextListModel::IsCurrentRole).toBool());
        QVERIFY(model.index(0, ContextListModel::CurrentColumn).data().toString().isEmpty());
        QVERIFY(!model.index(1, ContextListModel::CurrentColumn).data().toString().isEmpty());
        QVERIFY(model.index(1, 1).data(Qt::FontRole).value<QFont>().bold());
        QCOMPARE(model.rowOfContext(u"beta"_s), 1);
        QCOMPARE(model.rowOfContext(u"gamma"_s), -1);

        model.setKubeconfig({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(ContextListModelTest)
#include "tst_contextlistmodel.moc"
