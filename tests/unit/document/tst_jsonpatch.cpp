#include "client/document/jsonpatch.h"
#include "client/document/jsonpointer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include "jsontext.h"

using namespace Qt::StringLiterals;
using namespace binnacle;
using binnacle::testing::compact;
using binnacle::testing::json;

namespace {

// Random documents whose keys and strings come from a small set, so that a document and its mutation share a lot,
// and which include the characters JSON Pointer escapes.
class Generator
{
public:
    explicit Generator(quint32 seed)
        : m_random(seed)
    { }

    QString key() { return QString::fromUtf16(Keys[m_random.bounded(int(std::size(Keys)))]); }

    QJsonValue scalar()
    {
        switch (m_random.bounded(5)) {
        case 0:
            return QJsonValue::Null;
        case 1:
            return m_random.bounded(2) == 1;
        case 2:
            return m_random.bounded(-3, 4);
        case 3:
            return m_random.bounded(100) / 8.0;
        default:
            return key();
        }
    }

    QJsonValue value(int depth)
    {
        const int kind = m_random.bounded(depth >= 4 ? 5 : 8);
        if (kind < 5)
            return scalar();
        if (kind == 5) {
            QJsonArray array;
            for (int i = m_random.bounded(6); i > 0; --i)
                array.append(value(depth + 1));
            return array;
        }
        QJsonObject object;
        for (int i = m_random.bounded(6); i > 0; --i)
            object.insert(key(), value(depth + 1));
        return object;
    }

    QJsonValue mutate(const QJsonValue &from, int depth)
    {
        if (m_random.bounded(12) == 0)
            return value(depth);
        if (from.isObject()) {
            QJsonObject object = from.toObject();
            for (const QString &name : object.keys()) {
                const int what = m_random.bounded(6);
                if (what == 0)
                    object.remove(name);
                else if (what == 1)
                    object.insert(name, mutate(object.value(name), depth + 1));
            }
            for (int i = m_random.bounded(3); i > 0; --i)
                object.insert(key(), value(depth + 1));
            return object;
        }
        if (from.isArray()) {
            QJsonArray array = from.toArray();
            for (int i = m_random.bounded(4); i > 0; --i) {
                const int what = m_random.bounded(6);
                const qsizetype size = array.size();
                if (what == 0)
                    array.insert(m_random.bounded(size + 1), value(depth + 1));
                else if (what == 1 && size > 0)
                    array.removeAt(m_random.bounded(size));
                else if (what == 2 && size > 0) {
                    const qsizetype at = m_random.bounded(size);
                    array.replace(at, mutate(array.at(at), depth + 1));
                } else if (what == 3 && size > 1) {
                    const qsizetype a = m_random.bounded(size), b = m_random.bounded(size);
                    const QJsonValue first = array.at(a);
                    array.replace(a, array.at(b));
                    array.replace(b, first);
                } else if (what == 4) {
                    array.append(value(depth + 1));
                } else if (size > 0) {
                    array.removeLast();
                }
            }
            return array;
        }
        return m_random.bounded(2) ? scalar() : from;
    }

private:
    static constexpr const char16_t *Keys[] = {u"a", u"b", u"name", u"a/b", u"~", u"~1", u"", u"0", u"-"};
    QRandomGenerator m_random;
};

} // namespace

class TestJsonPatch : public QObject
{
    Q_OBJECT

private slots:
    void pointer_data();
    void pointer();
    void rfc6902_data();
    void rfc6902();
    void errors_data();
    void errors();
    void diff_data();
    void diff();
    void diffWithPrecondition();
    void diffThenApply_data();
    void diffThenApply();
    void serverLimit();
};

void TestJsonPatch::pointer_data()
{
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QStringList>("tokens");
    QTest::addColumn<bool>("valid");

    QTest::newRow("root") << u""_s << QStringList() << true;
    QTest::newRow("empty key") << u"/"_s << QStringList {u""_s} << true;
    QTest::newRow("two") << u"/a/0"_s << QStringList {u"a"_s, u"0"_s} << true;
    QTest::newRow("slash") << u"/a~1b"_s << QStringList {u"a/b"_s} << true;
    QTest::newRow("tilde") << u"/m~0n"_s << QStringList {u"m~n"_s} << true;
    QTest::newRow("order") << u"/~01"_s << QStringList {u"~1"_s} << true;
    QTest::newRow("no slash") << u"a"_s << QStringList() << false;
    QTest::newRow("bad escape") << u"/a~2"_s << QStringList() << false;
    QTest::newRow("trailing tilde") << u"/a~"_s << QStringList() << false;
}

