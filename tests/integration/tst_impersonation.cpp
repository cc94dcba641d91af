// Impersonation against the real apiserver. A user impersonated with two groups, where only the second group is
// granted something, is allowed by kubectl (--as-group x --as-group y). Qt 6.4 can send one Impersonate-Group
// header only, and the apiserver does not split a header value on commas, so Binnacle refuses such a context
// instead of silently acting as a narrower identity. These tests pin down each of those facts on the real server.

#include "await.h"
#include "testcluster.h"

#include "client/config/kubeconfigparser.h"
#include "client/transport/clusterconnection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

namespace {
const QString ImpersonatedUser = u"binnacle-impersonated"_s;
const QString FirstGroup = u"binnacle-first-group"_s; // granted nothing
const QString SecondGroup = u"binnacle-second-group"_s; // may list namespaces
} // namespace

class ImpersonationTest : public QObject
{
    Q_OBJECT

private:
    const TestCluster &cluster = TestCluster::instance();

    // The admin (allowed to impersonate anyone) acting as ImpersonatedUser in `groups`.
    ClusterConfig impersonating(const QStringList &groups) const
    {
        ClusterConfig config = cluster.config(u"admin-token"_s);
        config.impersonation = {ImpersonatedUser, groups, {}};
        return config;
    }

    static Result<ApiResponse> listNamespaces(ClusterConnection &connection)
    {
        return await<ApiResponse>(
            [&](QObject *c, auto d) { connection.request(ApiCall::get(u"/api/v1/namespaces"_s), c, d); });
    }

    // The groups the apiserver believes we are in (SelfSubjectReview).
    static QStringList groupsSeenByServer(ClusterConnection &connection)
    {
        ApiCall call = ApiCall::get(u"/apis/authentication.k8s.io/v1/selfsubjectreviews"_s);
        call.verb = "POST";
        call.contentType = "application/json";
        call.body = R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"})";
        Result<ApiResponse> reply = await<ApiResponse>([&](QObject *c, auto d) { connection.request(call, c, d); });
        if (!reply)
            qFatal("SelfSubjectReview failed: %s", qPrintable(reply.error().message()));
        QStringList groups;
        const QJsonArray array
            = QJsonDocument::fromJson(reply->body).object()[u"status"_s][u"userInfo"_s][u"groups"_s].toArray();
        for (const QJsonValue &group : array)
            groups.append(group.toString());
        return groups;
    }

private slots:
    void initTestCase()
    {
        cluster.kubectl({u"apply"_s, u"-f"_s, u"-"_s}, true,
                        QStringLiteral(R"(
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: binnacle-test-namespace-lister}
rules:
- {apiGroups: [""], resources: [namespaces], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: binnacle-test-second-group-lists-namespaces}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: binnacle-test-namespace-lister}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: Group, name: %1}
)")
                            .arg(SecondGroup)
                            .toUtf8());
    }

    // What kubectl does with two groups: both count, so the second group's grant applies.
    void kubectlSendsBothGroups()
    {
        const QStringList canI {u"auth"_s, u"can-i"_s, u"list"_s, u"namespaces"_s, u"--as"_s, ImpersonatedUser};
        const QStringList first {u"--as-group"_s, FirstGroup};
        const QStringList second {u"--as-group"_s, SecondGroup};
        const QByteArray firstOnly = cluster.kubectl(canI + first, false).trimmed();
        const QByteArray both = cluster.kubectl(canI + first + second, false).trimmed();
        QCOMPARE(firstOnly, QByteArray("no"));
        QCOMPARE(both, QByteArray("yes"));
    }

    // Binnacle used to send only the first group: the context ran as an identity that may not list namespaces.
    // Now the context is refused, saying why.
    void twoGroupsAreRefusedNotNarrowed()
    {
        Result<Kubeconfig> kubeconfig = KubeconfigParser::parseFile(cluster.kubeconfig());
        QVERIFY(kubeconfig.ok());
        const KubeContext *context = kubeconfig->context(cluster.context(u"admin-token"_s));
        QVERIFY(context);
        for (KubeUser &user : kubeconfig->users) {
            if (user.name == context->user) {
                user.impersonate = ImpersonatedUser;
                user.impersonateGroups = {FirstGroup, SecondGroup};
            }
        }
        Result<ClusterConfig> config = ClusterConfig::fromKubeconfig(kubeconfig.value(), context->name);
        QVERIFY2(!config.ok(), "a context impersonating two groups must not be used with one");
        QCOMPARE(config.error().kind(), Error::Kind::Config);
        QVERIFY2(config.error().message().contains(u"only one Impersonate-Group header"_s),
                 qPrintable(config.error().message()));
        QVERIFY(config.error().message().contains(FirstGroup) && config.error().message().contains(SecondGroup));
    }

    // Why joining the groups is no way out: the apiserver takes "a,b" as one group named "a,b".
    void commaJoinedGroupsAreOneGroupToTheServer()
    {
        ClusterConnection connection(impersonating({FirstGroup + u',' + SecondGroup}));
        const QStringList seen = groupsSeenByServer(connection).filter(u"binnacle-"_s);
        QCOMPARE(seen, QStringList {FirstGroup + u',' + SecondGroup});
        const Result<ApiResponse> reply = listNamespaces(connection);
        QVERIFY(!reply.ok());
        QVERIFY2(reply.error().isForbidden(), qPrintable(reply.error().message()));
    }

    // The one group Binnacle can send does reach the server and grants what it should.
    void oneGroupIsSentAndHonoured()
    {
        ClusterConnection connection(impersonating({SecondGroup}));
        const QStringList seen = groupsSeenByServer(connection).filter(u"binnacle-"_s);
        QCOMPARE(seen, QStringList {SecondGroup});
        const Result<ApiResponse> reply = listNamespaces(connection);
        QVERIFY2(reply.ok(), qPrintable(reply.ok() ? QString() : reply.error().message()));
    }

    void cleanupTestCase()
    {
        cluster.kubectl({u"delete"_s, u"clusterrolebinding"_s, u"binnacle-test-second-group-lists-namespaces"_s,
                         u"--ignore-not-found"_s});
        cluster.kubectl({u"delete"_s, u"clusterrole"_s, u"binnacle-test-namespace-lister"_s, u"--ignore-not-found"_s});
    }
};

QTEST_GUILESS_MAIN(ImpersonationTest)
#include "tst_impersonation.moc"
