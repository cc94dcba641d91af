#include "eventlistmodel.h"

#include "client/session/informersubscription.h"
#include "models/common/statusstyle.h"
#include "models/resources/resourcetablemodel.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

QDateTime timestamp(const QJsonValue &value)
{
    return value.isString() ? QDateTime::fromString(value.toString(), Qt::ISODateWithMs) : QDateTime();
}

} // namespace

EventListModel::Event EventListModel::Event::fromObject(const QString &key, const QJsonObject &object)
{
    Event event;
    event.key = key;
    event.type = object.value(u"type"_s).toString();
    event.reason = object.value(u"reason"_s).toString();
    // core/v1 names the subject involvedObject and the text message; events.k8s.io/v1 says regarding and note.
    QJsonObject subject = object.value(u"involvedObject"_s).toObject();
    if (subject.isEmpty())
        subject = object.value(u"regarding"_s).toObject();
    event.object = subject.value(u"kind"_s).toString() + u'/' + subject.value(u"name"_s).toString();
    event.message = object.value(u"message"_s).toString(object.value(u"note"_s).toString());
    const QJsonObject series = object.value(u"series"_s).toObject();
    event.count = qMax(1, series.value(u"count"_s).toInt(object.value(u"count"_s).toInt(1)));
    // The most recent of the times an Event may carry: a series' last observation, lastTimestamp, eventTime, and
    // its creation as the last resort.
    for (const QDateTime &candidate :
         {timestamp(series.value(u"lastObservedTime"_s)), timestamp(object.value(u"lastTimestamp"_s)),
          timestamp(object.value(u"eventTime"_s)),
          timestamp(object.value(u"metadata"_s).toObject().value(u"creationTimestamp"_s))}) {
        if (candidate.isValid() && (!event.lastSeen.isValid() || candidate > event.lastSeen))
            event.lastSeen = candidate;
    }
    return event;
}

EventListModel::EventListModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void EventListModel::setSubscription(InformerSubscription *subscription)
{
    if (m_subscription)
        m_subscription->disconnect(this);
    m_subscription = subscription;
    beginResetModel();
    m_events.clear();
    m_rowOfKey.clear();
    endResetModel();
    if (subscription)
        connect(subscription, &InformerSubscription::changed, this, &EventListModel::applyBatch);
}

void EventListModel::applyBatch(const ChangeBatch &batch)
{
    if (batch.reset) {
        // A snapshot: drop what it no longer has, then upsert the rest in place.
        QSet<QString> keep;
        for (const ObjectPtr &object : batch.added)
            keep.insert(object->key());
        for (int row = int(m_events.size()) - 1; row >= 0; --row) {
            if (!keep.contains(m_events.at(row).key))
                removeRow(row);
        }
    }
    for (const QString &key : batch.removed) {
        if (const int row = m_rowOfKey.value(key, -1); row >= 0)
            removeRow(row);
    }
    for (const ObjectPtr &object : batch.added)
        upsert(object);
    for (const ObjectPtr &object : batch.updated)
        upsert(object);
}

void EventListModel::removeRow(int row)
{
    beginRemoveRows({}, row, row);
    m_rowOfKey.remove(m_events.at(row).key);
    m_events.removeAt(row);
    for (int later = row; later < m_events.size(); ++later)
        m_rowOfKey[m_events.at(later).key] = later;
    endRemoveRows();
}

void EventListModel::upsert(const ObjectPtr &object)
{
    Event event = Event::fromObject(object->key(), object->object);
    if (const int row = m_rowOfKey.value(event.key, -1); row >= 0) {
        m_events[row] = std::move(event);
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    const int row = int(m_events.size());
    beginInsertRows({}, row, row);
    m_rowOfKey.insert(event.key, row);
    m_events.append(std::move(event));
    endInsertRows();
}

QList<EventListModel::Event> EventListModel::newest(int limit) const
{
    QList<Event> sorted = m_events;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Event &a, const Event &b) { return a.lastSeen > b.lastSeen; });
    if (limit >= 0 && sorted.size() > limit)
        sorted.resize(limit);
    return sorted;
}

int EventListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Event &event = m_events.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case TypeColumn:
            return event.type;
        case ReasonColumn:
            return event.reason;
        case ObjectColumn:
            return event.object;
        case MessageColumn:
            return event.message;
        case CountColumn:
            return event.count;
        case LastSeenColumn:
            return event.lastSeen.isValid()
                ? ResourceTableModel::formatAge(event.lastSeen.secsTo(QDateTime::currentDateTimeUtc()))
                : QString();
        }
        return {};
    case Qt::ForegroundRole:
        if (event.isWarning() && (index.column() == TypeColumn || index.column() == ReasonColumn))
            return StatusStyle::foreground(u"error"_s);
        return {};
    case Qt::ToolTipRole:
        return index.column() == MessageColumn ? event.message : QVariant();
    case LastSeenRole:
        return event.lastSeen;
    case IsWarningRole:
        return event.isWarning();
    case KeyRole:
        return event.key;
    default:
        return {};
    }
}

QVariant EventListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TypeColumn:
        return tr("Type");
    case ReasonColumn:
        return tr("Reason");
    case ObjectColumn:
        return tr("Object");
    case MessageColumn:
        return tr("Message");
    case CountColumn:
        return tr("Count");
    case LastSeenColumn:
        return tr("Last seen");
    }
    return {};
}

} // namespace binnacle
