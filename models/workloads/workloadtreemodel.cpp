#include "workloadtreemodel.h"

#include "client/session/informersubscription.h"
#include "models/common/statusstyle.h"
#include "models/resources/resourcetablemodel.h"

#include <QBrush>
#include <QColor>

using namespace Qt::StringLiterals;

namespace binnacle {

struct WorkloadTreeModel::Node
{
    QString kind; // "Namespace" for the first level
    QString name;
    QString namespaceName;
    ObjectPtr object;
    Node *parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;

    int row() const
    {
        if (!parent)
            return 0;
        for (size_t i = 0; i < parent->children.size(); ++i) {
            if (parent->children[i].get() == this)
                return int(i);
        }
        return 0;
    }
};

WorkloadTreeModel::WorkloadTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{ }

WorkloadTreeModel::~WorkloadTreeModel() = default;

void WorkloadTreeModel::addSource(const QString &kind, InformerSubscription *subscription)
{
    connect(subscription, &InformerSubscription::changed, this,
            [this, kind](const ChangeBatch &batch) { applyBatch(kind, batch); });
}

void WorkloadTreeModel::clearSources()
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    m_byUid.clear();
    m_byKindKey.clear();
    endResetModel();
}

void WorkloadTreeModel::applyBatch(const QString &kind, const ChangeBatch &batch)
{
    if (!batch.columns.isEmpty()) {
        m_columns.insert(kind, batch.columns);
        for (int i = 0; i < batch.columns.size(); ++i) {
            const QString name = batch.columns.at(i).name;
            if (name == u"Status" || (name == u"Ready" && !m_statusColumn.contains(kind)))
                m_statusColumn.insert(kind, i);
        }
    }
    if (batch.reset) {
        // Forget this kind's objects that the snapshot no longer has.
        QSet<QString> keep;
        for (const ObjectPtr &object : batch.added)
            keep.insert(kind + u'/' + object->key());
        const QStringList known = m_byKindKey.keys();
        for (const QString &key : known) {
            if (key.startsWith(kind + u'/') && !keep.contains(key))
                remove(kind, key.mid(kind.size() + 1));
        }
    }
    for (const QString &key : batch.removed)
        remove(kind, key);
    for (const ObjectPtr &object : batch.added)
        upsert(kind, object);
    for (const ObjectPtr &object : batch.updated)
        upsert(kind, object);
}

WorkloadTreeModel::Node *WorkloadTreeModel::namespaceNode(const QString &namespaceName)
{
    for (const auto &child : m_root->children) {
        if (child->name == namespaceName)
            return child.get();
    }
    auto node = std::make_unique<Node>();
    node->kind = u"Namespace"_s;
    node->name = namespaceName;
    node->namespaceName = namespaceName;
    Node *raw = node.get();
    // Keep namespaces sorted by name.
    size_t position = 0;
    while (position < m_root->children.size() && m_root->children[position]->name < namespaceName)
        ++position;
    beginInsertRows({}, int(position), int(position));
    node->parent = m_root.get();
    m_root->children.insert(m_root->children.begin() + qsizetype(position), std::move(node));
    endInsertRows();
    return raw;
}

WorkloadTreeModel::Node *WorkloadTreeModel::parentFor(const ObjectRecord &object)
{
    if (const OwnerReference *owner = object.controller()) {
        if (Node *node = m_byUid.value(owner->uid))
            return node;
    }
    return namespaceNode(object.namespaceName); // bare, or its owner has not arrived yet
}

void WorkloadTreeModel::insertNode(Node *parent, std::unique_ptr<Node> node)
{
    const int row = int(parent->children.size());
    beginInsertRows(indexOf(parent), row, row);
    node->parent = parent;
    parent->children.push_back(std::move(node));
    endInsertRows();
}

std::unique_ptr<WorkloadTreeModel::Node> WorkloadTreeModel::detach(Node *node)
{
    Node *parent = node->parent;
    const int row = node->row();
    beginRemoveRows(indexOf(parent), row, row);
    std::unique_ptr<Node> owned = std::move(parent->children[size_t(row)]);
    parent->children.erase(parent->children.begin() + row);
    endRemoveRows();
    owned->parent = nullptr;
    return owned;
}

void WorkloadTreeModel::upsert(const QString &kind, const ObjectPtr &object)
{
    const QString kindKey = kind + u'/' + object->key();
    if (Node *node = m_byKindKey.value(kindKey)) {
        node->object = object;
        Node *wanted = parentFor(*object);
        if (wanted != node->parent && wanted != node) {
            std::unique_ptr<Node> moved = detach(node);
            insertNode(wanted, std::move(moved));
        } else {
            emit dataChanged(indexOf(node, 0), indexOf(node, ColumnCount - 1));
        }
        return;
    }
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->name = object->name;
    node->namespaceName = object->namespaceName;
    node->object = object;
    Node *raw = node.get();
    insertNode(parentFor(*object), std::move(node));
    m_byKindKey.insert(kindKey, raw);
    if (!object->uid.isEmpty())
        m_byUid.insert(object->uid, raw);
    adoptWaitingChildren(raw);
}

