#include "client/document/jsonpatch.h"
#include "client/document/yamlconverter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "jsontext.h"

using namespace Qt::StringLiterals;
using namespace binnacle;
using binnacle::testing::compact;
using binnacle::testing::json;

namespace {

QByteArray readData(const QString &name)
{
    QFile file(QStringLiteral(BINNACLE_TEST_DATA) + u'/' + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return file.readAll();
}

bool isInteger(const QJsonValue &value)
{
    return value.toVariant().userType() == QMetaType::LongLong;
}

} // namespace

class TestYamlConverter : public QObject
{
    Q_OBJECT

private slots:
    void scalars_data();
    void scalars();
    void keys_data();
    void keys();
    void largeIntegersStayExact();
    void errors_data();
    void errors();
    void errorToStringHasPosition();
    void mergeKeys();
    void aliasesAreExpandedWithinLimits();
    void multipleDocuments();
    void singleDocumentRefusesMore();
    void quoting_data();
    void quoting();
    void longKeysAndLoneSurrogates();
    void numbersFromJson_data();
    void numbersFromJson();
    void roundTrip_data();
    void roundTrip();
    void keyOrderIsKept();
    void conventionalOrderWithoutReference();
    void alphabeticalOrderIsKubectls();
    void multiDocumentOutput();
};

void TestYamlConverter::scalars_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QByteArray>("expected"); // JSON

