// Exec credential plugins against the real cluster: a small plugin script hands out the admin token, and the
// tests check caching until expiry, a re-run on expiry and on 401, the install hint for a missing binary, and the
// keychain cache that spares a restart from running the plugin again (real Secret Service, gnome-keyring).

#include "await.h"
#include "testcluster.h"

#include "client/auth/execcredentialprovider.h"
#include "client/auth/secretstore.h"
#include "client/session/clustersession.h"
#include "client/transport/clusterconnection.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

class ExecCredentialTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    const TestCluster &cluster = TestCluster::instance();

    void writeFile(const QString &name, const QByteArray &content, bool executable = false)
    {
        QFile file(m_dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(content);
        file.close();
        if (executable)
            file.setPermissions(file.permissions() | QFileDevice::ExeOwner);
    }

    int runs()
    {
        QFile file(m_dir.filePath(u"runs"_s));
        return file.open(QIODevice::ReadOnly) ? int(file.readAll().count('\n')) : 0;
    }

    // The admin-token user, authenticating through the plugin instead of a token in the kubeconfig.
    ClusterConfig pluginConfig(const QString &mode, const QString &command = {})
    {
        writeFile(u"mode"_s, mode.toUtf8());
        QFile::remove(m_dir.filePath(u"runs"_s));
        ClusterConfig config = cluster.config(u"admin-token"_s);
        writeFile(u"token"_s, config.token.toUtf8());
        config.token.clear();
        ExecConfig exec;
        exec.command = command.isEmpty() ? m_dir.filePath(u"plugin.sh"_s) : command;
        exec.apiVersion = u"client.authentication.k8s.io/v1"_s;
        exec.env = {{u"PLUGIN_DIR"_s, m_dir.path()}};
        exec.provideClusterInfo = true;
        exec.installHint = u"Install it with: apt install binnacle-test-plugin"_s;
        config.exec = exec;
        return config;
    }

    Result<ApiResponse> get(ClusterConnection &connection, const QString &path = u"/api/v1/namespaces"_s)
    {
        return await<ApiResponse>([&](QObject *c, auto d) { connection.request(ApiCall::get(path), c, d); });
    }

private slots:
    void initTestCase()
    {
        // Modes: good (valid for an hour), expired (already expired), bad-first (a wrong token on the first run).
        writeFile(u"plugin.sh"_s, R"SH(#!/bin/sh
set -e
d="$PLUGIN_DIR"
echo run >> "$d/runs"
printf '%s' "$KUBERNETES_EXEC_INFO" > "$d/info"
mode=$(cat "$d/mode"); token=$(cat "$d/token")
expiry=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)
if [ "$mode" = expired ]; then expiry=$(date -u -d '-1 minute' +%Y-%m-%dT%H:%M:%SZ); fi
if [ "$mode" = bad-first ] && [ "$(wc -l < "$d/runs")" -eq 1 ]; then token=wrong; fi
if [ "$mode" = fail ]; then echo "login refused by the identity provider" >&2; exit 3; fi
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}' "$token" "$expiry"
)SH",
                  true);
    }

    void cachesTheTokenUntilItExpires()
    {
        ClusterConnection connection(pluginConfig(u"good"_s));
        auto provider = std::make_unique<ExecCredentialProvider>(connection.config(), nullptr);
        ExecCredentialProvider *plugin = provider.get();
        connection.setCredentialProvider(std::move(provider));

        QVERIFY(get(connection).ok());
        QVERIFY(get(connection).ok());
        QCOMPARE(runs(), 1);
        QCOMPARE(plugin->pluginRuns(), 1);

        // The plugin was told about the cluster (provideClusterInfo) and that nobody can answer questions.
        QFile info(m_dir.filePath(u"info"_s));
        QVERIFY(info.open(QIODevice::ReadOnly));
        const QJsonObject spec = QJsonDocument::fromJson(info.readAll()).object().value(u"spec"_s).toObject();
        QCOMPARE(spec.value(u"interactive"_s).toBool(true), false);
        QCOMPARE(spec.value(u"cluster"_s).toObject().value(u"server"_s).toString(), cluster.server());
        QVERIFY(!spec.value(u"cluster"_s).toObject().value(u"certificate-authority-data"_s).toString().isEmpty());
    }

    void runsAgainWhenExpired()
    {
        ClusterConnection connection(pluginConfig(u"expired"_s));
        connection.setCredentialProvider(std::make_unique<ExecCredentialProvider>(connection.config(), nullptr));
        QVERIFY(get(connection).ok());
        QVERIFY(get(connection).ok());
        QCOMPARE(runs(), 2);
    }

    void runsOnceMoreOnUnauthorized()
    {
        ClusterConnection connection(pluginConfig(u"bad-first"_s));
        connection.setCredentialProvider(std::make_unique<ExecCredentialProvider>(connection.config(), nullptr));
        Result<ApiResponse> reply = get(connection);
        QVERIFY2(reply.ok(), qPrintable(reply.ok() ? QString() : reply.error().message()));
        QCOMPARE(runs(), 2);
    }

    void pluginFailureIsReportedWithItsMessage()
    {
        ClusterConnection connection(pluginConfig(u"fail"_s));
        connection.setCredentialProvider(std::make_unique<ExecCredentialProvider>(connection.config(), nullptr));
        Result<ApiResponse> reply = get(connection);
        QVERIFY(!reply.ok());
        QCOMPARE(reply.error().kind(), Error::Kind::Auth);
        QVERIFY2(reply.error().message().contains(u"login refused by the identity provider"_s),
                 qPrintable(reply.error().message()));
        QVERIFY2(reply.error().message().contains(u"exit code 3"_s), qPrintable(reply.error().message()));
    }

    void missingBinaryShowsTheInstallHint()
    {
        ClusterConnection connection(pluginConfig(u"good"_s, u"binnacle-no-such-plugin"_s));
        connection.setCredentialProvider(std::make_unique<ExecCredentialProvider>(connection.config(), nullptr));
        Result<ApiResponse> reply = get(connection);
        QVERIFY(!reply.ok());
        QCOMPARE(reply.error().kind(), Error::Kind::Auth);
        const QString message = reply.error().message();
        QVERIFY2(message.contains(u"\"binnacle-no-such-plugin\""_s), qPrintable(message));
        QVERIFY2(message.contains(u"apt install binnacle-test-plugin"_s), qPrintable(message));
        QVERIFY2(message.contains(u".local/bin"_s), qPrintable(message)); // where it looked
    }

    void keychainSparesARestartFromRunningThePlugin()
    {
        const QString service = u"BinnacleTest-"_s + QString::number(QDateTime::currentMSecsSinceEpoch());
        const ClusterConfig config = pluginConfig(u"good"_s);
        QString cacheKey;
        {
            SecretStore store(service);
            ClusterConnection connection(config);
            auto provider = std::make_unique<ExecCredentialProvider>(config, &store);
            cacheKey = provider->cacheKey();
            connection.setCredentialProvider(std::move(provider));
            QVERIFY(get(connection).ok());
            QVERIFY2(store.keychainAvailable(), qPrintable(store.unavailableReason()));
            // Wait until the keychain has the credential.
            QTRY_VERIFY_WITH_TIMEOUT(await<QByteArray>([&](QObject *c, auto d) { store.read(cacheKey, c, d); }).ok(),
                                     10000);
        }
        QCOMPARE(runs(), 1);
        {
            SecretStore store(service); // a new process would start like this: nothing in memory
            ClusterConnection connection(config);
            auto provider = std::make_unique<ExecCredentialProvider>(config, &store);
            ExecCredentialProvider *plugin = provider.get();
            connection.setCredentialProvider(std::move(provider));
            QVERIFY(get(connection).ok());
            QCOMPARE(plugin->pluginRuns(), 0);
            QCOMPARE(runs(), 1);
            QVERIFY(await<Done>([&](QObject *c, auto d) { store.remove(cacheKey, c, d); }).ok());
        }
    }

    // Two exec-plugin clusters connect at once, each on its own worker thread, sharing the GUI thread's store (as
    // in the application): both run their plugin, both credentials reach the keychain, and Qt reports no
    // cross-thread misuse (the store's keychain jobs used to be parented to it from the workers).
    void twoClustersRefreshAtOnceThroughOneStore()
    {
        QTest::failOnWarning(QRegularExpression(u"thread"_s, QRegularExpression::CaseInsensitiveOption));
        const QString service = u"BinnacleTest-"_s + QString::number(QDateTime::currentMSecsSinceEpoch());
        SecretStore store(service);
        ClusterConfig configs[2] = {pluginConfig(u"good"_s), pluginConfig(u"good"_s)};
        QStringList cacheKeys;
        for (int i = 0; i < 2; ++i) {
            configs[i].contextName = u"exec-cluster-%1"_s.arg(i);
            configs[i].exec->env.append({u"BINNACLE_TEST_CLUSTER"_s, QString::number(i)}); // its own credential
            cacheKeys.append(ExecCredentialProvider(configs[i], nullptr).cacheKey());
        }
        QCOMPARE_NE(cacheKeys.at(0), cacheKeys.at(1));
        {
            ClusterSession first(configs[0], &store);
            ClusterSession second(configs[1], &store);
            first.connectToCluster();
            second.connectToCluster();
            QTRY_VERIFY_WITH_TIMEOUT(first.state() != ClusterSession::State::Connecting
                                         && second.state() != ClusterSession::State::Connecting,
                                     30000);
            QVERIFY2(first.state() == ClusterSession::State::Connected, qPrintable(first.stateMessage()));
            QVERIFY2(second.state() == ClusterSession::State::Connected, qPrintable(second.stateMessage()));
        }
        QCOMPARE(runs(), 2);
        QVERIFY2(store.keychainAvailable(), qPrintable(store.unavailableReason()));
        for (const QString &key : cacheKeys) {
            QTRY_VERIFY_WITH_TIMEOUT(await<QByteArray>([&](QObject *c, auto d) { store.read(key, c, d); }).ok(), 10000);
            QVERIFY(await<Done>([&](QObject *c, auto d) { store.remove(key, c, d); }).ok());
        }
    }

    void secretsNeverReachAPlainFileWithoutKeychain()
    {
        SecretStore store(u"BinnacleTestMemory"_s);
        store.useMemoryOnly(u"test: no keychain"_s);
        QVERIFY(!store.keychainAvailable());
        QVERIFY(await<Done>([&](QObject *c, auto d) { store.write(u"k"_s, "secret", c, d); }).ok());
        QCOMPARE(await<QByteArray>([&](QObject *c, auto d) { store.read(u"k"_s, c, d); }).value(),
                 QByteArray("secret"));
        SecretStore fresh(u"BinnacleTestMemory"_s);
        fresh.useMemoryOnly(u"test"_s);
        QVERIFY(
            SecretStore::isNotFound(await<QByteArray>([&](QObject *c, auto d) { fresh.read(u"k"_s, c, d); }).error()));
    }
};

QTEST_GUILESS_MAIN(ExecCredentialTest)
#include "tst_execcredential.moc"
