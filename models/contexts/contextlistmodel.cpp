#include "contextlistmodel.h"

#include "client/core/displayurl.h"

#include <QFont>

using namespace Qt::StringLiterals;

namespace binnacle {

ContextListModel::ContextListModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ContextListModel::setKubeconfig(const Kubeconfig &config)
{
    beginResetModel();
    m_config = config;
    endResetModel();
}

int ContextListModel::rowOfContext(const QString &name) const
{
    for (int row = 0; row < m_config.contexts.size(); ++row) {
        if (m_config.contexts.at(row).name == name)
            return row;
    }
    return -1;
}

int ContextListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_config.contexts.size());
}

int ContextListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ContextListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const KubeContext &context = m_config.contexts.at(index.row());
    const bool isCurrent = context.name == m_config.currentContext;

    switch (role) {
    case ContextNameRole:
        return context.name;
    case IsCurrentRole:
        return isCurrent;
    case SourceFileRole:
        return context.sourceFile;
    case Qt::FontRole:
        if (isCurrent) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::AccessibleTextRole:
        if (index.column() == CurrentColumn)
            return isCurrent ? u"current context"_s : QString();
        break;
    case Qt::ToolTipRole:
        return u"Context %1, defined in %2"_s.arg(context.name, context.sourceFile);
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }

    switch (index.column()) {
    case CurrentColumn:
        return isCurrent ? u"\u2713"_s : QString();
    case NameColumn:
        return context.name;
    case ClusterColumn:
        return context.cluster;
    case UserColumn:
        return context.user;
    case NamespaceColumn:
        return context.namespaceName.isEmpty() ? u"default"_s : context.namespaceName;
    case ServerColumn:
        if (const KubeCluster *cluster = m_config.cluster(context.cluster))
            return displayUrl(cluster->server);
        return u"(cluster \"%1\" not defined)"_s.arg(context.cluster);
    }
    return {};
}

QVariant ContextListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case CurrentColumn:
        return u"Current"_s;
    case NameColumn:
        return u"Context"_s;
    case ClusterColumn:
        return u"Cluster"_s;
    case UserColumn:
        return u"User"_s;
    case NamespaceColumn:
        return u"Namespace"_s;
    case ServerColumn:
        return u"Server"_s;
    }
    return {};
}

} // namespace binnacle
