#include "resourcefilterproxy.h"

#include "models/resources/resourcetablemodel.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace binnacle {

ResourceFilterProxy::ResourceFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(ResourceTableModel::SortRole);
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

QString ResourceFilterProxy::setFilterExpression(const QString &expression)
{
    // Keep "in (a, b)" groups together, then split on spaces.
    static const QRegularExpression setGroup(uR"((\S+\s+(?:in|notin)\s*\([^)]*\)))"_s);
    QString rest = expression;
    QStringList selectorParts;
    auto it = setGroup.globalMatch(expression);
    while (it.hasNext()) {
        const QString group = it.next().captured(1);
        selectorParts << group;
        rest.remove(group);
    }
    QStringList words;
    for (const QString &token : rest.split(u' ', Qt::SkipEmptyParts)) {
        if (token.contains(u'=') || token.startsWith(u'!'))
            selectorParts << token;
        else
            words << token;
    }
    QString error;
    Result<LabelSelector> selector = LabelSelector::parse(selectorParts.join(u','));
    m_selectorInvalid = !selector.ok();
    if (selector)
        m_selector = selector.value();
    else
        error = selector.error().message();
    m_words = words;
    invalidateRowsFilter();
    return error;
}

void ResourceFilterProxy::setNamespaces(const QStringList &namespaces)
{
    m_namespaces = QSet<QString>(namespaces.cbegin(), namespaces.cend());
    invalidateRowsFilter();
}

bool ResourceFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_selectorInvalid)
        return false;
    if (const auto *table = qobject_cast<const ResourceTableModel *>(sourceModel()); table && !sourceParent.isValid()) {
        const ObjectRecord &object = table->recordAt(sourceRow);
        if (!m_namespaces.isEmpty() && !object.namespaceName.isEmpty() && !m_namespaces.contains(object.namespaceName))
            return false;
        if (!m_words.isEmpty() && !table->rowContainsAll(sourceRow, m_words))
            return false;
        return m_selector.isEmpty() || m_selector.matches(object.labels);
    }
    // Any other model: through its roles.
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_namespaces.isEmpty()) {
        const QString ns = index.data(ResourceTableModel::NamespaceRole).toString();
        if (!ns.isEmpty() && !m_namespaces.contains(ns))
            return false;
    }
    if (!m_words.isEmpty()) {
        const QString text = index.data(ResourceTableModel::SearchTextRole).toString();
        for (const QString &word : m_words) {
            if (!text.contains(word, Qt::CaseInsensitive))
                return false;
        }
    }
    if (!m_selector.isEmpty()) {
        const QVariantHash labels = index.data(ResourceTableModel::LabelsRole).toHash();
        LabelSet plain;
        for (auto it = labels.cbegin(); it != labels.cend(); ++it)
            plain.insert(it.key(), it.value().toString());
        if (!m_selector.matches(plain))
            return false;
    }
    return true;
}

bool ResourceFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    int order = 0;
    if (const auto *table = qobject_cast<const ResourceTableModel *>(sourceModel());
        table && sortRole() == ResourceTableModel::SortRole) {
        order = table->compareRows(left.row(), right.row(), left.column());
        if (order != 0)
            return order < 0;
        // Ties (same namespace, same status) fall back to namespace/name: a stable, readable order.
        const ObjectRecord &l = table->recordAt(left.row());
        const ObjectRecord &r = table->recordAt(right.row());
        const int byNamespace = QString::compare(l.namespaceName, r.namespaceName);
        return byNamespace != 0 ? byNamespace < 0 : l.name < r.name;
    }
    const QVariant l = left.data(sortRole());
    const QVariant r = right.data(sortRole());
    if (l.typeId() == QMetaType::QString || r.typeId() == QMetaType::QString) {
        order = QString::compare(l.toString(), r.toString(), Qt::CaseInsensitive);
    } else {
        const QPartialOrdering c = QVariant::compare(l, r);
        order = c == QPartialOrdering::Less ? -1 : (c == QPartialOrdering::Greater ? 1 : 0);
    }
    if (order != 0)
        return order < 0;
    return left.data(ResourceTableModel::KeyRole).toString() < right.data(ResourceTableModel::KeyRole).toString();
}

} // namespace binnacle
