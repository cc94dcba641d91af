#pragma once

#include "client/watch/objectrecord.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QSet>

namespace binnacle {

class InformerSubscription;

// A cluster's namespaces, live and sorted by name, each with a check mark for "show this one". No namespace
// checked means all of them. Fed by a namespaces informer (Table rows: Name, Status, Age); a checked namespace that
// disappears stays checked, so a namespace deleted and created again comes back selected.
class NamespaceListModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NamespaceListModel)

public:
    enum Role { NameRole = Qt::UserRole + 1, StatusRole };

    explicit NamespaceListModel(QObject *parent = nullptr);

    // Follows `subscription` (replaces any previous one; the model does not own it). Null empties the list.
    void setSubscription(InformerSubscription *subscription);
    void applyBatch(const ChangeBatch &batch);

    QStringList namespaces() const { return m_names; }
    QStringList selected() const; // sorted; empty means all
    void setSelected(const QStringList &namespaces);
    void toggle(const QModelIndex &index);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

signals:
    void selectionChanged(const QStringList &namespaces);

private:
    void insertName(const QString &name, const QString &status);
    void removeName(const QString &name);

    QPointer<InformerSubscription> m_subscription;
    QStringList m_names; // sorted
    QHash<QString, QString> m_status; // "Active", "Terminating"
    QSet<QString> m_selected;
};

} // namespace binnacle
