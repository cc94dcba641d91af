#include "usageformat.h"

#include "client/metrics/quantity.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace binnacle::UsageFormat {

QString cpu(double cores)
{
    return QString::number(Quantity::toMillicores(cores)) + u'm';
}

QString memory(double bytes)
{
    return QString::number(Quantity::toMebibytes(bytes)) + u"Mi"_s;
}

QString cpuReadable(double cores)
{
    if (cores >= 1.0)
        return u"%1 cores"_s.arg(cores, 0, 'f', cores >= 10 ? 1 : 2);
    return cpu(cores);
}

QString memoryReadable(double bytes)
{
    constexpr double GiB = 1024.0 * 1024 * 1024;
    if (bytes >= GiB)
        return u"%1 GiB"_s.arg(bytes / GiB, 0, 'f', 1);
    return u"%1 MiB"_s.arg(Quantity::toMebibytes(bytes));
}

QString percent(double used, double total)
{
    if (total <= 0)
        return {};
    return QString::number(std::lround(100.0 * used / total)) + u'%';
}

} // namespace binnacle::UsageFormat
