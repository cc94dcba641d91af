#pragma once

#include "client/config/kubeconfig.h"

#include <QAbstractTableModel>

namespace binnacle {

// The contexts of a kubeconfig as a table, like `kubectl config get-contexts`: the current context is marked.
class ContextListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ContextListModel)

public:
    enum Column { CurrentColumn, NameColumn, ClusterColumn, UserColumn, NamespaceColumn, ServerColumn, ColumnCount };
    enum Role { ContextNameRole = Qt::UserRole + 1, IsCurrentRole, SourceFileRole };

    explicit ContextListModel(QObject *parent = nullptr);

    void setKubeconfig(const Kubeconfig &config);
    const Kubeconfig &kubeconfig() const { return m_config; }
    int rowOfContext(const QString &name) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    Kubeconfig m_config;
};

} // namespace binnacle
