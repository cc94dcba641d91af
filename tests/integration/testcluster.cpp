#include "testcluster.h"

#include "client/config/kubeconfigparser.h"
#include "client/session/clustersession.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;

namespace binnacle::testing {

const TestCluster &TestCluster::instance()
{
    static const TestCluster cluster;
    return cluster;
}

TestCluster::TestCluster()
{
    const QString base = qEnvironmentVariable("BINNACLE_CLUSTER_DIR");
    const QString envFile = QDir(base).filePath(u"ctest/cluster.env"_s);
    QFile file(envFile);
    if (base.isEmpty() || !file.open(QIODevice::ReadOnly))
        qFatal("the local cluster is not running (%s): run through ctest, which starts it (tests/cluster)",
               qPrintable(envFile));
    for (const QByteArray &line : file.readAll().split('\n')) {
        const qsizetype eq = line.indexOf('=');
        if (eq > 0)
            m_env.insert(QString::fromUtf8(line.left(eq)), QString::fromUtf8(line.mid(eq + 1)).trimmed());
    }
}

QString TestCluster::kubeconfigFor(const QString &user) const
{
    return QDir(m_env.value(u"BINNACLE_CLUSTER_KUBECONFIG_DIR"_s)).filePath(user + u".kubeconfig"_s);
}

ClusterConfig TestCluster::config(const QString &user) const
{
    Result<Kubeconfig> kubeconfig = KubeconfigParser::parseFile(this->kubeconfig());
    if (!kubeconfig)
        qFatal("cannot read %s: %s", qPrintable(this->kubeconfig()), qPrintable(kubeconfig.error().toString()));
    Result<ClusterConfig> config = ClusterConfig::fromKubeconfig(kubeconfig.value(), context(user));
    if (!config)
        qFatal("cannot resolve %s: %s", qPrintable(context(user)), qPrintable(config.error().toString()));
    return config.value();
}

QByteArray TestCluster::kubectl(const QStringList &args, bool mustSucceed, const QByteArray &input) const
{
    QProcess process;
    process.start(
        u"kubectl"_s,
        QStringList {u"--kubeconfig"_s, kubeconfig(), u"--context"_s, context(u"admin"_s), u"--request-timeout=30s"_s}
            + args);
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000) || (mustSucceed && process.exitCode() != 0))
        qFatal("kubectl %s failed: %s", qPrintable(args.join(u' ')), process.readAllStandardError().constData());
    return process.readAllStandardOutput();
}

void TestCluster::harness(const QStringList &arguments) const
{
    QProcess process;
    process.start(QStringLiteral(BINNACLE_CLUSTER_SCRIPT), arguments + QStringList {u"--name"_s, name()});
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 240000))
        qFatal("cluster.sh %s did not finish", qPrintable(arguments.join(u' ')));
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        qFatal("cluster.sh %s failed: %s", qPrintable(arguments.join(u' ')),
               process.readAllStandardError().constData());
}

std::unique_ptr<ClusterSession> TestCluster::connectedSession(const QString &user) const
{
    auto session = std::make_unique<ClusterSession>(config(user), nullptr);
    session->connectToCluster();
    if (!QTest::qWaitFor([&] { return session->state() == ClusterSession::State::Connected; }, 30000))
        qFatal("no connection as %s", qPrintable(user));
    return session;
}

} // namespace binnacle::testing
