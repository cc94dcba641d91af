#include "clusternavigatormodel.h"

#include "client/core/displayurl.h"
#include "models/common/kindicon.h"
#include "models/common/statusstyle.h"

#include <QMap>
#include <QSet>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

struct Builtin
{
    const char *qualifiedName;
    const char *category;
};

// Where kubectl users look for each built-in kind. Anything not listed from a Kubernetes group goes to Cluster;
// anything from another group is a custom resource.
constexpr Builtin Builtins[] = {
    {"pods", "Workloads"},
    {"deployments.apps", "Workloads"},
    {"statefulsets.apps", "Workloads"},
    {"daemonsets.apps", "Workloads"},
    {"replicasets.apps", "Workloads"},
    {"jobs.batch", "Workloads"},
    {"cronjobs.batch", "Workloads"},
    {"horizontalpodautoscalers.autoscaling", "Workloads"},
    {"services", "Network"},
    {"endpointslices.discovery.k8s.io", "Network"},
    {"endpoints", "Network"},
    {"ingresses.networking.k8s.io", "Network"},
    {"ingressclasses.networking.k8s.io", "Network"},
    {"networkpolicies.networking.k8s.io", "Network"},
    {"configmaps", "Config"},
    {"secrets", "Config"},
    {"resourcequotas", "Config"},
    {"limitranges", "Config"},
    {"poddisruptionbudgets.policy", "Config"},
    {"priorityclasses.scheduling.k8s.io", "Config"},
    {"persistentvolumeclaims", "Storage"},
    {"persistentvolumes", "Storage"},
    {"storageclasses.storage.k8s.io", "Storage"},
    {"volumeattachments.storage.k8s.io", "Storage"},
    {"csidrivers.storage.k8s.io", "Storage"},
    {"csinodes.storage.k8s.io", "Storage"},
    {"serviceaccounts", "Access"},
    {"roles.rbac.authorization.k8s.io", "Access"},
    {"rolebindings.rbac.authorization.k8s.io", "Access"},
    {"clusterroles.rbac.authorization.k8s.io", "Access"},
    {"clusterrolebindings.rbac.authorization.k8s.io", "Access"},
    {"nodes", "Cluster"},
    {"namespaces", "Cluster"},
    {"events", "Cluster"},
    {"customresourcedefinitions.apiextensions.k8s.io", "Cluster"},
};

bool isKubernetesGroup(const QString &group)
{
    return group.isEmpty() || !group.contains(u'.') || group.endsWith(u".k8s.io");
}

} // namespace

ClusterNavigatorModel::ClusterNavigatorModel(QObject *parent)
    : QStandardItemModel(parent)
{
    setHorizontalHeaderLabels({tr("Clusters")});
}

QStringList ClusterNavigatorModel::categoryOrder()
{
    return {u"Workloads"_s, u"Network"_s, u"Config"_s, u"Storage"_s, u"Access"_s, u"Cluster"_s, u"Custom Resources"_s};
}

QString ClusterNavigatorModel::categoryOf(const ApiResource &resource)
{
    const QString name = resource.qualifiedName();
    for (const Builtin &builtin : Builtins) {
        if (name == QLatin1String(builtin.qualifiedName))
            return QString::fromLatin1(builtin.category);
    }
    return isKubernetesGroup(resource.group) ? u"Cluster"_s : u"Custom Resources"_s;
}

void ClusterNavigatorModel::setContexts(const Kubeconfig &config)
{
    removeRows(0, rowCount());
    for (const KubeContext &context : config.contexts) {
        auto *item = new QStandardItem(context.name);
        item->setEditable(false);
        item->setData(int(ItemType::Context), ItemTypeRole);
        item->setData(context.name, ContextRole);
        item->setData(int(State::Disconnected), StateRole);
        const KubeCluster *cluster = config.cluster(context.cluster);
        item->setToolTip(cluster ? displayUrl(cluster->server) : tr("cluster \"%1\" not defined").arg(context.cluster));
        const bool current = context.name == config.currentContext;
        item->setData(current, IsCurrentRole);
        // Bold shows the current context; a screen reader is told in words.
        item->setAccessibleText(current ? tr("%1, current context, not connected").arg(context.name)
                                        : tr("%1, not connected").arg(context.name));
        if (current) {
            QFont bold = item->font();
            bold.setBold(true);
            item->setFont(bold);
        }
        appendRow(item);
    }
}

QStandardItem *ClusterNavigatorModel::contextItem(const QString &context) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (item(row)->data(ContextRole).toString() == context)
            return item(row);
    }
    return nullptr;
}

void ClusterNavigatorModel::setState(const QString &context, State state, const QString &message)
{
    QStandardItem *item = contextItem(context);
    if (!item)
        return;
    item->setData(int(state), StateRole);
    static const char *const words[] = {"not connected", "connecting", "connected", "unreachable"};
    item->setAccessibleText(item->data(IsCurrentRole).toBool()
                                ? tr("%1, current context, %2").arg(context, tr(words[int(state)]))
                                : tr("%1, %2").arg(context, tr(words[int(state)])));
    item->setToolTip(message);
    switch (state) {
    case State::Connected:
        item->setData(StatusStyle::foreground(u"ok"_s), Qt::ForegroundRole);
        break;
    case State::Failed:
        item->setData(StatusStyle::foreground(u"error"_s), Qt::ForegroundRole);
        break;
    default:
        item->setData({}, Qt::ForegroundRole);
    }
}

