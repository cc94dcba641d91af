#pragma once

#include <QFont>
#include <QString>

class QSettings;

namespace binnacle {

// What the user chose in Edit → Preferences, stored in QSettings under "preferences/". Nothing here comes from a
// kubeconfig, so no credential can end up in it. A value that is missing, of the wrong type or out of range reads
// back as its default (or the nearest bound), so a hand-edited settings file never breaks the start.
struct Preferences
{
    enum class Theme { System, Light, Dark };

    static constexpr qsizetype MebiByte = qsizetype(1) << 20;
    static constexpr qsizetype DefaultLogBudgetBytes = 256 * MebiByte; // as LogStore's
    static constexpr qsizetype MinLogBudgetBytes = 16 * MebiByte;
    static constexpr qsizetype MaxLogBudgetBytes = 16384 * MebiByte;
    static constexpr int DefaultScrollbackLines = 10000; // as TerminalSurface's
    static constexpr int MaxScrollbackLines = 1000000;

    Theme theme = Theme::System;
    QFont editorFont; // YAML editor and the details' YAML
    QFont logFont;
    QFont terminalFont;
    qsizetype logBudgetBytes = DefaultLogBudgetBytes; // per log view
    int terminalScrollbackLines = DefaultScrollbackLines;
    bool confirmActions = true; // restarting and cordoning ask first (a delete always asks)
    bool restoreSession = true; // the dock's tabs come back at the next start

    Preferences(); // fonts: the system's fixed-width font
    static Preferences load(const QSettings &settings);
    void save(QSettings &settings) const;

    static QString themeName(Theme theme); // "system", "light", "dark": the stored words
    static Theme themeFromName(const QString &name);

    bool operator==(const Preferences &other) const = default;
};

} // namespace binnacle
