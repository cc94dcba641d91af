#include "tablelayoutkeeper.h"

#include <QHeaderView>
#include <QTableView>
#include <QTimer>

namespace binnacle {

namespace {
constexpr int RowsMeasured = 500; // enough to be representative
constexpr int WidestAutomatic = 380;
} // namespace

TableLayoutKeeper::TableLayoutKeeper(QTableView *view)
    : QObject(view)
    , m_view(view)
{
    QAbstractItemModel *model = view->model();
    connect(model, &QAbstractItemModel::modelReset, this, &TableLayoutKeeper::onRowsArrived);
    connect(model, &QAbstractItemModel::rowsInserted, this, &TableLayoutKeeper::onRowsArrived);
    connect(model, &QAbstractItemModel::columnsInserted, this, [this](const QModelIndex &, int first, int last) {
        if (m_laidOut)
            applyRemembered(first, last);
    });
}

void TableLayoutKeeper::leave()
{
    save();
    m_kind.clear();
    m_laidOut = false;
    m_sizePending = false;
}

void TableLayoutKeeper::showKind(const QString &kind)
{
    leave();
    m_kind = kind;
    m_remembered = ViewMemory::tableLayout(kind);
    m_laidOut = false;
    m_sizePending = true;
    m_view->sortByColumn(0, Qt::AscendingOrder);
    onRowsArrived(); // rows a shared cache had already may be there
}

void TableLayoutKeeper::onRowsArrived()
{
    if (!m_sizePending || m_view->model()->rowCount() == 0)
        return;
    m_sizePending = false;
    QTimer::singleShot(0, this, &TableLayoutKeeper::sizeToContents); // after the view has taken in the rows
}

void TableLayoutKeeper::sizeToContents()
{
    const QAbstractItemModel *model = m_view->model();
    const QFontMetrics metrics = m_view->fontMetrics();
    const QFontMetrics headerMetrics = m_view->horizontalHeader()->fontMetrics();
    const int rows = qMin(model->rowCount(), RowsMeasured);
    for (int column = 0; column < model->columnCount(); ++column) {
        int width = headerMetrics.horizontalAdvance(titleOf(column)) + 28;
        for (int row = 0; row < rows; ++row)
            width = qMax(width, metrics.horizontalAdvance(model->index(row, column).data().toString()) + 16);
        m_view->setColumnWidth(column, qMin(width, WidestAutomatic));
    }
    applyRemembered(0, model->columnCount() - 1);
    m_laidOut = true;
}

void TableLayoutKeeper::applyRemembered(int firstColumn, int lastColumn)
{
    for (int column = firstColumn; column <= lastColumn; ++column) {
        const QString title = titleOf(column);
        if (const int width = m_remembered.widths.value(title); width > 0)
            m_view->setColumnWidth(column, width);
        if (!m_remembered.sortColumn.isEmpty() && title == m_remembered.sortColumn)
            m_view->sortByColumn(column, m_remembered.sortOrder);
    }
}

void TableLayoutKeeper::save() const
{
    if (m_kind.isEmpty() || !m_laidOut || !m_view)
        return;
    ViewMemory::TableLayout layout = m_remembered; // columns not shown now (wide ones, say) keep their widths
    const QAbstractItemModel *model = m_view->model();
    const QHeaderView *header = m_view->horizontalHeader();
    // The last column stretches to the window: its width says nothing of the user's wish.
    for (int column = 0; column + 1 < model->columnCount(); ++column)
        layout.widths.insert(titleOf(column), m_view->columnWidth(column));
    if (const int sorted = header->sortIndicatorSection(); sorted >= 0 && sorted < model->columnCount()) {
        layout.sortColumn = titleOf(sorted);
        layout.sortOrder = header->sortIndicatorOrder();
    }
    ViewMemory::saveTableLayout(m_kind, layout);
}

QString TableLayoutKeeper::titleOf(int column) const
{
    return m_view->model()->headerData(column, Qt::Horizontal).toString();
}

} // namespace binnacle
