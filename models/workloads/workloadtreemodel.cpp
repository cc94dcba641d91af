#include "workloadtreemodel.h"

#include "client/metrics/usagehistory.h"
#include "client/session/informersubscription.h"
#include "models/common/kindicon.h"
#include "models/common/statusstyle.h"
#include "models/metrics/resourcelinesindex.h"
#include "models/metrics/usagecolumn.h"
#include "models/metrics/usageformat.h"
#include "models/resources/resourcetablemodel.h"

#include <QBrush>
#include <QColor>

#include <array>
#include <optional>
#include <utility>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {
const QString PodKind = u"Pod"_s;
const QString ContainerKind = u"Container"_s;
const QString NoticeKind = u"Notice"_s; // a row that explains why containers could not be loaded
} // namespace

struct WorkloadTreeModel::Node
{
    enum class Containers { NotFetched, Fetching, Fetched }; // pods only

    QString kind; // "Namespace" for the first level, "Container" below pods
    QString name;
    QString namespaceName;
    ObjectPtr object; // null for namespaces, containers and notices
    std::optional<PodContainer> container;
    QString notice;
    Containers containers = Containers::NotFetched;
    bool refetchContainers = false;
    quint64 fetchTicket = 0;
    Node *parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;
    // The usage this node shows (a pod's, or the sum of the pods below), worked out once per usage generation:
    // views ask for it at every paint and size hint, and a namespace's sum is hundreds of lookups.
    mutable quint64 usageGeneration = 0;
    mutable std::optional<double> cpuCores;
    mutable std::optional<double> memoryBytes;
    // Per share column: the use of the pods below that set the figure, and the sum of their figures.
    struct Share
    {
        double used = 0;
        double of = 0;
    };
    mutable std::array<std::optional<Share>, 4> shares;

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
    ++m_usageGeneration;
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
    ++m_usageGeneration; // the sums above it change
    const int row = int(parent->children.size());
    beginInsertRows(indexOf(parent), row, row);
    node->parent = parent;
    parent->children.push_back(std::move(node));
    endInsertRows();
}

std::unique_ptr<WorkloadTreeModel::Node> WorkloadTreeModel::detach(Node *node)
{
    ++m_usageGeneration;
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
        const bool changed = node->object->resourceVersion != object->resourceVersion;
        const QString previousUid = node->object->uid;
        node->object = object;
        // Deleted and re-created under the same name, seen as one update: another object with other children.
        const bool recreated = previousUid != object->uid;
        if (recreated) {
            if (m_byUid.value(previousUid) == node)
                m_byUid.remove(previousUid);
            if (!object->uid.isEmpty())
                m_byUid.insert(object->uid, node);
            releaseChildren(node, [&object](const Node &child) {
                const OwnerReference *controller = child.object->controller();
                return !controller || controller->uid != object->uid;
            });
        }
        if (changed && node->containers != Node::Containers::NotFetched)
            fetchContainers(node); // an open pod keeps its containers' state current
        Node *wanted = parentFor(*object);
        if (wanted != node->parent && wanted != node) {
            std::unique_ptr<Node> moved = detach(node);
            insertNode(wanted, std::move(moved));
        } else {
            emit dataChanged(indexOf(node, 0), indexOf(node, ColumnCount - 1));
        }
        if (recreated)
            adoptWaitingChildren(node);
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
    // Containers and notices are part of their pod and go with it.
    releaseChildren(node, [](const Node &) { return true; });
    while (!node->children.empty())
        detach(node->children.back().get());
    Node *waitingRoom = namespaceNode(node->namespaceName);
    std::unique_ptr<Node> gone = detach(node);
    if (waitingRoom->children.empty())
        detach(waitingRoom);
}

void WorkloadTreeModel::releaseChildren(Node *owner, const std::function<bool(const Node &)> &release)
{
    std::vector<Node *> leaving;
    for (const auto &child : owner->children) {
        if (child->object && release(*child))
            leaving.push_back(child.get());
    }
    if (leaving.empty())
        return;
    Node *waitingRoom = namespaceNode(owner->namespaceName);
    for (Node *child : leaving)
        insertNode(waitingRoom, detach(child));
}

