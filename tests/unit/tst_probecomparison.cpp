// The replica probe's comparison: which pods answered alike once key order, whitespace and the user's volatile
// fields are set aside, which one is the reference, and what the others changed; and its CSV and JSON exports.

#include "models/probe/bodycanonicalizer.h"
#include "models/probe/probecomparison.h"
#include "models/probe/probeexport.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

using Kind = TextDiff::Line::Kind;

ProbeAnswer answer(const QString &pod, const QByteArray &body, int status = 200, const QString &error = {})
{
    ProbeAnswer a;
    a.cluster = u"kind-probe"_s;
    a.namespaceName = u"shop"_s;
    a.pod = pod;
    a.node = u"node-"_s + pod.right(1);
    a.statusCode = status;
    a.latencyMs = 12;
    a.body = body;
    a.size = body.size();
    a.error = error;
    return a;
}

ProbeAnswer failure(const QString &pod, const QString &error)
{
    return answer(pod, {}, 0, error);
}

// The pods of each group, "a b | c", to compare groupings in one line.
QString grouping(const ProbeComparison &comparison)
{
    QStringList groups;
    for (const ProbeComparison::Group &group : comparison.groups()) {
        QStringList pods;
        for (const int i : group.members)
            pods.append(comparison.answers().at(i).pod);
        groups.append(pods.join(u' '));
    }
    return groups.join(u" | "_s);
}

QStringList linesOf(const TextDiff &diff, Kind kind)
{
    QStringList lines;
    for (const TextDiff::Line &line : diff.lines()) {
        if (line.kind == kind)
            lines.append(line.text);
    }
    return lines;
}

} // namespace

class ProbeComparisonTest : public QObject
{
    Q_OBJECT

private slots:
    void keyOrderAndWhitespaceAreIgnored()
    {
        const ProbeComparison c = ProbeComparison::compare({
            answer(u"api-0"_s, R"({"a":1,"b":[1,2],"c":{"x":"y","w":null}})"),
            answer(u"api-1"_s, "{\n  \"c\": { \"w\": null, \"x\": \"y\" },\n  \"b\" : [ 1, 2 ],\n  \"a\": 1\n}\n"),
        });
        QCOMPARE(grouping(c), u"api-0 api-1"_s);
        QCOMPARE(c.referenceGroup(), 0);
        QVERIFY(!c.majorityIsTied());
        QVERIFY(!c.verdicts().at(0).differs);
        QVERIFY(!c.verdicts().at(1).differs);
        QCOMPARE(c.verdicts().at(0).hash, c.verdicts().at(1).hash);
        QVERIFY(c.verdicts().at(1).diff.isEmpty());
        QCOMPARE(c.summary(), u"2 of 2 pods agree; 0 differ; 0 failed"_s);
    }

    void excludedKeyMakesAnswersEqual_data()
    {
        QTest::addColumn<QStringList>("exclusions");
        QTest::addColumn<QString>("expected");
        QTest::newRow("none") << QStringList() << u"api-0 | api-1"_s;
        QTest::newRow("timestamp") << QStringList {u"timestamp"_s} << u"api-0 api-1"_s;
        QTest::newRow("blank entries ignored") << QStringList {u""_s, u"  timestamp "_s} << u"api-0 api-1"_s;
        QTest::newRow("another key") << QStringList {u"version"_s} << u"api-0 | api-1"_s;
    }

    void excludedKeyMakesAnswersEqual()
    {
        QFETCH(QStringList, exclusions);
        QFETCH(QString, expected);
        // The key is excluded at any depth: top level, in a nested object, in objects inside an array.
        const ProbeComparison c = ProbeComparison::compare(
            {
                answer(u"api-0"_s,
                       R"({"timestamp":"10:00:01","data":{"timestamp":1,"v":"a"},"items":[{"timestamp":5,"id":1}]})"),
                answer(u"api-1"_s,
                       R"({"timestamp":"10:00:02","data":{"timestamp":2,"v":"a"},"items":[{"timestamp":6,"id":1}]})"),
            },
            exclusions);
        QCOMPARE(grouping(c), expected);
        QCOMPARE(c.verdicts().at(1).differs, expected.contains(u'|'));
    }

    void pointerExclusion_data()
    {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<bool>("equal");
        QTest::newRow("the differing field") << u"/meta/time"_s << true;
        QTest::newRow("a key of that name elsewhere stays") << u"/time"_s << false;
        QTest::newRow("escaped slash") << u"/meta/a~1b"_s << false;
        QTest::newRow("array element") << u"/items/1/time"_s << false;
        QTest::newRow("missing path") << u"/nothing/here"_s << false;
    }