    QTest::newRow("int") << "1"_ba
                         << "1"_ba;
    QTest::newRow("negative") << "-3"_ba
                              << "-3"_ba;
    QTest::newRow("plus") << "+7"_ba
                          << "7"_ba;
    QTest::newRow("hex") << "0x1F"_ba
                         << "31"_ba;
    QTest::newRow("negative hex") << "-0x10"_ba
                                  << "-16"_ba;
    QTest::newRow("octal 0o") << "0o17"_ba
                              << "15"_ba;
    QTest::newRow("octal leading 0") << "0644"_ba
                                     << "420"_ba;
    QTest::newRow("binary") << "0b101"_ba
                            << "5"_ba;
    QTest::newRow("underscores") << "1_000_000"_ba
                                 << "1000000"_ba;
    QTest::newRow("08 is a float in go-yaml") << "08"_ba
                                              << "8"_ba;
    QTest::newRow("float") << "1.5"_ba
                           << "1.5"_ba;
    QTest::newRow("exponent") << "1e3"_ba
                              << "1000"_ba;
    QTest::newRow("leading dot") << ".5"_ba
                                 << "0.5"_ba;
    QTest::newRow("negative leading dot") << "-.5"_ba
                                          << "-0.5"_ba;
    QTest::newRow("trailing dot") << "1."_ba
                                  << "1"_ba;
    QTest::newRow("underflow is zero") << "1e-400"_ba
                                       << "0"_ba;
    QTest::newRow("overflow stays a string") << "1e400"_ba
                                             << "\"1e400\""_ba;
    QTest::newRow("version") << "1.2.3"_ba
                             << "\"1.2.3\""_ba;
    QTest::newRow("bare 0x") << "0x"_ba
                             << "\"0x\""_ba;
    QTest::newRow("quoted int") << "\"1\""_ba
                                << "\"1\""_ba;
    QTest::newRow("single quoted int") << "'1'"_ba
                                       << "\"1\""_ba;
    QTest::newRow("true") << "true"_ba
                          << "true"_ba;
    QTest::newRow("True") << "True"_ba
                          << "true"_ba;
    QTest::newRow("FALSE") << "FALSE"_ba
                           << "false"_ba;
    QTest::newRow("mixed case is a string") << "tRUE"_ba
                                            << "\"tRUE\""_ba;
    QTest::newRow("yes") << "yes"_ba
                         << "true"_ba;
    QTest::newRow("Yes") << "Yes"_ba
                         << "true"_ba;
    QTest::newRow("NO") << "NO"_ba
                        << "false"_ba;
    QTest::newRow("on") << "on"_ba
                        << "true"_ba;
    QTest::newRow("Off") << "Off"_ba
                         << "false"_ba;
    QTest::newRow("y") << "y"_ba
                       << "true"_ba;
    QTest::newRow("n") << "n"_ba
                       << "false"_ba;
    QTest::newRow("quoted yes") << "\"yes\""_ba
                                << "\"yes\""_ba;
    QTest::newRow("null") << "null"_ba
                          << "null"_ba;
    QTest::newRow("Null") << "Null"_ba
                          << "null"_ba;
    QTest::newRow("tilde") << "~"_ba
                           << "null"_ba;
    QTest::newRow("empty") << ""_ba
                           << "null"_ba;
    QTest::newRow("quoted null") << "'null'"_ba
                                 << "\"null\""_ba;
    QTest::newRow("date stays a string") << "2024-01-31"_ba
                                         << "\"2024-01-31\""_ba;
    QTest::newRow("timestamp stays a string") << "2024-01-31T10:00:00Z"_ba
                                              << "\"2024-01-31T10:00:00Z\""_ba;
    QTest::newRow("base 60 is a string") << "1:20"_ba
                                         << "\"1:20\""_ba;
    QTest::newRow("percent") << "25%"_ba
                             << "\"25%\""_ba;
    QTest::newRow("quantity") << "250m"_ba
                              << "\"250m\""_ba;
    QTest::newRow("literal") << "|\n  a\n  b\n"_ba
                             << "\"a\\nb\\n\""_ba;
    QTest::newRow("literal strip") << "|-\n  a\n  b\n"_ba
                                   << "\"a\\nb\""_ba;
    QTest::newRow("literal keep") << "|+\n  a\n\n"_ba
                                  << "\"a\\n\\n\""_ba;
    QTest::newRow("literal of a number") << "|\n  1\n"_ba
                                         << "\"1\\n\""_ba;
    QTest::newRow("folded") << ">\n  a\n  b\n\n  c\n"_ba
                            << "\"a b\\nc\\n\""_ba;
    QTest::newRow("!!str") << "!!str 1"_ba
                           << "\"1\""_ba;
    QTest::newRow("!!str true") << "!!str true"_ba
                                << "\"true\""_ba;
    QTest::newRow("!!int quoted") << "!!int \"12\""_ba
                                  << "12"_ba;
    QTest::newRow("!!float on an int") << "!!float 1"_ba
                                       << "1"_ba;
    QTest::newRow("!!binary is decoded") << "!!binary aGVsbG8="_ba
                                         << "\"hello\""_ba;
    QTest::newRow("!!binary over lines") << "!!binary |\n  aGVs\n  bG8=\n"_ba
                                         << "\"hello\""_ba;
    QTest::newRow("unknown tag") << "!thing 12"_ba
                                 << "\"12\""_ba;
    QTest::newRow("escapes") << "\"tab\\there\\u00e9\\U0001F600\""_ba
                             << "\"tab\\there\u00e9\U0001F600\""_ba;
    QTest::newRow("flow sequence") << "[a, \"b\", 1, 2.5, true, null]"_ba
                                   << "[\"a\",\"b\",1,2.5,true,null]"_ba;
    QTest::newRow("flow mapping") << "{a: {b: [1, [2]]}, c: {}}"_ba
                                  << "{\"a\":{\"b\":[1,[2]]},\"c\":{}}"_ba;
}

void TestYamlConverter::scalars()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QByteArray, expected);
    const auto value = YamlConverter::toJson(yaml);
    QVERIFY2(value.ok(), qPrintable(value.ok() ? QString() : value.error().toString()));
    QCOMPARE(compact(value.value()), compact(json(expected)));
    QCOMPARE(value.value(), json(expected));
    // Within a mapping the value means the same.
    const auto inMap = YamlConverter::toJson("key: " + yaml);
    QVERIFY(inMap.ok());
    QCOMPARE(inMap.value().toObject().value(u"key"_s), json(expected));
}