void WorkloadTreeModel::refreshAges(const QList<QModelIndex> &rows)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 shownAt = std::exchange(m_agesShownAt, now);
    if (shownAt == 0)
        return;
    for (const QModelIndex &row : rows) {
        if (!row.isValid() || row.model() != this)
            continue;
        const auto *node = static_cast<const Node *>(row.internalPointer());
        if (!node->object || !node->object->creationTimestamp.isValid())
            continue;
        const qint64 created = node->object->creationTimestamp.toSecsSinceEpoch();
        if (ResourceTableModel::ageStep(now - created) == ResourceTableModel::ageStep(shownAt - created))
            continue;
        const QModelIndex age = row.siblingAtColumn(AgeColumn);
        emit dataChanged(age, age, {Qt::DisplayRole});
    }
}

void WorkloadTreeModel::setUsage(const UsageHistory *history)
{
    if (m_usage == history)
        return;
    m_usage = history;
    ++m_usageGeneration;
    usageUpdated();
}

void WorkloadTreeModel::setResourceLines(const ResourceLinesIndex *lines)
{
    if (m_lines == lines)
        return;
    m_lines = lines;
    usageUpdated();
}

void WorkloadTreeModel::usageUpdated()
{
    ++m_usageGeneration;
    emitUsageChanged(*m_root);
}

void WorkloadTreeModel::emitUsageChanged(const Node &parent)
{
    // One signal per parent (dataChanged spans siblings only): a few hundred for a busy cluster, once a poll.
    if (parent.children.empty())
        return;
    emit dataChanged(indexOf(parent.children.front().get(), CpuColumn),
                     indexOf(parent.children.back().get(), MemoryOfLimitColumn));
    for (const auto &child : parent.children) {
        if (!child->container)
            emitUsageChanged(*child);
    }
}

void WorkloadTreeModel::updateUsage(const Node &node) const
{
    if (node.usageGeneration == m_usageGeneration)
        return;
    node.usageGeneration = m_usageGeneration;
    node.cpuCores.reset();
    node.memoryBytes.reset();
    node.shares.fill(std::nullopt);
    if (node.kind == u"Pod") {
        const QString key = node.namespaceName + u'/' + node.name;
        const std::optional<Usage> usage = m_usage->latest(key);
        if (!usage)
            return;
        node.cpuCores = usage->cpuCores;
        node.memoryBytes = usage->memoryBytes;
        const std::optional<ResourceLines> lines = m_lines ? m_lines->find(key) : std::nullopt;
        if (!lines)
            return;
        const std::array<std::pair<double, std::optional<double>>, 4> figures {
            std::pair {usage->cpuCores, lines->cpuRequest}, std::pair {usage->cpuCores, lines->cpuLimit},
            std::pair {usage->memoryBytes, lines->memoryRequest}, std::pair {usage->memoryBytes, lines->memoryLimit}};
        for (size_t i = 0; i < figures.size(); ++i) {
            if (figures[i].second && *figures[i].second > 0)
                node.shares[i] = Node::Share {figures[i].first, *figures[i].second};
        }
        return;
    }
    for (const auto &child : node.children) {
        if (child->container || child->kind == NoticeKind)
            continue;
        updateUsage(*child);
        if (child->cpuCores)
            node.cpuCores = node.cpuCores.value_or(0) + *child->cpuCores;
        if (child->memoryBytes)
            node.memoryBytes = node.memoryBytes.value_or(0) + *child->memoryBytes;
        for (size_t i = 0; i < node.shares.size(); ++i) {
            if (const std::optional<Node::Share> &part = child->shares[i]) {
                Node::Share sum = node.shares[i].value_or(Node::Share {});
                sum.used += part->used;
                sum.of += part->of;
                node.shares[i] = sum;
            }
        }
    }
}

