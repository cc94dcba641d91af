// Log bytes into lines: lines cut by the network are joined, the timestamp prefix `timestamps=true` adds is parsed to
// nanoseconds and stripped, and a last line without newline comes out at the end of the stream.

#include "client/logs/loglinesplitter.h"

#include <QDateTime>
#include <QTest>

using namespace binnacle;

namespace {

QList<QByteArray> linesOf(const LogBatch &batch)
{
    QList<QByteArray> lines;
    for (qsizetype i = 0; i < batch.lineCount(); ++i)
        lines << batch.line(i).toByteArray();
    return lines;
}

qint64 nanosOf(const char *iso, qint64 fractionNs)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch() * 1000000 + fractionNs;
}

} // namespace

class LogLineSplitterTest : public QObject
{
    Q_OBJECT

private slots:
    void joinsLinesCutAnywhere()
    {
        const QByteArray stream = "2026-11-22T19:50:21.123456789Z first line\n"
                                  "2026-11-22T19:50:22.5Z second\n"
                                  "2026-11-22T19:50:23Z third\n";
        // Every cut point of the stream in two, and byte by byte: the same lines each time.
        for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
            LogLineSplitter splitter;
            LogBatch batch;
            splitter.feed(QByteArrayView(stream).first(cut), batch);
            splitter.feed(QByteArrayView(stream).sliced(cut), batch);
            splitter.finish(batch);
            QCOMPARE(linesOf(batch), (QList<QByteArray> {"first line", "second", "third"}));
        }
        LogLineSplitter splitter;
        LogBatch batch;
        for (const char c : stream)
            splitter.feed(QByteArrayView(&c, 1), batch);
        QCOMPARE(splitter.pendingBytes(), 0);
        QCOMPARE(batch.lineCount(), 3);
        QCOMPARE(batch.timestampsNs,
                 (QList<qint64> {nanosOf("2026-11-22T19:50:21Z", 123456789), nanosOf("2026-11-22T19:50:22Z", 500000000),
                                 nanosOf("2026-11-22T19:50:23Z", 0)}));
    }

    void parsesTimestampsAcrossDatesAndZones()
    {
        LogLineSplitter splitter;
        LogBatch batch;
        splitter.feed("2026-11-22T23:59:59.999999999Z a\n" // the cached date...
                      "2026-11-23T00:00:00.000000001Z b\n" // ...changes
                      "2026-11-23T02:00:00.1+02:00 c\n" // an offset: the same instant as 00:00:00.1Z
                      "1969-12-31T23:59:59.5Z d\n" // before the epoch
                      "2024-02-29T12:00:00Z e\n", // a leap day
                      batch);
        QCOMPARE(linesOf(batch), (QList<QByteArray> {"a", "b", "c", "d", "e"}));
        QCOMPARE(batch.timestampsNs[0], nanosOf("2026-11-22T23:59:59Z", 999999999));
        QCOMPARE(batch.timestampsNs[1], nanosOf("2026-11-23T00:00:00Z", 1));
        QCOMPARE(batch.timestampsNs[2], nanosOf("2026-11-23T00:00:00Z", 100000000));
        QCOMPARE(batch.timestampsNs[3], qint64(-500000000));
        QCOMPARE(batch.timestampsNs[4], nanosOf("2024-02-29T12:00:00Z", 0));
    }

    void keepsLinesWithoutAPrefixWhole()
    {
        LogLineSplitter splitter;
        LogBatch batch;
        splitter.feed("no timestamp here\n"
                      "2026-11-22T19:50:21Z\n" // no space after it: not a prefix
                      "2026-13-22T19:50:21Z bad month\n"
                      "2026-11-22T19:50:21.1234567890Z ten digits\n"
                      "2026-11-22T19:50:21.Z empty fraction\n"
                      "\n"
                      "2026-11-22T19:50:21Z \n", // a prefix and an empty line
                      batch);
        QCOMPARE(linesOf(batch),
                 (QList<QByteArray> {"no timestamp here", "2026-11-22T19:50:21Z", "2026-13-22T19:50:21Z bad month",
                                     "2026-11-22T19:50:21.1234567890Z ten digits",
                                     "2026-11-22T19:50:21.Z empty fraction", "", ""}));
        QCOMPARE(batch.timestampsNs, (QList<qint64> {0, 0, 0, 0, 0, 0, nanosOf("2026-11-22T19:50:21Z", 0)}));
    }

    void finishFlushesALastLineWithoutNewline()
    {
        LogLineSplitter splitter;
        LogBatch batch;
        splitter.feed("2026-11-22T19:50:21Z one\n2026-11-22T19:50:22Z tw", batch);
        QCOMPARE(batch.lineCount(), 1);
        QVERIFY(splitter.pendingBytes() > 0);
        splitter.feed("o", batch);
        splitter.finish(batch);
        QCOMPARE(linesOf(batch), (QList<QByteArray> {"one", "two"}));
        QCOMPARE(batch.timestampsNs[1], nanosOf("2026-11-22T19:50:22Z", 0));
        splitter.finish(batch); // nothing more
        QCOMPARE(batch.lineCount(), 2);
    }

    void cutsOverlongLines()
    {
        LogLineSplitter splitter(40);
        LogBatch batch;
        const QByteArray body(100, 'x');
        splitter.feed(QByteArray("2026-11-22T19:50:21Z " + body.left(50)), batch);
        splitter.feed(QByteArray(body.mid(50) + "\nnext\n"), batch);
        // What waits for its newline is cut at 40 bytes (the prefix and 19 of text); the rest continues as a line of
        // its own once its newline comes (a chunk bounds it).
        QCOMPARE(linesOf(batch), (QList<QByteArray> {body.left(19), body.mid(19), "next"}));
        for (qsizetype i = 0; i + 1 < batch.lineCount(); ++i)
            QCOMPARE(batch.timestampsNs[i], nanosOf("2026-11-22T19:50:21Z", 0));
        QCOMPARE(batch.timestampsNs.last(), 0);
    }

    void formatsWhatItParses()
    {
        LogLineSplitter splitter;
        for (const qint64 ns : {qint64(0), qint64(1), qint64(-1), nanosOf("2026-11-22T19:50:21Z", 123456789),
                                nanosOf("2000-02-29T00:00:00Z", 5), qint64(-86400) * 1000000000 * 365}) {
            const QByteArray text = LogLineSplitter::formatTimestamp(ns);
            QCOMPARE(text.size(), 30);
            const auto parsed = splitter.parsePrefix(QByteArray(text + " x"));
            QVERIFY2(parsed, text.constData());
            QCOMPARE(parsed->nanoseconds, ns);
            QCOMPARE(parsed->prefixLength, 31);
        }
        QCOMPARE(LogLineSplitter::formatTimestamp(nanosOf("2026-11-22T19:50:21Z", 123000000)),
                 QByteArray("2026-11-22T19:50:21.123000000Z"));
    }
};

QTEST_GUILESS_MAIN(LogLineSplitterTest)
#include "tst_loglinesplitter.moc"