void TestJsonPatch::pointer()
{
    QFETCH(QString, pointer);
    QFETCH(QStringList, tokens);
    QFETCH(bool, valid);
    const auto parsed = JsonPointer::parse(pointer);
    QCOMPARE(parsed.ok(), valid);
    if (!valid)
        return;
    QCOMPARE(parsed.value(), tokens);
    QString rebuilt;
    for (const QString &token : tokens)
        rebuilt = JsonPointer::append(rebuilt, token);
    QCOMPARE(rebuilt, pointer);
}

void TestJsonPatch::rfc6902_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<QByteArray>("expected"); // empty: the patch must fail

    // RFC 6902 Appendix A (A.13, a duplicated "op" member, is a JSON parsing matter: QJsonDocument keeps one).
    QTest::newRow("A.1 add object member") << R"({"foo":"bar"})"_ba
                                           << R"([{"op":"add","path":"/baz","value":"qux"}])"_ba
                                           << R"({"baz":"qux","foo":"bar"})"_ba;
    QTest::newRow("A.2 add array element") << R"({"foo":["bar","baz"]})"_ba
                                           << R"([{"op":"add","path":"/foo/1","value":"qux"}])"_ba
                                           << R"({"foo":["bar","qux","baz"]})"_ba;
    QTest::newRow("A.3 remove object member") << R"({"baz":"qux","foo":"bar"})"_ba
                                              << R"([{"op":"remove","path":"/baz"}])"_ba
                                              << R"({"foo":"bar"})"_ba;
    QTest::newRow("A.4 remove array element") << R"({"foo":["bar","qux","baz"]})"_ba
                                              << R"([{"op":"remove","path":"/foo/1"}])"_ba
                                              << R"({"foo":["bar","baz"]})"_ba;
    QTest::newRow("A.5 replace") << R"({"baz":"qux","foo":"bar"})"_ba
                                 << R"([{"op":"replace","path":"/baz","value":"boo"}])"_ba
                                 << R"({"baz":"boo","foo":"bar"})"_ba;
    QTest::newRow("A.6 move") << R"({"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}})"_ba
                              << R"([{"op":"move","from":"/foo/waldo","path":"/qux/thud"}])"_ba
                              << R"({"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}})"_ba;
    QTest::newRow("A.7 move array element") << R"({"foo":["all","grass","cows","eat"]})"_ba
                                            << R"([{"op":"move","from":"/foo/1","path":"/foo/3"}])"_ba
                                            << R"({"foo":["all","cows","eat","grass"]})"_ba;
    QTest::newRow("A.8 test success")
        << R"({"baz":"qux","foo":["a",2,"c"]})"_ba
        << R"([{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}])"_ba
        << R"({"baz":"qux","foo":["a",2,"c"]})"_ba;
    QTest::newRow("A.9 test error") << R"({"baz":"qux"})"_ba
                                    << R"([{"op":"test","path":"/baz","value":"bar"}])"_ba
                                    << ""_ba;
    QTest::newRow("A.10 add nested object") << R"({"foo":"bar"})"_ba
                                            << R"([{"op":"add","path":"/child","value":{"grandchild":{}}}])"_ba
                                            << R"({"foo":"bar","child":{"grandchild":{}}})"_ba;
    QTest::newRow("A.11 unrecognized members") << R"({"foo":"bar"})"_ba
                                               << R"([{"op":"add","path":"/baz","value":"qux","xyz":123}])"_ba
                                               << R"({"foo":"bar","baz":"qux"})"_ba;
    QTest::newRow("A.12 add to nonexistent target") << R"({"foo":"bar"})"_ba
                                                    << R"([{"op":"add","path":"/baz/bat","value":"qux"}])"_ba
                                                    << ""_ba;
    QTest::newRow("A.14 escape ordering") << R"({"/":9,"~1":10})"_ba
                                          << R"([{"op":"test","path":"/~01","value":10}])"_ba
                                          << R"({"/":9,"~1":10})"_ba;
    QTest::newRow("A.15 string is not number") << R"({"/":9,"~1":10})"_ba
                                               << R"([{"op":"test","path":"/~01","value":"10"}])"_ba
                                               << ""_ba;
    QTest::newRow("A.16 add array value") << R"({"foo":["bar"]})"_ba
                                          << R"([{"op":"add","path":"/foo/-","value":["abc","def"]}])"_ba
                                          << R"({"foo":["bar",["abc","def"]]})"_ba;

    // Beyond the appendix.
    QTest::newRow("add replaces a member") << R"({"a":1})"_ba
                                           << R"([{"op":"add","path":"/a","value":2}])"_ba
                                           << R"({"a":2})"_ba;
    QTest::newRow("add at end index") << R"([1,2])"_ba
                                      << R"([{"op":"add","path":"/2","value":3}])"_ba
                                      << "[1,2,3]"_ba;
    QTest::newRow("add root") << R"({"a":1})"_ba
                              << R"([{"op":"add","path":"","value":[1]}])"_ba
                              << "[1]"_ba;
    QTest::newRow("replace root") << R"({"a":1})"_ba
                                  << R"([{"op":"replace","path":"","value":"x"}])"_ba
                                  << "\"x\""_ba;
    QTest::newRow("add null value") << R"({})"_ba
                                    << R"([{"op":"add","path":"/a","value":null}])"_ba
                                    << R"({"a":null})"_ba;
    QTest::newRow("empty key") << R"({"":1})"_ba
                               << R"([{"op":"replace","path":"/","value":2}])"_ba
                               << R"({"":2})"_ba;
    QTest::newRow("copy") << R"({"a":{"b":[1]}})"_ba
                          << R"([{"op":"copy","from":"/a","path":"/c"}])"_ba
                          << R"({"a":{"b":[1]},"c":{"b":[1]}})"_ba;
    QTest::newRow("copy into array") << R"({"a":[1,2]})"_ba
                                     << R"([{"op":"copy","from":"/a/1","path":"/a/0"}])"_ba
                                     << R"({"a":[2,1,2]})"_ba;
    QTest::newRow("move to itself") << R"({"a":1})"_ba
                                    << R"([{"op":"move","from":"/a","path":"/a"}])"_ba
                                    << R"({"a":1})"_ba;
    QTest::newRow("move to a sibling prefix") << R"({"a":1,"ab":2})"_ba
                                              << R"([{"op":"move","from":"/a","path":"/abc"}])"_ba
                                              << R"({"ab":2,"abc":1})"_ba;
    QTest::newRow("test numbers") << R"({"a":1})"_ba
                                  << R"([{"op":"test","path":"/a","value":1.0}])"_ba
                                  << R"({"a":1})"_ba;
    QTest::newRow("test objects unordered") << R"({"a":{"x":1,"y":[1,{"z":null}]}})"_ba
                                            << R"([{"op":"test","path":"/a","value":{"y":[1,{"z":null}],"x":1}}])"_ba
                                            << R"({"a":{"x":1,"y":[1,{"z":null}]}})"_ba;
    QTest::newRow("test null") << R"({"a":null})"_ba
                               << R"([{"op":"test","path":"/a","value":null}])"_ba
                               << R"({"a":null})"_ba;
    QTest::newRow("test whole document") << R"([1])"_ba
                                         << R"([{"op":"test","path":"","value":[1]}])"_ba
                                         << "[1]"_ba;
    QTest::newRow("sequential indices") << R"([0,1,2,3,4])"_ba
                                        << R"([{"op":"remove","path":"/4"},{"op":"remove","path":"/0"},
                                              {"op":"add","path":"/1","value":9}])"_ba
                                        << "[1,9,2,3]"_ba;
    QTest::newRow("empty patch") << R"({"a":1})"_ba
                                 << "[]"_ba
                                 << R"({"a":1})"_ba;
}

