#pragma once

#include "ui/browser/viewmemory.h"

#include <QObject>
#include <QPointer>

class QTableView;

namespace binnacle {

// A kind's table keeps the shape its user gave it: the columns are sized once to the first rows that arrive (not to
// an empty table), then the widths and the sort last seen for the kind (ViewMemory, by column title) win over
// that, also for columns that come later (usage columns once the Metrics API answers). Leaving the kind, or save()
// (at close), remembers them for the next visit and the next start.
class TableLayoutKeeper final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TableLayoutKeeper)

public:
    explicit TableLayoutKeeper(QTableView *view);

    // Lays the table out for `kind` ("group/resource"), sorted by the first column (kubectl's order) until a
    // remembered sort applies.
    void showKind(const QString &kind);
    // Remembers the kind's layout and lets it go: called while its columns are still there.
    void leave();
    void save() const;

private:
    void onRowsArrived();
    void sizeToContents();
    void applyRemembered(int firstColumn, int lastColumn);
    QString titleOf(int column) const;

    QPointer<QTableView> m_view;
    QString m_kind;
    ViewMemory::TableLayout m_remembered;
    bool m_sizePending = false; // the first rows have not been sized to yet
    bool m_laidOut = false; // sized and the remembered layout applied: what the view shows is worth saving
};

} // namespace binnacle
