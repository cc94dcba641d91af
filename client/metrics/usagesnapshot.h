#pragma once

#include "client/core/result.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace binnacle {

// What one object uses at one moment, in base units.
struct Usage
{
    double cpuCores = 0;
    double memoryBytes = 0;
    bool operator==(const Usage &) const = default;
};

// One answer of the Metrics API: PodMetrics (keyed "namespace/name", containers summed) or NodeMetrics (keyed by
// name), for the namespaces asked (empty: all of them).
struct UsageSnapshot
{
    enum class Kind { Pods, Nodes };
    Kind kind = Kind::Pods;
    QStringList namespaces; // the scope asked; empty: the whole cluster
    qint64 takenAtMs = 0; // when the answer arrived (the chart's time axis)
    QHash<QString, Usage> objects;

    // Reads a PodMetricsList or NodeMetricsList's items; an item without a usable usage is skipped.
    static UsageSnapshot fromItems(Kind kind, const QList<QJsonObject> &items);
    // Whether `key` ("namespace/name" or a node's name) lies in the scope this snapshot answers for.
    bool covers(const QString &key) const;
};

} // namespace binnacle

Q_DECLARE_METATYPE(binnacle::UsageSnapshot)