void TestYamlConverter::keys_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("key");

    QTest::newRow("string") << "name: x"_ba << u"name"_s;
    QTest::newRow("int") << "1: x"_ba << u"1"_s;
    QTest::newRow("hex") << "0x10: x"_ba << u"16"_s;
    QTest::newRow("float") << "1.5: x"_ba << u"1.5"_s;
    QTest::newRow("exponent float") << "1e3: x"_ba << u"1000"_s;
    QTest::newRow("large float") << "1e7: x"_ba << u"1e+07"_s;
    QTest::newRow("float32 precision") << "0.1: x"_ba << u"0.1"_s;
    QTest::newRow("yes") << "yes: x"_ba << u"true"_s;
    QTest::newRow("on") << "on: x"_ba << u"true"_s;
    QTest::newRow("off") << "off: x"_ba << u"false"_s;
    QTest::newRow("quoted yes") << "\"yes\": x"_ba << u"yes"_s;
    QTest::newRow("quoted 1") << "'1': x"_ba << u"1"_s;
    QTest::newRow("inf") << ".inf: x"_ba << u".inf"_s;
    QTest::newRow("slash and tilde") << "a/b~c: x"_ba << u"a/b~c"_s;
}

void TestYamlConverter::keys()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, key);
    const auto value = YamlConverter::toJson(yaml);
    QVERIFY2(value.ok(), qPrintable(value.ok() ? QString() : value.error().toString()));
    QCOMPARE(value.value().toObject().keys(), QStringList {key});
}

void TestYamlConverter::largeIntegersStayExact()
{
    const auto value = YamlConverter::toJson("a: 9007199254740993\nb: 9223372036854775807\nc: -9223372036854775808\n");
    QVERIFY(value.ok());
    const QJsonObject object = value.value().toObject();
    QVERIFY(isInteger(object.value(u"a"_s)));
    QCOMPARE(object.value(u"a"_s).toInteger(), 9007199254740993LL);
    QCOMPARE(object.value(u"b"_s).toInteger(), std::numeric_limits<qint64>::max());
    QCOMPARE(object.value(u"c"_s).toInteger(), std::numeric_limits<qint64>::min());
    // ...through JSON text and back to YAML.
    QCOMPARE(QJsonDocument(object).toJson(QJsonDocument::Compact),
             "{\"a\":9007199254740993,\"b\":9223372036854775807,\"c\":-9223372036854775808}"_ba);
    QCOMPARE(YamlConverter::toYaml(object),
             "a: 9007199254740993\nb: 9223372036854775807\nc: -9223372036854775808\n"_ba);
}

void TestYamlConverter::errors_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message"); // a part of it

    QTest::newRow("beyond 64 bits") << "a: 1\nb: 18446744073709551616\n"_ba << 2 << 4 << u"does not fit in 64 bits"_s;
    QTest::newRow("uint64 max") << "b: 18446744073709551615\n"_ba << 1 << 4 << u"does not fit in 64 bits"_s;
    QTest::newRow("huge decimal") << "- 99999999999999999999999\n"_ba << 1 << 3 << u"64 bits"_s;
    QTest::newRow("inf") << "a:\n  b: .inf\n"_ba << 2 << 6 << u"JSON"_s;
    QTest::newRow("nan") << "- .nan\n"_ba << 1 << 3 << u"JSON"_s;
    QTest::newRow("duplicate key") << "a: 1\nb: 2\na: 3\n"_ba << 3 << 1 << u"duplicate key \"a\" (first at line 1)"_s;
    QTest::newRow("duplicate after conversion") << "yes: 1\ntrue: 2\n"_ba << 2 << 1 << u"duplicate key \"true\""_s;
    QTest::newRow("null key") << "~: a\n"_ba << 1 << 1 << u"cannot be null"_s;
    QTest::newRow("sequence key") << "? [a]\n: b\n"_ba << 1 << 3 << u"must be a scalar"_s;
    QTest::newRow("bad !!binary") << "a: 1\nb: !!binary a*b\n"_ba << 2 << 4 << u"base64"_s;
    QTest::newRow("bad !!int") << "a: !!int abc\n"_ba << 1 << 4 << u"not a valid !!int"_s;
    QTest::newRow("unclosed flow") << "a: 1\nb: [1, 2\n"_ba << -2 << -2 << u""_s;
    QTest::newRow("bad indentation") << "a:\n  b: 1\n c: 2\n"_ba << -2 << -2 << u""_s;
    QTest::newRow("tab indentation") << "a:\n\tb: 1\n"_ba << -2 << -2 << u""_s;
    QTest::newRow("unknown alias") << "a: *nothing\n"_ba << -2 << -2 << u""_s;
    QTest::newRow("bad merge") << "a:\n  <<: 1\n"_ba << 2 << 7 << u"merge key"_s;
}

