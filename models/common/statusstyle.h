#pragma once

#include <QString>
#include <QVariant>

class QColor;
class QPalette;

namespace binnacle::StatusStyle {

// The colour rules of PRODUCT.md, in one place: Running/Ready green ("ok"), Pending/Progressing amber
// ("warning"), Failed/CrashLoopBackOff red ("error"); empty when a status says nothing either way.
QString classify(const QString &statusText);
// "2/3" ready counts: all ready is ok, fewer is a warning; empty for anything else.
QString classifyReady(const QString &readyText);
// A status class as a QBrush for Qt::ForegroundRole (or no value), and as an HTML colour, readable on the
// application's palette (light or dark) at the time of the call.
QVariant foreground(const QString &statusClass);
QString htmlColour(const QString &statusClass);
// The colour for a light or a dark background.
QString htmlColour(const QString &statusClass, bool darkBackground);
bool isDark(const QPalette &palette); // its Base (where text is shown) is dark
// WCAG 2's contrast ratio of two colours (1 to 21): the 4.5:1 that status colours and kind icons keep.
double contrastRatio(const QColor &a, const QColor &b);

} // namespace binnacle::StatusStyle
