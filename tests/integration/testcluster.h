#pragma once

#include "client/config/clusterconfig.h"

#include <memory>

#include <QHash>
#include <QString>
#include <QStringList>

namespace binnacle {
class ClusterSession;
}

namespace binnacle::testing {

// The local cluster a CTest fixture started (tests/cluster), as integration tests see it.
class TestCluster final
{
public:
    // Reads $BINNACLE_CLUSTER_DIR/ctest/cluster.env; fails the test run when the cluster is not there.
    static const TestCluster &instance();

    QString name() const { return m_env.value(QStringLiteral("BINNACLE_CLUSTER_NAME")); }
    QString kubeconfig() const { return m_env.value(QStringLiteral("KUBECONFIG")); }
    QString limitedNamespace() const { return m_env.value(QStringLiteral("BINNACLE_CLUSTER_LIMITED_NAMESPACE")); }
    QString server() const { return m_env.value(QStringLiteral("BINNACLE_CLUSTER_SERVER")); }
    QString kubeconfigFor(const QString &user) const; // admin, admin-token, viewer, operator
    QString context(const QString &user) const { return name() + u'-' + user; }

    // The resolved config of one of the cluster's users, from the merged kubeconfig.
    ClusterConfig config(const QString &user) const;

    // Runs kubectl as admin against this cluster; returns stdout, or fails the test (qFatal) on error if `mustSucceed`.
    QByteArray kubectl(const QStringList &args, bool mustSucceed = true, const QByteArray &input = {}) const;

    // Runs tests/cluster/cluster.sh ARGS --name <this cluster> (restart, stop, start …); fails the run (qFatal)
    // when it does not succeed within 4 minutes.
    void harness(const QStringList &arguments) const;

    // A session as `user`, connected (fails the run when it does not connect within 30 s).
    std::unique_ptr<ClusterSession> connectedSession(const QString &user) const;

private:
    TestCluster();
    QHash<QString, QString> m_env;
};

} // namespace binnacle::testing