void TestYamlConverter::errors()
{
    QFETCH(QByteArray, yaml);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const auto value = YamlConverter::toJson(yaml, u"manifest.yaml"_s);
    QVERIFY(!value.ok());
    const Error &error = value.error();
    QCOMPARE(error.kind(), Error::Kind::Config);
    QCOMPARE(error.file(), u"manifest.yaml"_s);
    QVERIFY2(error.message().contains(message), qPrintable(error.message()));
    if (line == -2) { // a yaml-cpp syntax error: some position within the text
        QVERIFY2(error.line() >= 1 && error.line() <= yaml.count('\n') + 1, qPrintable(error.toString()));
        QVERIFY(error.column() >= 1);
    } else {
        QCOMPARE(error.line(), line);
        QCOMPARE(error.column(), column);
    }
}

void TestYamlConverter::errorToStringHasPosition()
{
    const auto value = YamlConverter::toJson("a:\n  b: .nan\n", u"deploy.yaml"_s);
    QVERIFY(!value.ok());
    QVERIFY(value.error().toString().startsWith(u"deploy.yaml:2:6: "_s));
}

void TestYamlConverter::mergeKeys()
{
    const QByteArray yaml = "base: &base\n  image: nginx\n  pull: Always\n  port: 80\n"
                            "extra: &extra\n  port: 81\n  debug: true\n"
                            "one:\n  <<: *base\n  pull: Never\n"
                            "two:\n  <<: [*extra, *base]\n"
                            "three:\n  pull: IfNotPresent\n  <<: *base\n";
    const auto value = YamlConverter::toJson(yaml);
    QVERIFY2(value.ok(), qPrintable(value.ok() ? QString() : value.error().toString()));
    const QJsonObject object = value.value().toObject();
    QCOMPARE(object.value(u"one"_s), json(R"({"image":"nginx","pull":"Never","port":80})"));
    QCOMPARE(object.value(u"two"_s), json(R"({"image":"nginx","pull":"Always","port":81,"debug":true})"));
    // Explicit keys win even before the merge key.
    QCOMPARE(object.value(u"three"_s), json(R"({"image":"nginx","pull":"IfNotPresent","port":80})"));
    // A quoted "<<" is an ordinary key.
    QCOMPARE(YamlConverter::toJson("\"<<\": 1").value(), json(R"({"<<":1})"));
}

void TestYamlConverter::aliasesAreExpandedWithinLimits()
{
    const auto value = YamlConverter::toJson("a: &x [1, 2]\nb: *x\n");
    QVERIFY(value.ok());
    QCOMPARE(value.value(), json(R"({"a":[1,2],"b":[1,2]})"));

    // An alias inside its own anchor is a cycle.
    const auto cycle = YamlConverter::toJson("&a [*a]");
    QVERIFY(!cycle.ok());

    // "Billion laughs": nine levels of ten aliases would be 10^9 values.
    QByteArray laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 10; ++i) {
        QByteArray line = "a" + QByteArray::number(i) + ": &a" + QByteArray::number(i) + " [";
        for (int j = 0; j < 10; ++j)
            line += (j ? ", *a" : "*a") + QByteArray::number(i - 1);
        laughs += line + "]\n";
    }
    const auto bomb = YamlConverter::toJson(laughs);
    QVERIFY(!bomb.ok());
    QVERIFY2(bomb.error().message().contains(u"too many values"_s), qPrintable(bomb.error().message()));

    // Deep nesting is refused, not a stack overflow.
    const auto deep = YamlConverter::toJson(QByteArray(300, '[') + QByteArray(300, ']'));
    QVERIFY(!deep.ok());
}

