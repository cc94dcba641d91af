// Kubeconfig parsing and kubectl's loading rules: good, missing, broken and merged (KUBECONFIG with two files).

#include "client/config/kubeconfigloader.h"
#include "client/config/kubeconfigparser.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;

class KubeconfigTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write test file");
        file.write(content);
        return path;
    }

private slots:
    void parsesEveryField()
    {
        const QString path = QStringLiteral(BINNACLE_TEST_DATA "/good.yaml");
        Result<Kubeconfig> config = KubeconfigParser::parseFile(path);
        QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().toString()));

        QCOMPARE(config->currentContext, u"dev-bob"_s);
        QCOMPARE(config->contexts.size(), 3);
        QCOMPARE(config->contexts.at(0).namespaceName, u"payments"_s);
        QCOMPARE(config->contexts.at(1).namespaceName, QString());

        const QString dataDir = QStringLiteral(BINNACLE_TEST_DATA);
        const KubeCluster *prod = config->cluster(u"prod"_s);
        QVERIFY(prod);
        QCOMPARE(prod->server, u"https://prod.example.com:6443"_s);
        QCOMPARE(prod->certificateAuthority, dataDir + u"/certs/ca.crt"_s); // relative to the file
        QVERIFY(!prod->insecureSkipTlsVerify);

        const KubeCluster *dev = config->cluster(u"dev"_s);
        QVERIFY(dev->insecureSkipTlsVerify);
        QCOMPARE(dev->certificateAuthorityData, QByteArray("-----BEGIN CERTIFICATE-----\n"));

        const KubeUser *alice = config->user(u"alice"_s);
        QCOMPARE(alice->clientCertificate, dataDir + u"/certs/alice.crt"_s);
        QCOMPARE(alice->clientKey, u"/abs/alice.key"_s);

        const KubeUser *bob = config->user(u"bob"_s);
        QCOMPARE(bob->token, u"s3cr3t"_s);
        QCOMPARE(bob->tokenFile, dataDir + u"/bob.token"_s);
        QCOMPARE(bob->impersonate, u"admin"_s);
        QCOMPARE(bob->impersonateGroups, QStringList({u"system:masters"_s, u"ops"_s}));

        const KubeUser *sso = config->user(u"sso"_s);
        QVERIFY(sso->exec.has_value());
        QCOMPARE(sso->exec->command, dataDir + u"/bin/sso-helper"_s);
        QCOMPARE(sso->exec->args, QStringList({u"login"_s, u"--quiet"_s}));
        QCOMPARE(sso->exec->env.size(), 1);
        QCOMPARE(sso->exec->env.at(0).name, u"REGION"_s);
        QCOMPARE(sso->exec->env.at(0).value, u"eu"_s);
        QVERIFY(sso->exec->provideClusterInfo);
        QCOMPARE(sso->exec->installHint, u"install sso-helper from your IT portal"_s);
    }

    void execCommandWithoutSlashStaysAName()
    {
        Result<Kubeconfig> config = KubeconfigParser::parse(
            "users:\n- name: u\n  user:\n    exec: {command: kubelogin, apiVersion: client.authentication.k8s.io/v1}\n",
            m_dir.filePath(u"c"_s));
        QVERIFY(config.ok());
        QCOMPARE(config->users.at(0).exec->command, u"kubelogin"_s); // found through PATH later, not a file
    }

    void emptyFileIsAnEmptyConfig()
    {
        Result<Kubeconfig> config = KubeconfigParser::parse("", u"empty"_s);
        QVERIFY(config.ok());
        QVERIFY(config->contexts.isEmpty());
    }

    void brokenConfigs_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("messagePart");

        QTest::newRow("unclosed flow map")
            << QByteArray("contexts:\n- name: a\n  context: {cluster: x\n") << 4 << u"map flow"_s;
        QTest::newRow("bad indentation") << QByteArray("clusters:\n- name: a\n  cluster:\n    server: x\n   bad: y\n")
                                         << 5 << u"map"_s;
        QTest::newRow("contexts not a list")
            << QByteArray("contexts: hello\n") << 1 << u"\"contexts\" must be a list"_s;
        QTest::newRow("duplicate names") << QByteArray("users:\n- name: a\n  user: {}\n- name: a\n  user: {}\n") << 4
                                         << u"duplicate name \"a\""_s;
        QTest::newRow("boolean that is not")
            << QByteArray("clusters:\n- name: a\n  cluster:\n    insecure-skip-tls-verify: maybe\n") << 4
            << u"true or false"_s;
        QTest::newRow("bad base64") << QByteArray(
            "clusters:\n- name: a\n  cluster:\n    certificate-authority-data: '%%%'\n")
                                    << 4 << u"base64"_s;
        QTest::newRow("root is a list") << QByteArray("- a\n- b\n") << 1 << u"must be a mapping"_s;
    }

    void brokenConfigs()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(int, line);
        QFETCH(QString, messagePart);
        const QString path = write(u"broken.yaml"_s, yaml);
        Result<Kubeconfig> config = KubeconfigParser::parseFile(path);
        QVERIFY(!config.ok());
        QCOMPARE(config.error().kind(), Error::Kind::Config);
        QCOMPARE(config.error().file(), path);
        QCOMPARE(config.error().line(), line);
        QVERIFY2(config.error().message().contains(messagePart), qPrintable(config.error().message()));
        QVERIFY(config.error().toString().startsWith(path + u':' + QString::number(line)));
    }

    void missingHomeConfigIsEmptyAndSaysWhereItLooked()
    {
        const KubeconfigLoader loader({{}, {}, m_dir.filePath(u"nohome"_s)});
        QCOMPARE(loader.candidatePaths(), QStringList {m_dir.filePath(u"nohome/.kube/config"_s)});
        Result<Kubeconfig> config = loader.load();
        QVERIFY(config.ok());
        QVERIFY(config->sourceFiles.isEmpty());
        QVERIFY(config->contexts.isEmpty());
    }

    void homeConfigIsUsedWithoutKubeconfigVariable()
    {
        write(u"home/.kube/config"_s, "contexts:\n- name: from-home\n  context: {cluster: c, user: u}\n");
        Result<Kubeconfig> config = KubeconfigLoader({{}, {}, m_dir.filePath(u"home"_s)}).load();
        QVERIFY(config.ok());
        QCOMPARE(config->contexts.size(), 1);
        QCOMPARE(config->contexts.at(0).name, u"from-home"_s);
    }

    void explicitFileMustExist()
    {
        Result<Kubeconfig> config = KubeconfigLoader({m_dir.filePath(u"nope.yaml"_s), {}, {}}).load();
        QVERIFY(!config.ok());
        QCOMPARE(config.error().file(), m_dir.filePath(u"nope.yaml"_s));
        QVERIFY(config.error().message().contains(u"does not exist"_s));
    }

    void explicitFileIsLoadedAlone()
    {
        const QString a = write(u"alone-a.yaml"_s, "contexts:\n- name: a\n  context: {}\n");
        const QString b = write(u"alone-b.yaml"_s, "contexts:\n- name: b\n  context: {}\n");
        Result<Kubeconfig> config = KubeconfigLoader({a, b, {}}).load();
        QVERIFY(config.ok());
        QCOMPARE(config->contexts.size(), 1);
        QCOMPARE(config->sourceFiles, QStringList {a});
    }

    void kubeconfigVariableMergesTwoFiles()
    {
        const QString first = write(u"merge/first.yaml"_s,
                                    "clusters:\n- name: shared\n  cluster: {server: https://first}\n"
                                    "contexts:\n- name: one\n  context: {cluster: shared, user: u1}\n"
                                    "- name: both\n  context: {cluster: shared, user: from-first}\n");
        const QString second = write(u"merge/second.yaml"_s,
                                     "clusters:\n- name: shared\n  cluster: {server: https://second}\n"
                                     "- name: extra\n  cluster: {server: https://extra}\n"
                                     "contexts:\n- name: two\n  context: {cluster: extra, user: u2}\n"
                                     "- name: both\n  context: {cluster: extra, user: from-second}\n"
                                     "current-context: two\n");
        const QString missing = m_dir.filePath(u"merge/missing.yaml"_s);
        const QString list = QStringList {missing, first, second, first}.join(QDir::listSeparator());
        const KubeconfigLoader loader({{}, list, {}});
        QCOMPARE(loader.candidatePaths(), (QStringList {missing, first, second})); // duplicates dropped

        Result<Kubeconfig> config = loader.load();
        QVERIFY(config.ok());
        QCOMPARE(config->sourceFiles, (QStringList {first, second})); // the missing file is skipped
        QCOMPARE(config->contexts.size(), 3);
        QCOMPARE(config->context(u"both"_s)->user, u"from-first"_s); // first file wins per name
        QCOMPARE(config->cluster(u"shared"_s)->server, u"https://first"_s);
        QCOMPARE(config->cluster(u"extra"_s)->server, u"https://extra"_s);
        QCOMPARE(config->currentContext, u"two"_s); // from the first file that sets one
        QCOMPARE(config->context(u"two"_s)->sourceFile, second);
    }

    void brokenFileInKubeconfigVariableFailsTheLoad()
    {
        const QString good = write(u"mixed/good.yaml"_s, "contexts:\n- name: a\n  context: {}\n");
        const QString bad = write(u"mixed/bad.yaml"_s, "contexts: [\n");
        Result<Kubeconfig> config = KubeconfigLoader({{}, good + QDir::listSeparator() + bad, {}}).load();
        QVERIFY(!config.ok());
        QCOMPARE(config.error().file(), bad);
        QVERIFY(config.error().line() > 0);
    }
};

QTEST_GUILESS_MAIN(KubeconfigTest)
#include "tst_kubeconfig.moc"
