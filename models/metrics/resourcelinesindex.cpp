#include "resourcelinesindex.h"

#include "client/session/informersubscription.h"

using namespace Qt::StringLiterals;

namespace binnacle {

ResourceLinesIndex::ResourceLinesIndex(UsageSnapshot::Kind kind, QObject *parent)
    : QObject(parent)
    , m_kind(kind)
{ }

QStringList ResourceLinesIndex::keptFields(UsageSnapshot::Kind kind)
{
    if (kind == UsageSnapshot::Kind::Nodes)
        return {u"status.allocatable"_s, u"status.capacity"_s};
    return {u"spec.containers.resources"_s};
}

void ResourceLinesIndex::setSubscription(InformerSubscription *subscription)
{
    if (m_subscription)
        disconnect(m_subscription, nullptr, this, nullptr);
    m_subscription = subscription;
    if (subscription)
        connect(subscription, &InformerSubscription::changed, this, &ResourceLinesIndex::applyBatch);
}

InformerSubscription *ResourceLinesIndex::subscription() const
{
    return m_subscription;
}

ResourceLines ResourceLinesIndex::linesOf(const ObjectRecord &record) const
{
    if (m_kind == UsageSnapshot::Kind::Nodes)
        return ResourceLines::ofNode(record.object);
    return ResourceLines::ofPodSpec(record.object.value(u"spec"_s).toObject());
}

void ResourceLinesIndex::applyBatch(const ChangeBatch &batch)
{
    if (batch.reset) {
        m_lines.clear();
        for (const ObjectPtr &object : batch.added)
            m_lines.insert(object->key(), linesOf(*object));
        emit changed({});
        return;
    }
    // A busy cluster updates its pods many times a second (status, annotations) and almost never their resources:
    // only what really changed is told, so that the tables redraw those rows and nothing else.
    QStringList changedKeys;
    for (const QList<ObjectPtr> *objects : {&batch.added, &batch.updated}) {
        for (const ObjectPtr &object : *objects) {
            const QString key = object->key();
            const ResourceLines lines = linesOf(*object);
            const auto found = m_lines.find(key);
            if (found != m_lines.end() && *found == lines)
                continue;
            m_lines.insert(key, lines);
            changedKeys << key;
        }
    }
    for (const QString &key : batch.removed) {
        if (m_lines.remove(key))
            changedKeys << key;
    }
    if (!changedKeys.isEmpty())
        emit changed(changedKeys);
}

std::optional<ResourceLines> ResourceLinesIndex::find(const QString &key) const
{
    const auto found = m_lines.constFind(key);
    if (found == m_lines.constEnd())
        return std::nullopt;
    return *found;
}

} // namespace binnacle
