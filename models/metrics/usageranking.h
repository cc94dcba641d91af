#pragma once

#include "client/metrics/usagehistory.h"

#include <QList>
#include <QString>

namespace binnacle::UsageRanking {

enum class Measure { Cpu, Memory };

struct Entry
{
    QString key; // "namespace/name" for pods, the name for nodes
    Usage usage;
};

// The `count` objects using the most of `measure` now, largest first (ties by key, so the order is stable).
QList<Entry> top(const UsageHistory &history, int count, Measure measure);

} // namespace binnacle::UsageRanking
