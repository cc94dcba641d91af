#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace binnacle {

// What the browser remembers between views and between runs, in QSettings (names and numbers only, never a
// credential): per kind, the width of each column by its title and the sort; per context, the namespaces shown.
// Titles rather than positions, because a kind's columns change: "wide" adds some, usage columns come and go.
class ViewMemory final
{
public:
    struct TableLayout
    {
        QHash<QString, int> widths; // column title → pixels
        QString sortColumn; // empty: kubectl's order
        Qt::SortOrder sortOrder = Qt::AscendingOrder;
        bool isEmpty() const { return widths.isEmpty() && sortColumn.isEmpty(); }
    };

    // `kind` is "group/resource" ("/pods" for the core group).
    static TableLayout tableLayout(const QString &kind);
    static void saveTableLayout(const QString &kind, const TableLayout &layout);

    static QStringList namespaces(const QString &context);
    static void saveNamespaces(const QString &context, const QStringList &namespaces);
};

} // namespace binnacle
