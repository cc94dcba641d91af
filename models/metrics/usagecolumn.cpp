#include "usagecolumn.h"

#include "models/metrics/usageformat.h"

#include <QCoreApplication>

#include <cmath>

using namespace Qt::StringLiterals;

namespace binnacle::UsageCells {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("UsageCells", text);
}

std::optional<double> share(double used, const std::optional<double> &total)
{
    if (!total || *total <= 0)
        return std::nullopt;
    return 100.0 * used / *total;
}

} // namespace

QList<UsageColumn> of(UsageSnapshot::Kind kind, bool withLines)
{
    QList<UsageColumn> columns {UsageColumn::Cpu, UsageColumn::Memory};
    if (!withLines)
        return columns;
    if (kind == UsageSnapshot::Kind::Nodes)
        return columns << UsageColumn::CpuOfAllocatable << UsageColumn::MemoryOfAllocatable;
    return columns << UsageColumn::CpuOfRequest << UsageColumn::CpuOfLimit << UsageColumn::MemoryOfRequest
                   << UsageColumn::MemoryOfLimit;
}

QString header(UsageColumn column)
{
    switch (column) {
    case UsageColumn::Cpu:
        return tr("CPU");
    case UsageColumn::Memory:
        return tr("Memory");
    case UsageColumn::CpuOfRequest:
        return tr("%CPU/R");
    case UsageColumn::CpuOfLimit:
        return tr("%CPU/L");
    case UsageColumn::MemoryOfRequest:
        return tr("%MEM/R");
    case UsageColumn::MemoryOfLimit:
        return tr("%MEM/L");
    case UsageColumn::CpuOfAllocatable:
        return tr("%CPU");
    case UsageColumn::MemoryOfAllocatable:
        return tr("%MEM");
    }
    return {};
}

QString toolTip(UsageColumn column)
{
    switch (column) {
    case UsageColumn::Cpu:
        return tr("CPU in use, in millicores, from the Metrics API (as kubectl top prints it)");
    case UsageColumn::Memory:
        return tr("Memory in use (working set), in MiB, from the Metrics API (as kubectl top prints it)");
    case UsageColumn::CpuOfRequest:
        return tr("CPU in use as a percentage of the containers' CPU requests (empty: none requested)");
    case UsageColumn::CpuOfLimit:
        return tr("CPU in use as a percentage of the containers' CPU limits (empty: no limit)");
    case UsageColumn::MemoryOfRequest:
        return tr("Memory in use as a percentage of the containers' memory requests (empty: none requested)");
    case UsageColumn::MemoryOfLimit:
        return tr("Memory in use as a percentage of the containers' memory limits (empty: no limit); "
                  "at 100% the container is killed");
    case UsageColumn::CpuOfAllocatable:
        return tr("CPU in use as a percentage of the node's allocatable CPU");
    case UsageColumn::MemoryOfAllocatable:
        return tr("Memory in use as a percentage of the node's allocatable memory");
    }
    return {};
}

std::optional<double> value(UsageColumn column, const UsageFigures &figures)
{
    if (!figures.usage)
        return std::nullopt;
    const Usage &usage = *figures.usage;
    if (column == UsageColumn::Cpu)
        return usage.cpuCores;
    if (column == UsageColumn::Memory)
        return usage.memoryBytes;
    if (!figures.lines)
        return std::nullopt;
    const ResourceLines &lines = *figures.lines;
    switch (column) {
    case UsageColumn::CpuOfRequest:
        return share(usage.cpuCores, lines.cpuRequest);
    case UsageColumn::CpuOfLimit:
        return share(usage.cpuCores, lines.cpuLimit);
    case UsageColumn::MemoryOfRequest:
        return share(usage.memoryBytes, lines.memoryRequest);
    case UsageColumn::MemoryOfLimit:
        return share(usage.memoryBytes, lines.memoryLimit);
    case UsageColumn::CpuOfAllocatable:
        return share(usage.cpuCores, lines.cpuAllocatable);
    case UsageColumn::MemoryOfAllocatable:
        return share(usage.memoryBytes, lines.memoryAllocatable);
    default:
        return std::nullopt;
    }
}

QString text(UsageColumn column, double value)
{
    if (column == UsageColumn::Cpu)
        return UsageFormat::cpu(value);
    if (column == UsageColumn::Memory)
        return UsageFormat::memory(value);
    return QString::number(std::lround(value)) + u'%';
}

} // namespace binnacle::UsageCells
