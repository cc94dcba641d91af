#pragma once

#include <QDateTime>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace binnacle::testing {

// Certificate authorities and certificates made on the fly with the openssl command line (QSslCertificate cannot
// sign), for servers and clients that are wrong on purpose: another CA, another name, expired.
class TestPki final
{
public:
    struct Issued
    {
        QString certificateFile;
        QString keyFile;
        QSslCertificate certificate;
        QSslKey key;
    };

    TestPki();

    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }

    // A self-signed CA called `name`.
    Issued authority(const QString &name);

    enum class Use { Server, Client };
    // A certificate signed by `ca`; `names` are subjectAltNames ("IP:127.0.0.1", "DNS:localhost") for servers.
    Issued issue(const Issued &ca, const QString &commonName, Use use, const QStringList &names = {},
                 const QDateTime &notBefore = QDateTime::currentDateTimeUtc().addDays(-1),
                 const QDateTime &notAfter = QDateTime::currentDateTimeUtc().addDays(30));

    static QByteArray pem(const QString &file); // a file's bytes, for kubeconfig *-data fields (base64 them)

private:
    bool run(const QStringList &arguments, const QStringList &environment = {});
    Issued load(const QString &name);

    QTemporaryDir m_dir;
    QString m_error;
    int m_serial = 0;
};

} // namespace binnacle::testing
