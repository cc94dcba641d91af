// A user's change against someone else's, both from the same base: what each side touched, what collides, and the
// user's change re-based onto live as a JSON Patch that really applies to live (checked with JsonPatch::apply).

#include "client/document/jsonpatch.h"
#include "models/edit/threewaymerge.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

QJsonObject json(const char *text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(text), &error);
    if (!document.isObject())
        qFatal("bad JSON in test: %s", text);
    return document.object();
}

// A Deployment as the server has it, with the bookkeeping that moves on every write.
QJsonObject deployment(const char *spec, const char *labels = "{\"app\":\"web\"}", const char *rv = "100",
                       const char *status = "{\"replicas\":1}")
{
    const QByteArray text = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\","
                            "\"namespace\":\"shop\",\"resourceVersion\":\""
        + QByteArray(rv) + "\",\"generation\":3,\"labels\":" + labels + "},\"spec\":" + spec + ",\"status\":" + status
        + "}";
    return QJsonDocument::fromJson(text).object();
}

QByteArray compact(const QJsonValue &value)
{
    return QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
}

} // namespace

class ThreeWayMergeTest : public QObject
{
    Q_OBJECT

private slots:
    void merge_data()
    {
        QTest::addColumn<QJsonObject>("base");
        QTest::addColumn<QJsonObject>("mine");
        QTest::addColumn<QJsonObject>("live");
        QTest::addColumn<QStringList>("collisions");
        QTest::addColumn<QJsonObject>("rebased"); // when nothing collides

        const char *containers
            = R"({"replicas":1,"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]})";

        QTest::newRow("different fields")
            << deployment(containers)
            << deployment(R"({"replicas":1,"containers":[{"name":"a","image":"a:2"},{"name":"b","image":"b:1"}]})")
            << deployment(R"({"replicas":3,"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]})",
                          "{\"app\":\"web\"}", "107")
            << QStringList()
            << deployment(R"({"replicas":3,"containers":[{"name":"a","image":"a:2"},{"name":"b","image":"b:1"}]})",
                          "{\"app\":\"web\"}", "107");

        QTest::newRow("same field, different values")
            << deployment(containers)
            << deployment(R"({"replicas":2,"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]})")
            << deployment(R"({"replicas":3,"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]})",
                          "{\"app\":\"web\"}", "107")
            << QStringList {u"/spec/replicas"_s} << QJsonObject();

        QTest::newRow("same field, same value")
            << deployment(containers)
            << deployment(R"({"replicas":5,"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]})")
            << deployment(R"({"replicas":5,"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]})",
                          "{\"app\":\"web\"}", "107")
            << QStringList()
            << deployment(R"({"replicas":5,"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]})",
                          "{\"app\":\"web\"}", "107");

        // resourceVersion, generation, managedFields and status move by themselves: not a change of theirs.
        QJsonObject busy = deployment(containers, "{\"app\":\"web\"}", "130", "{\"replicas\":1,\"ready\":1}");
        QJsonObject busyMetadata = busy.value(u"metadata"_s).toObject();
        busyMetadata.insert(u"generation"_s, 4);
        busyMetadata.insert(u"managedFields"_s, QJsonArray {QJsonObject {{u"manager"_s, u"kubectl"_s}}});
        busy.insert(u"metadata"_s, busyMetadata);
        QJsonObject mineStatus
            = deployment(R"({"replicas":1,"containers":[{"name":"a","image":"a:9"},{"name":"b","image":"b:1"}]})");
        QJsonObject busyRebased = busy;
        busyRebased.insert(u"spec"_s, mineStatus.value(u"spec"_s));
        QTest::newRow("bookkeeping only")
            << deployment(containers) << mineStatus << busy << QStringList() << busyRebased;

        QTest::newRow("different elements of one list")
            << deployment(containers)
            << deployment(R"({"replicas":1,"containers":[{"name":"a","image":"a:2"},{"name":"b","image":"b:1"}]})")
            << deployment(R"({"replicas":1,"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:2"}]})",
                          "{\"app\":\"web\"}", "107")
            << QStringList()
            << deployment(R"({"replicas":1,"containers":[{"name":"a","image":"a:2"},{"name":"b","image":"b:2"}]})",
                          "{\"app\":\"web\"}", "107");

        // An element added on their side shifts what index 0 means: a change inside the list collides.
        QTest::newRow("their list grew")
            << deployment(containers)
            << deployment(R"({"replicas":1,"containers":[{"name":"a","image":"a:2"},{"name":"b","image":"b:1"}]})")
            << deployment(R"({"replicas":1,"containers":[{"name":"z","image":"z:1"},{"name":"a","image":"a:1"},)"
                          R"({"name":"b","image":"b:1"}]})",
                          "{\"app\":\"web\"}", "107")
            << QStringList {u"/spec/containers/0/image"_s} << QJsonObject();

        QTest::newRow("my list shrank")
            << deployment(containers) << deployment(R"({"replicas":1,"containers":[{"name":"a","image":"a:1"}]})")
            << deployment(R"({"replicas":1,"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:2"}]})",
                          "{\"app\":\"web\"}", "107")
            << QStringList {u"/spec/containers"_s} << QJsonObject();

        QTest::newRow("my list grew, theirs elsewhere")
            << deployment(containers)
            << deployment(R"({"replicas":1,"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"},)"
                          R"({"name":"c","image":"c:1"}]})")
            << deployment(R"({"replicas":4,"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]})",
                          "{\"app\":\"web\"}", "107")
            << QStringList()
            << deployment(R"({"replicas":4,"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"},)"
                          R"({"name":"c","image":"c:1"}]})",
                          "{\"app\":\"web\"}", "107");

        // Both add an annotations map where there was none, with different keys: both keys survive.
        QJsonObject noAnnotations = deployment(containers);
        QJsonObject mineAnnotated = noAnnotations;
        QJsonObject liveAnnotated = deployment(containers, "{\"app\":\"web\"}", "107");
        QJsonObject bothAnnotated = liveAnnotated;
        const auto annotate = [](QJsonObject &object, const QJsonObject &annotations) {
            QJsonObject metadata = object.value(u"metadata"_s).toObject();
            metadata.insert(u"annotations"_s, annotations);
            object.insert(u"metadata"_s, metadata);
        };
        annotate(mineAnnotated, {{u"mine"_s, u"1"_s}});
        annotate(liveAnnotated, {{u"theirs"_s, u"2"_s}});
        annotate(bothAnnotated, {{u"mine"_s, u"1"_s}, {u"theirs"_s, u"2"_s}});
        QTest::newRow("both added a map")
            << noAnnotations << mineAnnotated << liveAnnotated << QStringList() << bothAnnotated;

        QTest::newRow("they removed what I changed") << deployment(containers, "{\"app\":\"web\",\"tier\":\"front\"}")
                                                     << deployment(containers, "{\"app\":\"web\",\"tier\":\"back\"}")
                                                     << deployment(containers, "{\"app\":\"web\"}", "107")
                                                     << QStringList {u"/metadata/labels/tier"_s} << QJsonObject();

        QTest::newRow("I removed, they changed a sibling")
            << deployment(containers, "{\"app\":\"web\",\"tier\":\"front\"}")
            << deployment(containers, "{\"app\":\"web\"}")
            << deployment(containers, "{\"app\":\"shop\",\"tier\":\"front\"}", "107") << QStringList()
            << deployment(containers, "{\"app\":\"shop\"}", "107");

        QTest::newRow("they replaced the parent")
            << deployment(containers, "{\"app\":\"web\",\"tier\":\"front\"}")
            << deployment(containers, "{\"app\":\"web\",\"tier\":\"back\"}") << deployment(containers, "{}", "107")
            << QStringList {u"/metadata/labels/tier"_s} << QJsonObject();

        QTest::newRow("keys with / and ~")
            << json(R"({"metadata":{"resourceVersion":"1","annotations":{"a/b":"1","c~d":"1"}}})")
            << json(R"({"metadata":{"resourceVersion":"1","annotations":{"a/b":"2","c~d":"1"}}})")
            << json(R"({"metadata":{"resourceVersion":"2","annotations":{"a/b":"1","c~d":"3"}}})") << QStringList()
            << json(R"({"metadata":{"resourceVersion":"2","annotations":{"a/b":"2","c~d":"3"}}})");
    }

    void merge()
    {
        QFETCH(QJsonObject, base);
        QFETCH(QJsonObject, mine);
        QFETCH(QJsonObject, live);
        QFETCH(QStringList, collisions);
        QFETCH(QJsonObject, rebased);

        const ThreeWayMerge::Outcome outcome = ThreeWayMerge::merge(base, mine, live);
        QCOMPARE(outcome.collisions, collisions);
        QCOMPARE(outcome.canRebase(), collisions.isEmpty());
        for (const QString &path : outcome.theirs)
            QVERIFY2(!path.startsWith(u"/status"_s) && !path.startsWith(u"/metadata/resourceVersion"_s)
                         && !path.startsWith(u"/metadata/managedFields"_s)
                         && !path.startsWith(u"/metadata/generation"_s),
                     qPrintable(path));
        for (const QString &path : collisions)
            QVERIFY(outcome.mine.contains(path));
        if (!outcome.canRebase()) {
            QVERIFY(outcome.rebasedPatch.isEmpty());
            return;
        }
        QCOMPARE(*outcome.rebased, rebased);
        if (rebased == live) {
            QVERIFY(outcome.rebasedPatch.isEmpty());
            return;
        }
        // The patch tests live's resourceVersion first, and really turns live into the rebased object.
        const QJsonObject test = outcome.rebasedPatch.first().toObject();
        QCOMPARE(test.value(u"op"_s).toString(), u"test"_s);
        QCOMPARE(test.value(u"path"_s).toString(), u"/metadata/resourceVersion"_s);
        QCOMPARE(test.value(u"value"_s), live.value(u"metadata"_s).toObject().value(u"resourceVersion"_s));
        const Result<QJsonValue> applied = JsonPatch::apply(live, outcome.rebasedPatch);
        QVERIFY2(applied.ok(), applied.ok() ? "" : qPrintable(applied.error().message()));
        QCOMPARE(applied.value(), QJsonValue(rebased));
        // ...and not to base: the precondition is live's.
        QVERIFY2(!JsonPatch::apply(base, outcome.rebasedPatch).ok(), compact(outcome.rebasedPatch).constData());
    }

    void whatEachSideTouched()
    {
        const QJsonObject base = deployment(R"({"replicas":1,"paused":false})", "{\"app\":\"web\"}");
        const QJsonObject mine = deployment(R"({"replicas":2,"paused":false})", "{\"app\":\"web\",\"x\":\"1\"}");
        const QJsonObject live
            = deployment(R"({"replicas":1,"paused":true})", "{\"app\":\"web\"}", "200", "{\"replicas\":0}");
        const ThreeWayMerge::Outcome outcome = ThreeWayMerge::merge(base, mine, live);
        QCOMPARE(outcome.mine, QStringList({u"/metadata/labels/x"_s, u"/spec/replicas"_s}));
        QCOMPARE(outcome.theirs, QStringList({u"/spec/paused"_s}));
        QVERIFY(outcome.collisions.isEmpty());
    }

    void nothingOfMine()
    {
        const QJsonObject base = deployment(R"({"replicas":1})");
        const QJsonObject live = deployment(R"({"replicas":3})", "{\"app\":\"web\"}", "200");
        const ThreeWayMerge::Outcome outcome = ThreeWayMerge::merge(base, base, live);
        QVERIFY(outcome.mine.isEmpty());
        QVERIFY(outcome.canRebase());
        QCOMPARE(*outcome.rebased, live);
        QVERIFY(outcome.rebasedPatch.isEmpty());
    }
};

QTEST_GUILESS_MAIN(ThreeWayMergeTest)
#include "tst_threewaymerge.moc"