std::optional<double> WorkloadTreeModel::usageOf(const Node &node, Column column) const
{
    if (!m_usage || node.container || node.kind == NoticeKind)
        return std::nullopt;
    updateUsage(node);
    switch (column) {
    case CpuColumn:
        return node.cpuCores;
    case MemoryColumn:
        return node.memoryBytes;
    case CpuOfRequestColumn:
    case CpuOfLimitColumn:
    case MemoryOfRequestColumn:
    case MemoryOfLimitColumn:
        if (const std::optional<Node::Share> &share = node.shares[size_t(column - CpuOfRequestColumn)])
            return 100.0 * share->used / share->of;
        return std::nullopt;
    default:
        return std::nullopt;
    }
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
    if (node.container) {
        const PodContainer &container = *node.container;
        QString text = container.statusWord();
        if (container.state == u"Running" && !container.ready)
            text = tr("Running, not ready");
        if (container.restarts > 0)
            text += u" ("_s + container.restartsText() + u')';
        return text;
    }
    if (node.kind == NoticeKind)
        return node.notice;
    if (!node.object)
        return node.children.size() == 1 ? tr("1 workload") : tr("%1 workloads").arg(node.children.size());
    const QList<TableColumn> columns = m_columns.value(node.kind);
    auto cell = [&](int column) {
        const QJsonValue value
            = column >= 0 && column < node.object->cells.size() ? node.object->cells.at(column) : QJsonValue();
        return value.isDouble() ? QString::number(value.toInt()) : value.toString();
    };
    // ReplicaSets and DaemonSets print Desired and Ready as two numbers: show them as "ready/desired".
    int desired = -1, ready = -1, schedule = -1, suspend = -1, active = -1;
    for (int i = 0; i < columns.size(); ++i) {
        const QString &name = columns.at(i).name;
        if (name == u"Desired")
            desired = i;
        else if (name == u"Ready")
            ready = i;
        else if (name == u"Schedule")
            schedule = i;
        else if (name == u"Suspend")
            suspend = i;
        else if (name == u"Active")
            active = i;
    }
    if (desired >= 0 && ready >= 0)
        return cell(ready) + u'/' + cell(desired);
    // CronJobs have no status word: their schedule says more, and whether they are suspended or running now.
    if (schedule >= 0) {
        if (suspend >= 0 && cell(suspend) == u"True")
            return tr("Suspended");
        const QString running = active >= 0 ? cell(active) : QString();
        return running.isEmpty() || running == u"0" ? cell(schedule) : tr("%1, %2 active").arg(cell(schedule), running);
    }
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
            if (node.container) {
                switch (node.container->kind) {
                case PodContainer::Kind::Init:
                    return tr("Init container");
                case PodContainer::Kind::Ephemeral:
                    return tr("Ephemeral container");
                case PodContainer::Kind::Regular:
                    break;
                }
                return tr("Container");
            }
            return node.kind == NoticeKind ? QString() : node.kind;
        case StatusColumn:
            return statusText(node);
        case AgeColumn:
            if (node.object && node.object->creationTimestamp.isValid()) // in whole seconds, as refreshAges counts
                return ResourceTableModel::formatAge(QDateTime::currentSecsSinceEpoch()
                                                     - node.object->creationTimestamp.toSecsSinceEpoch());
            return {};
        case CpuColumn:
            if (const std::optional<double> cores = usageOf(node, CpuColumn))
                return UsageFormat::cpu(*cores);
            return {};
        case MemoryColumn:
            if (const std::optional<double> bytes = usageOf(node, MemoryColumn))
                return UsageFormat::memory(*bytes);
            return {};
        case CpuOfRequestColumn:
        case CpuOfLimitColumn:
        case MemoryOfRequestColumn:
        case MemoryOfLimitColumn:
            if (const std::optional<double> share = usageOf(node, Column(index.column())))
                return UsageCells::text(UsageColumn::CpuOfRequest, *share);
            return {};
        }
        return {};
    case SortRole:
        switch (index.column()) {
        case CpuColumn:
        case MemoryColumn:
        case CpuOfRequestColumn:
        case CpuOfLimitColumn:
        case MemoryOfRequestColumn:
        case MemoryOfLimitColumn:
            return usageOf(node, Column(index.column())).value_or(-1.0);
        case AgeColumn:
            // Older sorts as larger, as its text reads.
            return node.object && node.object->creationTimestamp.isValid()
                ? QVariant(-node.object->creationTimestamp.toSecsSinceEpoch())
                : QVariant(qint64(0));
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::DecorationRole:
        if (index.column() != NameColumn || node.kind == NoticeKind || (node.kind.isEmpty() && !node.container))
            return {};
        return KindIcon::forKind(node.container ? u"Container"_s : node.kind);
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
    case Qt::ToolTipRole:
        if (node.container) {
            QString tip = node.container->image;
            if (!node.container->ports.isEmpty())
                tip += u"\n"_s + tr("Ports: %1").arg(node.container->ports.join(u", "_s));
            if (!node.container->message.isEmpty())
                tip += u"\n"_s + node.container->message;
            return tip;
        }
        return node.kind == NoticeKind ? node.notice : QVariant();
    case KindRole:
        return node.kind;
    case PodNameRole:
        if (node.kind == PodKind)
            return node.name;
        return node.container && node.parent ? node.parent->name : QString();
    case ContainerRole:
        return node.container ? node.container->name : QString();
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

bool WorkloadTreeModel::hasChildren(const QModelIndex &parent) const
{
    if (canFetchMore(parent))
        return true; // an unopened pod: its containers are one expand away
    return rowCount(parent) > 0;
}

bool WorkloadTreeModel::canFetchMore(const QModelIndex &parent) const
{
    if (!parent.isValid() || parent.column() > 0 || !m_podFetcher)
        return false;
    const Node *node = static_cast<Node *>(parent.internalPointer());
    return node->kind == PodKind && node->object && node->containers == Node::Containers::NotFetched;
}

void WorkloadTreeModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        fetchContainers(static_cast<Node *>(parent.internalPointer()));
}

