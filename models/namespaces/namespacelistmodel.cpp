#include "namespacelistmodel.h"

#include "client/session/informersubscription.h"
#include "models/common/statusstyle.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

// The namespace table's Status column (Name, Status, Age); Active when the server sends no rows' cells.
QString statusOf(const ObjectRecord &object)
{
    if (object.deleting)
        return u"Terminating"_s;
    return object.cells.size() > 1 && object.cells.at(1).isString() ? object.cells.at(1).toString() : u"Active"_s;
}

} // namespace

NamespaceListModel::NamespaceListModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

void NamespaceListModel::setSubscription(InformerSubscription *subscription)
{
    if (m_subscription)
        m_subscription->disconnect(this);
    m_subscription = subscription;
    beginResetModel();
    m_names.clear();
    m_status.clear();
    endResetModel();
    if (subscription)
        connect(subscription, &InformerSubscription::changed, this, &NamespaceListModel::applyBatch);
}

void NamespaceListModel::applyBatch(const ChangeBatch &batch)
{
    if (batch.reset) {
        QSet<QString> keep;
        for (const ObjectPtr &object : batch.added)
            keep.insert(object->name);
        const QStringList known = m_names;
        for (const QString &name : known) {
            if (!keep.contains(name))
                removeName(name);
        }
    }
    for (const QString &name : batch.removed)
        removeName(name);
    for (const QList<ObjectPtr> *objects : {&batch.added, &batch.updated}) {
        for (const ObjectPtr &object : *objects)
            insertName(object->name, statusOf(*object));
    }
}

void NamespaceListModel::insertName(const QString &name, const QString &status)
{
    const auto at = std::lower_bound(m_names.begin(), m_names.end(), name);
    const int row = int(at - m_names.begin());
    if (at != m_names.end() && *at == name) {
        if (m_status.value(name) != status) {
            m_status.insert(name, status);
            emit dataChanged(index(row), index(row));
        }
        return;
    }
    beginInsertRows({}, row, row);
    m_names.insert(row, name);
    m_status.insert(name, status);
    endInsertRows();
}

void NamespaceListModel::removeName(const QString &name)
{
    const auto at = std::lower_bound(m_names.begin(), m_names.end(), name);
    if (at == m_names.end() || *at != name)
        return;
    const int row = int(at - m_names.begin());
    beginRemoveRows({}, row, row);
    m_names.removeAt(row);
    m_status.remove(name);
    endRemoveRows();
}

QStringList NamespaceListModel::selected() const
{
    QStringList names(m_selected.cbegin(), m_selected.cend());
    names.sort();
    return names;
}

void NamespaceListModel::setSelected(const QStringList &namespaces)
{
    const QSet<QString> next(namespaces.cbegin(), namespaces.cend());
    if (next == m_selected)
        return;
    m_selected = next;
    if (!m_names.isEmpty())
        emit dataChanged(index(0), index(int(m_names.size()) - 1), {Qt::CheckStateRole});
    emit selectionChanged(selected());
}

void NamespaceListModel::toggle(const QModelIndex &index)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return;
    QSet<QString> next = m_selected;
    const QString name = m_names.at(index.row());
    if (!next.remove(name))
        next.insert(name);
    setSelected(QStringList(next.cbegin(), next.cend()));
}

int NamespaceListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_names.size());
}

QVariant NamespaceListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const QString &name = m_names.at(index.row());
    const QString status = m_status.value(name);
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return name;
    case Qt::AccessibleTextRole:
        return m_selected.contains(name) ? tr("%1, shown").arg(name) : name;
    case Qt::CheckStateRole:
        return m_selected.contains(name) ? Qt::Checked : Qt::Unchecked;
    case Qt::ToolTipRole:
    case StatusRole:
        return status;
    case Qt::ForegroundRole:
        return status == u"Active" ? QVariant() : StatusStyle::foreground(StatusStyle::classify(status));
    default:
        return {};
    }
}

} // namespace binnacle
