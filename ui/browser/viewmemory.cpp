#include "viewmemory.h"

#include <QSettings>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

// A kind or context name as one QSettings key: "/" would open a group, and context names hold anything
// ("arn:aws:eks:…:cluster/prod").
QString keyOf(const QString &name)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(name));
}

QString tableGroup(const QString &kind)
{
    return u"tables/"_s + keyOf(kind);
}

} // namespace

ViewMemory::TableLayout ViewMemory::tableLayout(const QString &kind)
{
    const QSettings settings;
    const QString group = tableGroup(kind);
    TableLayout layout;
    const QVariantMap widths = settings.value(group + u"/widths"_s).toMap();
    for (auto it = widths.cbegin(); it != widths.cend(); ++it) {
        if (const int width = it.value().toInt(); width > 0)
            layout.widths.insert(it.key(), width);
    }
    layout.sortColumn = settings.value(group + u"/sortColumn"_s).toString();
    layout.sortOrder = settings.value(group + u"/sortOrder"_s).toString() == u"descending" ? Qt::DescendingOrder
                                                                                           : Qt::AscendingOrder;
    return layout;
}

void ViewMemory::saveTableLayout(const QString &kind, const TableLayout &layout)
{
    QSettings settings;
    const QString group = tableGroup(kind);
    QVariantMap widths;
    for (auto it = layout.widths.cbegin(); it != layout.widths.cend(); ++it)
        widths.insert(it.key(), it.value());
    settings.setValue(group + u"/widths"_s, widths);
    settings.setValue(group + u"/sortColumn"_s, layout.sortColumn);
    settings.setValue(group + u"/sortOrder"_s,
                      layout.sortOrder == Qt::DescendingOrder ? u"descending"_s : u"ascending"_s);
}

QStringList ViewMemory::namespaces(const QString &context)
{
    return QSettings().value(u"namespaces/"_s + keyOf(context)).toStringList();
}

void ViewMemory::saveNamespaces(const QString &context, const QStringList &namespaces)
{
    QSettings settings;
    if (namespaces.isEmpty())
        settings.remove(u"namespaces/"_s + keyOf(context));
    else
        settings.setValue(u"namespaces/"_s + keyOf(context), namespaces);
}

} // namespace binnacle
