#include "resourcetablemodel.h"

#include "client/metrics/usagehistory.h"
#include "client/session/informersubscription.h"
#include "models/common/kindicon.h"
#include "models/common/statusstyle.h"
#include "models/metrics/resourcelinesindex.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {
constexpr int NamespaceColumn = -1;
// Usage columns from the Metrics API are -2 - UsageColumn: -2 CPU, -3 memory, then the percentages.
constexpr int FirstUsageColumn = -2;
constexpr int usageColumnId(UsageColumn column)
{
    return FirstUsageColumn - int(column);
}
constexpr bool isUsageColumn(int server)
{
    return server <= FirstUsageColumn;
}
constexpr UsageColumn usageColumnOf(int server)
{
    return UsageColumn(FirstUsageColumn - server);
}

QString cellText(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double number = value.toDouble();
        return number == double(qint64(number)) ? QString::number(qint64(number)) : QString::number(number);
    }
    if (value.isBool())
        return value.toBool() ? u"true"_s : u"false"_s;
    if (value.isNull() || value.isUndefined())
        return {};
    if (value.isString())
        return value.toString();
    return u"…"_s;
}
// The digits a text starts with ("3 (5m ago)" → 3, "1/2" → 1), as SortRole sorts such cells; -1 when none.
qint64 leadingNumber(QStringView text)
{
    qint64 number = -1;
    for (const QChar ch : text) {
        if (!ch.isDigit() || ch.unicode() > 127)
            break;
        number = (number < 0 ? 0 : number * 10) + (ch.unicode() - u'0');
    }
    return number;
}

template<typename T> int threeWay(const T &left, const T &right)
{
    return left < right ? -1 : (right < left ? 1 : 0);
}

} // namespace

ResourceTableModel::ResourceTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ResourceTableModel::setSubscription(InformerSubscription *subscription)
{
    if (m_subscription)
        m_subscription->disconnect(this);
    m_subscription = subscription;
    beginResetModel();
    m_rows.clear();
    m_rowOfKey.clear();
    endResetModel();
    if (subscription)
        connect(subscription, &InformerSubscription::changed, this, &ResourceTableModel::applyBatch);
}

void ResourceTableModel::setShowNamespaceColumn(bool show)
{
    if (m_showNamespace == show)
        return;
    beginResetModel();
    m_showNamespace = show;
    rebuildVisibleColumns();
    endResetModel();
}

void ResourceTableModel::setWide(bool wide)
{
    if (m_wide == wide)
        return;
    beginResetModel();
    m_wide = wide;
    rebuildVisibleColumns();
    endResetModel();
}

void ResourceTableModel::setColumns(const QList<TableColumn> &columns)
{
    beginResetModel();
    m_serverColumns = columns;
    m_ageColumn = -1;
    m_sortKinds.clear();
    for (int i = 0; i < columns.size(); ++i) {
        const TableColumn &column = columns.at(i);
        if (column.name == u"Age" || (column.type == u"date" && m_ageColumn < 0))
            m_ageColumn = i;
        m_sortKinds.append(column.type == u"integer" || column.type == u"number" ? SortKind::Number
                               : column.format == u"name"                        ? SortKind::Name
                                                                                 : SortKind::Text);
    }
    rebuildVisibleColumns();
    endResetModel();
}

void ResourceTableModel::rebuildVisibleColumns()
{
    m_visible.clear();
    for (int i = 0; i < m_serverColumns.size(); ++i) {
        if (m_showNamespace && m_serverColumns.at(i).format == u"name")
            m_visible.append(NamespaceColumn); // kubectl -A puts NAMESPACE before NAME
        if (m_wide || m_serverColumns.at(i).priority == 0)
            m_visible.append(i);
    }
    for (UsageColumn column : shownUsageColumns())
        m_visible << usageColumnId(column);
}

QList<UsageColumn> ResourceTableModel::shownUsageColumns() const
{
    if (!m_usage || m_serverColumns.isEmpty())
        return {};
    return m_lines ? UsageCells::of(m_lines->kind(), true) : UsageCells::of(UsageSnapshot::Kind::Pods, false);
}

void ResourceTableModel::setUsage(const UsageHistory *history)
{
    showUsage(history, m_lines);
}

void ResourceTableModel::setResourceLines(const ResourceLinesIndex *lines)
{
    showUsage(m_usage, lines);
}

