#pragma once

#include "client/metrics/usagesnapshot.h"
#include "client/watch/objectrecord.h"
#include "models/metrics/usagecolumn.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QIcon>
#include <QPointer>

#include <optional>
#include <vector>

namespace binnacle {

class InformerSubscription;
class ResourceLinesIndex;
class UsageHistory;

// Any kind as a table with the server's own columns (what `kubectl get` prints, CRDs included), fed by an
// informer's coalesced batches. Rows are keyed by namespace/name with an O(1) lookup; a Namespace column is added
// when rows span namespaces; Age stays live; Status cells carry a colour. Sort and filter through
// ResourceFilterProxy on the raw values in SortRole.
class ResourceTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResourceTableModel)

public:
    enum Role {
        KeyRole = Qt::UserRole + 1, // "namespace/name"
        NameRole,
        NamespaceRole,
        UidRole,
        LabelsRole, // QVariantHash
        SortRole, // raw value for sorting: numbers as numbers, Age as the creation time
        StatusRole, // "ok", "warning", "error" or empty
        SearchTextRole, // everything a filter matches against
    };

    explicit ResourceTableModel(QObject *parent = nullptr);

    // Follows `subscription` (replaces any previous one; the model does not own it).
    void setSubscription(InformerSubscription *subscription);
    void setShowNamespaceColumn(bool show);
    // The kind the rows are, for the icon beside each name.
    void setKind(const QString &kind, const QString &group);
    void setWide(bool wide); // include the server's priority > 0 columns
    bool isWide() const { return m_wide; }

    // CPU and memory from the Metrics API as columns after the server's (keyed like the rows: "namespace/name"
    // for pods, the name for nodes); nullptr removes them. The history must outlive the model or be unset first.
    void setUsage(const UsageHistory *history);
    bool showsUsage() const { return m_usage != nullptr; }
    // What each row asks for or offers: with usage shown, the columns of its use as a percentage of requests and
    // limits (pods) or of allocatable (nodes) follow. nullptr removes them; the index must outlive the model or be
    // unset first.
    void setResourceLines(const ResourceLinesIndex *lines);
    // A poll was recorded in the history: the usage cells read anew.
    void usageUpdated();
    // What the objects with these keys ask for changed (empty: any may have): their percentage cells read anew.
    void resourceLinesUpdated(const QStringList &keys);

    // Applies one batch; public for tests that feed batches directly.
    void applyBatch(const ChangeBatch &batch);

    ObjectPtr objectAt(int row) const { return m_rows.value(row); }
    const ObjectRecord &recordAt(int row) const { return *m_rows.at(row); }

    // What the filter proxy asks of every row, answered without building QVariants (it asks ~130,000 times to
    // sort 10,000 rows, and 10,000 times per keystroke in the filter box).
    // Orders two rows on one column exactly as their SortRole values would order; ties are 0.
    int compareRows(int leftRow, int rightRow, int column) const;
    // Whether every word appears (case-insensitively) in the row's namespace or one of its cells.
    bool rowContainsAll(int row, const QStringList &words) const;
    int rowOfKey(const QString &key) const { return m_rowOfKey.value(key, -1); }
    int nameColumn() const;
    int columnOf(const QString &serverColumnName) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "Running" → ok, "CrashLoopBackOff" → error, ...: the colour rules of PRODUCT.md.
    static QString statusClass(const QString &text);
    static QString formatAge(qint64 seconds);
    // A number that changes exactly when formatAge(seconds)'s text does, without building the text: views repaint an
    // age only when it reads differently.
    static qint64 ageStep(qint64 seconds);

    // Ages are worked out when a cell is drawn. A view calls this about once a second with the rows it shows: the
    // Age cells among them that read differently now than at the last call get a dataChanged, the others (and the
    // rows nobody sees) nothing, so an idle window with 10,000 pods repaints a few cells, not a column.
    void refreshAges(const QList<int> &rows);
    bool hasAges() const { return m_ageColumn >= 0 && m_visible.contains(m_ageColumn); }

private:
    void setColumns(const QList<TableColumn> &columns);
    void rebuildVisibleColumns();
    void removeKeys(const QStringList &keys);
    void emitChanged(QList<int> rows);
    QVariant cell(int row, int column, int role) const;

    void showUsage(const UsageHistory *history, const ResourceLinesIndex *lines);
    QList<UsageColumn> shownUsageColumns() const;
    std::optional<double> usageOf(int row, int column) const; // a usage column's figure

    QPointer<InformerSubscription> m_subscription;
    const UsageHistory *m_usage = nullptr;
    const ResourceLinesIndex *m_lines = nullptr;
    // Each row's latest figures, looked up once: cleared by a poll and whenever rows or requests change.
    mutable std::vector<UsageFigures> m_rowFigures;
    QList<TableColumn> m_serverColumns;
    QList<int> m_visible; // visible column → server column index; -1 is our Namespace column
    QList<ObjectPtr> m_rows;
    QHash<QString, int> m_rowOfKey;
    bool m_showNamespace = false;
    QIcon m_kindIcon;
    bool m_wide = false;
    int m_ageColumn = -1; // server column index
    // How each server column sorts, worked out once per column definition rather than once per comparison.
    enum class SortKind { Number, Name, Text };
    QList<SortKind> m_sortKinds;
    qint64 m_agesShownAt = 0; // seconds since the epoch of the last refreshAges()
};

} // namespace binnacle
