#pragma once

#include "client/watch/objectrecord.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QPointer>

namespace binnacle {

class InformerSubscription;

// Kubernetes Events (core/v1, whole objects) as a live table: type, reason, object, message, count and when they
// were last seen. Fed by an informer's coalesced batches, usually one narrowed to a single object with a field
// selector (involvedObject.uid=…). Rows keep their place; sort through a proxy on LastSeenRole, newest first.
class EventListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventListModel)

public:
    enum Column { TypeColumn, ReasonColumn, ObjectColumn, MessageColumn, CountColumn, LastSeenColumn, ColumnCount };
    enum Role {
        LastSeenRole = Qt::UserRole + 1, // QDateTime (UTC)
        IsWarningRole,
        KeyRole, // "namespace/name" of the Event
    };

    // What a row shows, read once from the Event object.
    struct Event
    {
        QString key;
        QString type;
        QString reason;
        QString object; // "Pod/web-1"
        QString message;
        int count = 1;
        QDateTime lastSeen;
        bool isWarning() const { return type == u"Warning"; }
        static Event fromObject(const QString &key, const QJsonObject &object);
    };

    explicit EventListModel(QObject *parent = nullptr);

    // Follows `subscription` (Full mode; replaces any previous one; the model does not own it). Null clears.
    void setSubscription(InformerSubscription *subscription);
    void applyBatch(const ChangeBatch &batch);

    const Event &eventAt(int row) const { return m_events.at(row); }
    // Newest first, at most `limit` (all when negative): what a summary shows.
    QList<Event> newest(int limit = -1) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void removeRow(int row);
    void upsert(const ObjectPtr &object);

    QPointer<InformerSubscription> m_subscription;
    QList<Event> m_events;
    QHash<QString, int> m_rowOfKey;
};

} // namespace binnacle