void TestJsonPatch::rfc6902()
{
    QFETCH(QByteArray, document);
    QFETCH(QByteArray, patch);
    QFETCH(QByteArray, expected);
    const QJsonValue original = json(document);
    const auto result = JsonPatch::apply(original, json(patch).toArray());
    if (expected.isEmpty()) {
        QVERIFY(!result.ok());
        QVERIFY(result.error().message().startsWith(u"JSON Patch operation 0 "_s));
        return;
    }
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message()));
    QCOMPARE(compact(result.value()), compact(json(expected)));
    QCOMPARE(result.value(), json(expected));
    QCOMPARE(json(document), original); // the input is not modified
}

void TestJsonPatch::errors_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<QString>("message");

    QTest::newRow("not an array") << "{}"_ba
                                  << R"([1])"_ba << u"operation 0: is not an object"_s;
    QTest::newRow("no op") << "{}"_ba
                           << R"([{"path":"/a"}])"_ba << u"has no \"op\""_s;
    QTest::newRow("unknown op") << "{}"_ba
                                << R"([{"op":"merge","path":"/a"}])"_ba << u"must be one of"_s;
    QTest::newRow("no path") << "{}"_ba
                             << R"([{"op":"add","value":1}])"_ba << u"has no \"path\""_s;
    QTest::newRow("path not a string") << "{}"_ba
                                       << R"([{"op":"add","path":1,"value":1}])"_ba << u"has no \"path\""_s;
    QTest::newRow("no value") << "{}"_ba
                              << R"([{"op":"add","path":"/a"}])"_ba << u"has no \"value\""_s;
    QTest::newRow("no from") << R"({"a":1})"_ba
                             << R"([{"op":"move","path":"/b"}])"_ba << u"has no \"from\""_s;
    QTest::newRow("relative pointer") << "{}"_ba
                                      << R"([{"op":"add","path":"a","value":1}])"_ba << u"must be empty"_s;
    QTest::newRow("bad escape") << "{}"_ba
                                << R"([{"op":"add","path":"/a~2","value":1}])"_ba << u"\"~\""_s;
    QTest::newRow("remove missing") << R"({"a":1})"_ba
                                    << R"([{"op":"remove","path":"/b"}])"_ba << u"does not exist"_s;
    QTest::newRow("remove root") << R"({"a":1})"_ba
                                 << R"([{"op":"remove","path":""}])"_ba << u"whole document"_s;
    QTest::newRow("replace missing") << R"({"a":1})"_ba
                                     << R"([{"op":"replace","path":"/b","value":1}])"_ba << u"does not exist"_s;
    QTest::newRow("replace at end index") << R"([1])"_ba
                                          << R"([{"op":"replace","path":"/1","value":1}])"_ba << u"does not exist"_s;
    QTest::newRow("index out of range") << R"([1])"_ba
                                        << R"([{"op":"add","path":"/2","value":1}])"_ba << u"out of range"_s;
    QTest::newRow("leading zero") << R"([1,2])"_ba
                                  << R"([{"op":"add","path":"/01","value":1}])"_ba << u"out of range"_s;
    QTest::newRow("negative index") << R"([1,2])"_ba
                                    << R"([{"op":"remove","path":"/-1"}])"_ba << u"does not exist"_s;
    QTest::newRow("dash on remove") << R"([1,2])"_ba
                                    << R"([{"op":"remove","path":"/-"}])"_ba << u"does not exist"_s;
    QTest::newRow("into a scalar") << R"({"a":1})"_ba
                                   << R"([{"op":"add","path":"/a/b","value":1}])"_ba << u"not an object or an array"_s;
    QTest::newRow("missing parent") << R"({"a":{}})"_ba
                                    << R"([{"op":"add","path":"/a/b/c","value":1}])"_ba
                                    << u"\"/a/b/c\" does not exist"_s;
    QTest::newRow("move into itself") << R"({"a":{"b":1}})"_ba
                                      << R"([{"op":"move","from":"/a","path":"/a/b/c"}])"_ba
                                      << u"cannot be moved into itself"_s;
    QTest::newRow("move missing") << R"({"a":1})"_ba
                                  << R"([{"op":"move","from":"/b","path":"/c"}])"_ba << u"\"/b\" does not exist"_s;
    QTest::newRow("copy missing") << R"({"a":1})"_ba
                                  << R"([{"op":"copy","from":"/b","path":"/c"}])"_ba << u"does not exist"_s;
    QTest::newRow("test missing") << R"({"a":1})"_ba
                                  << R"([{"op":"test","path":"/b","value":1}])"_ba << u"does not exist"_s;
    QTest::newRow("second operation") << R"({"a":1})"_ba
                                      << R"([{"op":"remove","path":"/a"},{"op":"remove","path":"/a"}])"_ba
                                      << u"JSON Patch operation 1 (remove /a): path \"/a\" does not exist"_s;
}

