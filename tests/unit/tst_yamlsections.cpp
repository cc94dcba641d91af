// The editor's entry-by-entry YAML reading gives exactly what YamlConverter::toJson gives, value or error (message,
// line, column): on hand-picked traps (aliases across entries, merge keys, duplicates, documents, multi-line
// scalars) and on hundreds of random one-line edits of a large text, read one after the other as an editor would,
// so that what it remembers from one text is put to the test on the next.

#include "client/document/yamlconverter.h"
#include "models/edit/yamlsections.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

// A large object as the editor shows it: a ConfigMap-like data section of embedded files and a Deployment-like spec.
QByteArray bigText()
{
    QJsonObject data;
    for (int file = 0; file < 10; ++file) {
        QString content;
        for (int i = 0; i < (file == 0 ? 1200 : 400); ++i) // file 0 is bigger than an entry read whole
            content += u"line %1 of file %2: setting=%3\n"_s.arg(i).arg(file).arg(i * file);
        data.insert(u"file-%1.conf"_s.arg(file), content);
    }
    QJsonArray containers;
    for (int c = 0; c < 3; ++c) {
        containers.append(
            QJsonObject {{u"name"_s, u"c%1"_s.arg(c)},
                         {u"image"_s, u"nginx:1.%1"_s.arg(c)},
                         {u"args"_s, QJsonArray {u"--a"_s, u"--b=1"_s}},
                         {u"env"_s, QJsonArray {QJsonObject {{u"name"_s, u"A"_s}, {u"value"_s, u"yes"_s}}}}});
    }
    QJsonObject labels;
    for (int i = 0; i < 300; ++i)
        labels.insert(u"label-%1"_s.arg(i), u"value-%1"_s.arg(i));
    const QJsonObject object {
        {u"apiVersion"_s, u"v1"_s},
        {u"kind"_s, u"ConfigMap"_s},
        {u"metadata"_s, QJsonObject {{u"name"_s, u"big"_s}, {u"labels"_s, labels}}},
        {u"data"_s, data},
        {u"spec"_s, QJsonObject {{u"replicas"_s, 3}, {u"containers"_s, containers}}},
    };
    return YamlConverter::toYaml(object, KeyOrder::alphabetical());
}

// Enough text for the split reading to be used.
QByteArray padding()
{
    QByteArray text = "padding:\n";
    for (int i = 0; i < 40; ++i)
        text += "  entry-" + QByteArray::number(i) + ": |\n"
            + QByteArray("    some text that fills the entry\n").repeated(40);
    return text;
}

QString describe(const Result<QJsonValue> &result)
{
    if (!result)
        return u"error %1:%2 %3"_s.arg(result.error().line())
            .arg(result.error().column())
            .arg(result.error().message());
    return u"value"_s;
}

// The same outcome as YamlConverter's.
bool same(YamlSections &sections, const QByteArray &text, QString *why = nullptr)
{
    const Result<QJsonValue> expected = YamlConverter::toJson(text);
    const Result<QJsonValue> actual = sections.toJson(text);
    bool equal = expected.ok() == actual.ok();
    if (equal && expected.ok())
        equal = expected.value() == actual.value();
    if (equal && !expected.ok()) {
        equal = expected.error().message() == actual.error().message()
            && expected.error().line() == actual.error().line() && expected.error().column() == actual.error().column();
    }
    if (!equal && why)
        *why = u"expected %1, got %2"_s.arg(describe(expected), describe(actual));
    return equal;
}

} // namespace

