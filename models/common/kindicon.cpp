#include "kindicon.h"

#include <QFont>
#include <QHash>
#include <QIconEngine>
#include <QPainter>
#include <QPainterPath>
#include <QtMath>

using namespace Qt::StringLiterals;

namespace binnacle::KindIcon {

namespace {

struct Family
{
    const char *name;
    QColor colour;
};

const Family Workloads {"Workloads", QColor(0x2f, 0x62, 0xd0)};
const Family Network {"Network", QColor(0x00, 0x79, 0x6b)};
const Family Configuration {"Configuration", QColor(0x9a, 0x5b, 0x00)};
const Family Storage {"Storage", QColor(0x7b, 0x1f, 0xa2)};
const Family Access {"Access control", QColor(0xc6, 0x28, 0x28)};
const Family Cluster {"Cluster", QColor(0x4e, 0x65, 0x70)};
const Family Custom {"Custom resource", QColor(0x5d, 0x40, 0x37)};

struct Known
{
    const char *letters;
    const Family *family;
};

// The kinds Kubernetes itself serves (any group), with kubectl's short names where they fit in three letters.
const QHash<QString, Known> &knownKinds()
{
    static const QHash<QString, Known> kinds {
        {u"Pod"_s, {"Po", &Workloads}},
        {u"Deployment"_s, {"De", &Workloads}},
        {u"ReplicaSet"_s, {"RS", &Workloads}},
        {u"StatefulSet"_s, {"SS", &Workloads}},
        {u"DaemonSet"_s, {"DS", &Workloads}},
        {u"Job"_s, {"Jo", &Workloads}},
        {u"CronJob"_s, {"CJ", &Workloads}},
        {u"ReplicationController"_s, {"RC", &Workloads}},
        {u"HorizontalPodAutoscaler"_s, {"HPA", &Workloads}},
        {u"Container"_s, {"Ct", &Workloads}},
        {u"Service"_s, {"Svc", &Network}},
        {u"Ingress"_s, {"Ing", &Network}},
        {u"IngressClass"_s, {"IC", &Network}},
        {u"Endpoints"_s, {"EP", &Network}},
        {u"EndpointSlice"_s, {"ES", &Network}},
        {u"NetworkPolicy"_s, {"NP", &Network}},
        {u"ConfigMap"_s, {"CM", &Configuration}},
        {u"Secret"_s, {"Se", &Configuration}},
        {u"ResourceQuota"_s, {"RQ", &Configuration}},
        {u"LimitRange"_s, {"LR", &Configuration}},
        {u"PodDisruptionBudget"_s, {"PDB", &Configuration}},
        {u"PriorityClass"_s, {"PC", &Configuration}},
        {u"RuntimeClass"_s, {"RtC", &Configuration}},
        {u"Lease"_s, {"Le", &Configuration}},
        {u"PersistentVolume"_s, {"PV", &Storage}},
        {u"PersistentVolumeClaim"_s, {"PVC", &Storage}},
        {u"StorageClass"_s, {"SC", &Storage}},
        {u"VolumeAttachment"_s, {"VA", &Storage}},
        {u"CSIDriver"_s, {"CSI", &Storage}},
        {u"CSINode"_s, {"CN", &Storage}},
        {u"CSIStorageCapacity"_s, {"CSC", &Storage}},
        {u"ServiceAccount"_s, {"SA", &Access}},
        {u"Role"_s, {"Ro", &Access}},
        {u"RoleBinding"_s, {"RB", &Access}},
        {u"ClusterRole"_s, {"CR", &Access}},
        {u"ClusterRoleBinding"_s, {"CRB", &Access}},
        {u"CertificateSigningRequest"_s, {"CSR", &Access}},
        {u"Node"_s, {"No", &Cluster}},
        {u"Namespace"_s, {"Ns", &Cluster}},
        {u"Event"_s, {"Ev", &Cluster}},
        {u"APIService"_s, {"API", &Cluster}},
        {u"CustomResourceDefinition"_s, {"CRD", &Cluster}},
        {u"MutatingWebhookConfiguration"_s, {"MW", &Cluster}},
        {u"ValidatingWebhookConfiguration"_s, {"VW", &Cluster}},
        {u"ValidatingAdmissionPolicy"_s, {"VAP", &Cluster}},
        {u"ValidatingAdmissionPolicyBinding"_s, {"VPB", &Cluster}},
        {u"FlowSchema"_s, {"FS", &Cluster}},
        {u"PriorityLevelConfiguration"_s, {"PL", &Cluster}},
        {u"ComponentStatus"_s, {"CS", &Cluster}},
    };
    return kinds;
}

// A custom kind's letters: its first two capitals ("ClusterResourceUsage" → "CR"), else its first two letters.
QString lettersOfCustom(const QString &kind)
{
    QString capitals;
    for (const QChar c : kind) {
        if (c.isUpper())
            capitals += c;
        if (capitals.size() == 2)
            return capitals;
    }
    if (kind.isEmpty())
        return u"?"_s;
    return kind.left(1).toUpper() + kind.mid(1, 1).toLower();
}

// Paints the heptagon at whatever size and device pixel ratio the view asks for: sharp on any screen.
class KindIconEngine final : public QIconEngine
{
public:
    explicit KindIconEngine(Style style)
        : m_style(std::move(style))
    { }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State) override
    {
        const qreal side = qMin(rect.width(), rect.height());
        const QPointF centre = QRectF(rect).center();
        const qreal radius = side / 2.0;
        QPainterPath heptagon;
        for (int i = 0; i < 7; ++i) {
            const qreal angle = -M_PI / 2 + i * 2 * M_PI / 7; // a corner at the top, as the Kubernetes logo's
            const QPointF corner(centre.x() + radius * qCos(angle), centre.y() + radius * qSin(angle) + side * 0.03);
            if (i == 0)
                heptagon.moveTo(corner);
            else
                heptagon.lineTo(corner);
        }
        heptagon.closeSubpath();
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        QColor fill = m_style.colour;
        if (mode == QIcon::Disabled)
            fill = QColor::fromHsl(fill.hslHue(), 0, fill.lightness());
        painter->fillPath(heptagon, fill);
        QFont font = painter->font();
        font.setBold(true);
        font.setPixelSize(qMax(5, int(side * (m_style.letters.size() > 2 ? 0.30 : 0.40))));
        painter->setFont(font);
        painter->setPen(Qt::white);
        painter->drawText(QRectF(rect).adjusted(0, side * 0.04, 0, 0), Qt::AlignCenter, m_style.letters);
        painter->restore();
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        QPixmap image(size);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        paint(&painter, QRect(QPoint(), size), mode, state);
        return image;
    }

