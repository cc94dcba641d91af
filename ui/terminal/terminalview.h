#pragma once

#include "models/terminal/terminalsurface.h"

#include <QAbstractScrollArea>
#include <QFont>
#include <QTimer>

#include <array>
#include <memory>

namespace binnacle {

// Paints a TerminalSurface in a monospace grid and turns the user's keys, mouse and clipboard into its input. The
// view owns its surface; a terminal tab wires surface()->feed() / outputToPty() and sizeChanged() to its
// transport. Mouse drags select (and copy to the X selection) unless the program asked for mouse reports — Shift
// selects even then, as in xterm. The wheel scrolls the scrollback, or sends arrow keys on the alternate screen.
class TerminalView final : public QAbstractScrollArea
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalView)

public:
    explicit TerminalView(QWidget *parent = nullptr);
    ~TerminalView() override;

    TerminalSurface *surface() const { return m_surface.get(); }
    int columns() const { return m_surface->columns(); }
    int rows() const { return m_surface->rows(); }
    QSize cellSize() const { return QSize(m_cellWidth, m_cellHeight); } // in pixels

    QFont terminalFont() const { return m_font; }
    void setTerminalFont(const QFont &font); // also the size resetZoom() returns to
    void zoomIn(); // Ctrl+= (and Ctrl++)
    void zoomOut(); // Ctrl+-
    void resetZoom(); // Ctrl+0

    bool hasSelection() const { return m_selectionAnchor != m_selectionEnd; }
    QString selectedText() const;
    void clearSelection();
    void copy(); // Ctrl+Shift+C: the selection to the clipboard
    void pasteClipboard(); // Ctrl+Shift+V
    void pasteSelection(); // middle click, Shift+Insert: the X selection
    // Selects the next match after the selection (backward: before it) in scrollback and screen, and scrolls to it.
    bool find(const QString &needle, bool backward = false, Qt::CaseSensitivity sensitivity = Qt::CaseInsensitive);

    bool isScrolledBack() const;
    void scrollToBottom();
    QSize sizeHint() const override;

signals:
    // The grid changed size (widget resized or font zoomed): the transport tells the remote pty.
    void sizeChanged(int columns, int rows);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void inputMethodEvent(QInputMethodEvent *event) override;
    QVariant inputMethodQuery(Qt::InputMethodQuery query) const override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void changeEvent(QEvent *event) override;

private:
    void onDamaged(const QRect &cells, int linesScrolled);
    void updateMetrics();
    void zoomBy(int step);
    void updateGridSize();
    int topLine() const; // the line in the first row
    QPoint cellAt(const QPoint &point) const; // x column, y row of the viewport, clamped to the grid
    TerminalPosition boundaryAt(const QPoint &point) const; // the gap between cells nearest the point
    QRect cellRect(int row, int column, int width = 1) const;
    bool forwardsMouse(const QMouseEvent *event) const;
    bool isSelected(int line, int column) const;
    void selectionFinished();
    void restartBlink();
    void paintRow(QPainter &painter, int row, int line) const;
    void paintCursor(QPainter &painter) const;
    const QFont &fontFor(bool bold, bool italic) const { return m_fonts[(bold ? 1 : 0) + (italic ? 2 : 0)]; }

    std::unique_ptr<TerminalSurface> m_surface;
    QFont m_font;
    qreal m_basePointSize = 10;
    std::array<QFont, 4> m_fonts; // regular, bold, italic, bold italic: each spaced to the cell width
    int m_cellWidth = 8;
    int m_cellHeight = 16;
    int m_ascent = 12;
    int m_scrollbackShown = 0; // the scrollback size the scroll bar's range reflects
    int m_wheelRemainder = 0;
    QTimer m_blinkTimer;
    bool m_cursorOn = true;
    bool m_selecting = false;
    TerminalPosition m_selectionAnchor;
    TerminalPosition m_selectionEnd;
};

} // namespace binnacle
