#include "execcredentialprovider.h"

#include "client/auth/executablelocator.h"
#include "client/auth/secretstore.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkRequest>
#include <QProcess>
#include <QSslConfiguration>
#include <QThreadPool>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcExec, "binnacle.auth.exec", QtWarningMsg)

namespace binnacle {

namespace {
constexpr int ExpirySkewSeconds = 10; // refresh a little early rather than send a token that expires on the way
constexpr int PluginTimeoutMs = 120000;
} // namespace

ExecCredentialProvider::ExecCredentialProvider(const ClusterConfig &config, SecretStore *store, QObject *parent)
    : CredentialProvider(parent)
    , m_config(config)
    , m_exec(*config.exec)
    , m_store(store)
{
    // The cache belongs to this plugin invocation for this server: any change in either is a different credential.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(config.server.toString().toUtf8());
    hash.addData(m_exec.command.toUtf8());
    for (const QString &arg : m_exec.args)
        hash.addData(QByteArray('\0' + arg.toUtf8()));
    for (const ExecEnvVar &var : m_exec.env)
        hash.addData(QByteArray('\0' + var.name.toUtf8() + '=' + var.value.toUtf8()));
    hash.addData(m_exec.apiVersion.toUtf8());
    m_cacheKey = u"exec-credential/"_s + QString::fromLatin1(hash.result().toHex().left(32));
}

ExecCredentialProvider::~ExecCredentialProvider()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(1000);
    }
}

bool ExecCredentialProvider::hasValidCredential() const
{
    if (!m_credential)
        return false;
    return !m_credential->expiry.isValid()
        || QDateTime::currentDateTimeUtc().addSecs(ExpirySkewSeconds) < m_credential->expiry;
}

void ExecCredentialProvider::invalidate()
{
    m_credential.reset();
    m_keychainChecked = true; // the cached one was refused: run the plugin
    if (m_store)
        m_store->remove(m_cacheKey, this);
}

void ExecCredentialProvider::decorate(QNetworkRequest &request)
{
    if (!m_credential)
        return;
    if (!m_credential->token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_credential->token.toUtf8());
    if (!m_credential->certificate.isNull()) {
        QSslConfiguration ssl = request.sslConfiguration();
        ssl.setLocalCertificate(m_credential->certificate);
        ssl.setPrivateKey(m_credential->key);
        request.setSslConfiguration(ssl);
    }
}

void ExecCredentialProvider::refresh()
{
    if (m_refreshing)
        return;
    m_refreshing = true;
    if (!m_keychainChecked && m_store) {
        m_keychainChecked = true;
        m_store->read(m_cacheKey, this, [this](const Result<QByteArray> &cached) {
            if (cached) {
                Result<Credential> credential = parseOutput(cached.value(), m_exec.apiVersion);
                if (credential) {
                    m_credential = credential.value();
                    if (hasValidCredential()) {
                        m_refreshing = false;
                        emit refreshed();
                        return;
                    }
                }
            }
            runPlugin();
        });
        return;
    }
    runPlugin();
}

void ExecCredentialProvider::runPlugin()
{
    if (m_exec.interactiveMode == u"Always") {
        fail(u"the exec plugin \"%1\" needs an interactive terminal (interactiveMode: Always); "
             "run kubectl once in a terminal to log in"_s.arg(m_exec.command));
        return;
    }
    QString program = ExecutableLocator::find(m_exec.command);
    if (program.isEmpty() && !ExecutableLocator::loginShellPathKnown()) {
        // Ask the login shell for its PATH on a pool thread, then look again.
        QThreadPool::globalInstance()->start([self = QPointer<ExecCredentialProvider>(this)] {
            ExecutableLocator::learnLoginShellPath();
            if (self)
                QMetaObject::invokeMethod(self, &ExecCredentialProvider::runPlugin, Qt::QueuedConnection);
        });
        return;
    }
    if (program.isEmpty()) {
        fail(missingBinaryMessage());
        return;
    }

    ++m_runs;
    m_process = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const ExecEnvVar &var : m_exec.env)
        env.insert(var.name, var.value);
    env.insert(u"KUBERNETES_EXEC_INFO"_s, QString::fromUtf8(execInfo()));
    m_process->setProcessEnvironment(env);
    m_process->setStandardInputFile(QProcess::nullDevice()); // no terminal to ask questions on
    connect(m_process, &QProcess::finished, this, &ExecCredentialProvider::onPluginFinished);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            fail(u"the exec plugin %1 could not be started: %2"_s.arg(m_exec.command, m_process->errorString()));
    });
    qCDebug(lcExec) << "running exec plugin" << program;
    m_process->start(program, m_exec.args);
    QTimer::singleShot(PluginTimeoutMs, m_process, [process = m_process] { process->kill(); });
}

