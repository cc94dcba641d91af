#include "models/logs/logsearch.h"
#include "models/logs/logstore.h"

#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>

using namespace binnacle;
using namespace Qt::StringLiterals;

namespace {

LogBatch batchOf(const QList<QByteArray> &lines, qint64 firstTimestamp = 1)
{
    LogBatch batch;
    qint64 ts = firstTimestamp;
    for (const QByteArray &line : lines)
        batch.append(line, ts++);
    return batch;
}

QByteArray numbered(qint64 i)
{
    return "line " + QByteArray::number(i) + " " + QByteArray(80, 'x');
}

} // namespace

class TestLogStore : public QObject
{
    Q_OBJECT

private slots:
    void keepsLinesSourcesAndTimestamps()
    {
        LogStore store;
        store.append(batchOf({"first", "second"}, 100), 3);
        store.appendLine("pod web-1 deleted", 0, 4, LogStore::Marker);
        QCOMPARE(store.lineCount(), 3);
        QCOMPARE(store.text(0), "first");
        QCOMPARE(store.text(1), "second");
        QCOMPARE(store.timestampNs(1), 101);
        QCOMPARE(store.source(0), quint16(3));
        QCOMPARE(store.flags(2), quint8(LogStore::Marker));
        QCOMPARE(store.longestLine(), qsizetype(17));
    }

    void linesSpanManyBlocks()
    {
        LogStore store;
        const qint64 count = 40000; // ~3.6 MB: four blocks
        for (qint64 i = 0; i < count; i += 1000) {
            LogBatch batch;
            for (qint64 j = i; j < i + 1000; ++j)
                batch.append(numbered(j), j);
            store.append(batch, 0);
        }
        QCOMPARE(store.lineCount(), count);
        for (const qint64 i : {qint64(0), qint64(11111), qint64(23456), count - 1})
            QCOMPARE(store.text(i), numbered(i));
        QCOMPARE(store.droppedLines(), 0);
    }

    void budgetDropsTheOldestBlocksAndCountsThem()
    {
        const qsizetype budget = qsizetype(16) << 20;
        LogStore store(budget);
        qint64 appended = 0;
        for (int round = 0; round < 400; ++round) { // ~36 MB streamed through a 16 MB budget
            LogBatch batch;
            for (int j = 0; j < 1000; ++j, ++appended)
                batch.append(numbered(appended), appended);
            store.append(batch, 0);
            QVERIFY2(store.bytesUsed() <= budget + LogBlock::Capacity / 4,
                     qPrintable(u"%1 bytes held"_s.arg(store.bytesUsed())));
        }
        QVERIFY(store.droppedLines() > 0);
        QCOMPARE(store.firstLine(), store.droppedLines());
        QCOMPARE(store.endLine(), appended);
        QCOMPARE(store.text(store.firstLine()), numbered(store.firstLine()));
        QCOMPARE(store.text(appended - 1), numbered(appended - 1));
        // What is held is mostly text: the per-line bookkeeping stays small.
        qint64 textBytes = 0;
        for (qint64 i = store.firstLine(); i < store.endLine(); ++i)
            textBytes += store.text(i).size();
        QVERIFY2(double(store.bytesUsed()) / double(textBytes) < 1.3,
                 qPrintable(u"%1 held for %2 bytes of text"_s.arg(store.bytesUsed()).arg(textBytes)));
    }

    void clearKeepsNumbering()
    {
        LogStore store;
        store.append(batchOf({"a", "b"}), 0);
        store.clear();
        QCOMPARE(store.lineCount(), 0);
        QCOMPARE(store.droppedLines(), 0);
        store.append(batchOf({"c"}), 0);
        QCOMPARE(store.firstLine(), 2);
        QCOMPARE(store.text(2), "c");
    }

    void snapshotIsUnaffectedByLaterAppends()
    {
        LogStore store;
        store.append(batchOf({"one", "two"}), 0);
        const LogStoreSnapshot snapshot = store.snapshot();
        store.append(batchOf({"three"}), 0);
        QCOMPARE(snapshot.endLine, 2);
        QCOMPARE(snapshot.blocks.size(), size_t(1));
        QCOMPARE(snapshot.blocks.front()->lineCount(), 2);
        QCOMPARE(snapshot.blocks.front()->line(1), "two");
    }