    void pointerExclusion()
    {
        QFETCH(QString, pointer);
        QFETCH(bool, equal);
        // Both differ in /meta/time only; /time and /items/0/time are equal, so removing them changes nothing.
        const QByteArray a = R"({"time":"t","meta":{"time":1,"a/b":"x"},"items":[{"time":3},{"time":4}]})";
        const QByteArray b = R"({"time":"t","meta":{"time":2,"a/b":"x"},"items":[{"time":3},{"time":4}]})";
        const ProbeComparison c = ProbeComparison::compare({answer(u"api-0"_s, a), answer(u"api-1"_s, b)}, {pointer});
        QCOMPARE(c.groups().size(), equal ? 1 : 2);
    }

    void pointerRemovesOnlyItsPlace()
    {
        const BodyCanonicalizer canonicalizer({u"/meta/a~1b"_s, u"/items/0"_s, u"/x~0y"_s});
        const BodyCanonicalizer::Form form
            = canonicalizer.canonicalize(R"({"x~y":1,"meta":{"a/b":1,"c":2},"items":[10,20],"a/b":3})");
        QVERIFY(form.json);
        QCOMPARE(form.canonical, QByteArray(R"({"a/b":3,"items":[20],"meta":{"c":2}})"));
    }

    void stalePodIsTheOnlyOneThatDiffers()
    {
        // The stale pod answers first and its name sorts first: the majority still decides the reference.
        const ProbeComparison c = ProbeComparison::compare({
            answer(u"api-a"_s, R"({"notice":"old build","stale":true})"),
            answer(u"api-b"_s, R"({"notice":"Welcome","stale":false})"),
            answer(u"api-c"_s, R"({"stale":false, "notice":"Welcome"})"),
        });
        QCOMPARE(grouping(c), u"api-b api-c | api-a"_s);
        QCOMPARE(c.referenceGroup(), 0);
        QVERIFY(!c.majorityIsTied());
        QCOMPARE(c.verdicts().at(0).group, 1);
        QVERIFY(c.verdicts().at(0).differs);
        QVERIFY(!c.verdicts().at(1).differs);
        QVERIFY(!c.verdicts().at(2).differs);
        QCOMPARE(c.agreeing(), 2);
        QCOMPARE(c.differing(), 1);
        QCOMPARE(c.failedCount(), 0);
        QCOMPARE(c.summary(), u"2 of 3 pods agree; 1 differs; 0 failed"_s);

        const TextDiff &diff = c.verdicts().at(0).diff;
        QCOMPARE(linesOf(diff, Kind::Removed),
                 QStringList({uR"(    "notice": "Welcome",)"_s, uR"(    "stale": false)"_s}));
        QCOMPARE(linesOf(diff, Kind::Added),
                 QStringList({uR"(    "notice": "old build",)"_s, uR"(    "stale": true)"_s}));
        // The reference's own members diff to nothing but unchanged lines.
        QVERIFY(c.verdicts().at(1).diff.isEmpty());
        QCOMPARE(c.verdicts().at(1).diff.lines().size(), 4);
    }

    void failuresAreTheirOwnGroupsAndNeverTheReference()
    {
        const ProbeComparison c = ProbeComparison::compare({
            answer(u"api-0"_s, "<html>busy</html>", 503),
            failure(u"api-1"_s, u"timeout"_s),
            answer(u"api-2"_s, "<html>down</html>", 503),
            answer(u"api-3"_s, R"({"ok":true})"),
        });
        // The 503s outnumber the one good answer, which is the reference all the same.
        QCOMPARE(grouping(c), u"api-3 | api-0 api-2 | api-1"_s);
        QCOMPARE(c.referenceGroup(), 0);
        QVERIFY(!c.majorityIsTied());
        QCOMPARE(c.groups().at(1).failure, u"HTTP 503"_s);
        QCOMPARE(c.groups().at(2).failure, u"timeout"_s);
        QVERIFY(c.groups().at(1).failed());
        QVERIFY(c.groups().at(1).hash.isEmpty());
        for (const int i : {0, 1, 2})
            QVERIFY(c.verdicts().at(i).differs);
        QVERIFY(c.verdicts().at(1).hash.isEmpty()); // no HTTP answer, no body
        QVERIFY(!c.verdicts().at(0).hash.isEmpty());
        QCOMPARE(c.failedCount(), 3);
        QCOMPARE(c.differing(), 0);
        QCOMPARE(c.summary(), u"1 of 4 pods agree; 0 differ; 3 failed"_s);
    }

