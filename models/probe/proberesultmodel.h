#pragma once

#include "models/probe/probecomparison.h"

#include <QAbstractTableModel>

namespace binnacle {

// The replica probe's table: one row per pod's answer, the reference group first, then the pods that differ, then
// the failures (ProbeComparison's order). A row that differs from the majority is highlighted and says so to a
// screen reader; the chosen response headers get a column.
class ProbeResultModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProbeResultModel)

public:
    enum Column { Pod, Cluster, Node, Status, Latency, Size, Hash, Group, Headers, Error, ColumnCount };
    enum Role { DiffersRole = Qt::UserRole + 1, FailedRole, AnswerIndexRole };

    explicit ProbeResultModel(QObject *parent = nullptr);

    // `headers`: the response headers to show (case-insensitive names).
    void setComparison(ProbeComparison comparison, QStringList headers = {});
    const ProbeComparison &comparison() const { return m_comparison; }
    // The answer shown in `row` (an index into comparison().answers()), or -1.
    int answerAt(int row) const;
    int rowOfPod(const QString &cluster, const QString &pod) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString headerValues(const ProbeAnswer &answer) const;

    ProbeComparison m_comparison;
    QStringList m_headers;
    QList<int> m_rows; // answer index per row
};

} // namespace binnacle
