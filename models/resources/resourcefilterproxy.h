#pragma once

#include "client/core/labelselector.h"

#include <QSet>
#include <QSortFilterProxyModel>

namespace binnacle {

// Filters a ResourceTableModel by free text and label selector, and by a set of namespaces; sorts on raw values.
// The filter box's words that look like label requirements (`app=web`, `tier!=db`, `!canary`, `env in (a,b)`)
// select on labels; the rest must all appear in the row's text (case-insensitive), so `crash` finds CrashLoopBackOff.
class ResourceFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResourceFilterProxy)

public:
    explicit ResourceFilterProxy(QObject *parent = nullptr);

    // Returns the parse error of the label part, if any (the filter then matches nothing).
    QString setFilterExpression(const QString &expression);
    void setNamespaces(const QStringList &namespaces); // empty: all

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QStringList m_words;
    LabelSelector m_selector;
    bool m_selectorInvalid = false;
    QSet<QString> m_namespaces;
};

} // namespace binnacle
