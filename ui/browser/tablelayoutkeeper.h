#pragma once

#include "ui/browser/viewmemory.h"

#include <QObject>
#include <QPointer>

class QTableView;

namespace binnacle {

// A kind's table keeps the shape its user gave it. The columns are sized once to the first rows that arrive (not to
// an empty table); the widths and the sort the user chose for the kind (ViewMemory, by column title) win over that,
// also for columns that come later (usage columns once the Metrics API answers). Only what the user did is
// remembered, not the automatic sizes: leaving the kind, or save() at close, keeps it for the next visit and start.
class TableLayoutKeeper final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TableLayoutKeeper)

public:
    explicit TableLayoutKeeper(QTableView *view);

    // Lays the table out for `kind` ("group/resource"), sorted by the first column (kubectl's order) until a
    // remembered sort applies.
    void showKind(const QString &kind);
    // Remembers what the user did to the kind's table and lets it go.
    void leave();
    void save() const;

private:
    void onRowsArrived();
    void sizeToContents();
    void applyRemembered(int firstColumn, int lastColumn);
    void onSectionResized(int column, int newWidth);
    void onSortChanged(int column, Qt::SortOrder order);
    QString titleOf(int column) const;

    QPointer<QTableView> m_view;
    QString m_kind;
    ViewMemory::TableLayout m_remembered; // loaded, then what the user changes
    bool m_changed = false; // the user changed something since it was loaded
    bool m_sizePending = false; // the first rows have not been sized to yet
    bool m_laidOut = false; // sized and the remembered layout applied
    int m_arranging = 0; // > 0 while we, or the model, move the columns: their signals are not the user's
};

} // namespace binnacle