void TestJsonPatch::errors()
{
    QFETCH(QByteArray, document);
    QFETCH(QByteArray, patch);
    QFETCH(QString, message);
    const auto result = JsonPatch::apply(json(document), json(patch).toArray());
    QVERIFY(!result.ok());
    QVERIFY2(result.error().message().contains(message), qPrintable(result.error().message()));
}

void TestJsonPatch::diff_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("equal") << R"({"a":[1,{"b":2}]})"_ba
                           << R"({"a":[1,{"b":2}]})"_ba
                           << "[]"_ba;
    QTest::newRow("int and double are equal") << R"({"a":1})"_ba
                                              << R"({"a":1.0})"_ba
                                              << "[]"_ba;
    QTest::newRow("scalar root") << "1"_ba
                                 << "2"_ba
                                 << R"([{"op":"replace","path":"","value":2}])"_ba;
    QTest::newRow("type change") << R"({"a":{"b":1}})"_ba
                                 << R"({"a":[1]})"_ba
                                 << R"([{"op":"replace","path":"/a","value":[1]}])"_ba;
    QTest::newRow("members") << R"({"a":1,"b":2,"c":3})"_ba
                             << R"({"a":1,"b":5,"d":4})"_ba
                             << R"([{"op":"replace","path":"/b","value":5},{"op":"remove","path":"/c"},
                                   {"op":"add","path":"/d","value":4}])"_ba;
    QTest::newRow("escaping")
        << R"({"a/b":1,"m~n":2})"_ba
        << R"({"a/b":2,"m~n":3})"_ba
        << R"([{"op":"replace","path":"/a~1b","value":2},{"op":"replace","path":"/m~0n","value":3}])"_ba;
    QTest::newRow("append") << "[1,2]"_ba
                            << "[1,2,3,4]"_ba
                            << R"([{"op":"add","path":"/2","value":3},{"op":"add","path":"/3","value":4}])"_ba;
    QTest::newRow("prepend") << "[1,2]"_ba
                             << "[0,1,2]"_ba
                             << R"([{"op":"add","path":"/0","value":0}])"_ba;
    QTest::newRow("insert in the middle") << "[1,2,3,4]"_ba
                                          << "[1,2,9,3,4]"_ba
                                          << R"([{"op":"add","path":"/2","value":9}])"_ba;
    QTest::newRow("remove from the end") << "[1,2,3,4]"_ba
                                         << "[1]"_ba
                                         << R"([{"op":"remove","path":"/3"},{"op":"remove","path":"/2"},
                                               {"op":"remove","path":"/1"}])"_ba;
    QTest::newRow("remove in the middle") << "[1,2,3,4,5]"_ba
                                          << "[1,2,4,5]"_ba
                                          << R"([{"op":"remove","path":"/2"}])"_ba;
    QTest::newRow("remove first") << R"([{"n":1},{"n":2},{"n":3}])"_ba
                                  << R"([{"n":2},{"n":3}])"_ba
                                  << R"([{"op":"remove","path":"/0"}])"_ba;
    QTest::newRow("remove scattered") << "[1,2,3,4,5,6]"_ba
                                      << "[1,3,5]"_ba
                                      << R"([{"op":"remove","path":"/1"},{"op":"remove","path":"/2"},
                                            {"op":"remove","path":"/3"}])"_ba;
    QTest::newRow("changed element in place")
        << R"({"spec":{"containers":[{"name":"a","image":"x:1"},{"name":"b","image":"y:1"}]}})"_ba
        << R"({"spec":{"containers":[{"name":"a","image":"x:1"},{"name":"b","image":"y:2"}]}})"_ba
        << R"([{"op":"replace","path":"/spec/containers/1/image","value":"y:2"}])"_ba;
    QTest::newRow("replace plus insert")
        << "[1,2,3]"_ba
        << "[1,5,6,3]"_ba
        << R"([{"op":"replace","path":"/1","value":5},{"op":"add","path":"/2","value":6}])"_ba;
    QTest::newRow("unrelated objects are replaced whole")
        << R"([{"a":1,"b":2,"c":3}])"_ba
        << R"([{"x":1,"y":2,"z":3}])"_ba
        << R"([{"op":"replace","path":"/0","value":{"x":1,"y":2,"z":3}}])"_ba;
    QTest::newRow("empty to full") << "[]"_ba
                                   << "[1]"_ba
                                   << R"([{"op":"add","path":"/0","value":1}])"_ba;
}