void ClusterNavigatorModel::setResources(const QString &context, const QList<ApiResource> &resources)
{
    QStandardItem *parent = contextItem(context);
    if (!parent)
        return;
    // The same kinds again (a rediscovery that found nothing new) change nothing: rebuilding would collapse
    // whatever the person had opened.
    QStringList key;
    for (const ApiResource &resource : resources) {
        if (resource.isWatchable())
            key << resource.qualifiedName() + u'@' + resource.groupVersion();
    }
    const QString signature = key.join(u' ');
    if (parent->rowCount() > 0 && parent->data(ResourcesSignatureRole).toString() == signature)
        return;
    parent->setData(signature, ResourcesSignatureRole);
    if (resources.isEmpty())
        m_counts.remove(context); // disconnected: what was counted may no longer be true
    parent->removeRows(0, parent->rowCount());

    auto *overview = new QStandardItem(tr("Overview"));
    overview->setEditable(false);
    overview->setData(int(ItemType::Overview), ItemTypeRole);
    overview->setData(context, ContextRole);
    overview->setToolTip(tr("Workloads by namespace: Deployments → ReplicaSets → Pods"));
    overview->setIcon(KindIcon::forKind(u"Deployment"_s));
    parent->appendRow(overview);

    QMap<QString, QList<ApiResource>> grouped;
    for (const ApiResource &resource : resources) {
        if (resource.isWatchable())
            grouped[categoryOf(resource)].append(resource);
    }
    for (const QString &category : categoryOrder()) {
        QList<ApiResource> kinds = grouped.value(category);
        if (kinds.isEmpty())
            continue;
        if (category != u"Custom Resources") {
            // Built-ins in the order people look for them; the rest alphabetically after.
            auto rank = [](const ApiResource &r) {
                const QString name = r.qualifiedName();
                for (size_t i = 0; i < std::size(Builtins); ++i) {
                    if (name == QLatin1String(Builtins[i].qualifiedName))
                        return int(i);
                }
                return 1000;
            };
            std::stable_sort(kinds.begin(), kinds.end(), [&](const ApiResource &a, const ApiResource &b) {
                return rank(a) != rank(b) ? rank(a) < rank(b) : a.kind < b.kind;
            });
        } else {
            std::sort(kinds.begin(), kinds.end(),
                      [](const ApiResource &a, const ApiResource &b) { return a.qualifiedName() < b.qualifiedName(); });
        }
        auto *group = new QStandardItem(category);
        group->setEditable(false);
        group->setSelectable(false);
        group->setData(int(ItemType::Category), ItemTypeRole);
        group->setData(context, ContextRole);
        for (const ApiResource &resource : kinds) {
            const bool custom = category == u"Custom Resources";
            auto *kind = new QStandardItem(custom ? resource.kind + u" (" + resource.group + u')' : resource.kind);
            kind->setEditable(false);
            kind->setData(int(ItemType::Kind), ItemTypeRole);
            kind->setData(context, ContextRole);
            kind->setData(QVariant::fromValue(resource), ResourceRole);
            kind->setToolTip(resource.qualifiedName() + u" (" + resource.groupVersion() + u')');
            kind->setIcon(KindIcon::forKind(resource.kind, resource.group));
            if (const auto counted = m_counts.value(context).constFind(resource.qualifiedName());
                counted != m_counts.value(context).constEnd())
                showCount(kind, *counted);
            group->appendRow(kind);
        }
        parent->appendRow(group);
    }
}

void ClusterNavigatorModel::setCount(const QString &context, const QString &qualifiedName, int count)
{
    m_counts[context].insert(qualifiedName, count);
    if (const QModelIndex index = kindIndex(context, qualifiedName); index.isValid())
        showCount(itemFromIndex(index), count);
}

void ClusterNavigatorModel::showCount(QStandardItem *kind, int count)
{
    if (kind->data(CountRole).toInt() == count && kind->data(CountRole).isValid())
        return;
    kind->setData(count, CountRole);
    kind->setAccessibleText(tr("%1, %n object(s)", nullptr, count).arg(kind->text()));
}

QModelIndex ClusterNavigatorModel::contextIndex(const QString &context) const
{
    QStandardItem *item = contextItem(context);
    return item ? item->index() : QModelIndex();
}

QModelIndex ClusterNavigatorModel::overviewIndex(const QString &context) const
{
    QStandardItem *parent = contextItem(context);
    return parent && parent->rowCount() > 0 ? parent->child(0)->index() : QModelIndex();
}

QModelIndex ClusterNavigatorModel::kindIndex(const QString &context, const QString &qualifiedName) const
{
    QStandardItem *parent = contextItem(context);
    if (!parent)
        return {};
    for (int g = 0; g < parent->rowCount(); ++g) {
        QStandardItem *group = parent->child(g);
        for (int k = 0; k < group->rowCount(); ++k) {
            const auto resource = group->child(k)->data(ResourceRole).value<ApiResource>();
            if (resource.qualifiedName() == qualifiedName)
                return group->child(k)->index();
        }
    }
    return {};
}

} // namespace binnacle
