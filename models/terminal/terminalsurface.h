#pragma once

#include "models/terminal/plainlines.h"

#include <QByteArray>
#include <QColor>
#include <QElapsedTimer>
#include <QObject>
#include <QPoint>
#include <QRect>
#include <QString>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

struct VTerm;
struct VTermScreen;
struct VTermState;

namespace binnacle {

class TerminalScrollback;

// A place in the terminal's text. Lines 0 .. rows()-1 are the screen; negative lines the scrollback, -1 the line
// that left the screen last. Columns count cells (a wide character takes two).
struct TerminalPosition
{
    int line = 0;
    int column = 0;
    auto operator<=>(const TerminalPosition &) const = default;
};

// One cell as the view paints it and tests read it.
struct TerminalCell
{
    QString text; // the character and its combining marks; empty for a blank cell and a wide character's right half
    int width = 1; // 2 for a wide character, 0 for its right half
    QColor foreground;
    QColor background;
    bool defaultForeground = true;
    bool defaultBackground = true; // the view leaves its own background showing
    bool bold = false;
    bool italic = false;
    bool underline = false;
    bool reverse = false;
    bool strike = false;
    bool blink = false;
};

struct TerminalMatch
{
    TerminalPosition start;
    int length = 0; // in cells
};

// The terminal without its widget: libvterm's state and screen for what a remote program writes, a bounded
// scrollback of what scrolled off, and the bytes that keys, mouse and paste send back. Transport-agnostic: whatever
// carries a pty's output calls feed(), and sends on what outputToPty() hands it.
class TerminalSurface final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalSurface)

public:
    static constexpr int DefaultScrollbackLines = 10000;
    static constexpr int DamageIntervalMs = 16; // damaged() at most ~60 times a second

    explicit TerminalSurface(int columns = 80, int rows = 24, QObject *parent = nullptr);
    ~TerminalSurface() override;

    // --- what the program writes
    void feed(const QByteArray &bytes);
    // As feed(), on the next turn of the event loop, together with whatever else arrives before it: a transport's
    // burst of small messages is parsed as one piece, which lets whole screens of plain lines go straight to the
    // scrollback. feed() takes what is queued first.
    void feedSoon(const QByteArray &bytes);
    // How many lines went to the scrollback the bulk way, without libvterm (for tests and the benchmark).
    qint64 bulkScrolledLines() const { return m_bulkScrolledLines; }
    void resize(int columns, int rows); // keeps content: rows that no longer fit go to the scrollback and come back
    int columns() const { return m_columns; }
    int rows() const { return m_rows; }

    // --- what is shown
    TerminalCell cell(int line, int column) const;
    QString lineText(int line) const; // without trailing blanks
    // The text from `start` up to (not including) `end`, lines joined by '\n', each without trailing blanks.
    QString text(TerminalPosition start, TerminalPosition end) const;
    QString screenText() const; // the screen's lines joined by '\n'
    // The first match at or after `from` (backward: the last one before it), scrollback and screen alike.
    std::optional<TerminalMatch> find(const QString &needle, TerminalPosition from, bool backward = false,
                                      Qt::CaseSensitivity sensitivity = Qt::CaseInsensitive) const;

    int scrollbackLines() const;
    int scrollbackLimit() const;
    void setScrollbackLimit(int lines);
    void clearScrollback();

    QPoint cursorPosition() const { return m_cursor; } // x the column, y the screen row
    bool isCursorVisible() const { return m_cursorVisible; }
    bool cursorBlinks() const { return m_cursorBlink; }
    enum class CursorShape { Block, Underline, Bar };
    CursorShape cursorShape() const { return m_cursorShape; }
    bool isAlternateScreen() const { return m_alternateScreen; }
    bool isReverseVideo() const { return m_reverseVideo; }
    QString title() const { return m_title; }
    bool wantsMouse() const { return m_mouseMode != 0; } // the program asked for mouse reports

    QColor defaultForeground() const { return m_defaultForeground; }
    QColor defaultBackground() const { return m_defaultBackground; }
    void setDefaultColours(const QColor &foreground, const QColor &background);

    // --- what the user does; the bytes come out of outputToPty()
    // A key as Qt reports it. False when the key means nothing to a terminal (a bare modifier, say).
    bool sendKey(int key, Qt::KeyboardModifiers modifiers, const QString &text = {});
    void sendText(const QString &text); // typed or composed text (an input method's commit)
    // Pasted text: newlines become carriage returns, and it is wrapped in ESC[200~ … ESC[201~ when the program
    // enabled bracketed paste (ESC is dropped from the text so it cannot end the bracket early).
    void paste(const QString &text);
    // Mouse reports, sent only when the program asked for them (wantsMouse()); row and column on the screen.
    void sendMouseMove(int row, int column, Qt::KeyboardModifiers modifiers);
    void sendMouseButton(int row, int column, Qt::MouseButton button, bool pressed, Qt::KeyboardModifiers modifiers);
    void sendWheel(int row, int column, bool up, Qt::KeyboardModifiers modifiers);
    void setFocused(bool focused); // focus reports, when the program enabled them

signals:
    void outputToPty(const QByteArray &bytes);
    // Batched: `cells` is the union of the screen cells that changed since the last one (x columns, y rows);
    // `linesScrolled` how many lines went into the scrollback meanwhile.
    void damaged(const QRect &cells, int linesScrolled);
    void titleChanged(const QString &title);
    void alternateScreenChanged(bool alternate);
    void bell();

private:
    friend struct TerminalCallbacks;

    void damage(const QRect &cells);
    void emitDamage();
    void flushOutput();
    void finishInput(); // after libvterm ran: pending notifications and output
    void write(QByteArrayView bytes); // to libvterm, plain line runs the bulk way
    // The bulk way, when it gives what libvterm would: the bytes taken, or 0 and (when it looked) where the plain
    // lines it found end, before which no run can start either.
    qsizetype scrollPlainLines(QByteArrayView bytes, qsizetype *noRunBefore);
    bool penIsDefault() const;
    void feedQueued();
    int lineColumns(int line) const;
    void appendLine(int line, int firstColumn, int endColumn, QString *text, std::vector<int> *columns) const;

    VTerm *m_vterm = nullptr;
    VTermScreen *m_screen = nullptr;
    VTermState *m_state = nullptr;
    std::unique_ptr<TerminalScrollback> m_scrollback;
    int m_columns;
    int m_rows;

    QByteArray m_output; // what libvterm wrote during one call, sent as one piece
    QByteArray m_queued; // feedSoon()'s bytes, fed on the next turn of the event loop
    ScrollModeWatcher m_scrollModes;
    qint64 m_bulkScrolledLines = 0;
    QRect m_damage;
    int m_linesScrolled = 0;
    QTimer m_damageTimer;
    QElapsedTimer m_sinceDamage;

    QPoint m_cursor;
    bool m_cursorVisible = true;
    bool m_cursorBlink = true;
    CursorShape m_cursorShape = CursorShape::Block;
    bool m_alternateScreen = false;
    bool m_reverseVideo = false;
    int m_mouseMode = 0;
    QString m_title;
    bool m_titlePending = false;
    bool m_alternatePending = false;
    bool m_bellPending = false;
    QColor m_defaultForeground {0xd0, 0xd0, 0xd0};
    QColor m_defaultBackground {0x1e, 0x1e, 0x1e};
};

} // namespace binnacle
