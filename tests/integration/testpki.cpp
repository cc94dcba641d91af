#include "testpki.h"

#include <QFile>
#include <QProcess>

using namespace Qt::StringLiterals;

namespace binnacle::testing {

namespace {
// `openssl ca` is the one openssl command (3.0) that sets both dates, which an expired certificate needs.
constexpr auto CaConfig = R"(
[ ca ]
default_ca = ca_default
[ ca_default ]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = policy_any
unique_subject = no
[ policy_any ]
commonName = supplied
[ server ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = ${ENV::SANS}
[ client ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
)";

QString opensslDate(const QDateTime &time)
{
    return time.toUTC().toString(u"yyyyMMddHHmmss'Z'"_s);
}

const QStringList NewEcKey {u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s};
} // namespace

TestPki::TestPki()
{
    QFile config(m_dir.filePath(u"ca.cnf"_s));
    QFile index(m_dir.filePath(u"index.txt"_s));
    QFile serial(m_dir.filePath(u"serial"_s));
    if (!config.open(QIODevice::WriteOnly) || !index.open(QIODevice::WriteOnly) || !serial.open(QIODevice::WriteOnly))
        m_error = u"cannot write in "_s + m_dir.path();
    config.write(CaConfig);
    serial.write("1000\n");
}

bool TestPki::run(const QStringList &arguments, const QStringList &environment)
{
    QProcess openssl;
    openssl.setWorkingDirectory(m_dir.path());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"SANS"_s, u"DNS:unused"_s);
    for (const QString &pair : environment)
        env.insert(pair.section(u'=', 0, 0), pair.section(u'=', 1));
    openssl.setProcessEnvironment(env);
    openssl.start(u"openssl"_s, arguments);
    if (!openssl.waitForFinished(30000) || openssl.exitStatus() != QProcess::NormalExit || openssl.exitCode() != 0) {
        m_error = m_error.isEmpty() ? u"openssl %1 failed: %2"_s.arg(
                      arguments.join(u' '), QString::fromLocal8Bit(openssl.readAllStandardError()))
                                    : m_error;
        return false;
    }
    return true;
}

TestPki::Issued TestPki::load(const QString &name)
{
    Issued issued;
    issued.certificateFile = m_dir.filePath(name + u".crt"_s);
    issued.keyFile = m_dir.filePath(name + u".key"_s);
    issued.certificate = QSslCertificate(pem(issued.certificateFile));
    issued.key = QSslKey(pem(issued.keyFile), QSsl::Ec);
    if (issued.certificate.isNull() || issued.key.isNull())
        m_error = m_error.isEmpty() ? u"cannot read the certificate or key of "_s + name : m_error;
    return issued;
}

TestPki::Issued TestPki::authority(const QString &name)
{
    run(QStringList {u"req"_s, u"-x509"_s, u"-new"_s} + NewEcKey
        + QStringList {u"-keyout"_s, name + u".key"_s, u"-out"_s, name + u".crt"_s, u"-subj"_s, u"/CN="_s + name,
                       u"-days"_s, u"3650"_s, u"-addext"_s, u"basicConstraints=critical,CA:TRUE"_s, u"-addext"_s,
                       u"keyUsage=critical,keyCertSign,cRLSign"_s});
    return load(name);
}

TestPki::Issued TestPki::issue(const Issued &ca, const QString &commonName, Use use, const QStringList &names,
                               const QDateTime &notBefore, const QDateTime &notAfter)
{
    const QString name = u"%1-%2"_s.arg(commonName).arg(++m_serial);
    run(QStringList {u"req"_s, u"-new"_s} + NewEcKey
        + QStringList {u"-keyout"_s, name + u".key"_s, u"-out"_s, name + u".csr"_s, u"-subj"_s,
                       u"/CN="_s + commonName});
    run({u"ca"_s, u"-config"_s, u"ca.cnf"_s, u"-batch"_s, u"-notext"_s, u"-keyfile"_s, ca.keyFile, u"-cert"_s,
         ca.certificateFile, u"-in"_s, name + u".csr"_s, u"-out"_s, name + u".crt"_s, u"-startdate"_s,
         opensslDate(notBefore), u"-enddate"_s, opensslDate(notAfter), u"-extensions"_s,
         use == Use::Server ? u"server"_s : u"client"_s},
        {u"SANS="_s + (names.isEmpty() ? u"DNS:unused"_s : names.join(u','))});
    return load(name);
}

QByteArray TestPki::pem(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace binnacle::testing