// The usage columns sit after the server's: the old set goes and the new one comes in their place, as column
// removals and insertions (not a reset: the view keeps its selection, scroll position and sort).
void ResourceTableModel::showUsage(const UsageHistory *history, const ResourceLinesIndex *lines)
{
    if (m_usage == history && m_lines == lines)
        return;
    m_rowFigures.clear();
    const QList<UsageColumn> before = shownUsageColumns();
    const int first = int(m_visible.size() - before.size());
    const auto apply = [&](const UsageHistory *h, const ResourceLinesIndex *l) {
        m_usage = h;
        m_lines = l;
        rebuildVisibleColumns();
    };
    const auto wanted = [&] {
        if (!history || m_serverColumns.isEmpty())
            return QList<UsageColumn> {};
        return lines ? UsageCells::of(lines->kind(), true) : UsageCells::of(UsageSnapshot::Kind::Pods, false);
    }();
    if (before == wanted) {
        apply(history, lines);
        usageUpdated();
        return;
    }
    // Only the columns that differ go or come (the percentages after CPU and Memory, typically), so that those
    // kept keep their widths and the view's sort.
    qsizetype kept = 0;
    while (kept < before.size() && kept < wanted.size() && before.at(kept) == wanted.at(kept))
        ++kept;
    if (kept < before.size()) {
        beginRemoveColumns({}, first + int(kept), first + int(before.size()) - 1);
        // The state with just the kept columns: CPU and Memory come with the history alone.
        if (kept >= 2)
            apply(history, nullptr);
        else
            apply(nullptr, nullptr);
        endRemoveColumns();
    }
    if (kept < wanted.size()) {
        beginInsertColumns({}, first + int(kept), first + int(wanted.size()) - 1);
        apply(history, lines);
        endInsertColumns();
    } else {
        apply(history, lines);
    }
    if (kept > 0)
        usageUpdated();
}

void ResourceTableModel::usageUpdated()
{
    m_rowFigures.clear();
    const QList<UsageColumn> shown = shownUsageColumns();
    if (shown.isEmpty() || m_rows.isEmpty())
        return;
    const int first = int(m_visible.size() - shown.size());
    emit dataChanged(index(0, first), index(int(m_rows.size()) - 1, int(m_visible.size()) - 1));
}

void ResourceTableModel::resourceLinesUpdated(const QStringList &keys)
{
    // A rollout changes many pods at once: one signal for the columns then, not one per row (a proxy sorted by a
    // share would sort again at each).
    if (keys.isEmpty() || keys.size() > 64) {
        usageUpdated();
        return;
    }
    const QList<UsageColumn> shown = shownUsageColumns();
    if (shown.isEmpty())
        return;
    const int first = int(m_visible.size() - shown.size());
    for (const QString &key : keys) {
        const int row = rowOfKey(key);
        if (row < 0)
            continue;
        if (size_t(row) < m_rowFigures.size())
            m_rowFigures[size_t(row)].lines = m_lines ? m_lines->find(key) : std::nullopt;
        emit dataChanged(index(row, first), index(row, int(m_visible.size()) - 1));
    }
}

std::optional<double> ResourceTableModel::usageOf(int row, int column) const
{
    if (!m_usage)
        return std::nullopt;
    // Sorting by a usage column compares ~2 n log n times: each row's figures are looked up once per poll (or row
    // change), not built from its key at every comparison (that made a poll of 3,000 pods stall the GUI 200 ms).
    if (m_rowFigures.size() != size_t(m_rows.size())) {
        m_rowFigures.assign(size_t(m_rows.size()), {});
        for (qsizetype r = 0; r < m_rows.size(); ++r) {
            const QString key = m_rows.at(r)->key();
            UsageFigures &figures = m_rowFigures[size_t(r)];
            figures.usage = m_usage->latest(key);
            if (m_lines && figures.usage)
                figures.lines = m_lines->find(key);
        }
    }
    return UsageCells::value(usageColumnOf(m_visible.at(column)), m_rowFigures[size_t(row)]);
}

void ResourceTableModel::setKind(const QString &kind, const QString &group)
{
    m_kindIcon = kind.isEmpty() ? QIcon() : KindIcon::forKind(kind, group);
}

int ResourceTableModel::nameColumn() const
{
    for (int v = 0; v < m_visible.size(); ++v) {
        if (m_visible.at(v) >= 0 && m_serverColumns.at(m_visible.at(v)).format == u"name")
            return v;
    }
    return 0;
}