    void allFailedHasNoReference()
    {
        const ProbeComparison c = ProbeComparison::compare({
            failure(u"api-0"_s, u"connection refused"_s),
            failure(u"api-1"_s, u"connection refused"_s),
            answer(u"api-2"_s, {}, 0),
        });
        QCOMPARE(grouping(c), u"api-0 api-1 | api-2"_s);
        QCOMPARE(c.groups().at(1).failure, u"No answer"_s);
        QVERIFY(!c.hasReference());
        QCOMPARE(c.referenceGroup(), -1);
        QVERIFY(!c.majorityIsTied());
        for (const ProbeComparison::Verdict &verdict : c.verdicts()) {
            QVERIFY(verdict.differs);
            QVERIFY(verdict.diff.lines().isEmpty());
        }
        QCOMPARE(c.summary(), u"None of 3 pods answered; 3 failed"_s);
        QCOMPARE(ProbeComparison::compare({}).summary(), u"No answers"_s);
    }

    void tieIsReportedAndBrokenByPodName()
    {
        // Whatever the arrival order, the group of the pod whose name sorts first is the reference.
        for (const bool reversed : {false, true}) {
            QList<ProbeAnswer> answers = {answer(u"api-a"_s, R"({"v":1})"), answer(u"api-b"_s, R"({"v":2})")};
            if (reversed)
                std::reverse(answers.begin(), answers.end());
            const ProbeComparison c = ProbeComparison::compare(answers);
            QCOMPARE(grouping(c), u"api-a | api-b"_s);
            QVERIFY(c.majorityIsTied());
            QCOMPARE(c.referenceGroup(), 0);
            QCOMPARE(c.summary(), u"No majority among 2 pods: 2 groups of 1 each; 0 failed"_s);
        }

        // A failure beside a single good answer is no tie; nor is 2 against 1.
        QVERIFY(!ProbeComparison::compare({answer(u"a"_s, "x"), failure(u"b"_s, u"timeout"_s)}).majorityIsTied());
        QVERIFY(!ProbeComparison::compare({answer(u"a"_s, "x"), answer(u"b"_s, "x"), answer(u"c"_s, "y")})
                     .majorityIsTied());
    }

    void nonJsonComparesBytewise_data()
    {
        QTest::addColumn<QByteArray>("a");
        QTest::addColumn<QByteArray>("b");
        QTest::addColumn<bool>("equal");
        QTest::newRow("same text") << QByteArray("hello") << QByteArray("hello") << true;
        QTest::newRow("trailing newline") << QByteArray("hello\n") << QByteArray("hello") << true;
        QTest::newRow("case") << QByteArray("hello") << QByteArray("Hello") << false;
        QTest::newRow("leading space") << QByteArray(" hello") << QByteArray("hello") << false;
        QTest::newRow("inner whitespace") << QByteArray("a  b") << QByteArray("a b") << false;
        QTest::newRow("broken JSON, same") << QByteArray("{\"a\":") << QByteArray("{\"a\":") << true;
        QTest::newRow("broken JSON, spacing") << QByteArray("{\"a\": ") << QByteArray("{ \"a\":") << false;
        QTest::newRow("binary") << QByteArray("\xff\x00\x01", 3) << QByteArray("\xff\x00\x02", 3) << false;
        QTest::newRow("empty") << QByteArray() << QByteArray("\r\n") << true;
    }

    void nonJsonComparesBytewise()
    {
        QFETCH(QByteArray, a);
        QFETCH(QByteArray, b);
        QFETCH(bool, equal);
        const ProbeComparison c = ProbeComparison::compare({answer(u"api-0"_s, a), answer(u"api-1"_s, b)});
        QCOMPARE(c.groups().size(), equal ? 1 : 2);
        QCOMPARE(c.verdicts().at(1).hash == c.verdicts().at(0).hash, equal);
    }

    void statusIsPartOfTheAnswer()
    {
        const ProbeComparison c = ProbeComparison::compare({answer(u"api-0"_s, "{}"), answer(u"api-1"_s, "{}", 404)});
        QCOMPARE(c.groups().size(), 2);
        QCOMPARE(c.groups().at(0).statusCode, 200);
        QCOMPARE(c.groups().at(1).statusCode, 404);
        QVERIFY(!c.groups().at(1).failed()); // a 404 is an answer, compared like any other
        QVERIFY(c.majorityIsTied());
    }

    void largeIntegersKeepTheirDigits()
    {
        // Above 2^53 a double cannot tell these apart; IDs of that size are common.
        const ProbeComparison c = ProbeComparison::compare(
            {answer(u"api-0"_s, R"({"id":9007199254740993})"), answer(u"api-1"_s, R"({"id":9007199254740992})")});
        QCOMPARE(c.groups().size(), 2);
    }

