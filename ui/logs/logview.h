#pragma once

#include "models/logs/loglineformatter.h"

#include <QAbstractScrollArea>
#include <QCache>
#include <QStringList>

namespace binnacle {

class LogSearch;
class LogStore;

// The lines of a LogStore, painted straight from its bytes: only the rows on screen are ever turned into text, so a
// view of millions of lines scrolls as fast as one of ten. The vertical scroll bar counts rows (lines, or with the
// filter on the lines that match, or do not); with wrapping on, a row takes as many screen lines as it needs.
// Follows the end while the person is there; scrolling up stops following, reaching the end again resumes it.
// Selection is by character and copies what is shown (prefixes and timestamps included).
class LogView final : public QAbstractScrollArea
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogView)

public:
    LogView(const LogStore &store, const LogSearch &search, QWidget *parent = nullptr);
    ~LogView() override;

    struct Options
    {
        bool showSource = false; // "pod/container" before each line (workload logs)
        bool showTimestamps = false;
        bool wrap = false;
        bool compactJson = true;
        bool filter = false; // only the lines the search matches…
        bool invertFilter = false; // …or only the others
        bool operator==(const Options &) const = default;
    };
    void setOptions(const Options &options);
    const Options &options() const { return m_options; }

    // Source ids (LogStore::source) to the labels shown before their lines.
    void setSourceLabel(quint16 source, const QString &label);

    // Paused: the rows stop growing where they are (the store goes on filling); resuming shows everything.
    void setFrozen(bool frozen);
    bool isFrozen() const { return m_frozenEnd >= 0; }

    // After the store or the search changed: once per flush.
    void refresh();

    bool isFollowing() const { return m_following; }
    void setFollowing(bool following);
    void scrollToStart();
    void scrollToEnd();

    // Moves to the next (or previous) line with a match and returns whether there was one.
    bool goToMatch(bool forward);
    qint64 currentMatchLine() const { return m_currentMatchLine; }

    qint64 rowCount() const;
    qint64 lineAtRow(qint64 row) const;
    qint64 topRow() const;
    QList<qint64> visibleLines() const;
    QString displayedText(qint64 line) const; // a line as shown, prefix and timestamp included
    QString selectedText() const;
    bool hasSelection() const { return m_anchor.line >= 0 && m_anchor != m_cursor; }
    void selectAll();
    void copy() const;

signals:
    void followingChanged(bool following);
    void selectionChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Rendered
    {
        QString text;
        int contentStart = 0; // where the line's own text starts, after source and timestamp
        int sourceLength = 0;
        QColor sourceColor;
        LogDisplayLine content; // spans relative to contentStart
        bool marker = false;
    };
    struct Position
    {
        qint64 line = -1;
        int column = 0;
        bool operator==(const Position &) const = default;
        bool operator<(const Position &other) const
        {
            return line < other.line || (line == other.line && column < other.column);
        }
    };

    const Rendered &rendered(qint64 line) const;
    int columns() const; // characters per screen line when wrapping
    int screenLinesOf(qint64 line) const;
    void updateScrollBars();
    void setTopRow(qint64 row);
    qint64 rowOfLine(qint64 line) const;
    qint64 endRowForBottom() const; // the top row that shows the last row at the bottom
    Position positionAt(const QPoint &point) const;
    void paintRow(QPainter &painter, qint64 line, int y, int screenLines) const;
    QColor levelColor(LogLevel level) const;
    void updateFontMetrics();
    void updateAccessibleDescription();

    const LogStore &m_store;
    const LogSearch &m_search;
    Options m_options;
    QStringList m_sourceLabels;
    mutable QCache<qint64, Rendered> m_cache;
    qint64 m_frozenEnd = -1;
    qint64 m_topLine = -1; // the line at the top when not following: survives rows coming and going
    bool m_following = true;
    bool m_settingScroll = false;
    qint64 m_currentMatchLine = -1;
    Position m_anchor;
    Position m_cursor;
    bool m_selecting = false;
    QFont m_drawFont; // the font with each glyph's advance made exactly m_charWidth
    int m_charWidth = 8;
    int m_lineHeight = 16;
    int m_ascent = 12;
};

} // namespace binnacle