void TestYamlConverter::multipleDocuments()
{
    const QByteArray yaml = "# leading comment\n"
                            "---\n" // 2
                            "a: 1\n"
                            "---\n" // 4
                            "# only a comment\n"
                            "---\n" // 6
                            "b: [1,\n"
                            "c: 2\n"
                            "--- {d: 4}\n" // 9
                            "...\n"
                            "%YAML 1.1\n" // 11
                            "---\n"
                            "e: \"--- not a marker\"\n"
                            "f: |\n"
                            "  text\n"
                            "---\n" // 16
                            "- 99999999999999999999999\n";
    const QList<Result<YamlDocument>> documents = YamlConverter::parseDocuments(yaml, u"all.yaml"_s);
    QCOMPARE(documents.size(), 5);
    QVERIFY(documents.at(0).ok());
    QCOMPARE(documents.at(0)->value, json(R"({"a":1})"));
    QCOMPARE(documents.at(0)->line, 2);
    QVERIFY(!documents.at(1).ok());
    QCOMPARE(documents.at(1).error().file(), u"all.yaml"_s);
    QVERIFY2(documents.at(1).error().line() >= 6 && documents.at(1).error().line() <= 9,
             qPrintable(documents.at(1).error().toString()));
    QVERIFY(documents.at(2).ok());
    QCOMPARE(documents.at(2)->value, json(R"({"d":4})"));
    QCOMPARE(documents.at(2)->line, 9);
    QVERIFY(documents.at(3).ok());
    QCOMPARE(documents.at(3)->value, json(R"({"e":"--- not a marker","f":"text\n"})"));
    QCOMPARE(documents.at(3)->line, 12); // the "---" after the directive
    QVERIFY(!documents.at(4).ok());
    QCOMPARE(documents.at(4).error().line(), 17);
    QCOMPARE(documents.at(4).error().column(), 3);

    const auto multi = YamlConverter::parseDocuments(readData(u"multi.yaml"_s));
    QCOMPARE(multi.size(), 3);
    for (const auto &document : multi)
        QVERIFY(document.ok());
    QCOMPARE(multi.at(2)->value.toObject().value(u"kind"_s), u"Service"_s);

    QVERIFY(YamlConverter::parseDocuments("").isEmpty());
    QVERIFY(YamlConverter::parseDocuments("# nothing\n---\n---\n").isEmpty());
    // CRLF line ends and a byte order mark.
    const auto windows = YamlConverter::parseDocuments("\xEF\xBB\xBF"
                                                       "a: 1\r\n---\r\nb: 2\r\n");
    QCOMPARE(windows.size(), 2);
    QCOMPARE(windows.at(1)->value, json(R"({"b":2})"));
}

void TestYamlConverter::singleDocumentRefusesMore()
{
    const auto value = YamlConverter::toJson("a: 1\n---\nb: 2\n", u"x.yaml"_s);
    QVERIFY(!value.ok());
    QCOMPARE(value.error().line(), 2);
    QCOMPARE(YamlConverter::toJson("# nothing\n").value(), QJsonValue(QJsonValue::Null));
    QCOMPARE(YamlConverter::toJson("---\na: 1\n...\n").value(), json(R"({"a":1})"));
}

