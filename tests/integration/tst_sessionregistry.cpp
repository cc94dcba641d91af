// Sessions follow the kubeconfig against the real cluster: a fixed token takes effect without a restart, a removed
// context is disconnected, a context whose settings did not change keeps its session (same object, still
// connected). Reloads are explicit calls, as the window makes them when its file watcher fires.

#include "testcluster.h"

#include "client/config/kubeconfigloader.h"
#include "client/session/clustersession.h"
#include "client/session/sessionregistry.h"

#include <QFile>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

class SessionRegistryTest : public QObject
{
    Q_OBJECT

private:
    const TestCluster &cluster = TestCluster::instance();
    QTemporaryDir m_dir;

    QString path() const { return m_dir.filePath(u"kubeconfig"_s); }

    struct Context
    {
        QString name;
        QString token;
        QString namespaceName = u"default"_s;
    };

    // One cluster (the test cluster), one token user per context.
    void writeKubeconfig(const QList<Context> &contexts)
    {
        const ClusterConfig admin = cluster.config(u"admin-token"_s);
        QByteArray ca;
        for (const QSslCertificate &cert : admin.caCertificates)
            ca += cert.toPem();
        QByteArray yaml = "apiVersion: v1\nkind: Config\nclusters:\n- name: test\n  cluster:\n    server: "
            + admin.server.toString().toUtf8() + "\n    certificate-authority-data: " + ca.toBase64() + "\nusers:\n";
        for (const Context &c : contexts)
            yaml += "- name: " + c.name.toUtf8() + "-user\n  user: {token: " + c.token.toUtf8() + "}\n";
        yaml += "contexts:\n";
        for (const Context &c : contexts)
            yaml += "- name: " + c.name.toUtf8() + "\n  context: {cluster: test, user: " + c.name.toUtf8()
                + "-user, namespace: " + c.namespaceName.toUtf8() + "}\n";
        QFile file(path());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(yaml);
    }

    Kubeconfig load() const
    {
        KubeconfigSources sources;
        sources.explicitPath = path();
        Result<Kubeconfig> config = KubeconfigLoader(sources).load();
        if (!config)
            qFatal("kubeconfig: %s", qPrintable(config.error().toString()));
        return config.value();
    }

    static bool settled(ClusterSession *session)
    {
        return session && session->state() != ClusterSession::State::Connecting
            && session->state() != ClusterSession::State::Disconnected;
    }

private slots:
    void sessionsFollowTheKubeconfig()
    {
        const QString token = cluster.config(u"admin-token"_s).token;
        writeKubeconfig({{u"fixable"_s, u"not-the-right-token"_s}, {u"steady"_s, token}, {u"doomed"_s, token}});
        SessionRegistry registry(nullptr);
        QSignalSpy ending(&registry, &SessionRegistry::sessionEnding);
        registry.setKubeconfig(load());
        for (const QString &name : {u"fixable"_s, u"steady"_s, u"doomed"_s})
            registry.connectContext(name);
        QTRY_VERIFY_WITH_TIMEOUT(settled(registry.session(u"fixable"_s)) && settled(registry.session(u"steady"_s))
                                     && settled(registry.session(u"doomed"_s)),
                                 30000);
        QCOMPARE(registry.session(u"fixable"_s)->state(), ClusterSession::State::Failed); // 401
        QCOMPARE(registry.session(u"steady"_s)->state(), ClusterSession::State::Connected);
        QCOMPARE(registry.session(u"doomed"_s)->state(), ClusterSession::State::Connected);
        const QPointer<ClusterSession> wrongToken = registry.session(u"fixable"_s);
        const QPointer<ClusterSession> steady = registry.session(u"steady"_s);
        const QPointer<ClusterSession> doomed = registry.session(u"doomed"_s);

        // The user fixes the token and deletes a context; the window reloads.
        writeKubeconfig({{u"fixable"_s, token}, {u"steady"_s, token}});
        registry.setKubeconfig(load());

        QVERIFY(!registry.session(u"doomed"_s));
        QVERIFY2(doomed.isNull(), "a removed context's session must be disconnected and gone");
        QVERIFY(wrongToken.isNull());
        QCOMPARE(ending.size(), 2);
        QCOMPARE(registry.session(u"steady"_s), steady.data()); // untouched
        QCOMPARE(steady->state(), ClusterSession::State::Connected);
        QVERIFY(registry.session(u"fixable"_s));
        QTRY_VERIFY_WITH_TIMEOUT(settled(registry.session(u"fixable"_s)), 30000);
        QVERIFY2(registry.session(u"fixable"_s)->state() == ClusterSession::State::Connected,
                 qPrintable(registry.session(u"fixable"_s)->stateMessage()));
        QCOMPARE(registry.session(u"fixable"_s)->config().token, token);

        // A reload that changes nothing touches nothing.
        const QPointer<ClusterSession> fixed = registry.session(u"fixable"_s);
        registry.setKubeconfig(load());
        QCOMPARE(ending.size(), 2);
        QCOMPARE(registry.session(u"fixable"_s), fixed.data());
        QCOMPARE(registry.session(u"steady"_s), steady.data());

        // Any setting counts, the namespace too.
        writeKubeconfig({{u"fixable"_s, token}, {u"steady"_s, token, u"shop"_s}});
        registry.setKubeconfig(load());
        QVERIFY(steady.isNull());
        QCOMPARE(registry.session(u"steady"_s)->config().namespaceName, u"shop"_s);
        QCOMPARE(registry.session(u"fixable"_s), fixed.data());
    }

    // A context whose entry becomes invalid is disconnected and says why.
    void aBrokenContextIsDisconnectedWithItsError()
    {
        const QString token = cluster.config(u"admin-token"_s).token;
        writeKubeconfig({{u"breaks"_s, token}});
        SessionRegistry registry(nullptr);
        QSignalSpy failed(&registry, &SessionRegistry::contextFailed);
        registry.setKubeconfig(load());
        registry.connectContext(u"breaks"_s);
        QVERIFY(registry.session(u"breaks"_s));
        Kubeconfig broken = load();
        broken.users.first().username = u"someone"_s; // token and basic auth at once: kubectl refuses it too
        registry.setKubeconfig(broken);
        QVERIFY(!registry.session(u"breaks"_s));
        QCOMPARE(failed.size(), 1);
        QVERIFY(failed.first().at(1).value<Error>().message().contains(u"more than one authentication method"_s));
    }
};

QTEST_GUILESS_MAIN(SessionRegistryTest)
#include "tst_sessionregistry.moc"
