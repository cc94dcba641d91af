#pragma once

#include "client/core/result.h"

#include <QHash>
#include <QObject>

#include <functional>

namespace binnacle {

// Where secrets live: the OS keychain (Secret Service, macOS Keychain, Windows Credential Manager through
// QtKeychain), never a plain file. When no keychain answers, secrets are kept in memory for this run only, and
// `keychainAvailable()` turns false so the UI can say so.
class SecretStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)

public:
    explicit SecretStore(QString service = QStringLiteral("Binnacle"), QObject *parent = nullptr);

    using ReadCallback = std::function<void(const Result<QByteArray> &)>; // NotFound: an Error of kind Config
    using WriteCallback = std::function<void(const Status &)>;

    void read(const QString &key, QObject *context, ReadCallback done);
    void write(const QString &key, const QByteArray &secret, QObject *context, WriteCallback done = {});
    void remove(const QString &key, QObject *context, WriteCallback done = {});

    bool keychainAvailable() const { return m_keychainAvailable; }
    QString unavailableReason() const { return m_unavailableReason; }

    // For tests and for machines where the keychain is known to be absent.
    void useMemoryOnly(const QString &reason);

    static bool isNotFound(const Error &error) { return error.message() == NotFoundMessage; }

signals:
    void keychainUnavailable(const QString &reason);

private:
    static inline const QString NotFoundMessage = QStringLiteral("no such secret");
    void markUnavailable(const QString &reason);

    QString m_service;
    bool m_keychainAvailable = true;
    QString m_unavailableReason;
    QHash<QString, QByteArray> m_memory; // the fallback, and a cache of what was written this run
};

} // namespace binnacle
