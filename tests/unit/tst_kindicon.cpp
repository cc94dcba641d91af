// The kinds' icons: every kind the sidebar lists by default has its own letters within its family, white letters
// read on every family's colour (4.5:1), the heptagon is drawn at any size, and a custom resource is told apart
// from a built-in kind that shares its name.
#include "models/common/kindicon.h"
#include "models/common/statusstyle.h"

#include <QGuiApplication>
#include <QImage>
#include <QSet>
#include <QTest>

using namespace binnacle;
using namespace Qt::StringLiterals;

namespace {

const QStringList BuiltInKinds {u"Pod"_s,
                                u"Deployment"_s,
                                u"ReplicaSet"_s,
                                u"StatefulSet"_s,
                                u"DaemonSet"_s,
                                u"Job"_s,
                                u"CronJob"_s,
                                u"HorizontalPodAutoscaler"_s,
                                u"Service"_s,
                                u"Ingress"_s,
                                u"Endpoints"_s,
                                u"EndpointSlice"_s,
                                u"NetworkPolicy"_s,
                                u"ConfigMap"_s,
                                u"Secret"_s,
                                u"ResourceQuota"_s,
                                u"LimitRange"_s,
                                u"PodDisruptionBudget"_s,
                                u"PersistentVolume"_s,
                                u"PersistentVolumeClaim"_s,
                                u"StorageClass"_s,
                                u"ServiceAccount"_s,
                                u"Role"_s,
                                u"RoleBinding"_s,
                                u"ClusterRole"_s,
                                u"ClusterRoleBinding"_s,
                                u"Node"_s,
                                u"Namespace"_s,
                                u"Event"_s,
                                u"CustomResourceDefinition"_s,
                                u"Container"_s};

} // namespace

class KindIconTest : public QObject
{
    Q_OBJECT

private slots:
    void everyBuiltInKindHasItsOwnLetters()
    {
        QSet<QString> seen;
        for (const QString &kind : BuiltInKinds) {
            const KindIcon::Style style = KindIcon::styleOf(kind);
            QVERIFY2(style.family != u"Custom resource", qPrintable(kind));
            QVERIFY2(!style.letters.isEmpty() && style.letters.size() <= 3, qPrintable(kind));
            const QString id = style.family + u'|' + style.letters;
            QVERIFY2(!seen.contains(id), qPrintable(kind + u" looks like another kind: "_s + id));
            seen.insert(id);
        }
        QCOMPARE(KindIcon::styleOf(u"Deployment"_s, u"apps"_s).letters, u"De"_s);
        QCOMPARE(KindIcon::styleOf(u"Ingress"_s, u"networking.k8s.io"_s).family, u"Network"_s);
    }

    void whiteLettersReadOnEveryFamily()
    {
        QStringList kinds = BuiltInKinds;
        kinds << u"Gadget"_s;
        for (const QString &kind : kinds) {
            const QColor colour = KindIcon::styleOf(kind, u"example.com"_s).colour;
            const double ratio = StatusStyle::contrastRatio(Qt::white, colour);
            QVERIFY2(ratio >= 4.5, qPrintable(u"%1: white on %2 is %3:1"_s.arg(kind, colour.name()).arg(ratio)));
        }
    }

    void customResourcesAreToldApart()
    {
        const KindIcon::Style gadget = KindIcon::styleOf(u"Gadget"_s, u"binnacle.dev"_s);
        QCOMPARE(gadget.family, u"Custom resource"_s);
        QCOMPARE(gadget.letters, u"Ga"_s);
        QCOMPARE(KindIcon::styleOf(u"ClusterResourceUsage"_s, u"kwok.x-k8s.io"_s).letters, u"CR"_s);
        // Knative's Service is not the core Service.
        QCOMPARE(KindIcon::styleOf(u"Service"_s, u"serving.knative.dev"_s).family, u"Custom resource"_s);
        QCOMPARE(KindIcon::styleOf(u"Service"_s).family, u"Network"_s);
    }

    void titlesNameKindsTheirOwnWay()
    {
        QCOMPARE(KindIcon::canonicalKind(u"deployment"_s), u"Deployment"_s); // an editor's title
        QCOMPARE(KindIcon::canonicalKind(u"Pods"_s), u"Pod"_s); // a selector's logs
        QCOMPARE(KindIcon::canonicalKind(u"configmap"_s), u"ConfigMap"_s);
        QCOMPARE(KindIcon::canonicalKind(u"Gadget"_s), u"Gadget"_s);
    }

    void theHeptagonIsDrawnAtAnySize()
    {
        const QIcon icon = KindIcon::forKind(u"Pod"_s);
        QCOMPARE(KindIcon::forKind(u"Pod"_s).cacheKey(), icon.cacheKey()); // one icon per kind
        for (const int side : {16, 22, 32, 64, 128}) {
            const QImage image = icon.pixmap(side, side).toImage();
            QCOMPARE(image.width(), side);
            QCOMPARE(image.pixelColor(0, 0).alpha(), 0); // outside the heptagon
            // Inside, away from the letters: the family's colour.
            const QColor inside = image.pixelColor(side / 2, side / 8 + 1);
            QVERIFY2(inside.alpha() > 200, qPrintable(QString::number(side)));
            QVERIFY2(qAbs(inside.blue() - KindIcon::styleOf(u"Pod"_s).colour.blue()) < 40, qPrintable(inside.name()));
        }
        // Disabled: grey, the same shape.
        const QColor disabled = icon.pixmap(QSize(32, 32), QIcon::Disabled).toImage().pixelColor(16, 5);
        QCOMPARE(disabled.red(), disabled.blue());
    }
};

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    KindIconTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_kindicon.moc"