void WorkloadTreeModel::adoptWaitingChildren(Node *owner)
{
    Node *waitingRoom = namespaceNode(owner->namespaceName);
    std::vector<Node *> orphans;
    for (const auto &child : waitingRoom->children) {
        const OwnerReference *controller = child->object ? child->object->controller() : nullptr;
        if (controller && controller->uid == owner->object->uid)
            orphans.push_back(child.get());
    }
    for (Node *orphan : orphans)
        insertNode(owner, detach(orphan));
}

void WorkloadTreeModel::remove(const QString &kind, const QString &key)
{
    Node *node = m_byKindKey.take(kind + u'/' + key);
    if (!node)
        return;
    if (node->object)
        m_byUid.remove(node->object->uid);
    // Children outlive their owner for a moment (garbage collection follows): they wait under the namespace.
    Node *waitingRoom = namespaceNode(node->namespaceName);
    while (!node->children.empty()) {
        Node *child = node->children.back().get();
        insertNode(waitingRoom, detach(child));
    }
    std::unique_ptr<Node> gone = detach(node);
    Node *ns = waitingRoom;
    if (ns->children.empty())
        detach(ns);
}

QModelIndex WorkloadTreeModel::indexOf(const Node *node, int column) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row(), column, const_cast<Node *>(node));
}

QModelIndex WorkloadTreeModel::indexOfUid(const QString &uid) const
{
    return indexOf(m_byUid.value(uid));
}

QModelIndex WorkloadTreeModel::indexOfNamespace(const QString &namespaceName) const
{
    for (const auto &child : m_root->children) {
        if (child->name == namespaceName)
            return indexOf(child.get());
    }
    return {};
}

QModelIndex WorkloadTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    const Node *parentNode = parent.isValid() ? static_cast<Node *>(parent.internalPointer()) : m_root.get();
    return createIndex(row, column, parentNode->children[size_t(row)].get());
}

QModelIndex WorkloadTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *node = static_cast<Node *>(child.internalPointer());
    return indexOf(node->parent);
}

int WorkloadTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    const Node *node = parent.isValid() ? static_cast<Node *>(parent.internalPointer()) : m_root.get();
    return int(node->children.size());
}

int WorkloadTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QString WorkloadTreeModel::statusText(const Node &node) const
{
    if (!node.object)
        return tr("%n workload(s)", nullptr, int(node.children.size()));
    const QList<TableColumn> columns = m_columns.value(node.kind);
    auto cell = [&](int column) {
        const QJsonValue value
            = column >= 0 && column < node.object->cells.size() ? node.object->cells.at(column) : QJsonValue();
        return value.isDouble() ? QString::number(value.toInt()) : value.toString();
    };
    // ReplicaSets and DaemonSets print Desired and Ready as two numbers: show them as "ready/desired".
    int desired = -1, ready = -1;
    for (int i = 0; i < columns.size(); ++i) {
        if (columns.at(i).name == u"Desired")
            desired = i;
        else if (columns.at(i).name == u"Ready")
            ready = i;
    }
    if (desired >= 0 && ready >= 0)
        return cell(ready) + u'/' + cell(desired);
    return cell(m_statusColumn.value(node.kind, -1));
}

QVariant WorkloadTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node &node = *static_cast<Node *>(index.internalPointer());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case NameColumn:
            return node.name;
        case KindColumn:
            return node.kind;
        case StatusColumn:
            return statusText(node);
        case AgeColumn:
            if (node.object && node.object->creationTimestamp.isValid())
                return ResourceTableModel::formatAge(
                    node.object->creationTimestamp.secsTo(QDateTime::currentDateTimeUtc()));
            return {};
        }
        return {};
    case Qt::ForegroundRole:
    case StatusClassRole: {
        if (index.column() != StatusColumn && role == Qt::ForegroundRole)
            return {};
        const QString text = statusText(node);
        QString status = StatusStyle::classify(text);
        if (status.isEmpty())
            status = StatusStyle::classifyReady(text);
        return role == StatusClassRole ? QVariant(status) : StatusStyle::foreground(status);
    }
    case KindRole:
        return node.kind;
    case NameRole:
        return node.name;
    case NamespaceRole:
        return node.namespaceName;
    case UidRole:
        return node.object ? node.object->uid : QString();
    default:
        return {};
    }
}

QVariant WorkloadTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case KindColumn:
        return tr("Kind");
    case StatusColumn:
        return tr("Status");
    case AgeColumn:
        return tr("Age");
    }
    return {};
}

} // namespace binnacle
