// Discovery documents and the name → resource mapping kubectl users expect.

#include "client/discovery/discoveryparser.h"
#include "client/discovery/restmapper.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

// Trimmed from a real kube-apiserver's aggregated discovery (/api and /apis, concatenated in that order).
const QByteArray Aggregated = R"({"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2","items":[
 {"metadata":{"name":""},"versions":[{"version":"v1","resources":[
   {"resource":"pods","responseKind":{"group":"","version":"v1","kind":"Pod"},"scope":"Namespaced",
    "singularResource":"pod","verbs":["create","delete","get","list","patch","update","watch"],"shortNames":["po"],
    "categories":["all"],"subresources":[{"subresource":"log","verbs":["get"]},{"subresource":"exec","verbs":["create","get"]}]},
   {"resource":"events","responseKind":{"group":"","version":"v1","kind":"Event"},"scope":"Namespaced",
    "singularResource":"event","verbs":["get","list","watch"],"shortNames":["ev"]},
   {"resource":"namespaces","responseKind":{"group":"","version":"v1","kind":"Namespace"},"scope":"Cluster",
    "singularResource":"namespace","verbs":["get","list","watch"],"shortNames":["ns"]}]}]},
 {"metadata":{"name":"apps"},"versions":[{"version":"v1","resources":[
   {"resource":"deployments","responseKind":{"group":"apps","version":"v1","kind":"Deployment"},"scope":"Namespaced",
    "singularResource":"deployment","verbs":["get","list","watch"],"shortNames":["deploy"],"categories":["all"],
    "subresources":[{"subresource":"scale"},{"subresource":"status"}]}]}]},
 {"metadata":{"name":"events.k8s.io"},"versions":[{"version":"v1","resources":[
   {"resource":"events","responseKind":{"group":"events.k8s.io","version":"v1","kind":"Event"},"scope":"Namespaced",
    "singularResource":"event","verbs":["get","list","watch"],"shortNames":["ev"]}]}]},
 {"metadata":{"name":"demo.binnacle.io"},"versions":[
   {"version":"v2","resources":[{"resource":"widgets","responseKind":{"group":"demo.binnacle.io","version":"v2","kind":"Widget"},
    "scope":"Namespaced","singularResource":"widget","verbs":["get","list","watch"],"shortNames":["wd"],"categories":["all","demo"]}]},
   {"version":"v1","resources":[{"resource":"widgets","responseKind":{"group":"demo.binnacle.io","version":"v1","kind":"Widget"},
    "scope":"Namespaced","singularResource":"widget","verbs":["get","list"]}]}]}
]})";

} // namespace

class DiscoveryTest : public QObject
{
    Q_OBJECT

private:
    RestMapper mapper()
    {
        Result<QList<ApiResource>> resources = DiscoveryParser::parseAggregated(Aggregated);
        if (!resources)
            qFatal("parse failed");
        return RestMapper(resources.value());
    }

private slots:
    void parsesAggregatedDiscovery()
    {
        Result<QList<ApiResource>> resources = DiscoveryParser::parseAggregated(Aggregated);
        QVERIFY(resources.ok());
        QCOMPARE(resources->size(), 7);
        const ApiResource &pods = resources->at(0);
        QCOMPARE(pods.kind, u"Pod"_s);
        QVERIFY(pods.namespaced);
        QVERIFY(pods.isWatchable());
        QCOMPARE(pods.subresources, QStringList({u"log"_s, u"exec"_s}));
        QCOMPARE(pods.shortNames, QStringList {u"po"_s});
        QVERIFY(!resources->at(2).namespaced); // namespaces
        QVERIFY(resources->at(5).preferredVersion); // widgets v2, listed first
        QVERIFY(!resources->at(6).preferredVersion); // widgets v1
    }

