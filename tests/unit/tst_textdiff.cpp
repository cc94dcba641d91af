// The line diff of the review before apply: the unified text is what `diff -u` prints (checked against GNU diff
// itself where it is installed), and a side by side view pairs each removed line with the line that replaced it.

#include "models/edit/textdiff.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

using Kind = TextDiff::Line::Kind;

QString numbered(int from, int to, const QString &prefix = u"line"_s)
{
    QString text;
    for (int i = from; i <= to; ++i)
        text += prefix + QString::number(i) + u'\n';
    return text;
}

// A short spelling of a side by side view: "=" same, "-" removed, "+" added, "~" a removed line facing an added
// one, "…N" N folded lines.
QString shape(const QList<TextDiff::Row> &rows)
{
    QStringList out;
    for (const TextDiff::Row &row : rows) {
        if (row.folded > 0)
            out += u"…"_s + QString::number(row.folded);
        else if (row.left.kind == Kind::Same)
            out += u"="_s;
        else if (row.left.oldLine > 0 && row.right.newLine > 0)
            out += u"~"_s;
        else if (row.left.oldLine > 0)
            out += u"-"_s;
        else
            out += u"+"_s;
    }
    return out.join(u' ');
}

} // namespace

class TextDiffTest : public QObject
{
    Q_OBJECT

private slots:
    void unified_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::addColumn<int>("context");
        QTest::addColumn<QString>("expected");