int ResourceTableModel::columnOf(const QString &serverColumnName) const
{
    for (int v = 0; v < m_visible.size(); ++v) {
        if (m_visible.at(v) >= 0 && m_serverColumns.at(m_visible.at(v)).name == serverColumnName)
            return v;
    }
    return -1;
}

void ResourceTableModel::applyBatch(const ChangeBatch &batch)
{
    m_rowFigures.clear(); // rows move: looked up again when next asked
    if (!batch.columns.isEmpty())
        setColumns(batch.columns);

    if (batch.reset) {
        beginResetModel();
        m_rows = batch.added;
        m_rowOfKey.clear();
        m_rowOfKey.reserve(m_rows.size());
        for (int row = 0; row < m_rows.size(); ++row)
            m_rowOfKey.insert(m_rows.at(row)->key(), row);
        endResetModel();
        return;
    }

    removeKeys(batch.removed);

    // Updates in place; an update for a row we never had is an add (batches may overlap a late snapshot).
    QList<ObjectPtr> additions;
    QList<int> changedRows;
    auto place = [&](const ObjectPtr &object) {
        const auto it = m_rowOfKey.constFind(object->key());
        if (it == m_rowOfKey.cend()) {
            additions.append(object);
            return;
        }
        m_rows[*it] = object;
        changedRows.append(*it);
    };
    for (const ObjectPtr &object : batch.updated)
        place(object);
    for (const ObjectPtr &object : batch.added)
        place(object);
    emitChanged(changedRows);

    if (!additions.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(additions.size()) - 1);
        for (const ObjectPtr &object : additions) {
            m_rowOfKey.insert(object->key(), int(m_rows.size()));
            m_rows.append(object);
        }
        endInsertRows();
    }
}

void ResourceTableModel::emitChanged(QList<int> rows)
{
    if (rows.isEmpty())
        return;
    const int lastColumn = columnCount() - 1;
    if (rows.size() > m_rows.size() / 2) {
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, lastColumn));
        return;
    }
    // One signal per run of adjacent rows. A single range from the first to the last changed row would make the
    // sorting proxy re-filter and re-sort nearly every row for a handful of scattered updates.
    std::sort(rows.begin(), rows.end());
    for (int i = 0; i < rows.size();) {
        const int first = rows.at(i);
        int last = first;
        while (++i < rows.size() && rows.at(i) <= last + 1)
            last = rows.at(i);
        emit dataChanged(index(first, 0), index(last, lastColumn));
    }
}

void ResourceTableModel::removeKeys(const QStringList &keys)
{
    QList<int> rows;
    for (const QString &key : keys) {
        if (const auto it = m_rowOfKey.constFind(key); it != m_rowOfKey.cend())
            rows.append(*it);
    }
    if (rows.isEmpty())
        return;
    if (rows.size() > m_rows.size() / 2) {
        // Most rows go: one reset is cheaper for views than many removals.
        beginResetModel();
        std::sort(rows.begin(), rows.end(), std::greater<>());
        for (int row : rows)
            m_rows.removeAt(row);
        endResetModel();
    } else {
        std::sort(rows.begin(), rows.end(), std::greater<>());
        // Remove contiguous runs from the bottom up, so the rows above keep their numbers.
        for (int i = 0; i < rows.size();) {
            int last = rows.at(i);
            int first = last;
            ++i;
            while (i < rows.size() && rows.at(i) == first - 1)
                first = rows.at(i++);
            beginRemoveRows({}, first, last);
            m_rows.remove(first, last - first + 1);
            endRemoveRows();
        }
    }
    m_rowOfKey.clear();
    for (int row = 0; row < m_rows.size(); ++row)
        m_rowOfKey.insert(m_rows.at(row)->key(), row);
    m_rowFigures.clear();
}

void ResourceTableModel::refreshAges(const QList<int> &rows)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 shownAt = std::exchange(m_agesShownAt, now);
    const int column = int(m_visible.indexOf(m_ageColumn));
    if (m_ageColumn < 0 || column < 0 || shownAt == 0)
        return;
    for (const int row : rows) {
        if (row < 0 || row >= m_rows.size() || !m_rows.at(row)->creationTimestamp.isValid())
            continue;
        const qint64 created = m_rows.at(row)->creationTimestamp.toSecsSinceEpoch();
        if (ageStep(now - created) != ageStep(shownAt - created))
            emit dataChanged(index(row, column), index(row, column), {Qt::DisplayRole});
    }
}

int ResourceTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ResourceTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_visible.size());
}

QString ResourceTableModel::formatAge(qint64 seconds)
{
    // kubectl's HumanDuration, shortened: 45s, 12m, 5h, 3d, 2y.
    if (seconds < 0)
        seconds = 0;
    if (seconds < 120)
        return QString::number(seconds) + u's';
    const qint64 minutes = seconds / 60;
    if (minutes < 10)
        return u"%1m%2s"_s.arg(minutes).arg(seconds % 60);
    if (minutes < 180)
        return QString::number(minutes) + u'm';
    const qint64 hours = minutes / 60;
    if (hours < 8)
        return u"%1h%2m"_s.arg(hours).arg(minutes % 60);
    if (hours < 48)
        return QString::number(hours) + u'h';
    const qint64 days = hours / 24;
    if (days < 8)
        return u"%1d%2h"_s.arg(days).arg(hours % 24);
    if (days < 365 * 2)
        return QString::number(days) + u'd';
    return QString::number(days / 365) + u'y';
}

qint64 ResourceTableModel::ageStep(qint64 seconds)
{
    // The bands of formatAge, each counting in the unit its text shows; the band is part of the number so that two
    // bands never compare equal.
    constexpr qint64 Band = 1'000'000'000;
    seconds = qMax<qint64>(seconds, 0);
    if (seconds < 10 * 60)
        return seconds; // 45s, 3m12s
    const qint64 minutes = seconds / 60;
    if (minutes < 8 * 60)
        return Band + minutes; // 12m, 5h20m
    const qint64 hours = minutes / 60;
    if (hours < 8 * 24)
        return 2 * Band + hours; // 20h, 3d4h
    const qint64 days = hours / 24;
    if (days < 365 * 2)
        return 3 * Band + days;
    return 4 * Band + days / 365;
}

QString ResourceTableModel::statusClass(const QString &text)
{
    return StatusStyle::classify(text);
}

QVariant ResourceTableModel::cell(int row, int column, int role) const
{
    const ObjectRecord &object = *m_rows.at(row);
    const int server = m_visible.at(column);
    if (server == NamespaceColumn)
        return object.namespaceName;
    if (isUsageColumn(server)) {
        const std::optional<double> figure = usageOf(row, column);
        if (role == SortRole)
            return figure.value_or(-1.0);
        if (!figure)
            return QString();
        return UsageCells::text(usageColumnOf(server), *figure);
    }
    const TableColumn &definition = m_serverColumns.at(server);
    if (server == m_ageColumn && object.creationTimestamp.isValid()) {
        if (role == SortRole)
            return -object.creationTimestamp.toSecsSinceEpoch(); // older sorts as larger, like the text
        return formatAge(object.creationTimestamp.secsTo(QDateTime::currentDateTimeUtc()));
    }
    const QJsonValue value = object.cells.at(server);
    if (role == SortRole) {
        if (definition.type == u"integer" || definition.type == u"number")
            return value.toDouble();
        const QString text = cellText(value);
        // "1/2" (ready), "3 (5m ago)" (restarts): sort by the leading number.
        static const QRegularExpression leadingNumber(u"^(\\d+)"_s);
        if (const auto match = leadingNumber.match(text); match.hasMatch() && definition.format != u"name")
            return match.captured(1).toLongLong();
        return text;
    }
    return cellText(value);
}

