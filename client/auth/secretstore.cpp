#include "secretstore.h"

#include <qt6keychain/keychain.h>

#include <QThread>

#include <optional>

using namespace Qt::StringLiterals;

namespace binnacle {

// Carries one answer from the store's thread to the asker's. It is created and connected to the asker's `context`
// on the asker's thread, while `context` is known to be alive; Qt then drops the delivery if `context` goes first.
class SecretReply final : public QObject
{
    Q_OBJECT

signals:
    void finished();
};

template<typename T> struct SecretStore::Pending
{
    SecretReply *reply = nullptr;
    std::optional<T> outcome; // written on the owner thread before `finished` is emitted
};

namespace {
bool meansNoKeychain(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented
        || error == QKeychain::OtherError;
}
} // namespace

SecretStore::SecretStore(QString service, QObject *parent)
    : QObject(parent)
    , m_service(std::move(service))
{ }

SecretStore::~SecretStore() = default; // pending replies and keychain jobs are children: they go with the store

bool SecretStore::keychainAvailable() const
{
    QMutexLocker lock(&m_stateMutex);
    return m_keychainAvailable;
}

QString SecretStore::unavailableReason() const
{
    QMutexLocker lock(&m_stateMutex);
    return m_unavailableReason;
}

void SecretStore::useMemoryOnly(const QString &reason)
{
    markUnavailable(reason);
}

void SecretStore::markUnavailable(const QString &reason)
{
    {
        QMutexLocker lock(&m_stateMutex);
        if (!m_keychainAvailable)
            return;
        m_keychainAvailable = false;
        m_unavailableReason = reason;
    }
    emit keychainUnavailable(reason);
}

template<typename T>
std::shared_ptr<SecretStore::Pending<T>> SecretStore::pending(QObject *context, std::function<void(const T &)> done)
{
    auto pending = std::make_shared<Pending<T>>();
    pending->reply = new SecretReply; // on the asker's thread, no parent yet: post() hands it over
    connect(pending->reply, &SecretReply::finished, context, [pending, done = std::move(done)] {
        if (done && pending->outcome)
            done(*pending->outcome);
    });
    return pending;
}

template<typename T> void SecretStore::finish(const std::shared_ptr<Pending<T>> &pending, const T &outcome)
{
    Q_ASSERT(QThread::currentThread() == thread());
    pending->outcome = outcome;
    emit pending->reply->finished(); // queued to the asker's thread unless it is this one
    pending->reply->deleteLater();
}

void SecretStore::post(SecretReply *reply, std::function<void()> work)
{
    // Everything below runs on the owner thread, later: never inside the caller's read()/write()/remove().
    reply->moveToThread(thread());
    QMetaObject::invokeMethod(
        this,
        [this, reply, work = std::move(work)] {
            reply->setParent(this);
            work();
        },
        Qt::QueuedConnection);
}

void SecretStore::read(const QString &key, QObject *context, ReadCallback done)
{
    auto request = pending<Result<QByteArray>>(context, std::move(done));
    post(request->reply, [this, key, request] { readNow(key, request); });
}

void SecretStore::write(const QString &key, const QByteArray &secret, QObject *context, WriteCallback done)
{
    auto request = pending<Status>(context, std::move(done));
    post(request->reply, [this, key, secret, request] { writeNow(key, secret, request); });
}

void SecretStore::remove(const QString &key, QObject *context, WriteCallback done)
{
    auto request = pending<Status>(context, std::move(done));
    post(request->reply, [this, key, request] { removeNow(key, request); });
}

void SecretStore::readNow(const QString &key, const std::shared_ptr<Pending<Result<QByteArray>>> &request)
{
    auto fromMemory = [this, key]() -> Result<QByteArray> {
        const auto it = m_memory.constFind(key);
        if (it != m_memory.cend())
            return *it;
        return Error(Error::Kind::Config, NotFoundMessage);
    };
    if (!keychainAvailable()) {
        finish(request, fromMemory());
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain file
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, job, request, fromMemory] {
        if (job->error() == QKeychain::NoError) {
            finish(request, Result<QByteArray>(job->binaryData()));
        } else if (job->error() == QKeychain::EntryNotFound) {
            finish(request, Result<QByteArray>(Error(Error::Kind::Config, NotFoundMessage)));
        } else {
            if (meansNoKeychain(job->error()))
                markUnavailable(job->errorString());
            finish(request, fromMemory());
        }
    });
    job->start();
}

void SecretStore::writeNow(const QString &key, const QByteArray &secret,
                           const std::shared_ptr<Pending<Status>> &request)
{
    m_memory.insert(key, secret);
    if (!keychainAvailable()) {
        finish(request, Status(Done {}));
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    job->setBinaryData(secret);
    connect(job, &QKeychain::Job::finished, this, [this, job, request] {
        if (job->error() != QKeychain::NoError && meansNoKeychain(job->error()))
            markUnavailable(job->errorString());
        if (job->error() == QKeychain::NoError || !keychainAvailable())
            finish(request, Status(Done {})); // kept in memory when there is no keychain
        else
            finish(request,
                   Status(Error(Error::Kind::Auth,
                                u"the keychain refused to store a secret: %1"_s.arg(job->errorString()))));
    });
    job->start();
}

void SecretStore::removeNow(const QString &key, const std::shared_ptr<Pending<Status>> &request)
{
    m_memory.remove(key);
    if (!keychainAvailable()) {
        finish(request, Status(Done {}));
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, job, request] {
        if (job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound)
            finish(request, Status(Done {}));
        else
            finish(request, Status(Error(Error::Kind::Auth, job->errorString())));
    });
    job->start();
}

} // namespace binnacle

#include "secretstore.moc"
