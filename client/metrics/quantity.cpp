#include "quantity.h"

#include <QString>

#include <cmath>

namespace binnacle::Quantity {

namespace {

// Suffixes of the Kubernetes quantity grammar: binary (Ki … Ei) and decimal SI (n … E).
std::optional<double> multiplierOf(QStringView suffix)
{
    struct Entry
    {
        const char16_t *suffix;
        double factor;
    };
    static constexpr Entry Table[] = {
        {u"", 1.0},
        {u"n", 1e-9},
        {u"u", 1e-6},
        {u"m", 1e-3},
        {u"k", 1e3},
        {u"M", 1e6},
        {u"G", 1e9},
        {u"T", 1e12},
        {u"P", 1e15},
        {u"E", 1e18},
        {u"Ki", 1024.0},
        {u"Mi", 1024.0 * 1024},
        {u"Gi", 1024.0 * 1024 * 1024},
        {u"Ti", 1024.0 * 1024 * 1024 * 1024},
        {u"Pi", 1024.0 * 1024 * 1024 * 1024 * 1024},
        {u"Ei", 1024.0 * 1024 * 1024 * 1024 * 1024 * 1024},
    };
    for (const Entry &entry : Table) {
        if (suffix == QStringView(entry.suffix))
            return entry.factor;
    }
    return std::nullopt;
}

} // namespace

std::optional<double> parse(QStringView text)
{
    text = text.trimmed();
    qsizetype end = 0;
    if (end < text.size() && (text[end] == u'+' || text[end] == u'-'))
        ++end;
    const qsizetype digitsStart = end;
    while (end < text.size() && (text[end].isDigit() || text[end] == u'.'))
        ++end;
    if (end == digitsStart)
        return std::nullopt;
    bool ok = false;
    const double number = text.first(end).toDouble(&ok);
    if (!ok)
        return std::nullopt;
    QStringView suffix = text.sliced(end);
    // An exponent ("1e3", "5E-2") is a suffix of its own; a lone "E" is exa.
    if (suffix.size() > 1 && (suffix[0] == u'e' || suffix[0] == u'E')) {
        bool exponentOk = false;
        const int exponent = suffix.sliced(1).toInt(&exponentOk);
        if (exponentOk)
            return number * std::pow(10.0, exponent);
    }
    const std::optional<double> factor = multiplierOf(suffix);
    if (!factor)
        return std::nullopt;
    return number * *factor;
}

qint64 toMillicores(double cores)
{
    // resource.Quantity.MilliValue() rounds up; the epsilon keeps 0.25 cores at 250m despite binary fractions.
    return static_cast<qint64>(std::ceil(cores * 1000.0 - 1e-6));
}

qint64 toMebibytes(double bytes)
{
    return static_cast<qint64>(std::floor(bytes / (1024.0 * 1024.0)));
}

} // namespace binnacle::Quantity
