// Resolving a kubeconfig context into what a connection needs, validated as kubectl validates it.

#include "client/config/clusterconfig.h"
#include "client/config/kubeconfigparser.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;

class ClusterConfigTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // Real keys and a certificate from openssl, in the formats kubeconfigs carry.
    QString openssl(const QStringList &args)
    {
        QProcess process;
        process.setWorkingDirectory(m_dir.path());
        process.start(u"openssl"_s, args);
        if (!process.waitForFinished(30000) || process.exitCode() != 0)
            qFatal("openssl failed: %s", process.readAllStandardError().constData());
        return {};
    }

    QByteArray read(const QString &name)
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", qPrintable(name));
        return file.readAll();
    }

    Result<ClusterConfig> resolve(const QByteArray &yaml, const QString &context = {})
    {
        Result<Kubeconfig> config = KubeconfigParser::parse(yaml, m_dir.filePath(u"config"_s));
        if (!config)
            return config.error();
        return ClusterConfig::fromKubeconfig(config.value(), context);
    }

private slots:
    void initTestCase()
    {
        openssl({u"genrsa"_s, u"-traditional"_s, u"-out"_s, u"rsa.key"_s, u"2048"_s});
        openssl({u"pkcs8"_s, u"-topk8"_s, u"-nocrypt"_s, u"-in"_s, u"rsa.key"_s, u"-out"_s, u"rsa8.key"_s});
        openssl({u"ecparam"_s, u"-name"_s, u"prime256v1"_s, u"-genkey"_s, u"-noout"_s, u"-out"_s, u"ec.key"_s});
        openssl({u"pkcs8"_s, u"-topk8"_s, u"-nocrypt"_s, u"-in"_s, u"ec.key"_s, u"-out"_s, u"ec8.key"_s});
        openssl({u"genpkey"_s, u"-algorithm"_s, u"ed25519"_s, u"-out"_s, u"ed.key"_s});
        openssl({u"req"_s, u"-x509"_s, u"-new"_s, u"-key"_s, u"rsa.key"_s, u"-subj"_s, u"/CN=test"_s, u"-days"_s,
                 u"1"_s, u"-out"_s, u"ca.crt"_s});
    }

    void privateKeys_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("loads");
        QTest::newRow("RSA PKCS#1") << u"rsa.key"_s << true;
        QTest::newRow("RSA PKCS#8") << u"rsa8.key"_s << true;
        QTest::newRow("EC SEC1") << u"ec.key"_s << true;
        QTest::newRow("EC PKCS#8") << u"ec8.key"_s << true;
        QTest::newRow("Ed25519") << u"ed.key"_s << false;
    }

    void privateKeys()
    {
        QFETCH(QString, file);
        QFETCH(bool, loads);
        Result<QSslKey> key = ClusterConfig::loadPrivateKey(read(file));
        QCOMPARE(key.ok(), loads);
        if (!loads)
            QVERIFY2(key.error().message().contains(u"Ed25519"_s), qPrintable(key.error().message()));
    }

    void resolvesCertificatesRelativeToTheFile()
    {
        Result<ClusterConfig> config
            = resolve("clusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:6443', "
                      "certificate-authority: ca.crt}\n"
                      "users:\n- name: u\n  user: {client-certificate: ca.crt, client-key: ec.key}\n"
                      "contexts:\n- name: x\n  context: {cluster: c, user: u, namespace: shop}\n"
                      "current-context: x\n");
        QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().toString()));
        QCOMPARE(config->server, QUrl(u"https://127.0.0.1:6443"_s));
        QCOMPARE(config->caCertificates.size(), 1);
        QVERIFY(!config->clientCertificate.isNull());
        QCOMPARE(config->clientKey.algorithm(), QSsl::Ec);
        QCOMPARE(config->namespaceName, u"shop"_s);
    }

    void dataFieldsWinOverFiles()
    {
        const QByteArray ca = read(u"ca.crt"_s).toBase64();
        Result<ClusterConfig> config
            = resolve("clusters:\n- name: c\n  cluster: {server: 'https://h', certificate-authority: missing.crt, "
                      "certificate-authority-data: "
                      + ca
                      + "}\n"
                        "contexts:\n- name: x\n  context: {cluster: c}\ncurrent-context: x\n");
        QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().toString()));
        QCOMPARE(config->caCertificates.size(), 1);
        QCOMPARE(config->namespaceName, u"default"_s);
    }

    void rejectedLikeKubectl_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("messagePart");
        const QByteArray cluster = "clusters:\n- name: c\n  cluster: {server: 'https://h'}\n";
        QTest::newRow("no current context") << cluster << QString() << u"no current-context"_s;
        QTest::newRow("unknown context") << cluster << u"nope"_s << u"\"nope\" does not exist"_s;
        QTest::newRow("unknown cluster") << QByteArray("contexts:\n- name: x\n  context: {cluster: gone}\n") << u"x"_s
                                         << u"cluster \"gone\""_s;
        QTest::newRow("unknown user") << cluster + "contexts:\n- name: x\n  context: {cluster: c, user: who}\n"
                                      << u"x"_s << u"user \"who\""_s;
        QTest::newRow("no server") << QByteArray(
            "clusters:\n- name: c\n  cluster: {}\ncontexts:\n- name: x\n  context: {cluster: c}\n")
                                   << u"x"_s << u"no server"_s;
        QTest::newRow("CA with insecure")
            << QByteArray("clusters:\n- name: c\n  cluster: {server: 'https://h', insecure-skip-tls-verify: true, "
                          "certificate-authority: ca.crt}\ncontexts:\n- name: x\n  context: {cluster: c}\n")
            << u"x"_s << u"insecure flag is not allowed"_s;
        QTest::newRow("cert without key") << cluster
                + "users:\n- name: u\n  user: {client-certificate: ca.crt}\ncontexts:\n- name: x\n  context: {cluster: "
                  "c, user: u}\n" << u"x"_s
                                          << u"client-key"_s;
        QTest::newRow("unreadable CA") << QByteArray(
            "clusters:\n- name: c\n  cluster: {server: 'https://h', certificate-authority: nothere.crt}\n"
            "contexts:\n- name: x\n  context: {cluster: c}\n")
                                       << u"x"_s << u"unable to read certificate-authority"_s;
        QTest::newRow("token and basic") << cluster
                + "users:\n- name: u\n  user: {token: t, username: a, password: b}\ncontexts:\n- name: x\n  context: "
                  "{cluster: c, user: u}\n"
                                         << u"x"_s << u"more than one authentication method"_s;
        QTest::newRow("gcp provider") << cluster
                + "users:\n- name: u\n  user:\n    auth-provider: {name: gcp}\ncontexts:\n- name: x\n  context: "
                  "{cluster: c, user: u}\n"
                                      << u"x"_s << u"gke-gcloud-auth-plugin"_s;
        QTest::newRow("bad proxy") << QByteArray(
            "clusters:\n- name: c\n  cluster: {server: 'https://h', proxy-url: 'ftp://p'}\n"
            "contexts:\n- name: x\n  context: {cluster: c}\n")
                                   << u"x"_s << u"proxy-url"_s;
        // Qt speaks plain HTTP to a proxy: TLS to it cannot be honoured, so it is refused rather than sent in clear.
        QTest::newRow("https proxy") << QByteArray(
            "clusters:\n- name: c\n  cluster: {server: 'https://h', proxy-url: 'https://proxy.example:3128'}\n"
            "contexts:\n- name: x\n  context: {cluster: c}\n")
                                     << u"x"_s << u"sent in clear"_s;
        // Qt sends one value per header name; a context asking for two groups must not run with only the first.
        QTest::newRow("two impersonation groups") << cluster
                + "users:\n- name: u\n  user: {token: t, as: jane, as-groups: [first, second]}\n"
                  "contexts:\n- name: x\n  context: {cluster: c, user: u}\n"
                                                  << u"x"_s << u"only one Impersonate-Group header"_s;
    }

    void httpsProxyMessageKeepsItsPasswordOut()
    {
        Result<ClusterConfig> config = resolve("clusters:\n- name: c\n  cluster: {server: 'https://h', proxy-url: "
                                               "'https://me:s3cr3t@proxy.example:3128'}\n"
                                               "contexts:\n- name: x\n  context: {cluster: c}\n",
                                               u"x"_s);
        QVERIFY(!config.ok());
        QVERIFY2(config.error().message().contains(u"https://proxy.example:3128"_s),
                 qPrintable(config.error().message()));
        QVERIFY(!config.error().message().contains(u"s3cr3t"_s));
    }

    void oneImpersonationGroupIsKept()
    {
        Result<ClusterConfig> config = resolve("clusters:\n- name: c\n  cluster: {server: 'https://h'}\n"
                                               "users:\n- name: u\n  user: {token: t, as: jane, as-groups: [only]}\n"
                                               "contexts:\n- name: x\n  context: {cluster: c, user: u}\n",
                                               u"x"_s);
        QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message()));
        QCOMPARE(config->impersonation.user, u"jane"_s);
        QCOMPARE(config->impersonation.groups, QStringList {u"only"_s});
    }

    void rejectedLikeKubectl()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, context);
        QFETCH(QString, messagePart);
        Result<ClusterConfig> config = resolve(yaml, context);
        QVERIFY(!config.ok());
        QVERIFY2(config.error().message().contains(messagePart), qPrintable(config.error().message()));
    }
};

QTEST_GUILESS_MAIN(ClusterConfigTest)
#include "tst_clusterconfig.moc"