    QIconEngine *clone() const override { return new KindIconEngine(m_style); }
    QString key() const override { return u"binnacle-kind"_s; }

private:
    Style m_style;
};

// A kind as people also write it: "deployment", "Pods" (an editor's title, a selector's logs).
const QHash<QString, QString> &kindsByLowerName()
{
    static const QHash<QString, QString> names = [] {
        QHash<QString, QString> byName;
        for (auto it = knownKinds().cbegin(); it != knownKinds().cend(); ++it) {
            byName.insert(it.key().toLower(), it.key());
            byName.insert(it.key().toLower() + u's', it.key());
        }
        return byName;
    }();
    return names;
}

} // namespace

QString canonicalKind(const QString &name)
{
    return kindsByLowerName().value(name.toLower(), name);
}

Style styleOf(const QString &kind, const QString &group)
{
    const auto known = knownKinds().constFind(kind);
    // A CRD may reuse a built-in kind's name in its own group: it is not that kind.
    const bool builtIn = group.isEmpty() || !group.contains(u'.') || group.endsWith(u".k8s.io");
    if (known != knownKinds().constEnd() && builtIn)
        return {QString::fromLatin1(known->letters), known->family->colour, QString::fromLatin1(known->family->name)};
    return {lettersOfCustom(kind), Custom.colour, QString::fromLatin1(Custom.name)};
}

QIcon forKind(const QString &kind, const QString &group)
{
    static QHash<QString, QIcon> icons;
    const QString key = group + u'/' + kind;
    auto found = icons.find(key);
    if (found == icons.end())
        found = icons.insert(key, QIcon(new KindIconEngine(styleOf(kind, group))));
    return *found;
}

} // namespace binnacle::KindIcon
