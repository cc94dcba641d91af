#include "tablelayoutkeeper.h"

#include <QHeaderView>
#include <QStyle>
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
    // While the model takes columns away or starts afresh, the header moves its sections and sort indicator on its
    // own: nothing the user asked for.
    const auto arranging = [this] { ++m_arranging; };
    const auto arranged = [this] { --m_arranging; };
    connect(model, &QAbstractItemModel::modelAboutToBeReset, this, arranging);
    connect(model, &QAbstractItemModel::modelReset, this, arranged);
    connect(model, &QAbstractItemModel::columnsAboutToBeRemoved, this, arranging);
    connect(model, &QAbstractItemModel::columnsRemoved, this, arranged);
    connect(model, &QAbstractItemModel::columnsAboutToBeInserted, this, arranging);
    connect(model, &QAbstractItemModel::columnsInserted, this, arranged);
    QHeaderView *header = view->horizontalHeader();
    connect(header, &QHeaderView::sectionResized, this,
            [this](int column, int, int newWidth) { onSectionResized(column, newWidth); });
    connect(header, &QHeaderView::sortIndicatorChanged, this, &TableLayoutKeeper::onSortChanged);
}

void TableLayoutKeeper::leave()
{
    save();
    m_kind.clear();
    m_changed = false;
    m_laidOut = false;
    m_sizePending = false;
}

void TableLayoutKeeper::showKind(const QString &kind)
{
    leave();
    m_kind = kind;
    m_remembered = ViewMemory::tableLayout(kind);
    m_sizePending = true;
    ++m_arranging;
    m_view->sortByColumn(0, Qt::AscendingOrder);
    --m_arranging;
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
    if (m_kind.isEmpty())
        return; // left before the rows were taken in
    const QAbstractItemModel *model = m_view->model();
    const QFontMetrics metrics = m_view->fontMetrics();
    const QFontMetrics headerMetrics = m_view->horizontalHeader()->fontMetrics();
    const int rows = qMin(model->rowCount(), RowsMeasured);
    ++m_arranging;
    for (int column = 0; column < model->columnCount(); ++column) {
        int width = headerMetrics.horizontalAdvance(titleOf(column)) + 28;
        // A kind's icon beside the text takes its room too.
        const bool decorated = model->index(0, column).data(Qt::DecorationRole).isValid();
        const int iconRoom = decorated ? m_view->style()->pixelMetric(QStyle::PM_SmallIconSize) + 8 : 0;
        for (int row = 0; row < rows; ++row)
            width = qMax(width, metrics.horizontalAdvance(model->index(row, column).data().toString()) + 16 + iconRoom);
        m_view->setColumnWidth(column, qMin(width, WidestAutomatic));
    }
    --m_arranging;
    applyRemembered(0, model->columnCount() - 1);
    m_laidOut = true;
}

void TableLayoutKeeper::applyRemembered(int firstColumn, int lastColumn)
{
    ++m_arranging;
    for (int column = firstColumn; column <= lastColumn; ++column) {
        const QString title = titleOf(column);
        if (const int width = m_remembered.widths.value(title); width > 0)
            m_view->setColumnWidth(column, width);
        if (!m_remembered.sortColumn.isEmpty() && title == m_remembered.sortColumn)
            m_view->sortByColumn(column, m_remembered.sortOrder);
    }
    --m_arranging;
}

void TableLayoutKeeper::onSectionResized(int column, int newWidth)
{
    // The last column stretches with the window: its width says nothing of the user's wish.
    if (m_arranging > 0 || m_kind.isEmpty() || newWidth <= 0 || column + 1 >= m_view->model()->columnCount())
        return;
    m_remembered.widths.insert(titleOf(column), newWidth);
    m_changed = true;
}

void TableLayoutKeeper::onSortChanged(int column, Qt::SortOrder order)
{
    if (m_arranging > 0 || m_kind.isEmpty() || column < 0 || column >= m_view->model()->columnCount())
        return;
    m_remembered.sortColumn = titleOf(column);
    m_remembered.sortOrder = order;
    m_changed = true;
}

void TableLayoutKeeper::save() const
{
    if (!m_kind.isEmpty() && m_changed)
        ViewMemory::saveTableLayout(m_kind, m_remembered);
}

QString TableLayoutKeeper::titleOf(int column) const
{
    return m_view->model()->headerData(column, Qt::Horizontal).toString();
}

} // namespace binnacle
