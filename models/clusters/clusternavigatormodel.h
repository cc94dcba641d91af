#pragma once

#include "client/config/kubeconfig.h"
#include "client/discovery/apiresource.h"

#include <QHash>
#include <QStandardItemModel>

namespace binnacle {

// The sidebar: every context of the kubeconfig with its connection state and, under a connected one, an Overview
// (the workload tree) and the resource kinds from discovery grouped like kubectl's categories.
class ClusterNavigatorModel final : public QStandardItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterNavigatorModel)

public:
    enum class ItemType { Context = 1, Category, Kind, Overview };
    enum Role {
        ItemTypeRole = Qt::UserRole + 1,
        ContextRole,
        ResourceRole,
        StateRole,
        IsCurrentRole,
        ResourcesSignatureRole,
        CountRole // a kind's objects once it was listed (-1 or none before)
    };
    enum class State { Disconnected, Connecting, Connected, Failed };

    explicit ClusterNavigatorModel(QObject *parent = nullptr);

    void setContexts(const Kubeconfig &config);
    void setState(const QString &context, State state, const QString &message);
    void setResources(const QString &context, const QList<ApiResource> &resources);
    // How many objects a kind has, once listed; kept when the kinds are rebuilt, forgotten when the context goes.
    void setCount(const QString &context, const QString &qualifiedName, int count);

    QModelIndex contextIndex(const QString &context) const;
    QModelIndex kindIndex(const QString &context, const QString &qualifiedName) const;
    QModelIndex overviewIndex(const QString &context) const;

    // Which sidebar group a resource belongs to ("Workloads", "Network", ... "Custom Resources").
    static QString categoryOf(const ApiResource &resource);
    static QStringList categoryOrder();

private:
    QStandardItem *contextItem(const QString &context) const;
    static void showCount(QStandardItem *kind, int count);

    QHash<QString, QHash<QString, int>> m_counts; // context → qualified name → objects
};

} // namespace binnacle

Q_DECLARE_METATYPE(binnacle::ClusterNavigatorModel::ItemType)
