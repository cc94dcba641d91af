#pragma once

#include "client/core/result.h"
#include "client/watch/objectrecord.h"
#include "models/workloads/podcontainer.h"

#include <QAbstractItemModel>
#include <QHash>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace binnacle {

class InformerSubscription;
class ResourceLinesIndex;
class UsageHistory;

// Namespaces → Deployments / StatefulSets / DaemonSets / CronJobs (and bare Jobs, ReplicaSets, Pods) → ReplicaSets
// and Jobs → Pods, built from owner references and kept up to date incrementally from the informers of those kinds.
// An object whose owner has not arrived yet waits under its namespace and moves when the owner appears.
//
// Pods end in their containers. The informers carry Table rows, which have no container list, so a pod fetches its
// containers when it is first expanded (Qt's fetchMore) and again whenever the pod changes while it is open: only
// the few pods a person opens cost a request.
class WorkloadTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkloadTreeModel)

public:
    enum Column {
        NameColumn,
        KindColumn,
        StatusColumn,
        AgeColumn,
        CpuColumn,
        MemoryColumn,
        // The pods' use as a share of what they ask for and may use (UsageCells' %CPU/R, %CPU/L, %MEM/R, %MEM/L),
        // over the pods below that set the figure.
        CpuOfRequestColumn,
        CpuOfLimitColumn,
        MemoryOfRequestColumn,
        MemoryOfLimitColumn,
        ColumnCount
    };
    enum Role {
        KindRole = Qt::UserRole + 1,
        NameRole,
        NamespaceRole,
        UidRole,
        StatusClassRole,
        PodNameRole, // a pod's or a container's pod
        ContainerRole, // a container's name
        SortRole, // what the header sorts by: usage and ages as numbers, the rest as its text
    };

    // Fetches one pod (the whole object); `done` must be called on `context`'s thread, at most once.
    using PodFetcher = std::function<void(const QString &namespaceName, const QString &name, QObject *context,
                                          std::function<void(const Result<QJsonObject> &)> done)>;

    explicit WorkloadTreeModel(QObject *parent = nullptr);
    ~WorkloadTreeModel() override;

    // Follows `subscription`, whose objects are of `kind` ("Deployment", "Pod", ...). The model does not own it.
    void addSource(const QString &kind, InformerSubscription *subscription);
    void clearSources();
    void setPodFetcher(PodFetcher fetcher) { m_podFetcher = std::move(fetcher); }

    // Applies one batch of `kind`; public for tests.
    void applyBatch(const QString &kind, const ChangeBatch &batch);

    // Pods' CPU and memory from the Metrics API (keyed "namespace/name"); every other row shows the sum over the
    // pods below it. nullptr leaves the usage columns empty. The history must outlive the model or be unset first.
    void setUsage(const UsageHistory *history);
    bool showsUsage() const { return m_usage != nullptr; }
    // A poll was recorded: the usage cells read anew.
    void usageUpdated();
    // What each pod asks for and may use (a pods ResourceLinesIndex), for the share columns; nullptr leaves them
    // empty. The index must outlive the model or be unset first.
    void setResourceLines(const ResourceLinesIndex *lines);

    QModelIndex indexOfUid(const QString &uid) const;
    // As ResourceTableModel::refreshAges: a view calls this about once a second with the rows it shows (any
    // column); the Age cells among them whose text changed since the last call get a dataChanged, nothing else.
    void refreshAges(const QList<QModelIndex> &rows);
    QModelIndex indexOfNamespace(const QString &namespaceName) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

private:
    struct Node;
    Node *namespaceNode(const QString &namespaceName);
    Node *parentFor(const ObjectRecord &object);
    void insertNode(Node *parent, std::unique_ptr<Node> node);
    std::unique_ptr<Node> detach(Node *node);
    void upsert(const QString &kind, const ObjectPtr &object);
    void remove(const QString &kind, const QString &key);
    void adoptWaitingChildren(Node *owner);
    // Moves the children (objects, not containers) for which `release` is true to their namespace's waiting room.
    void releaseChildren(Node *owner, const std::function<bool(const Node &)> &release);
    QModelIndex indexOf(const Node *node, int column = 0) const;
    QString statusText(const Node &node) const;
    std::optional<double> usageOf(const Node &node, Column column) const; // a pod's, or the pods' below it
    void updateUsage(const Node &node) const; // the node's cached figures, for this generation
    void emitUsageChanged(const Node &parent);
    void fetchContainers(Node *pod);
    void setContainers(Node *pod, const Result<QJsonObject> &fetched);

    std::unique_ptr<Node> m_root;
    QHash<QString, Node *> m_byUid;
    QHash<QString, Node *> m_byKindKey; // "Pod/ns/name" → node, for deletions (which carry keys, not UIDs)
    QHash<QString, int> m_statusColumn; // kind → the server column holding its status
    QHash<QString, QList<TableColumn>> m_columns;
    PodFetcher m_podFetcher;
    const UsageHistory *m_usage = nullptr;
    const ResourceLinesIndex *m_lines = nullptr;
    quint64 m_usageGeneration = 1; // bumped by a poll and by every change of the tree's shape
    quint64 m_lastFetchTicket = 0;
    qint64 m_agesShownAt = 0; // seconds since the epoch of the last refreshAges()
};

} // namespace binnacle
