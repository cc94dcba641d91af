// The reflector's back-off: exponential to a cap, with jitter that the cap never clips (clipping would make every
// informer that failed in an outage retry in the same second).

#include "client/watch/backoff.h"

#include <QTest>

#include <algorithm>

using namespace binnacle;

class BackoffTest : public QObject
{
    Q_OBJECT

private slots:
    void doublesFromTheFirstDelayToTheCap()
    {
        Backoff backoff([] { return 0.0; }); // no jitter: the bare delays
        QList<int> delays;
        for (int i = 0; i < 8; ++i)
            delays << backoff.next();
        QCOMPARE(delays, (QList<int> {800, 1600, 3200, 6400, 12800, 25600, 30000, 30000}));
        backoff.reset();
        QCOMPARE(backoff.next(), 800);
        backoff.saturate();
        QCOMPARE(backoff.next(), 30000);
    }

    void jitterAddsUpToHalfAboveTheCap()
    {
        Backoff highest([] { return 0.999999; });
        for (int i = 0; i < 10; ++i)
            highest.next();
        QVERIFY2(highest.next() > 44000, "the jitter above the cap was clipped");

        // With real randomness, 200 informers at the cap spread over [30 s, 45 s), not one second.
        QList<int> atCap;
        for (int informer = 0; informer < 200; ++informer) {
            Backoff backoff;
            backoff.saturate();
            atCap << backoff.next();
        }
        const auto [lowest, largest] = std::minmax_element(atCap.cbegin(), atCap.cend());
        QVERIFY(*lowest >= 30000);
        QVERIFY(*largest < 45000);
        QVERIFY2(*largest - *lowest > 10000, qPrintable(QString::number(*largest - *lowest)));
    }
};

QTEST_GUILESS_MAIN(BackoffTest)
#include "tst_backoff.moc"
