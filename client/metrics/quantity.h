#pragma once

#include <QStringView>

#include <optional>

namespace binnacle {

// A Kubernetes resource.Quantity ("250m", "1.5Gi", "123456n", "2e3") read as a number of base units (cores,
// bytes). Double precision holds every value a node or pod reports exactly enough for display and charts.
namespace Quantity {

std::optional<double> parse(QStringView text);

// The figures `kubectl top` prints: CPU in whole millicores rounded up, memory in whole MiB rounded down.
qint64 toMillicores(double cores);
qint64 toMebibytes(double bytes);

} // namespace Quantity

} // namespace binnacle