    void hashIsShortSha256OfCanonicalForm()
    {
        const BodyCanonicalizer canonicalizer({u"pod"_s});
        const BodyCanonicalizer::Form form = canonicalizer.canonicalize("{ \"b\": 2, \"a\": 1, \"pod\": \"api-0\" }");
        QCOMPARE(form.canonical, QByteArray(R"({"a":1,"b":2})"));
        QCOMPARE(form.pretty, u"{\n    \"a\": 1,\n    \"b\": 2\n}\n"_s);
        QCOMPARE(form.hash.size(), 12);
        QCOMPARE(
            form.hash,
            QString::fromLatin1(QCryptographicHash::hash(form.canonical, QCryptographicHash::Sha256).toHex().left(12)));
        QCOMPARE(BodyCanonicalizer().canonicalize(R"([ {"z":0, "a":1} ])").canonical, QByteArray(R"([{"a":1,"z":0}])"));
    }

    void csvField_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << u"timeout"_s << u"timeout"_s;
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("comma") << u"refused, retry"_s << u"\"refused, retry\""_s;
        QTest::newRow("quote") << u"say \"hi\""_s << u"\"say \"\"hi\"\"\""_s;
        QTest::newRow("newline") << u"line 1\nline 2"_s << u"\"line 1\nline 2\""_s;
        QTest::newRow("carriage return") << u"a\rb"_s << u"\"a\rb\""_s;
    }

    void csvField()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(ProbeExport::csvField(text), expected);
    }

    void csvExport()
    {
        ProbeAnswer refused = failure(u"api-0"_s, u"refused, \"twice\"\nthen gave up"_s);
        refused.latencyMs = 3;
        const ProbeComparison c = ProbeComparison::compare({refused, answer(u"api-1"_s, "ok")});
        const QString hash = BodyCanonicalizer::hashOf("ok");
        // The reference group's rows come first.
        const QByteArray expected = "pod,node,cluster,namespace,status,latency_ms,size,hash,group,differs,error\r\n"
                                    "api-1,node-1,kind-probe,shop,200,12,2,"
            + hash.toLatin1()
            + ",1,false,\r\n"
              "api-0,node-0,kind-probe,shop,,3,0,,2,true,\"refused, \"\"twice\"\"\nthen gave up\"\r\n";
        QCOMPARE(ProbeExport::csv(c), expected);
    }

    void jsonExport()
    {
        ProbeAnswer text = answer(u"api-0"_s, R"({"a":1})");
        text.headers = {{"content-type", "application/json"}, {"vary", "Accept"}, {"vary", "Origin"}};
        ProbeAnswer binary = answer(u"api-1"_s, QByteArray("\xff\xfe\x00", 3));
        const ProbeComparison c = ProbeComparison::compare({text, binary, failure(u"api-2"_s, u"timeout"_s)});

        QJsonParseError error;
        const QJsonArray rows = QJsonDocument::fromJson(ProbeExport::json(c), &error).array();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(rows.size(), 3);
        const QJsonObject first = rows.at(0).toObject();
        QCOMPARE(first.value(u"pod"_s).toString(), u"api-0"_s); // tied with api-1: sorts first
        QCOMPARE(first.value(u"body"_s).toString(), uR"({"a":1})"_s);
        QCOMPARE(first.value(u"status"_s).toInt(), 200);
        QCOMPARE(first.value(u"group"_s).toInt(), 1);
        QCOMPARE(first.value(u"differs"_s).toBool(), false);
        QCOMPARE(first.value(u"hash"_s).toString(), c.verdicts().at(0).hash);
        QCOMPARE(first.value(u"headers"_s).toObject().value(u"vary"_s).toString(), u"Accept, Origin"_s);
        const QJsonObject second = rows.at(1).toObject();
        QVERIFY(!second.contains(u"body"_s));
        QCOMPARE(QByteArray::fromBase64(second.value(u"bodyBase64"_s).toString().toLatin1()), binary.body);
        QCOMPARE(second.value(u"differs"_s).toBool(), true);
        const QJsonObject third = rows.at(2).toObject();
        QCOMPARE(third.value(u"error"_s).toString(), u"timeout"_s);
        QCOMPARE(third.value(u"status"_s).toInt(), 0);
        QCOMPARE(third.value(u"group"_s).toInt(), 3);
    }
};

QTEST_GUILESS_MAIN(ProbeComparisonTest)
#include "tst_probecomparison.moc"