    void findsWhatPeopleType_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("qualified");
        QTest::addColumn<QString>("version");
        QTest::newRow("plural") << u"pods"_s << u"pods"_s << u"v1"_s;
        QTest::newRow("singular") << u"pod"_s << u"pods"_s << u"v1"_s;
        QTest::newRow("short name") << u"po"_s << u"pods"_s << u"v1"_s;
        QTest::newRow("kind") << u"Deployment"_s << u"deployments.apps"_s << u"v1"_s;
        QTest::newRow("kind any case") << u"DEPLOY"_s << u"deployments.apps"_s << u"v1"_s;
        QTest::newRow("with group") << u"deployments.apps"_s << u"deployments.apps"_s << u"v1"_s;
        QTest::newRow("core events first") << u"events"_s << u"events"_s << u"v1"_s;
        QTest::newRow("other events by group") << u"events.events.k8s.io"_s << u"events.events.k8s.io"_s << u"v1"_s;
        QTest::newRow("CRD short name, preferred version") << u"wd"_s << u"widgets.demo.binnacle.io"_s << u"v2"_s;
        QTest::newRow("kind.version.group")
            << u"Widget.v1.demo.binnacle.io"_s << u"widgets.demo.binnacle.io"_s << u"v1"_s;
        QTest::newRow("spaces") << u"  ns "_s << u"namespaces"_s << u"v1"_s;
    }

    void findsWhatPeopleType()
    {
        QFETCH(QString, typed);
        QFETCH(QString, qualified);
        QFETCH(QString, version);
        const std::optional<ApiResource> found = mapper().find(typed);
        QVERIFY2(found.has_value(), qPrintable(typed));
        QCOMPARE(found->qualifiedName(), qualified);
        QCOMPARE(found->version, version);
    }

    void unknownNamesAreNotFound()
    {
        QVERIFY(!mapper().find(u"gadgets"_s));
        QVERIFY(!mapper().find(u"pods.apps"_s));
        QVERIFY(!mapper().find(QString()));
    }

    void kindsAndCategories()
    {
        const RestMapper m = mapper();
        QCOMPARE(m.forApiVersionKind(u"apps/v1"_s, u"Deployment"_s)->resource, u"deployments"_s);
        QCOMPARE(m.forApiVersionKind(u"v1"_s, u"Pod"_s)->resource, u"pods"_s);
        QCOMPARE(m.forApiVersionKind(u"demo.binnacle.io/v1"_s, u"Widget"_s)->version, u"v1"_s);
        QVERIFY(!m.forApiVersionKind(u"apps/v2"_s, u"Deployment"_s));
        QStringList all;
        for (const ApiResource &r : m.inCategory(u"all"_s))
            all << r.qualifiedName();
        QCOMPARE(all, QStringList({u"pods"_s, u"deployments.apps"_s, u"widgets.demo.binnacle.io"_s}));
        QCOMPARE(m.preferredResources().size(), 6);
    }

    void paths()
    {
        const RestMapper m = mapper();
        QCOMPARE(m.find(u"po"_s)->objectPath(u"shop"_s, u"web-1"_s, u"log"_s),
                 u"/api/v1/namespaces/shop/pods/web-1/log"_s);
        QCOMPARE(m.find(u"deploy"_s)->collectionPath(), u"/apis/apps/v1/deployments"_s);
        QCOMPARE(m.find(u"ns"_s)->objectPath(u"ignored"_s, u"shop"_s), u"/api/v1/namespaces/shop"_s);
        QCOMPARE(m.find(u"po"_s)->objectPath(u"a b"_s, u"x/y"_s), u"/api/v1/namespaces/a%20b/pods/x%2Fy"_s);
    }

    void legacyDiscovery()
    {
        Result<QList<DiscoveryParser::GroupVersion>> groups = DiscoveryParser::parseLegacyGroups(
            R"({"kind":"APIGroupList","groups":[{"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],
                "preferredVersion":{"groupVersion":"apps/v1"}},{"name":"b.io","versions":[{"groupVersion":"b.io/v2"},
                {"groupVersion":"b.io/v1"}],"preferredVersion":{"groupVersion":"b.io/v2"}}]})");
        QVERIFY(groups.ok());
        QCOMPARE(groups->size(), 3);
        QVERIFY(groups->at(1).preferred);
        QVERIFY(!groups->at(2).preferred);

        Result<QList<DiscoveryParser::GroupVersion>> core
            = DiscoveryParser::parseLegacyGroups(R"({"kind":"APIVersions","versions":["v1"]})");
        QCOMPARE(core->at(0).groupVersion, u"v1"_s);

        Result<QList<ApiResource>> list = DiscoveryParser::parseResourceList(
            R"({"kind":"APIResourceList","groupVersion":"apps/v1","resources":[
                {"name":"deployments","singularName":"deployment","namespaced":true,"kind":"Deployment","verbs":["get"],"shortNames":["deploy"]},
                {"name":"deployments/scale","namespaced":true,"kind":"Scale","verbs":["get"]}]})",
            true);
        QVERIFY(list.ok());
        QCOMPARE(list->size(), 1);
        QCOMPARE(list->at(0).group, u"apps"_s);
        QCOMPARE(list->at(0).subresources, QStringList {u"scale"_s});
    }

    void brokenDocumentsAreErrors()
    {
        QVERIFY(!DiscoveryParser::parseAggregated("<html>").ok());
        QCOMPARE(DiscoveryParser::parseAggregated("nope").error().kind(), Error::Kind::Parse);
    }
};

QTEST_GUILESS_MAIN(DiscoveryTest)
#include "tst_discovery.moc"
