#pragma once

#include "client/metrics/usagesnapshot.h"
#include "client/watch/objectrecord.h"
#include "models/metrics/resourcelines.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>

namespace binnacle {

class InformerSubscription;

// What every pod asks for (its containers' requests and limits) or every node offers (allocatable), keyed like the
// table rows ("namespace/name", a node's name), from an informer that keeps only those fields of each object: the
// denominators of a table's "% of request", "% of limit" and "% of allocatable" columns.
class ResourceLinesIndex final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResourceLinesIndex)

public:
    explicit ResourceLinesIndex(UsageSnapshot::Kind kind, QObject *parent = nullptr);

    // The fields a Full-mode subscription keeps for this kind (InformerSubscription::Key::keptFields).
    static QStringList keptFields(UsageSnapshot::Kind kind);

    UsageSnapshot::Kind kind() const { return m_kind; }
    // Follows `subscription` (replaces any previous one; not owned).
    void setSubscription(InformerSubscription *subscription);
    InformerSubscription *subscription() const;
    // Public for tests that feed batches directly.
    void applyBatch(const ChangeBatch &batch);

    // Nothing (not zeros) for an object not seen.
    std::optional<ResourceLines> find(const QString &key) const;
    int size() const { return int(m_lines.size()); }

signals:
    // What some objects ask for changed (a pod's status changing is not that: it says nothing then). `keys` empty:
    // everything may have (a fresh list).
    void changed(const QStringList &keys);

private:
    ResourceLines linesOf(const ObjectRecord &record) const;

    UsageSnapshot::Kind m_kind;
    QPointer<InformerSubscription> m_subscription;
    QHash<QString, ResourceLines> m_lines;
};

} // namespace binnacle
