#include "models/logs/loglineformatter.h"

#include <QTest>

using namespace binnacle;
using namespace Qt::StringLiterals;

class TestLogLineFormatter : public QObject
{
    Q_OBJECT

private slots:
    void plainTextAndItsLevel()
    {
        const auto line = LogLineFormatter::format("2026 [ERROR] payment declined");
        QCOMPARE(line.text, u"2026 [ERROR] payment declined"_s);
        QVERIFY(line.spans.isEmpty());
        QCOMPARE(line.level, LogLevel::Error);
        QCOMPARE(line.text.mid(line.levelStart, line.levelLength), u"ERROR"_s);
        QCOMPARE(LogLineFormatter::format("level=warn msg=slow").level, LogLevel::Warning);
        QCOMPARE(LogLineFormatter::format("information about the error").level, LogLevel::None);
        QCOMPARE(LogLineFormatter::format("[warn] disk").level, LogLevel::Warning);
    }

    void ansiColoursBecomeSpans()
    {
        const auto line = LogLineFormatter::format("a \x1b[1;31mred\x1b[0m b \x1b[38;5;196mx\x1b[38;2;1;2;3my\x1b[m");
        QCOMPARE(line.text, u"a red b xy"_s);
        QCOMPARE(line.spans.size(), 3);
        QCOMPARE(line.spans[0].start, 2);
        QCOMPARE(line.spans[0].length, 3);
        QVERIFY(line.spans[0].bold);
        QCOMPARE(line.spans[0].foreground, LogLineFormatter::xtermColor(1));
        QCOMPARE(line.spans[1].foreground, QColor(255, 0, 0)); // 196 in the cube
        QCOMPARE(line.spans[2].foreground, QColor(1, 2, 3));
    }

    void plainTextBetweenColouredRunsStays()
    {
        const auto line = LogLineFormatter::format("\x1b[33mWARN\x1b[0m \x1b[38;5;245mseq=10\x1b[0m \x1b[38;5;30mslow\x1b[0m");
        QCOMPARE(line.text, u"WARN seq=10 slow"_s);
        QCOMPARE(line.spans.size(), 3);
        QCOMPARE(line.spans[1].start, 5);
        QCOMPARE(line.spans[2].start, 12);
        QCOMPARE(line.spans[2].length, 4);
    }

    void otherEscapesAndControlsAreDropped()
    {
        const auto line = LogLineFormatter::format("\x1b]0;title\x07go\x1b[2Kne\rxt\x1b[?25l");
        QCOMPARE(line.text, u"gonext"_s);
        QVERIFY(line.spans.isEmpty());
    }

    void jsonLinesAreCompact()
    {
        const auto line = LogLineFormatter::format(R"({"level":"warn","msg":"slow query","ms":812,"table":"orders"})");
        QCOMPARE(line.text, u"WARN slow query ms=812 table=orders"_s);
        QCOMPARE(line.level, LogLevel::Warning);
        QCOMPARE(line.levelStart, 0);
        QCOMPARE(line.levelLength, 4);
        const auto raw = LogLineFormatter::format(R"({"level":"warn"})", {false});
        QCOMPARE(raw.text, uR"({"level":"warn"})"_s);
        QCOMPARE(LogLineFormatter::format("{not json}").text, u"{not json}"_s);
    }

    void xtermPalette()
    {
        QCOMPARE(LogLineFormatter::xtermColor(16), QColor(0, 0, 0));
        QCOMPARE(LogLineFormatter::xtermColor(231), QColor(255, 255, 255));
        QCOMPARE(LogLineFormatter::xtermColor(232), QColor(8, 8, 8));
        QCOMPARE(LogLineFormatter::xtermColor(9), QColor(255, 0, 0));
    }

    void sourceColoursAreStable()
    {
        QCOMPARE(logSourceColor(u"web-1/app").name(), u"#d62728"_s); // the same in every run
        QSet<QRgb> colours;
        for (int i = 0; i < 20; ++i)
            colours.insert(logSourceColor(u"pod-%1/app"_s.arg(i)).rgb());
        QVERIFY(colours.size() >= 6);
    }
};

QTEST_GUILESS_MAIN(TestLogLineFormatter)
#include "tst_loglineformatter.moc"
