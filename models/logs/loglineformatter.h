#pragma once

#include <QByteArrayView>
#include <QColor>
#include <QList>
#include <QString>

namespace binnacle {

enum class LogLevel : quint8 { None, Trace, Debug, Info, Warning, Error };

// A run of a displayed line drawn in one style; colours left invalid mean the view's own.
struct LogTextSpan
{
    int start = 0;
    int length = 0;
    QColor foreground;
    QColor background;
    bool bold = false;
    bool italic = false;
    bool underline = false;
};

// One log line as it is shown: ANSI SGR escapes turned into spans (and every other escape dropped, so a log cannot
// move the cursor or retitle anything), a JSON line as "LEVEL message key=value …", and the level word, wherever it
// came from, marked so the view can colour it.
struct LogDisplayLine
{
    QString text;
    QList<LogTextSpan> spans;
    LogLevel level = LogLevel::None;
    int levelStart = -1; // where the level word is in `text`
    int levelLength = 0;
};

class LogLineFormatter final
{
public:
    struct Options
    {
        bool compactJson = true;
    };

    static LogDisplayLine format(QByteArrayView raw, const Options &options);
    static LogDisplayLine format(QByteArrayView raw) { return format(raw, Options {}); }

    // "error", "ERR", "warning", "W"… as a level (None when it is not one).
    static LogLevel levelFromWord(QStringView word);

    // The xterm palette: 0–15 the basic colours, 16–231 the 6×6×6 cube, 232–255 greys.
    static QColor xtermColor(int index);
};

// A stable colour for each source of a workload's logs ("web-1/app"): the same pod and container get the same
// colour in every view and every run (a fixed hash, not Qt's seeded one), from a palette readable on light and dark.
QColor logSourceColor(QStringView source);

} // namespace binnacle
