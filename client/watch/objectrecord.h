#pragma once

#include "client/core/labelset.h"
#include "client/resources/table.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <memory>

namespace binnacle {

struct OwnerReference
{
    QString uid;
    QString kind;
    QString name;
    bool controller = false;
};

// One cached object: its metadata, the server's table cells for it, and (for the few kinds whose spec drives the
// UI) the whole object. Immutable once made, shared between the worker thread and the models.
struct ObjectRecord
{
    QString uid;
    QString name;
    QString namespaceName;
    QString resourceVersion;
    QDateTime creationTimestamp;
    bool deleting = false;
    LabelSet labels;
    QList<OwnerReference> owners;
    QJsonArray cells; // Table mode: one value per column
    QJsonObject object; // Full mode: the whole object

    QString key() const { return namespaceName.isEmpty() ? name : namespaceName + u'/' + name; }
    const OwnerReference *controller() const;

    // From an object's `metadata` (PartialObjectMetadata or a full object).
    static ObjectRecord fromMetadata(const QJsonObject &metadata);
};

using ObjectPtr = std::shared_ptr<const ObjectRecord>;

// What changed in an informer's store since the last batch. `reset` means: forget everything, `added` is all.
struct ChangeBatch
{
    bool reset = false;
    QList<ObjectPtr> added;
    QList<ObjectPtr> updated;
    QStringList removed; // keys
    QList<TableColumn> columns; // set when the server's columns are (re)defined
    bool isEmpty() const { return !reset && added.isEmpty() && updated.isEmpty() && removed.isEmpty(); }
};

// How an informer is doing, for the UI's health view.
struct InformerHealth
{
    bool synced = false;
    int objects = 0;
    double eventsPerSecond = 0;
    int relists = 0;
    qint64 lastSyncMs = 0; // duration of the last LIST
    QString lastError;
    bool forbidden = false;
    quint64 malformedEvents = 0; // watch lines that were not events (each forced a relist)
};

} // namespace binnacle

Q_DECLARE_METATYPE(binnacle::ChangeBatch)
Q_DECLARE_METATYPE(binnacle::InformerHealth)