        QTest::newRow("one line changed")
            << numbered(1, 10) << numbered(1, 10).replace(u"line5\n"_s, u"LINE5\n"_s) << 3
            << u"--- a\n+++ b\n@@ -2,7 +2,7 @@\n line2\n line3\n line4\n-line5\n+LINE5\n line6\n line7\n line8\n"_s;
        QTest::newRow("added at the start") << numbered(1, 5) << u"new\n"_s + numbered(1, 5) << 2
                                            << u"--- a\n+++ b\n@@ -1,2 +1,3 @@\n+new\n line1\n line2\n"_s;
        QTest::newRow("removed at the end")
            << numbered(1, 5) << numbered(1, 4) << 1 << u"--- a\n+++ b\n@@ -4,2 +4 @@\n line4\n-line5\n"_s;
        QTest::newRow("two hunks")
            << numbered(1, 20)
            << numbered(1, 20).replace(u"line2\n"_s, u"two\n"_s).replace(u"line18\n"_s, u"eighteen\n"_s) << 3
            << u"--- a\n+++ b\n@@ -1,5 +1,5 @@\n line1\n-line2\n+two\n line3\n line4\n line5\n"
               "@@ -15,6 +15,6 @@\n line15\n line16\n line17\n-line18\n+eighteen\n line19\n line20\n"_s;
        // Changes 2 * context lines apart share one hunk.
        QTest::newRow("close changes join")
            << numbered(1, 12) << numbered(1, 12).replace(u"line3\n"_s, u"x\n"_s).replace(u"line8\n"_s, u"y\n"_s) << 2
            << u"--- a\n+++ b\n@@ -1,10 +1,10 @@\n line1\n line2\n-line3\n+x\n line4\n line5\n line6\n line7\n-line8\n"
               "+y\n line9\n line10\n"_s;
        QTest::newRow("from empty") << QString() << u"a\nb\n"_s << 3 << u"--- a\n+++ b\n@@ -0,0 +1,2 @@\n+a\n+b\n"_s;
        QTest::newRow("to empty") << u"a\nb\n"_s << QString() << 3 << u"--- a\n+++ b\n@@ -1,2 +0,0 @@\n-a\n-b\n"_s;
        QTest::newRow("no change") << numbered(1, 5) << numbered(1, 5) << 3 << QString();
        QTest::newRow("a block replaced") << u"a\nb\nc\nd\n"_s << u"a\nX\nY\nZ\nd\n"_s << 1
                                          << u"--- a\n+++ b\n@@ -1,4 +1,5 @@\n a\n-b\n-c\n+X\n+Y\n+Z\n d\n"_s;
    }
    void unified()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        QFETCH(int, context);
        QFETCH(QString, expected);
        const TextDiff diff = TextDiff::compute(before, after);
        QCOMPARE(diff.unified(u"a"_s, u"b"_s, context), expected);
        QCOMPARE(diff.isEmpty(), expected.isEmpty());
    }

    // The same texts through GNU diff: the hunks must be its hunks (headers without their timestamps).
    void unifiedIsGnuDiffs()
    {
        const QString diffTool = QStandardPaths::findExecutable(u"diff"_s);
        if (diffTool.isEmpty())
            QSKIP("GNU diff is not installed");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // A YAML-like text with edits spread over it: changed, inserted and removed lines.
        QString before;
        for (int i = 0; i < 400; ++i)
            before += u"  key%1: value%2\n"_s.arg(i).arg(i % 7);
        QStringList lines = before.split(u'\n');
        lines.removeLast();
        lines[10] = u"  key10: changed"_s;
        lines.insert(50, u"  inserted: here"_s);
        lines.removeAt(200);
        lines.removeAt(200);
        lines[201] = u"  key203: also"_s;
        lines.insert(390, u"  near: end"_s);
        const QString after = lines.join(u'\n') + u'\n';
        const auto write = [&dir](const QString &name, const QString &text) {
            QFile file(dir.filePath(name));
            return file.open(QIODevice::WriteOnly) && file.write(text.toUtf8()) >= 0;
        };
        QVERIFY(write(u"a"_s, before));
        QVERIFY(write(u"b"_s, after));
        QProcess gnu;
        gnu.setWorkingDirectory(dir.path());
        gnu.start(diffTool, {u"-u"_s, u"--label"_s, u"a"_s, u"--label"_s, u"b"_s, u"a"_s, u"b"_s});
        QVERIFY(gnu.waitForFinished());
        QCOMPARE(gnu.exitCode(), 1);
        QCOMPARE(TextDiff::compute(before, after).unified(u"a"_s, u"b"_s),
                 QString::fromUtf8(gnu.readAllStandardOutput()));
    }

    void counts()
    {
        const TextDiff diff = TextDiff::compute(u"a\nb\nc\n"_s, u"a\nB\nc\nd\ne\n"_s);
        QCOMPARE(diff.added(), 3);
        QCOMPARE(diff.removed(), 1);
        QVERIFY(!diff.isEmpty());
        // Every line has its numbers: old for same and removed, new for same and added.
        for (const TextDiff::Line &line : diff.lines()) {
            QCOMPARE(line.oldLine > 0, line.kind != Kind::Added);
            QCOMPARE(line.newLine > 0, line.kind != Kind::Removed);
        }
        QCOMPARE(diff.lines().at(1).text, u"b"_s);
        QCOMPARE(diff.lines().at(1).kind, Kind::Removed);
        QCOMPARE(diff.lines().at(2).text, u"B"_s);
        QCOMPARE(diff.lines().at(2).newLine, 2);
    }

    void sideBySide_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::addColumn<int>("context");
        QTest::addColumn<QString>("shape");

        QTest::newRow("changed line faces its replacement") << u"a\nb\nc\n"_s << u"a\nB\nc\n"_s << 3 << u"= ~ ="_s;
        QTest::newRow("more removed than added") << u"a\nb\nc\nd\n"_s << u"a\nX\nd\n"_s << 3 << u"= ~ - ="_s;
        QTest::newRow("more added than removed") << u"a\nb\nd\n"_s << u"a\nX\nY\nZ\nd\n"_s << 3 << u"= ~ + + ="_s;
        QTest::newRow("pure addition") << u"a\nb\n"_s << u"a\nnew\nb\n"_s << 3 << u"= + ="_s;
        QTest::newRow("pure removal") << u"a\nb\nc\n"_s << u"a\nc\n"_s << 3 << u"= - ="_s;
        QTest::newRow("long runs fold") << numbered(
            1, 30) << numbered(1, 30).replace(u"line3\n"_s, u"x\n"_s).replace(u"line25\n"_s, u"y\n"_s)
                                        << 2 << u"= = ~ = = …17 = = ~ = = …3"_s;
        QTest::newRow("a run of exactly 2 * context stays")
            << numbered(1, 10) << numbered(1, 10).replace(u"line3\n"_s, u"x\n"_s).replace(u"line8\n"_s, u"y\n"_s) << 2
            << u"= = ~ = = = = ~ = ="_s;
        QTest::newRow("leading and trailing runs keep context")
            << numbered(1, 20) << numbered(1, 20).replace(u"line10\n"_s, u"x\n"_s) << 1 << u"…8 = ~ = …9"_s;
        QTest::newRow("no change folds whole") << numbered(1, 20) << numbered(1, 20) << 3 << u"…20"_s;
    }
    void sideBySide()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        QFETCH(int, context);
        QFETCH(QString, shape);
        const QList<TextDiff::Row> rows = TextDiff::compute(before, after).sideBySide(context);
        QCOMPARE(::shape(rows), shape);
    }

    void sideBySideRowsCarryLinesAndNumbers()
    {
        const QList<TextDiff::Row> rows
            = TextDiff::compute(numbered(1, 20), numbered(1, 20).replace(u"line10\n"_s, u"x\n"_s)).sideBySide(1);
        QCOMPARE(rows.size(), 5);
        QCOMPARE(rows.at(0).folded, 8);
        QCOMPARE(rows.at(0).left.oldLine, 1); // where the folded lines start
        QCOMPARE(rows.at(2).left.text, u"line10"_s);
        QCOMPARE(rows.at(2).left.oldLine, 10);
        QCOMPARE(rows.at(2).right.text, u"x"_s);
        QCOMPARE(rows.at(2).right.newLine, 10);
        QCOMPARE(rows.at(3).left.oldLine, 11);
        QCOMPARE(rows.at(3).right.newLine, 11);
        QCOMPARE(rows.at(4).folded, 9);
    }
};

QTEST_GUILESS_MAIN(TextDiffTest)
#include "tst_textdiff.moc"