void WorkloadTreeModel::fetchContainers(Node *pod)
{
    if (!m_podFetcher)
        return;
    if (pod->containers == Node::Containers::Fetching) {
        pod->refetchContainers = true; // once the answer in flight is in: it may already be out of date
        return;
    }
    pod->containers = Node::Containers::Fetching;
    pod->fetchTicket = ++m_lastFetchTicket;
    const QString kindKey = PodKind + u'/' + pod->object->key();
    m_podFetcher(pod->namespaceName, pod->name, this,
                 [this, kindKey, ticket = pod->fetchTicket](const Result<QJsonObject> &fetched) {
                     // The pod may have gone, or been replaced by a namesake, while the request was out.
                     Node *current = m_byKindKey.value(kindKey);
                     if (!current || current->fetchTicket != ticket)
                         return;
                     current->containers = Node::Containers::Fetched;
                     setContainers(current, fetched);
                     if (std::exchange(current->refetchContainers, false))
                         fetchContainers(current);
                 });
}

void WorkloadTreeModel::setContainers(Node *pod, const Result<QJsonObject> &fetched)
{
    std::vector<std::unique_ptr<Node>> rows;
    auto makeRow = [pod] {
        auto row = std::make_unique<Node>();
        row->namespaceName = pod->namespaceName;
        row->parent = pod;
        return row;
    };
    if (fetched) {
        for (PodContainer &container : PodContainer::listFrom(fetched.value())) {
            auto row = makeRow();
            row->kind = ContainerKind;
            row->name = container.name;
            row->container = std::move(container);
            rows.push_back(std::move(row));
        }
    } else {
        auto row = makeRow();
        row->kind = NoticeKind;
        row->name = tr("Containers unavailable");
        row->notice = fetched.error().message();
        rows.push_back(std::move(row));
    }

    // Usually only the state changed: update the rows in place so that views keep their selection.
    bool sameRows = rows.size() == pod->children.size();
    for (size_t i = 0; sameRows && i < rows.size(); ++i)
        sameRows = rows[i]->kind == pod->children[i]->kind && rows[i]->name == pod->children[i]->name;
    const QModelIndex podIndex = indexOf(pod);
    if (sameRows) {
        for (size_t i = 0; i < rows.size(); ++i) {
            pod->children[i]->container = std::move(rows[i]->container);
            pod->children[i]->notice = rows[i]->notice;
        }
        if (!rows.empty())
            emit dataChanged(index(0, 0, podIndex), index(int(rows.size()) - 1, ColumnCount - 1, podIndex));
        return;
    }
    if (!pod->children.empty()) {
        beginRemoveRows(podIndex, 0, int(pod->children.size()) - 1);
        pod->children.clear();
        endRemoveRows();
    }
    if (!rows.empty()) {
        beginInsertRows(podIndex, 0, int(rows.size()) - 1);
        pod->children = std::move(rows);
        endInsertRows();
    }
}

QVariant WorkloadTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    if (section >= CpuOfRequestColumn && section <= MemoryOfLimitColumn) {
        const UsageColumn column
            = std::array {UsageColumn::CpuOfRequest, UsageColumn::CpuOfLimit, UsageColumn::MemoryOfRequest,
                          UsageColumn::MemoryOfLimit}[size_t(section - CpuOfRequestColumn)];
        return role == Qt::DisplayRole ? UsageCells::header(column)
                                       : UsageCells::toolTip(column) + tr(", over the pods below that set it");
    }
    if (role != Qt::DisplayRole)
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
    case CpuColumn:
        return tr("CPU");
    case MemoryColumn:
        return tr("Memory");
    }
    return {};
}

} // namespace binnacle
