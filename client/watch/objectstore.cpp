#include "objectstore.h"

#include <QSet>

namespace binnacle {

void ObjectStore::index(const ObjectPtr &object)
{
    const QString key = object->key();
    m_byNamespace.insert(object->namespaceName, key);
    for (const OwnerReference &owner : object->owners)
        m_byOwner.insert(owner.uid, key);
    for (const auto &[label, value] : object->labels)
        m_byLabel.insert(label + u'=' + value, key);
}

void ObjectStore::unindex(const ObjectPtr &object)
{
    const QString key = object->key();
    m_byNamespace.remove(object->namespaceName, key);
    for (const OwnerReference &owner : object->owners)
        m_byOwner.remove(owner.uid, key);
    for (const auto &[label, value] : object->labels)
        m_byLabel.remove(label + u'=' + value, key);
}

void ObjectStore::note(const QString &key, Change change)
{
    const auto it = m_pending.find(key);
    if (it == m_pending.end()) {
        m_pending.insert(key, change);
        return;
    }
    switch (change) {
    case Change::Added: // removed then added again: the view sees an update
        *it = *it == Change::Removed ? Change::Updated : Change::Added;
        break;
    case Change::Updated: // added then updated is still an add
        break;
    case Change::Removed:
        if (*it == Change::Added)
            m_pending.erase(it); // never seen by the view: nothing to tell
        else
            *it = Change::Removed;
        break;
    }
}

void ObjectStore::upsert(const ObjectPtr &object)
{
    const QString key = object->key();
    const auto it = m_objects.find(key);
    if (it != m_objects.end()) {
        if ((*it)->resourceVersion == object->resourceVersion && !object->resourceVersion.isEmpty())
            return; // the same version again (a relist of an unchanged object)
        unindex(*it);
        *it = object;
        index(object);
        note(key, Change::Updated);
    } else {
        m_objects.insert(key, object);
        index(object);
        note(key, Change::Added);
    }
}

void ObjectStore::remove(const QString &key)
{
    const auto it = m_objects.find(key);
    if (it == m_objects.end())
        return;
    unindex(*it);
    m_objects.erase(it);
    note(key, Change::Removed);
}

void ObjectStore::replaceAll(const QList<ObjectPtr> &objects)
{
    QSet<QString> seen;
    seen.reserve(objects.size());
    for (const ObjectPtr &object : objects) {
        seen.insert(object->key());
        upsert(object);
    }
    // What the relist no longer has was deleted while we were not watching: no phantoms left behind.
    const QStringList keys = m_objects.keys();
    for (const QString &key : keys) {
        if (!seen.contains(key))
            remove(key);
    }
}

QList<ObjectPtr> ObjectStore::inNamespace(const QString &namespaceName) const
{
    QList<ObjectPtr> found;
    for (auto it = m_byNamespace.constFind(namespaceName); it != m_byNamespace.cend() && it.key() == namespaceName;
         ++it)
        found.append(m_objects.value(it.value()));
    return found;
}

QList<ObjectPtr> ObjectStore::ownedBy(const QString &ownerUid) const
{
    QList<ObjectPtr> found;
    for (auto it = m_byOwner.constFind(ownerUid); it != m_byOwner.cend() && it.key() == ownerUid; ++it)
        found.append(m_objects.value(it.value()));
    return found;
}

QList<ObjectPtr> ObjectStore::withLabel(const QString &key, const QString &value) const
{
    const QString label = key + u'=' + value;
    QList<ObjectPtr> found;
    for (auto it = m_byLabel.constFind(label); it != m_byLabel.cend() && it.key() == label; ++it)
        found.append(m_objects.value(it.value()));
    return found;
}

ChangeBatch ObjectStore::takeChanges()
{
    ChangeBatch batch;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        switch (it.value()) {
        case Change::Added:
            batch.added.append(m_objects.value(it.key()));
            break;
        case Change::Updated:
            batch.updated.append(m_objects.value(it.key()));
            break;
        case Change::Removed:
            batch.removed.append(it.key());
            break;
        }
    }
    m_pending.clear();
    return batch;
}

} // namespace binnacle