void TestYamlConverter::quoting_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("yaml"); // as the value of key "k"

    QTest::newRow("plain") << u"hello world"_s << "k: hello world\n"_ba;
    QTest::newRow("number") << u"1"_s << "k: \"1\"\n"_ba;
    QTest::newRow("float") << u"1.5"_s << "k: \"1.5\"\n"_ba;
    QTest::newRow("exponent") << u"1e3"_s << "k: \"1e3\"\n"_ba;
    QTest::newRow("hex") << u"0x1F"_s << "k: \"0x1F\"\n"_ba;
    QTest::newRow("underscored") << u"1_000"_s << "k: \"1_000\"\n"_ba;
    QTest::newRow("true") << u"true"_s << "k: \"true\"\n"_ba;
    QTest::newRow("yes") << u"yes"_s << "k: \"yes\"\n"_ba;
    QTest::newRow("Off") << u"Off"_s << "k: \"Off\"\n"_ba;
    QTest::newRow("y") << u"y"_s << "k: \"y\"\n"_ba;
    QTest::newRow("null") << u"null"_s << "k: \"null\"\n"_ba;
    QTest::newRow("tilde") << u"~"_s << "k: \"~\"\n"_ba;
    QTest::newRow("empty") << u""_s << "k: \"\"\n"_ba;
    QTest::newRow("leading space") << u" x"_s << "k: \" x\"\n"_ba;
    QTest::newRow("trailing space") << u"x "_s << "k: \"x \"\n"_ba;
    QTest::newRow("colon space") << u"a: b"_s << "k: \"a: b\"\n"_ba;
    QTest::newRow("trailing colon") << u"a:"_s << "k: \"a:\"\n"_ba;
    QTest::newRow("url") << u"http://x:80/a"_s << "k: http://x:80/a\n"_ba;
    QTest::newRow("comment") << u"a #b"_s << "k: \"a #b\"\n"_ba;
    QTest::newRow("hash inside") << u"a#b"_s << "k: a#b\n"_ba;
    QTest::newRow("leading hash") << u"#b"_s << "k: \"#b\"\n"_ba;
    QTest::newRow("dash space") << u"- x"_s << "k: \"- x\"\n"_ba;
    QTest::newRow("flag") << u"--port=80"_s << "k: --port=80\n"_ba;
    QTest::newRow("short flag") << u"-v"_s << "k: -v\n"_ba;
    QTest::newRow("document marker") << u"---"_s << "k: \"---\"\n"_ba;
    QTest::newRow("star") << u"*x"_s << "k: \"*x\"\n"_ba;
    QTest::newRow("ampersand") << u"&x"_s << "k: \"&x\"\n"_ba;
    QTest::newRow("bang") << u"!x"_s << "k: \"!x\"\n"_ba;
    QTest::newRow("brace") << u"{x}"_s << "k: \"{x}\"\n"_ba;
    QTest::newRow("quote") << u"'x'"_s << "k: \"'x'\"\n"_ba;
    QTest::newRow("double quote") << u"say \"hi\""_s << "k: say \"hi\"\n"_ba;
    QTest::newRow("date") << u"2024-01-31"_s << "k: \"2024-01-31\"\n"_ba;
    QTest::newRow("base 60") << u"1:20"_s << "k: \"1:20\"\n"_ba;
    QTest::newRow("merge key") << u"<<"_s << "k: \"<<\"\n"_ba;
    QTest::newRow("unicode") << u"héllo ✓"_s << "k: héllo ✓\n"_ba;
    QTest::newRow("tab") << u"a\tb"_s << "k: \"a\\tb\"\n"_ba;
    QTest::newRow("control") << u"a\u0001b"_s << "k: \"a\\u0001b\"\n"_ba;
    QTest::newRow("nul") << QString(QChar(0)) << "k: \"\\0\"\n"_ba;
    QTest::newRow("line separator") << u"a\u2028b"_s << "k: \"a\\u2028b\"\n"_ba;
    QTest::newRow("multi-line") << u"a\nb\n"_s << "k: |\n  a\n  b\n"_ba;
    QTest::newRow("multi-line strip") << u"a\nb"_s << "k: |-\n  a\n  b\n"_ba;
    QTest::newRow("multi-line keep") << u"a\n\n"_s << "k: |+\n  a\n\n"_ba;
    QTest::newRow("multi-line blank line") << u"a\n\nb\n"_s << "k: |\n  a\n\n  b\n"_ba;
    QTest::newRow("multi-line indented second line") << u"a\n  b\n"_s << "k: |\n  a\n    b\n"_ba;
    QTest::newRow("multi-line indented first line") << u"  a\nb"_s << "k: \"  a\\nb\"\n"_ba;
    QTest::newRow("multi-line leading newline") << u"\na"_s << "k: \"\\na\"\n"_ba;
    QTest::newRow("carriage return") << u"a\r\nb\r\n"_s << "k: \"a\\r\\nb\\r\\n\"\n"_ba;
}

void TestYamlConverter::quoting()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, yaml);
    const QJsonObject object {{u"k"_s, text}};
    QCOMPARE(YamlConverter::toYaml(object), yaml);
    const auto back = YamlConverter::toJson(yaml);
    QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toString()));
    QCOMPARE(back.value(), QJsonValue(object));
    // The same text as a key.
    const QJsonObject asKey {{text, 1}};
    const auto key = YamlConverter::toJson(YamlConverter::toYaml(asKey));
    QVERIFY2(key.ok(), YamlConverter::toYaml(asKey).constData());
    QCOMPARE(key.value(), QJsonValue(asKey));
    // And in a list, and as a whole document.
    const QJsonArray asElement {text, QJsonObject {{u"x"_s, text}}};
    QCOMPARE(YamlConverter::toJson(YamlConverter::toYaml(asElement)).value(), QJsonValue(asElement));
    QCOMPARE(YamlConverter::toJson(YamlConverter::toYaml(QJsonValue(text))).value(), QJsonValue(text));
}

