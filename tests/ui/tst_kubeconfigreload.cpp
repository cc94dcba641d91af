// The real window follows kubeconfig edits on the real local cluster: a token fixed in the file takes effect
// without a restart (noticed by the window's file watcher), a context deleted from the file is disconnected, and a
// context nobody touched keeps its session.

#include "testcluster.h"
#include "ui/mainwindow/mainwindow.h"
#include "uitest.h"

#include "client/session/clustersession.h"
#include "models/clusters/clusternavigatormodel.h"

#include <QApplication>
#include <QFile>
#include <QPointer>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

class KubeconfigReloadTest : public QObject
{
    Q_OBJECT

private:
    const TestCluster &cluster = TestCluster::instance();
    QTemporaryDir m_dir;

    QString path() const { return m_dir.filePath(u"config"_s); }

    // The test cluster under three contexts, each with its own token user.
    void writeKubeconfig(const QString &fixableToken, bool withDoomed)
    {
        const ClusterConfig admin = cluster.config(u"admin-token"_s);
        QByteArray ca;
        for (const QSslCertificate &cert : admin.caCertificates)
            ca += cert.toPem();
        QByteArray yaml = "apiVersion: v1\nkind: Config\ncurrent-context: steady\nclusters:\n- name: test\n"
                          "  cluster:\n    server: "
            + admin.server.toString().toUtf8() + "\n    certificate-authority-data: " + ca.toBase64()
            + "\nusers:\n- name: fixable\n  user: {token: " + fixableToken.toUtf8()
            + "}\n- name: steady\n  user: {token: " + admin.token.toUtf8()
            + "}\ncontexts:\n- name: fixable\n  context: {cluster: test, user: fixable}\n"
              "- name: steady\n  context: {cluster: test, user: steady}\n";
        if (withDoomed)
            yaml += "- name: doomed\n  context: {cluster: test, user: steady}\n";
        QFile file(path());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(yaml);
    }

    static bool settled(const ClusterSession *session)
    {
        return session && session->state() != ClusterSession::State::Connecting
            && session->state() != ClusterSession::State::Disconnected;
    }

private slots:
    void editsToTheKubeconfigReachTheSessions()
    {
        const QString token = cluster.config(u"admin-token"_s).token;
        writeKubeconfig(u"a-wrong-token"_s, true);
        MainWindow window({path(), {}, {}});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.connectContext(u"fixable"_s);
        window.connectContext(u"doomed"_s);
        QTRY_VERIFY_WITH_TIMEOUT(settled(window.session(u"steady"_s)) && settled(window.session(u"fixable"_s))
                                     && settled(window.session(u"doomed"_s)),
                                 30000);
        QCOMPARE(window.session(u"fixable"_s)->state(), ClusterSession::State::Failed);
        QCOMPARE(window.session(u"steady"_s)->state(), ClusterSession::State::Connected);
        const QPointer<ClusterSession> steady = window.session(u"steady"_s);
        const QPointer<ClusterSession> doomed = window.session(u"doomed"_s);

        // The user fixes the token in an editor: the window's file watcher notices, no restart, no reload click.
        writeKubeconfig(token, true);
        QTRY_VERIFY_WITH_TIMEOUT(window.session(u"fixable"_s)
                                     && window.session(u"fixable"_s)->state() == ClusterSession::State::Connected,
                                 30000);
        QCOMPARE(window.session(u"steady"_s), steady.data());
        QCOMPARE(window.session(u"doomed"_s), doomed.data());

        // The user deletes a context (explicit reload: File ▸ Reload kubeconfig).
        writeKubeconfig(token, false);
        window.reloadKubeconfig();
        QVERIFY(!window.session(u"doomed"_s));
        QVERIFY2(doomed.isNull(), "the removed context's session must be gone, its watches closed");
        QCOMPARE(window.session(u"steady"_s), steady.data());
        QCOMPARE(steady->state(), ClusterSession::State::Connected);

        // The sidebar says so.
        auto *navigator = window.findChild<QTreeView *>(u"navigator"_s);
        QVERIFY(navigator);
        const auto *model = qobject_cast<const ClusterNavigatorModel *>(navigator->model());
        QVERIFY(model);
        QVERIFY(!model->contextIndex(u"doomed"_s).isValid());
        QCOMPARE(ClusterNavigatorModel::State(
                     model->contextIndex(u"fixable"_s).data(ClusterNavigatorModel::StateRole).toInt()),
                 ClusterNavigatorModel::State::Connected);
    }
};

BINNACLE_UITEST_MAIN(KubeconfigReloadTest)
#include "tst_kubeconfigreload.moc"
