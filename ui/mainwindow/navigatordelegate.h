#pragma once

#include <QStyledItemDelegate>

namespace binnacle {

// The sidebar's rows as the style draws them, with a kind's object count (ClusterNavigatorModel::CountRole) in a
// muted colour at the right edge once the kind was listed.
class NavigatorDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NavigatorDelegate)

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    static QString countText(const QModelIndex &index); // "1,234", or empty before the kind was listed
};

} // namespace binnacle
