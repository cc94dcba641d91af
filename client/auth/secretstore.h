#pragma once

#include "client/core/result.h"

#include <QHash>
#include <QMutex>
#include <QObject>

#include <functional>

namespace binnacle {

class SecretReply;

// Where secrets live: the OS keychain (Secret Service, macOS Keychain, Windows Credential Manager through
// QtKeychain), never a plain file. When no keychain answers, secrets are kept in memory for this run only, and
// `keychainAvailable()` turns false so the UI can say so.
//
// Shared by the GUI thread and every cluster worker, and safe for that by design: the store has one owner thread
// (the one it was created on). read/write/remove may be called from any thread; they only post the work to the
// owner thread, where the keychain jobs and the in-memory copy live. The answer comes back on the thread of
// `context`, never from inside the call itself, and not at all once `context` is gone.
class SecretStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)

public:
    explicit SecretStore(QString service = QStringLiteral("Binnacle"), QObject *parent = nullptr);
    ~SecretStore() override;

    using ReadCallback = std::function<void(const Result<QByteArray> &)>; // NotFound: an Error of kind Config
    using WriteCallback = std::function<void(const Status &)>;

    // Any thread; `context` must live on a thread with an event loop and be alive at the call.
    void read(const QString &key, QObject *context, ReadCallback done);
    void write(const QString &key, const QByteArray &secret, QObject *context, WriteCallback done = {});
    void remove(const QString &key, QObject *context, WriteCallback done = {});

    bool keychainAvailable() const;
    QString unavailableReason() const;

    // For tests and for machines where the keychain is known to be absent.
    void useMemoryOnly(const QString &reason);

    static bool isNotFound(const Error &error) { return error.message() == NotFoundMessage; }

signals:
    void keychainUnavailable(const QString &reason);

private:
    template<typename T> struct Pending;
    template<typename T> std::shared_ptr<Pending<T>> pending(QObject *context, std::function<void(const T &)> done);
    template<typename T> void finish(const std::shared_ptr<Pending<T>> &pending, const T &outcome);

    static inline const QString NotFoundMessage = QStringLiteral("no such secret");
    void markUnavailable(const QString &reason);
    void post(SecretReply *reply, std::function<void()> work);

    // On the owner thread only:
    void readNow(const QString &key, const std::shared_ptr<Pending<Result<QByteArray>>> &pending);
    void writeNow(const QString &key, const QByteArray &secret, const std::shared_ptr<Pending<Status>> &pending);
    void removeNow(const QString &key, const std::shared_ptr<Pending<Status>> &pending);
    QHash<QString, QByteArray> m_memory; // the fallback, and a cache of what was written this run

    const QString m_service;
    mutable QMutex m_stateMutex; // guards the two below, which any thread may ask about
    bool m_keychainAvailable = true;
    QString m_unavailableReason;
};

} // namespace binnacle