class YamlSectionsTest : public QObject
{
    Q_OBJECT

private slots:
    void sameAsYamlConverter_data()
    {
        QTest::addColumn<QByteArray>("text");
        const QByteArray pad = padding();
        const auto with = [&pad](const char *from, const char *to) { return QByteArray(pad).replace(from, to); };
        const auto row = [](const char *name, const QByteArray &text) { QTest::newRow(name) << text; };
        row("big object", QByteArray(bigText()));
        row("alias across entries", QByteArray("a: &x {k: v}\n" + pad + "z: *x\n"));
        row("alias across children", QByteArray("a:\n  b: &x [1, 2]\n" + with("padding:\n", "") + "  z: *x\n"));
        row("merge key", QByteArray("<<: {m: 1}\nm: 2\n" + pad));
        row("merge key in a child", QByteArray(pad + "x:\n  <<: {m: 1}\n  n: 2\n"));
        row("duplicate top key", QByteArray("a: 1\n" + pad + "a: 2\n"));
        row("duplicate child key", QByteArray(pad + "  entry-3: again\n"));
        row("syntax error late", QByteArray(pad + "b: [1, 2\n"));
        row("syntax error in a child", QByteArray(pad + "c:\n  d: {e: 1\n  f: 2\n"));
        row("top level list", QByteArray("- a\n" + with("padding:\n", "- x:\n")));
        row("document marker", QByteArray("---\n" + pad));
        row("two documents", QByteArray(pad + "---\nb: 1\n"));
        row("multi-line plain", QByteArray(pad + "m: one\n  two\n  three\n"));
        row("multi-line quoted", QByteArray(pad + "q: \"one\n  two: x\"\n"));
        row("flow across lines", QByteArray(pad + "f: {a: 1,\n  b: 2}\n"));
        row("plain continuation at the key's column", QByteArray(pad + "m: one\ntwo\n"));
        row("yes as a split key", QByteArray(with("padding:", "yes:")));
        row("quoted split key", QByteArray(with("padding:", "'a b':")));
        row("comments between children", QByteArray(with("  entry-5:", "# a comment\n  # another\n  entry-5:")));
        row("keep chomping before the next key", QByteArray(pad + "k: |+\n  text\n\n\nl: 1\n"));
        row("list items at the key's column", QByteArray(pad + "items:\n- a\n- b: 1\n  c: 2\nafter: 1\n"));
        row("tab indentation", QByteArray(pad + "t:\n\tx: 1\n"));
        row("anchor on a split value", QByteArray(with("padding:", "padding: &p") + "copy: *p\n"));
        row("explicit key", QByteArray(pad + "? complex\n: value\n"));
        row("byte order mark", QByteArray("\xEF\xBB\xBF" + pad));
        row("value on the split header", QByteArray(with("padding:", "padding: # comment")));
        row("tag", QByteArray(pad + "bin: !!binary aGVsbG8=\n"));
        row("CRLF", QByteArray(with("\n", "\r\n")));
        row("not a mapping at all", QByteArray(QByteArray("just text\n").repeated(5000)));
    }
    void sameAsYamlConverter()
    {
        QFETCH(QByteArray, text);
        QVERIFY(text.size() > YamlSections::SplitAbove || QTest::currentDataTag() == "big object"_ba);
        YamlSections sections;
        QString why;
        QVERIFY2(same(sections, text, &why), qPrintable(why));
        QVERIFY2(same(sections, text, &why), qPrintable(u"again: "_s + why)); // now from what it remembers
    }

    // An editor's session: random one-line edits, each on the text the previous one left (broken texts included),
    // read by one instance throughout.
    void randomEditsInSequence()
    {
        const QByteArray original = bigText();
        QVERIFY(original.size() > 3 * YamlSections::SplitAbove);
        YamlSections sections;
        QRandomGenerator random(20261202);
        QList<QByteArray> lines = original.split('\n');
        const QList<QByteArray> inserts {"&a ", "*a",  "- ", "? ", "<<: ", "# ",         "\"",     "'", "{",
                                         "[",   ": x", "  ", "\t", "---",  "key: value", "yes: 1", "|", ">-"};
        int errors = 0;
        for (int step = 0; step < 400; ++step) {
            // Every 50 steps, back to a valid text, so that errors do not pile up.
            if (step % 50 == 0)
                lines = original.split('\n');
            const int at = random.bounded(int(lines.size()));
            switch (random.bounded(6)) {
            case 0:
                lines.removeAt(at);
                break;
            case 1:
                lines.insert(at, lines.at(random.bounded(int(lines.size()))));
                break;
            case 2:
                lines[at].prepend(' ');
                break;
            case 3:
                if (lines[at].startsWith(' '))
                    lines[at].remove(0, 1);
                break;
            case 4: {
                const QByteArray &insert = inserts.at(random.bounded(int(inserts.size())));
                const qsizetype indent = lines[at].size() - QByteArray(lines[at]).trimmed().size();
                lines[at].insert(std::max<qsizetype>(0, std::min(indent, lines[at].size())), insert);
                break;
            }
            default:
                lines[at] += " changed";
                break;
            }
            const QByteArray text = lines.join('\n');
            QString why;
            QVERIFY2(same(sections, text, &why), qPrintable(u"step %1: %2"_s.arg(step).arg(why)));
            if (!YamlConverter::toJson(text).ok())
                ++errors;
        }
        // The walk went through broken texts and valid ones.
        QVERIFY(errors > 20);
        QVERIFY(errors < 380);
    }
};

QTEST_GUILESS_MAIN(YamlSectionsTest)
#include "tst_yamlsections.moc"
