#pragma once

#include "client/watch/objectrecord.h"

#include <QHash>
#include <QMultiHash>

namespace binnacle {

// The informer's cache: objects by key, with indexes by namespace, owner UID and label, and the changes not yet handed
// to views, coalesced (an add then a delete in the same batch is no change at all).
class ObjectStore final
{
public:
    void replaceAll(const QList<ObjectPtr> &objects);  // after a (re)list: emits the right adds/updates/deletes
    void upsert(const ObjectPtr &object);
    void remove(const QString &key);

    ObjectPtr get(const QString &key) const { return m_objects.value(key); }
    QList<ObjectPtr> all() const { return m_objects.values(); }
    QList<ObjectPtr> inNamespace(const QString &namespaceName) const;
    QList<ObjectPtr> ownedBy(const QString &ownerUid) const;
    QList<ObjectPtr> withLabel(const QString &key, const QString &value) const;
    int size() const { return int(m_objects.size()); }

    bool hasPendingChanges() const { return !m_pending.isEmpty(); }
    ChangeBatch takeChanges();

private:
    enum class Change { Added, Updated, Removed };
    void index(const ObjectPtr &object);
    void unindex(const ObjectPtr &object);
    void note(const QString &key, Change change);

    QHash<QString, ObjectPtr> m_objects;
    QMultiHash<QString, QString> m_byNamespace;  // namespace → key
    QMultiHash<QString, QString> m_byOwner;      // owner uid → key
    QMultiHash<QString, QString> m_byLabel;      // "key=value" → key
    QHash<QString, Change> m_pending;
};

} // namespace binnacle