void TestJsonPatch::diff()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(QByteArray, expected);
    const QJsonArray patch = JsonPatch::diff(json(from), json(to));
    QCOMPARE(compact(patch), compact(json(expected)));
    const auto applied = JsonPatch::apply(json(from), patch);
    QVERIFY(applied.ok());
    QCOMPARE(applied.value(), json(to));
}

void TestJsonPatch::diffWithPrecondition()
{
    const QJsonValue from = json(R"({"metadata":{"name":"a","resourceVersion":"123"},"spec":{"replicas":1}})");
    QJsonObject to = from.toObject();
    to.insert(u"spec"_s, QJsonObject {{u"replicas"_s, 3}});
    const QJsonArray patch = JsonPatch::diff(from, to, JsonPatch::Precondition::ResourceVersion);
    QCOMPARE(compact(patch), compact(json(R"([{"op":"test","path":"/metadata/resourceVersion","value":"123"},
                                               {"op":"replace","path":"/spec/replicas","value":3}])")));
    QCOMPARE(JsonPatch::apply(from, patch).value(), QJsonValue(to));

    // Someone else changed the object since: the test fails.
    QJsonObject newer = from.toObject();
    newer.insert(u"metadata"_s, QJsonObject {{u"name"_s, u"a"_s}, {u"resourceVersion"_s, u"124"_s}});
    const auto stale = JsonPatch::apply(newer, patch);
    QVERIFY(!stale.ok());
    QVERIFY(stale.error().message().contains(u"/metadata/resourceVersion"_s));

    // Nothing to test against.
    QCOMPARE(JsonPatch::diff(json("{}"), json(R"({"a":1})"), JsonPatch::Precondition::ResourceVersion).size(), 1);
}

void TestJsonPatch::diffThenApply_data()
{
    QTest::addColumn<quint32>("seed");
    // 20 rows of 100 pairs each: 2,000 random pairs, reproducible from the seed.
    for (quint32 seed = 1; seed <= 20; ++seed)
        QTest::addRow("seed %u", seed) << seed;
}

void TestJsonPatch::diffThenApply()
{
    QFETCH(quint32, seed);
    Generator generator(seed);
    for (int i = 0; i < 100; ++i) {
        const QJsonValue from = generator.value(0);
        const QJsonValue to = generator.mutate(from, 0);
        const QJsonArray patch = JsonPatch::diff(from, to);
        const auto applied = JsonPatch::apply(from, patch);
        if (!applied.ok() || applied.value() != to) {
            qWarning().noquote() << "from " << compact(from) << "\nto   " << compact(to) << "\npatch" << compact(patch)
                                 << "\ngot  "
                                 << (applied.ok() ? compact(applied.value()) : applied.error().message().toUtf8());
            QFAIL("apply(from, diff(from, to)) != to");
        }
        for (const QJsonValue &op : patch) {
            const QString name = op.toObject().value(u"op"_s).toString();
            QVERIFY(name == u"add" || name == u"remove" || name == u"replace");
        }
        QVERIFY(JsonPatch::diff(from, from).isEmpty());
        QVERIFY(JsonPatch::diff(to, to).isEmpty());
        // The reverse direction, too.
        QCOMPARE(JsonPatch::apply(to, JsonPatch::diff(to, from)).value(), from);
    }
}

void TestJsonPatch::serverLimit()
{
    QJsonArray from, to;
    for (int i = 0; i < 10'001; ++i) {
        from.append(i);
        to.append(-i - 1);
    }
    const QJsonArray patch = JsonPatch::diff(from, to);
    QCOMPARE(JsonPatch::operationCount(patch), 10'001);
    QVERIFY(!JsonPatch::fitsServerLimit(patch));
    QCOMPARE(JsonPatch::apply(from, patch).value(), QJsonValue(to));
    to.removeLast();
    from.removeLast();
    QVERIFY(JsonPatch::fitsServerLimit(JsonPatch::diff(from, to)));
    QCOMPARE(JsonPatch::MaxServerOperations, 10'000);
}

QTEST_GUILESS_MAIN(TestJsonPatch)
#include "tst_jsonpatch.moc"
