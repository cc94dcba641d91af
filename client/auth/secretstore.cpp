#include "secretstore.h"

#include <qt6keychain/keychain.h>

#include <QPointer>

using namespace Qt::StringLiterals;

namespace binnacle {

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

void SecretStore::useMemoryOnly(const QString &reason)
{
    markUnavailable(reason);
}

void SecretStore::markUnavailable(const QString &reason)
{
    if (!m_keychainAvailable)
        return;
    m_keychainAvailable = false;
    m_unavailableReason = reason;
    emit keychainUnavailable(reason);
}

void SecretStore::read(const QString &key, QObject *context, ReadCallback done)
{
    if (!m_keychainAvailable) {
        const auto it = m_memory.constFind(key);
        QMetaObject::invokeMethod(
            context,
            [done = std::move(done), found = it != m_memory.cend(),
             value = it != m_memory.cend() ? *it : QByteArray()] {
                if (found)
                    done(value);
                else
                    done(Error(Error::Kind::Config, NotFoundMessage));
            },
            Qt::QueuedConnection);
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain file
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, context, [this, key, job, done = std::move(done)] {
        if (job->error() == QKeychain::NoError) {
            done(job->binaryData());
        } else if (job->error() == QKeychain::EntryNotFound) {
            done(Error(Error::Kind::Config, NotFoundMessage));
        } else {
            if (meansNoKeychain(job->error()))
                markUnavailable(job->errorString());
            const auto it = m_memory.constFind(key);
            if (it != m_memory.cend())
                done(*it);
            else
                done(Error(Error::Kind::Config, NotFoundMessage));
        }
    });
    job->start();
}

void SecretStore::write(const QString &key, const QByteArray &secret, QObject *context, WriteCallback done)
{
    m_memory.insert(key, secret);
    if (!m_keychainAvailable) {
        if (done)
            QMetaObject::invokeMethod(
                context, [done] { done(Done {}); }, Qt::QueuedConnection);
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    job->setBinaryData(secret);
    connect(job, &QKeychain::Job::finished, context, [this, job, done = std::move(done)] {
        if (job->error() != QKeychain::NoError && meansNoKeychain(job->error()))
            markUnavailable(job->errorString());
        if (!done)
            return;
        if (job->error() == QKeychain::NoError || !m_keychainAvailable)
            done(Done {}); // kept in memory when there is no keychain
        else
            done(Error(Error::Kind::Auth, u"the keychain refused to store a secret: %1"_s.arg(job->errorString())));
    });
    job->start();
}

void SecretStore::remove(const QString &key, QObject *context, WriteCallback done)
{
    m_memory.remove(key);
    if (!m_keychainAvailable) {
        if (done)
            QMetaObject::invokeMethod(
                context, [done] { done(Done {}); }, Qt::QueuedConnection);
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, context, [job, done = std::move(done)] {
        if (!done)
            return;
        if (job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound)
            done(Done {});
        else
            done(Error(Error::Kind::Auth, job->errorString()));
    });
    job->start();
}

} // namespace binnacle