void TestYamlConverter::longKeysAndLoneSurrogates()
{
    // Past 1024 characters a key must be explicit ("? key").
    const QString longKey(2000, u'k');
    const QJsonObject object {{longKey, QJsonArray {1}}, {u"b"_s, QJsonObject {{QString(longKey + u"\n"_s), 2}}}};
    const QByteArray yaml = YamlConverter::toYaml(object);
    QVERIFY(yaml.contains("\n? kkk"));
    QVERIFY(yaml.contains("  ? \"kkk"));
    QCOMPARE(YamlConverter::toJson(yaml).value(), QJsonValue(object));

    // An unpaired surrogate cannot be written as YAML (or UTF-8): it becomes U+FFFD.
    const QJsonObject surrogate {{u"k"_s, QString(QString(QChar(0xD800)) + u"x"_s)}};
    QCOMPARE(YamlConverter::toJson(YamlConverter::toYaml(surrogate)).value(), json(R"({"k":"\uFFFDx"})"));
}

void TestYamlConverter::numbersFromJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("yaml");

    QTest::newRow("int") << "42"_ba
                         << "42\n"_ba;
    QTest::newRow("integral double") << "1000.0"_ba
                                     << "1000\n"_ba;
    QTest::newRow("fraction") << "0.1"_ba
                              << "0.1\n"_ba;
    QTest::newRow("negative") << "-2.5"_ba
                              << "-2.5\n"_ba;
    QTest::newRow("large double") << "1e20"_ba
                                  << "1e+20\n"_ba;
    QTest::newRow("large int64") << "123456789012345678"_ba
                                 << "123456789012345678\n"_ba;
    QTest::newRow("tiny") << "1e-7"_ba
                          << "1e-07\n"_ba;
    QTest::newRow("bool") << "true"_ba
                          << "true\n"_ba;
    QTest::newRow("null") << "null"_ba
                          << "null\n"_ba;
    QTest::newRow("empty object") << "{}"_ba
                                  << "{}\n"_ba;
    QTest::newRow("empty array") << "[]"_ba
                                 << "[]\n"_ba;
    QTest::newRow("nested arrays") << "[[1,2],[],{}]"_ba
                                   << "- - 1\n  - 2\n- []\n- {}\n"_ba;
    QTest::newRow("list of objects") << R"({"l":[{"name":"a","v":1},{"v":2}]})"_ba
                                     << "l:\n- name: a\n  v: 1\n- v: 2\n"_ba;
}

void TestYamlConverter::numbersFromJson()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, yaml);
    const QJsonValue value = ::json(json);
    QCOMPARE(YamlConverter::toYaml(value), yaml);
    QCOMPARE(YamlConverter::toJson(yaml).value(), value);
}

void TestYamlConverter::roundTrip_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::newRow("deployment") << readData(u"deployment.yaml"_s);
    QTest::newRow("configmap") << readData(u"configmap.yaml"_s);
    QTest::newRow("scalars") << readData(u"scalars.yaml"_s);
    QTest::newRow("service") << "kind: Service\nspec: {ports: [{port: 80}], selector: {app: x}}\n"_ba;
    QTest::newRow("top-level list") << "- a\n- - b\n  - {c: [d]}\n"_ba;
    QTest::newRow("top-level string") << "|\n  line one\n  line two\n"_ba;
}

void TestYamlConverter::roundTrip()
{
    QFETCH(QByteArray, yaml);
    const auto first = YamlConverter::parseDocument(yaml);
    QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().toString()));
    const QByteArray written = YamlConverter::toYaml(first->value, first->keyOrder);
    const auto second = YamlConverter::parseDocument(written);
    QVERIFY2(second.ok(), written.constData());
    QCOMPARE(compact(second->value), compact(first->value));
    QCOMPARE(second->value, first->value);
    // Written again, the text does not change.
    QCOMPARE(YamlConverter::toYaml(second->value, second->keyOrder), written);
    QCOMPARE(YamlConverter::toYaml(second->value), YamlConverter::toYaml(first->value));
}

