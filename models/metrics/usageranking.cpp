#include "usageranking.h"

#include <algorithm>

namespace binnacle::UsageRanking {

QList<Entry> top(const UsageHistory &history, int count, Measure measure)
{
    QList<Entry> entries;
    for (const auto &[key, usage] : history.current())
        entries.append(Entry {key, usage});
    const auto value = [measure](const Entry &entry) {
        return measure == Measure::Cpu ? entry.usage.cpuCores : entry.usage.memoryBytes;
    };
    const auto larger = [&value](const Entry &left, const Entry &right) {
        const double l = value(left);
        const double r = value(right);
        return l != r ? l > r : left.key < right.key;
    };
    // Only the first `count` need ordering: 10,000 pods cost a partial sort, not a full one.
    const qsizetype kept = std::min<qsizetype>(count, entries.size());
    std::partial_sort(entries.begin(), entries.begin() + kept, entries.end(), larger);
    entries.resize(kept);
    return entries;
}

} // namespace binnacle::UsageRanking
