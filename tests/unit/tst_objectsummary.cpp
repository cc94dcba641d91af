// The details pane's summary, built in models/ from an object, its events and related objects.

#include "models/details/objectsummary.h"

#include <QJsonArray>
#include <QTest>
#include <QTextDocument>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

QString plain(const QString &html)
{
    QTextDocument document;
    document.setHtml(html);
    return document.toPlainText();
}

QJsonObject crashingPod()
{
    const QJsonObject waiting {{u"reason"_s, u"CrashLoopBackOff"_s}, {u"message"_s, u"back-off 5m0s"_s}};
    return {
        {u"kind"_s, u"Pod"_s},
        {u"metadata"_s,
         QJsonObject {{u"name"_s, u"api-1"_s},
                      {u"labels"_s, QJsonObject {{u"app"_s, u"api"_s}}},
                      {u"annotations"_s,
                       QJsonObject {{u"kubectl.kubernetes.io/last-applied-configuration"_s, u"{\"big\":1}"_s},
                                    {u"owner"_s, u"team-a"_s}}},
                      {u"ownerReferences"_s,
                       QJsonArray {QJsonObject {{u"kind"_s, u"ReplicaSet"_s}, {u"name"_s, u"api-7d"_s}}}}}},
        {u"spec"_s,
         QJsonObject {{u"nodeName"_s, u"node-1"_s},
                      {u"containers"_s, QJsonArray {QJsonObject {{u"name"_s, u"api"_s}, {u"image"_s, u"api:1.2"_s}}}}}},
        {u"status"_s,
         QJsonObject {
             {u"phase"_s, u"Running"_s},
             {u"podIP"_s, u"10.244.0.7"_s},
             {u"containerStatuses"_s,
              QJsonArray {QJsonObject {
                  {u"name"_s, u"api"_s}, {u"restartCount"_s, 5}, {u"state"_s, QJsonObject {{u"waiting"_s, waiting}}}}}},
             {u"conditions"_s, QJsonArray {QJsonObject {{u"type"_s, u"Ready"_s}, {u"status"_s, u"False"_s}}}}}}};
}

} // namespace

class ObjectSummaryTest : public QObject
{
    Q_OBJECT

private slots:
    void aPodsSummary()
    {
        ObjectSummary::Input input;
        input.object = crashingPod();
        input.namespaceName = u"payments"_s;
        input.relatedTitle = u"Services selecting this pod"_s;
        input.related = {u"api  "_s};
        EventListModel::Event event;
        event.reason = u"BackOff"_s;
        event.message = u"Back-off restarting failed container"_s;
        event.type = u"Warning"_s;
        event.count = 23;
        input.events = {event};
        const QString text = plain(ObjectSummary::html(input));
        for (const QString &expected :
             {u"payments"_s, u"CrashLoopBackOff"_s, u"10.244.0.7"_s, u"node-1"_s, u"app=api"_s, u"owner=team-a"_s,
              u"ReplicaSet/api-7d"_s, u"api:1.2"_s, u"back-off 5m0s"_s, u"Ready"_s, u"Services selecting this pod"_s,
              u"BackOff"_s, u"×23"_s})
            QVERIFY2(text.contains(expected), qPrintable(expected + u" missing from:\n"_s + text));
        // The applied manifest is noise here (the YAML tab has it); and a pod has no Data section.
        QVERIFY(!text.contains(u"last-applied"_s));
        QVERIFY(!text.contains(u"Data"_s));
        QVERIFY(!text.contains(u"Deleted."_s));
        QCOMPARE(ObjectSummary::statusWord(crashingPod()), u"CrashLoopBackOff"_s);
    }

    void aDeletedObjectSaysSo()
    {
        ObjectSummary::Input input;
        input.object = crashingPod();
        input.deleted = true;
        const QString text = plain(ObjectSummary::html(input));
        QVERIFY(text.startsWith(u"Deleted."_s));
        QVERIFY(text.contains(u"No events"_s));
    }

    void statusWords_data()
    {
        QTest::addColumn<QJsonObject>("status");
        QTest::addColumn<QString>("word");
        QTest::newRow("phase") << QJsonObject {{u"phase"_s, u"Pending"_s}} << u"Pending"_s;
        QTest::newRow("replicas") << QJsonObject {{u"replicas"_s, 3}, {u"readyReplicas"_s, 2}} << u"2/3 ready"_s;
        QTest::newRow("nothing") << QJsonObject {} << QString();
    }
    void statusWords()
    {
        QFETCH(QJsonObject, status);
        QFETCH(QString, word);
        QCOMPARE(ObjectSummary::statusWord({{u"status"_s, status}}), word);
    }
};

QTEST_MAIN(ObjectSummaryTest)
#include "tst_objectsummary.moc"