void TestYamlConverter::keyOrderIsKept()
{
    const auto document = YamlConverter::parseDocument(readData(u"deployment.yaml"_s));
    QVERIFY(document.ok());
    const QByteArray written = YamlConverter::toYaml(document->value, document->keyOrder);
    // The text's order, not QJsonObject's alphabetical one.
    QVERIFY(written.startsWith("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n"));
    QVERIFY(written.indexOf("replicas:") < written.indexOf("revisionHistoryLimit:"));
    QVERIFY(written.indexOf("revisionHistoryLimit:") < written.indexOf("selector:"));
    QVERIFY(written.contains("      containers:\n      - name: web\n        image:"));
    QVERIFY(written.indexOf("imagePullPolicy:") < written.indexOf("args:"));

    // Edit it as JSON: a new label, a new container, a new top-level field.
    QJsonObject object = document->value.toObject();
    const auto patched = JsonPatch::apply(object,
                                          json(R"([
        {"op":"add","path":"/metadata/labels/added","value":"x"},
        {"op":"add","path":"/spec/template/spec/containers/-","value":{"ports":[{"containerPort":9090,"name":"m"}],
            "image":"metrics:1","name":"metrics"}},
        {"op":"add","path":"/status","value":{"replicas":3}}])")
                                              .toArray());
    QVERIFY(patched.ok());
    const QByteArray edited = YamlConverter::toYaml(patched.value(), document->keyOrder);
    // Existing keys stay where they were; new ones follow.
    QVERIFY(edited.contains("    tier: frontend\n    added: x\n"));
    // The new list element is written like its siblings: name, image, ..., ports with name before containerPort.
    QVERIFY2(edited.contains("      - name: metrics\n        image: metrics:1\n        ports:\n        - name: m\n"
                             "          containerPort: 9090\n"),
             edited.constData());
    QVERIFY(edited.endsWith("status:\n  replicas: 3\n"));
    QCOMPARE(YamlConverter::toJson(edited).value(), patched.value());
}

void TestYamlConverter::conventionalOrderWithoutReference()
{
    const QJsonValue value = json(R"({"status":{"b":1},"spec":{"containers":[{"image":"x","name":"c"}]},
        "metadata":{"namespace":"ns","name":"a"},"kind":"Pod","apiVersion":"v1","data":{}})");
    QCOMPARE(YamlConverter::toYaml(value),
             "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  namespace: ns\n"
             "data: {}\nspec:\n  containers:\n  - name: c\n    image: x\nstatus:\n  b: 1\n"_ba);
}

// `kubectl get -o yaml` sorts keys at every level (Go marshals maps in key order): the editor shows that order.
void TestYamlConverter::alphabeticalOrderIsKubectls()
{
    const QJsonValue value = json(R"({"status":{"b":1},"spec":{"containers":[{"name":"c","image":"x"}]},
        "metadata":{"namespace":"ns","name":"a"},"kind":"Pod","apiVersion":"v1","data":{}})");
    QCOMPARE(YamlConverter::toYaml(value, KeyOrder::alphabetical()),
             "apiVersion: v1\ndata: {}\nkind: Pod\nmetadata:\n  name: a\n  namespace: ns\n"
             "spec:\n  containers:\n  - image: x\n    name: c\nstatus:\n  b: 1\n"_ba);
}

void TestYamlConverter::multiDocumentOutput()
{
    const QByteArray yaml = YamlConverter::toYaml(QList<QJsonValue> {json(R"({"a":1})"), json(R"({"b":2})")});
    QCOMPARE(yaml, "a: 1\n---\nb: 2\n"_ba);
    const auto documents = YamlConverter::parseDocuments(yaml);
    QCOMPARE(documents.size(), 2);
    QCOMPARE(documents.at(1)->line, 2);
}

QTEST_GUILESS_MAIN(TestYamlConverter)
#include "tst_yamlconverter.moc"
