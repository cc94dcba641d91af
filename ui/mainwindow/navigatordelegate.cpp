#include "ui/mainwindow/navigatordelegate.h"

#include "models/clusters/clusternavigatormodel.h"

#include <QApplication>
#include <QLocale>
#include <QPainter>

namespace binnacle {

QString NavigatorDelegate::countText(const QModelIndex &index)
{
    const QVariant count = index.data(ClusterNavigatorModel::CountRole);
    if (!count.isValid() || count.toInt() < 0)
        return {};
    return QLocale().toString(count.toInt());
}

void NavigatorDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QString count = countText(index);
    if (count.isEmpty()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The row's ground (selection, hover) across the whole width, then the name, then the count at the right edge.
    QStyleOptionViewItem ground = option;
    initStyleOption(&ground, index);
    ground.text.clear();
    ground.icon = {};
    const QStyle *style = ground.widget ? ground.widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &ground, painter, ground.widget);
    const int margin = option.fontMetrics.horizontalAdvance(QLatin1Char(' '));
    const int countWidth = option.fontMetrics.horizontalAdvance(count) + 2 * margin;
    QStyleOptionViewItem name = option;
    name.rect.setRight(option.rect.right() - countWidth);
    QStyledItemDelegate::paint(painter, name, index);

    painter->save();
    const bool selected = option.state & QStyle::State_Selected;
    painter->setPen(selected ? option.palette.color(QPalette::HighlightedText)
                             : option.palette.color(QPalette::PlaceholderText));
    const QRect countRect(option.rect.right() - countWidth, option.rect.top(), countWidth - margin,
                          option.rect.height());
    painter->drawText(countRect, Qt::AlignRight | Qt::AlignVCenter, count);
    painter->restore();
}

QSize NavigatorDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (const QString count = countText(index); !count.isEmpty())
        size.rwidth() += option.fontMetrics.horizontalAdvance(count) + 3 * option.fontMetrics.horizontalAdvance(u' ');
    return size;
}

} // namespace binnacle