    void searchCountsMatchesPerLineNotAcrossLines()
    {
        LogStore store;
        // "ab" glued across the end of "xa" and the start of "bx" must not count.
        store.append(batchOf({"xa", "bx", "abab", "AB cab", "none"}), 0);
        LogSearch search(store);
        QSignalSpy results(&search, &LogSearch::resultsChanged);
        search.setQuery({u"ab"_s, false, false});
        QTRY_VERIFY(!search.isScanning());
        QCOMPARE(search.matchingLineCount(), 2);
        QCOMPARE(search.matchingLine(0), 2);
        QCOMPARE(search.matchingLine(1), 3);
        QCOMPARE(search.matchCount(), 4);

        search.setQuery({u"AB"_s, false, true});
        QTRY_VERIFY(!search.isScanning());
        QCOMPARE(search.matchCount(), 1);
        QCOMPARE(search.matchingLine(0), 3);
    }

    void searchFollowsAppendsAndDrops()
    {
        LogStore store(qsizetype(2) << 20);
        LogSearch search(store);
        search.setQuery({u"needle"_s, false, false});
        QTRY_VERIFY(!search.isScanning());
        qint64 expected = 0;
        for (int round = 0; round < 60; ++round) {
            LogBatch batch;
            for (int j = 0; j < 1000; ++j) {
                const bool hit = j % 7 == 0;
                batch.append(hit ? "a NEEDLE in " + numbered(j) : numbered(j), 0);
            }
            store.append(batch, 0);
            search.storeChanged();
        }
        for (qint64 line = store.firstLine(); line < store.endLine(); ++line)
            expected += store.text(line).contains("NEEDLE") ? 1 : 0;
        QVERIFY(store.droppedLines() > 0);
        QCOMPARE(search.matchingLineCount(), expected);
        QCOMPARE(search.matchCount(), expected);
        QVERIFY(search.matchingLine(0) >= store.firstLine());
    }

    void linesArrivingDuringTheScanAreFound()
    {
        LogStore store;
        LogBatch big;
        for (int i = 0; i < 200000; ++i)
            big.append(i % 1000 == 0 ? "hit " + numbered(i) : numbered(i), 0);
        store.append(big, 0);
        LogSearch search(store);
        search.setQuery({u"hit"_s, false, false});
        QVERIFY(search.isScanning());
        store.append(batchOf({"a late hit"}), 0); // before the worker's answer is delivered
        search.storeChanged();
        QTRY_VERIFY(!search.isScanning());
        QCOMPARE(search.matchingLineCount(), 201);
        QCOMPARE(search.matchingLine(200), store.endLine() - 1);
    }

    void regexSearchAndItsErrors()
    {
        LogStore store;
        store.append(batchOf({"code=500 path=/a", "code=200", "code=503"}), 0);
        LogSearch search(store);
        search.setQuery({u"code=5\\d\\d"_s, true, false});
        QTRY_VERIFY(!search.isScanning());
        QCOMPARE(search.matchingLineCount(), 2);
        search.setQuery({u"code=(5"_s, true, false});
        QVERIFY(!search.isActive());
        QVERIFY(!search.matcher().errorString().isEmpty());
    }

    void filteredRowsMapToLines()
    {
        LogStore store;
        store.append(batchOf({"m0", "x1", "x2", "m3", "x4", "m5"}), 0);
        LogSearch search(store);
        search.setQuery({u"m"_s, false, true});
        QTRY_VERIFY(!search.isScanning());
        QCOMPARE(search.filteredRowCount(false), 3);
        QCOMPARE(search.filteredLine(1, false), 3);
        QCOMPARE(search.filteredRowCount(true), 3);
        QCOMPARE(search.filteredLine(0, true), 1);
        QCOMPARE(search.filteredLine(1, true), 2);
        QCOMPARE(search.filteredLine(2, true), 4);
        QCOMPARE(search.filteredRowOf(4, true), 2);
        QCOMPARE(search.filteredRowOf(4, false), 2);
    }

    void destroyingTheSearchDuringAScanIsSafe()
    {
        LogStore store;
        LogBatch big;
        for (int i = 0; i < 100000; ++i)
            big.append(numbered(i), 0);
        store.append(big, 0);
        {
            LogSearch search(store);
            search.setQuery({u"line"_s, false, false});
        }
        QThreadPool::globalInstance()->waitForDone();
        QCoreApplication::processEvents(); // the worker's answer, posted to a search that is gone, is dropped
    }
};

QTEST_GUILESS_MAIN(TestLogStore)
#include "tst_logstore.moc"
