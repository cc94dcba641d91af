#pragma once

#include "client/metrics/usagesnapshot.h"
#include "models/metrics/resourcelines.h"

#include <QList>
#include <QString>

#include <optional>

namespace binnacle {

// What a table row knows of one object's usage: the latest figures and what it asks for (or offers).
struct UsageFigures
{
    std::optional<Usage> usage;
    std::optional<ResourceLines> lines;
};

// The usage columns a pod or node table adds after the server's: CPU and memory in use (as kubectl top prints
// them) and, once requests, limits or allocatable are known, the use as a percentage of them (as k9s shows them).
enum class UsageColumn {
    Cpu,
    Memory,
    CpuOfRequest,
    CpuOfLimit,
    MemoryOfRequest,
    MemoryOfLimit,
    CpuOfAllocatable,
    MemoryOfAllocatable,
};

namespace UsageCells {

// The columns for a table of `kind`: usage alone, or with its percentages when `withLines`.
QList<UsageColumn> of(UsageSnapshot::Kind kind, bool withLines);
QString header(UsageColumn column);
QString toolTip(UsageColumn column);
// Cores, bytes or a percentage; nothing when the figure, or the request or limit it is a share of, is not set.
std::optional<double> value(UsageColumn column, const UsageFigures &figures);
QString text(UsageColumn column, double value);

} // namespace UsageCells

} // namespace binnacle