int ResourceTableModel::compareRows(int leftRow, int rightRow, int column) const
{
    const ObjectRecord &left = *m_rows.at(leftRow);
    const ObjectRecord &right = *m_rows.at(rightRow);
    const int server = m_visible.at(column);
    if (server == NamespaceColumn)
        return QString::compare(left.namespaceName, right.namespaceName, Qt::CaseInsensitive);
    if (isUsageColumn(server)) // no figure sorts below zero
        return threeWay(usageOf(leftRow, column).value_or(-1.0), usageOf(rightRow, column).value_or(-1.0));
    if (server == m_ageColumn && left.creationTimestamp.isValid() && right.creationTimestamp.isValid())
        return threeWay(right.creationTimestamp, left.creationTimestamp); // older sorts as larger
    const QJsonValue l = left.cells.at(server);
    const QJsonValue r = right.cells.at(server);
    switch (m_sortKinds.at(server)) {
    case SortKind::Number:
        return threeWay(l.toDouble(), r.toDouble());
    case SortKind::Name:
        if (l.isString() && r.isString())
            return QString::compare(l.toString(), r.toString(), Qt::CaseInsensitive);
        break;
    case SortKind::Text:
        if (l.isString() && r.isString()) {
            const QString lText = l.toString();
            const QString rText = r.toString();
            const qint64 lNumber = leadingNumber(lText);
            const qint64 rNumber = leadingNumber(rText);
            if (lNumber >= 0 && rNumber >= 0)
                return threeWay(lNumber, rNumber);
            if (lNumber < 0 && rNumber < 0)
                return QString::compare(lText, rText, Qt::CaseInsensitive);
        } else if (l.isDouble() && r.isDouble() && l.toDouble() >= 0 && r.toDouble() >= 0) {
            // A number in a text column sorts by its leading digits, as its text would.
            return threeWay(qint64(l.toDouble()), qint64(r.toDouble()));
        }
        break;
    }
    // Mixed or unusual cells: exactly what the SortRole values compare like.
    const QVariant lValue = cell(leftRow, column, SortRole);
    const QVariant rValue = cell(rightRow, column, SortRole);
    if (lValue.typeId() == QMetaType::QString || rValue.typeId() == QMetaType::QString)
        return QString::compare(lValue.toString(), rValue.toString(), Qt::CaseInsensitive);
    const QPartialOrdering order = QVariant::compare(lValue, rValue);
    return order == QPartialOrdering::Less ? -1 : (order == QPartialOrdering::Greater ? 1 : 0);
}

bool ResourceTableModel::rowContainsAll(int row, const QStringList &words) const
{
    const ObjectRecord &object = *m_rows.at(row);
    for (const QString &word : words) {
        bool found = object.namespaceName.contains(word, Qt::CaseInsensitive);
        for (qsizetype i = 0; !found && i < object.cells.size(); ++i) {
            const QJsonValue value = object.cells.at(i);
            found = value.isString() ? value.toString().contains(word, Qt::CaseInsensitive)
                                     : cellText(value).contains(word, Qt::CaseInsensitive);
        }
        if (!found)
            return false;
    }
    return true;
}

QVariant ResourceTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const ObjectRecord &object = *m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case SortRole:
        return cell(index.row(), index.column(), role);
    case Qt::AccessibleTextRole:
        return cell(index.row(), index.column(), Qt::DisplayRole);
    case Qt::DecorationRole:
        return index.column() == nameColumn() && !m_kindIcon.isNull() ? QVariant(m_kindIcon) : QVariant();
    case KeyRole:
        return object.key();
    case NameRole:
        return object.name;
    case NamespaceRole:
        return object.namespaceName;
    case UidRole:
        return object.uid;
    case LabelsRole: {
        QVariantHash labels;
        for (const auto &[label, value] : object.labels)
            labels.insert(label, value);
        return labels;
    }
    case SearchTextRole: {
        QStringList parts {object.namespaceName};
        for (const QJsonValue &value : object.cells)
            parts << cellText(value);
        return parts.join(u' ');
    }
    case StatusRole:
    case Qt::ForegroundRole: {
        const int server = m_visible.at(index.column());
        if (server < 0)
            return {};
        const QString name = m_serverColumns.at(server).name;
        QString status;
        if (name == u"Status" || name == u"Phase")
            status = StatusStyle::classify(cellText(object.cells.at(server)));
        else if (name == u"Ready")
            status = StatusStyle::classifyReady(cellText(object.cells.at(server)));
        return role == StatusRole ? QVariant(status) : StatusStyle::foreground(status);
    }
    default:
        return {};
    }
}

QVariant ResourceTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_visible.size())
        return {};
    const int server = m_visible.at(section);
    if (isUsageColumn(server)) {
        if (role == Qt::DisplayRole)
            return UsageCells::header(usageColumnOf(server));
        return role == Qt::ToolTipRole ? QVariant(UsageCells::toolTip(usageColumnOf(server))) : QVariant();
    }
    if (role == Qt::DisplayRole)
        return server == NamespaceColumn ? u"Namespace"_s : m_serverColumns.at(server).name;
    if (role == Qt::ToolTipRole && server >= 0)
        return m_serverColumns.at(server).description;
    return {};
}

} // namespace binnacle
