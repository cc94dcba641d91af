// Which shell a workload's containers answered to, remembered per context, namespace, workload and container.

#include "models/terminal/shellmemory.h"

#include <QJsonDocument>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

QJsonObject pod(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class ShellMemoryTest : public QObject
{
    Q_OBJECT

private slots:
    void aPodIsRememberedUnderItsWorkload_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("workload");
        QTest::newRow("deployment") << QByteArray(
            R"({"metadata":{"name":"api-7d9f8-x2k","labels":{"pod-template-hash":"7d9f8"},
            "ownerReferences":[{"kind":"ReplicaSet","name":"api-7d9f8","controller":true}]}})")
                                    << u"Deployment/api"_s;
        QTest::newRow("replicaset of its own") << QByteArray(R"({"metadata":{"name":"rs-abc",
            "ownerReferences":[{"kind":"ReplicaSet","name":"rs","controller":true}]}})")
                                               << u"ReplicaSet/rs"_s;
        QTest::newRow("statefulset") << QByteArray(R"({"metadata":{"name":"db-0","labels":{"app":"db"},
            "ownerReferences":[{"kind":"StatefulSet","name":"db","controller":true}]}})")
                                     << u"StatefulSet/db"_s;
        QTest::newRow("owner that is not the controller") << QByteArray(R"({"metadata":{"name":"lone",
            "ownerReferences":[{"kind":"ConfigMap","name":"c"}]}})")
                                                          << u"Pod/lone"_s;
        QTest::newRow("bare pod") << QByteArray(R"({"metadata":{"name":"debug"}})") << u"Pod/debug"_s;
    }
    void aPodIsRememberedUnderItsWorkload()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, workload);
        QCOMPARE(ShellMemory::workloadOf(pod(json)), workload);
    }

    void rememberedPerWorkloadAndContainerAndLastsAcrossInstances()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(u"settings.ini"_s);
        const ShellMemory::Key api {u"arn:aws:eks:eu/prod"_s, u"shop"_s, u"Deployment/api"_s, u"app"_s};
        ShellMemory::Key sidecar = api;
        sidecar.container = u"proxy"_s;
        ShellMemory::Key otherContext = api;
        otherContext.context = u"arn:aws:eks:eu"_s; // a prefix of the first: must not share its entries
        {
            QSettings settings(file, QSettings::IniFormat);
            ShellMemory memory(&settings);
            QCOMPARE(memory.remembered(api), QStringList());
            memory.remember(api, {u"zsh"_s, u"-l"_s});
            memory.remember(sidecar, {u"sh"_s});
        }
        QSettings settings(file, QSettings::IniFormat);
        ShellMemory memory(&settings);
        QCOMPARE(memory.remembered(api), QStringList({u"zsh"_s, u"-l"_s}));
        QCOMPARE(memory.remembered(sidecar), QStringList({u"sh"_s}));
        QCOMPARE(memory.remembered(otherContext), QStringList());
        memory.remember(api, {});
        QCOMPARE(memory.remembered(api), QStringList());
    }

    void theRememberedCommandGoesFirstAndNothingTwice()
    {
        const QList<QStringList> defaults {{u"bash"_s}, {u"sh"_s}};
        QCOMPARE(ShellMemory::commandsToTry({}, defaults), defaults);
        QCOMPARE(ShellMemory::commandsToTry({u"sh"_s}, defaults), QList<QStringList>({{u"sh"_s}, {u"bash"_s}}));
        QCOMPARE(ShellMemory::commandsToTry({u"zsh"_s}, defaults),
                 QList<QStringList>({{u"zsh"_s}, {u"bash"_s}, {u"sh"_s}}));
    }
};

QTEST_GUILESS_MAIN(ShellMemoryTest)
#include "tst_shellmemory.moc"