void ExecCredentialProvider::onPluginFinished()
{
    QProcess *process = std::exchange(m_process, nullptr);
    process->deleteLater();
    const QByteArray out = process->readAllStandardOutput();
    const QString err = QString::fromLocal8Bit(process->readAllStandardError()).trimmed().right(600);
    if (process->exitStatus() != QProcess::NormalExit || process->exitCode() != 0) {
        fail(u"the exec plugin %1 failed (exit code %2)%3"_s.arg(m_exec.command)
                 .arg(process->exitCode())
                 .arg(err.isEmpty() ? QString() : u": "_s + err));
        return;
    }
    Result<Credential> credential = parseOutput(out, m_exec.apiVersion);
    if (!credential) {
        fail(
            u"the exec plugin %1 printed something unexpected: %2"_s.arg(m_exec.command, credential.error().message()));
        return;
    }
    accept(credential.value(), out);
}

void ExecCredentialProvider::accept(const Credential &credential, const QByteArray &rawStatus)
{
    m_credential = credential;
    m_refreshing = false;
    if (m_store)
        m_store->write(m_cacheKey, rawStatus, this);
    emit refreshed();
}

void ExecCredentialProvider::fail(const QString &message)
{
    m_refreshing = false;
    emit failed(Error(Error::Kind::Auth, message));
}

QString ExecCredentialProvider::missingBinaryMessage() const
{
    QString message
        = u"the exec plugin \"%1\" named by user \"%2\" was not found"_s.arg(m_exec.command, m_config.userName);
    if (!m_exec.command.contains(u'/'))
        message += u" (searched %1)"_s.arg(ExecutableLocator::searchPath().join(u':'));
    if (!m_exec.installHint.isEmpty())
        message += u".\n\n"_s + m_exec.installHint.trimmed();
    return message;
}

QByteArray ExecCredentialProvider::execInfo() const
{
    QJsonObject spec {{u"interactive"_s, false}};
    if (m_exec.provideClusterInfo) {
        QJsonObject cluster {{u"server"_s, m_config.server.toString()}};
        if (!m_config.tlsServerName.isEmpty())
            cluster.insert(u"tls-server-name"_s, m_config.tlsServerName);
        if (m_config.insecureSkipTlsVerify)
            cluster.insert(u"insecure-skip-tls-verify"_s, true);
        QByteArray ca;
        for (const QSslCertificate &cert : m_config.caCertificates)
            ca += cert.toPem();
        if (!ca.isEmpty())
            cluster.insert(u"certificate-authority-data"_s, QString::fromLatin1(ca.toBase64()));
        if (!m_config.proxyUrl.isEmpty())
            cluster.insert(u"proxy-url"_s, m_config.proxyUrl.toString());
        spec.insert(u"cluster"_s, cluster);
    }
    const QJsonObject info {{u"apiVersion"_s, m_exec.apiVersion}, {u"kind"_s, u"ExecCredential"_s}, {u"spec"_s, spec}};
    return QJsonDocument(info).toJson(QJsonDocument::Compact);
}

Result<ExecCredentialProvider::Credential> ExecCredentialProvider::parseOutput(const QByteArray &json,
                                                                               const QString &apiVersion)
{
    QJsonParseError parseError;
    const QJsonObject root = QJsonDocument::fromJson(json, &parseError).object();
    if (parseError.error != QJsonParseError::NoError)
        return Error(Error::Kind::Auth, u"not JSON (%1)"_s.arg(parseError.errorString()));
    if (root.value(u"kind"_s).toString() != u"ExecCredential")
        return Error(Error::Kind::Auth, u"kind is not ExecCredential"_s);
    if (root.value(u"apiVersion"_s).toString() != apiVersion)
        return Error(
            Error::Kind::Auth,
            u"apiVersion %1 does not match the requested %2"_s.arg(root.value(u"apiVersion"_s).toString(), apiVersion));
    const QJsonObject status = root.value(u"status"_s).toObject();
    Credential credential;
    credential.token = status.value(u"token"_s).toString();
    const QByteArray certPem = status.value(u"clientCertificateData"_s).toString().toUtf8();
    const QByteArray keyPem = status.value(u"clientKeyData"_s).toString().toUtf8();
    if (!certPem.isEmpty() || !keyPem.isEmpty()) {
        const QList<QSslCertificate> certs = QSslCertificate::fromData(certPem, QSsl::Pem);
        Result<QSslKey> key = ClusterConfig::loadPrivateKey(keyPem);
        if (certs.isEmpty() || !key)
            return Error(Error::Kind::Auth, u"clientCertificateData and clientKeyData must both hold PEM"_s);
        credential.certificate = certs.first();
        credential.key = key.value();
    }
    if (credential.token.isEmpty() && credential.certificate.isNull())
        return Error(Error::Kind::Auth, u"status has neither a token nor a client certificate"_s);
    if (const QString expiry = status.value(u"expirationTimestamp"_s).toString(); !expiry.isEmpty()) {
        credential.expiry = QDateTime::fromString(expiry, Qt::ISODateWithMs);
        if (!credential.expiry.isValid())
            return Error(Error::Kind::Auth, u"expirationTimestamp \"%1\" is not an RFC 3339 time"_s.arg(expiry));
    }
    return credential;
}

} // namespace binnacle
