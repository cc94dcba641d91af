#pragma once

#include <QString>

namespace binnacle::UsageFormat {

// What `kubectl top` prints: "250m" (millicores, rounded up) and "128Mi" (MiB, rounded down), so the two can be
// read side by side.
QString cpu(double cores);
QString memory(double bytes);
// A chart axis or tooltip's shorter forms: "1.25 cores" / "250m", "1.5 GiB" / "300 MiB".
QString cpuReadable(double cores);
QString memoryReadable(double bytes);
// "40%" of `total`; empty when total is not set.
QString percent(double used, double total);

} // namespace binnacle::UsageFormat
