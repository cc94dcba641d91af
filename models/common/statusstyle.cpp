#include "statusstyle.h"

#include <QBrush>
#include <QColor>
#include <QGuiApplication>
#include <QPalette>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace binnacle::StatusStyle {

QString classify(const QString &text)
{
    static const QStringList ok {u"Running"_s, u"Ready"_s, u"Completed"_s, u"Succeeded"_s, u"Active"_s,
                                 u"Bound"_s,   u"True"_s,  u"Complete"_s,  u"Available"_s, u"Established"_s};
    static const QStringList warning {u"Pending"_s,         u"ContainerCreating"_s, u"Progressing"_s, u"Terminating"_s,
                                      u"PodInitializing"_s, u"Unknown"_s,           u"NotReady"_s,    u"Released"_s};
    static const QRegularExpression error(
        uR"(Fail|Error|BackOff|OOMKilled|Evicted|Invalid|Lost|CreateContainerConfigError|Unhealthy|DeadlineExceeded)"_s);
    if (ok.contains(text))
        return u"ok"_s;
    if (warning.contains(text) || text.startsWith(u"Init:"_s))
        return u"warning"_s;
    if (error.match(text).hasMatch())
        return u"error"_s;
    return {};
}

QString classifyReady(const QString &readyText)
{
    // Only "n/m" with numbers on both sides: a CronJob's "*/5 * * * *" is not a count.
    const QStringList parts = readyText.split(u'/');
    if (parts.size() != 2)
        return {};
    bool readyIsNumber = false;
    bool desiredIsNumber = false;
    parts.at(0).toInt(&readyIsNumber);
    parts.at(1).toInt(&desiredIsNumber);
    if (!readyIsNumber || !desiredIsNumber)
        return {};
    return parts.at(0) == parts.at(1) ? u"ok"_s : u"warning"_s;
}

QString htmlColour(const QString &statusClass, bool darkBackground)
{
    // Each at least 4.5:1 against its theme's base and alternate rows (WCAG AA for text; tst_statusstyle checks).
    if (statusClass == u"ok")
        return darkBackground ? u"#6ad48a"_s : u"#1a7f37"_s;
    if (statusClass == u"warning")
        return darkBackground ? u"#f0b04a"_s : u"#9a5b00"_s;
    if (statusClass == u"error")
        return darkBackground ? u"#ff8a80"_s : u"#c62828"_s;
    return {};
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

QString htmlColour(const QString &statusClass)
{
    return htmlColour(statusClass, isDark(QGuiApplication::palette()));
}

QVariant foreground(const QString &statusClass)
{
    const QString colour = htmlColour(statusClass);
    return colour.isEmpty() ? QVariant() : QVariant(QBrush(QColor(colour)));
}

double contrastRatio(const QColor &a, const QColor &b)
{
    const auto luminance = [](const QColor &colour) {
        const auto channel = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF());
    };
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace binnacle::StatusStyle
