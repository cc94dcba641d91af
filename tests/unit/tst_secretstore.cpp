// SecretStore is shared by the GUI thread and every cluster worker. Callers on several threads at once must each
// get their own answers, on their own thread, with no cross-thread QObject misuse (Qt warns about it: such a
// warning fails these tests). Runs against the real Secret Service when there is one (./dev.sh test starts
// gnome-keyring in a D-Bus session) and in memory-only mode always.

#include "client/auth/secretstore.h"

#include <QDateTime>
#include <QEventLoop>
#include <QRegularExpression>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

// Writes, reads back and removes its own keys one after the other, from the thread it lives on.
class Asker final : public QObject
{
    Q_OBJECT

public:
    Asker(SecretStore *store, QString prefix, int rounds)
        : m_store(store)
        , m_prefix(std::move(prefix))
        , m_rounds(rounds)
    { }

    void start() { next(); }

    std::atomic<int> completed = 0;
    std::atomic<int> wrongThread = 0;
    std::atomic<int> wrongValue = 0;
    std::atomic<bool> finished = false;
    QStringList errors; // read once `finished`

signals:
    void allDone();

private:
    void check(const QString &what, bool ok)
    {
        if (QThread::currentThread() != thread())
            ++wrongThread;
        if (!ok) {
            ++wrongValue;
            errors.append(what);
        }
    }

    void next()
    {
        if (completed == m_rounds) {
            finished = true;
            emit allDone();
            return;
        }
        const QString key = m_prefix + QString::number(completed);
        const QByteArray value = "secret of " + key.toUtf8();
        m_store->write(key, value, this, [this, key, value](const Status &written) {
            check(u"write "_s + key, written.ok());
            m_store->read(key, this, [this, key, value](const Result<QByteArray> &read) {
                check(u"read "_s + key, read.ok() && read.value() == value);
                m_store->remove(key, this, [this, key](const Status &removed) {
                    check(u"remove "_s + key, removed.ok());
                    m_store->read(key, this, [this, key](const Result<QByteArray> &gone) {
                        check(u"read removed "_s + key, !gone.ok() && SecretStore::isNotFound(gone.error()));
                        ++completed;
                        next();
                    });
                });
            });
        });
    }

    SecretStore *m_store;
    QString m_prefix;
    int m_rounds;
};

} // namespace

class SecretStoreTest : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        // "QObject: Cannot create children for a parent that is in a different thread", timers or socket
        // notifiers "from another thread"...: any such warning means the store is used unsafely.
        QTest::failOnWarning(QRegularExpression(u"thread"_s, QRegularExpression::CaseInsensitiveOption));
    }

    void workersAndTheGuiThreadShareOneStore_data()
    {
        QTest::addColumn<bool>("memoryOnly");
        QTest::newRow("keychain") << false;
        QTest::newRow("memory only") << true;
    }

    void workersAndTheGuiThreadShareOneStore()
    {
        QFETCH(bool, memoryOnly);
        const QString service = u"BinnacleTestThreads-"_s + QString::number(QDateTime::currentMSecsSinceEpoch());
        SecretStore store(service); // on the GUI thread, as in the application
        if (memoryOnly)
            store.useMemoryOnly(u"test"_s);
        const int rounds = memoryOnly ? 300 : 10;

        QThread first;
        QThread second;
        Asker onFirst(&store, u"first-"_s, rounds);
        Asker onSecond(&store, u"second-"_s, rounds);
        Asker onGui(&store, u"gui-"_s, rounds);
        onFirst.moveToThread(&first);
        onSecond.moveToThread(&second);
        first.start();
        second.start();
        QMetaObject::invokeMethod(&onFirst, &Asker::start, Qt::QueuedConnection);
        QMetaObject::invokeMethod(&onSecond, &Asker::start, Qt::QueuedConnection);
        onGui.start();

        // An event loop rather than QTest::qWaitFor, which naps between rounds: the store works on this thread.
        QEventLoop loop;
        auto allFinished = [&] { return onFirst.finished && onSecond.finished && onGui.finished; };
        for (const Asker *asker : {&onFirst, &onSecond, &onGui})
            connect(asker, &Asker::allDone, &loop, [&] {
                if (allFinished())
                    loop.quit();
            });
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        if (!allFinished())
            loop.exec();
        const bool done = allFinished();
        first.quit();
        second.quit();
        first.wait();
        second.wait();
        QVERIFY2(done,
                 qPrintable(u"completed %1, %2 and %3 of %4 rounds"_s.arg(onFirst.completed)
                                .arg(onSecond.completed)
                                .arg(onGui.completed)
                                .arg(rounds)));
        for (const Asker *asker : {&onFirst, &onSecond, &onGui}) {
            QCOMPARE(asker->wrongThread.load(), 0);
            QVERIFY2(asker->wrongValue == 0, qPrintable(asker->errors.join(u", "_s)));
        }
        if (!memoryOnly && !store.keychainAvailable())
            qInfo("no Secret Service here (%s): the keychain row ran in memory", qPrintable(store.unavailableReason()));
    }

    // The answer never arrives inside the call, and not at all once the asker is gone.
    void answersLaterAndOnlyToALivingContext()
    {
        SecretStore store(u"BinnacleTestMemory"_s);
        store.useMemoryOnly(u"test"_s);
        bool answered = false;
        {
            QObject gone;
            store.write(u"k"_s, "v", &gone, [&](const Status &) { answered = true; });
        }
        QObject context;
        bool later = false;
        store.read(u"k"_s, &context, [&](const Result<QByteArray> &value) { later = value.ok(); });
        QVERIFY(!later);
        QTRY_VERIFY(later);
        QVERIFY(!answered);
    }
};

QTEST_GUILESS_MAIN(SecretStoreTest)
#include "tst_secretstore.moc"
