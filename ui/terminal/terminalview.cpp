#include "terminalview.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QInputMethodEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>
#include <QStyleHints>
#include <QtMath>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

constexpr int WheelLines = 3;
constexpr qreal MinimumPointSize = 6;
constexpr qreal MaximumPointSize = 48;

bool isWordCharacter(const QString &text)
{
    if (text.isEmpty() || text.at(0).isSpace())
        return false;
    return !u" \t'\"`()[]{}<>|;,"_s.contains(text.at(0));
}

} // namespace

TerminalView::TerminalView(QWidget *parent)
    : QAbstractScrollArea(parent)
    , m_surface(std::make_unique<TerminalSurface>())
{
    setObjectName(u"terminalView"_s);
    setAccessibleName(tr("Terminal"));
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_InputMethodEnabled);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    verticalScrollBar()->setRange(0, 0);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    viewport()->setCursor(Qt::IBeamCursor);
    viewport()->setMouseTracking(true); // programs that ask for every motion (DECSET 1003)

    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setStyleHint(QFont::TypeWriter);
    setTerminalFont(font);
    m_surface->setDefaultColours(palette().color(QPalette::Text), palette().color(QPalette::Base));

    connect(m_surface.get(), &TerminalSurface::damaged, this, &TerminalView::onDamaged);
    connect(m_surface.get(), &TerminalSurface::titleChanged, this,
            [this](const QString &title) { setAccessibleDescription(title); });
    m_blinkTimer.setInterval(std::max(250, QGuiApplication::styleHints()->cursorFlashTime() / 2));
    connect(&m_blinkTimer, &QTimer::timeout, this, [this] {
        m_cursorOn = !m_cursorOn;
        viewport()->update(cellRect(m_surface->cursorPosition().y() - topLine(), m_surface->cursorPosition().x(), 2));
    });
}

TerminalView::~TerminalView() = default;

void TerminalView::setTerminalFont(const QFont &font)
{
    m_basePointSize = font.pointSizeF() > 0 ? font.pointSizeF() : 10;
    m_font = font;
    m_font.setPointSizeF(m_basePointSize); // a pixel-sized system font would not zoom by points
    updateMetrics();
}

void TerminalView::zoomIn()
{
    zoomBy(+1);
}

void TerminalView::zoomOut()
{
    zoomBy(-1);
}

void TerminalView::zoomBy(int step)
{
    // A step goes on until the cells really change: a font that comes in a few sizes (bitmap fonts, strong hinting)
    // would otherwise take several presses per visible change, and seem not to zoom at all.
    const int before = m_cellWidth; // the width: a cell can grow a pixel taller and the columns stay
    while (true) {
        const qreal size = m_font.pointSizeF() + step;
        if (size < MinimumPointSize || size > MaximumPointSize)
            break;
        m_font.setPointSizeF(size);
        updateMetrics();
        if (m_cellWidth != before)
            break;
    }
}

void TerminalView::resetZoom()
{
    m_font.setPointSizeF(m_basePointSize);
    updateMetrics();
}

void TerminalView::updateMetrics()
{
    const QFontMetricsF metrics(m_font);
    m_cellWidth = std::max(1, qCeil(metrics.horizontalAdvance(u'M')));
    m_cellHeight = std::max(1, qCeil(metrics.height()));
    m_ascent = qRound(metrics.ascent());
    // Glyph advances are rarely whole pixels: letter spacing makes every variant's advance exactly one cell, so a
    // run of cells is drawn as one string and still lands on the grid.
    for (int variant = 0; variant < 4; ++variant) {
        QFont font = m_font;
        font.setBold(variant & 1);
        font.setItalic(variant & 2);
        font.setKerning(false);
        const qreal advance = QFontMetricsF(font).horizontalAdvance(u'M');
        font.setLetterSpacing(QFont::AbsoluteSpacing, m_cellWidth - advance);
        m_fonts[static_cast<std::size_t>(variant)] = font;
    }
    verticalScrollBar()->setSingleStep(1);
    updateGridSize();
    updateGeometry();
    viewport()->update();
}

void TerminalView::updateGridSize()
{
    const int columns = std::max(1, viewport()->width() / m_cellWidth);
    const int rows = std::max(1, viewport()->height() / m_cellHeight);
    if (columns == m_surface->columns() && rows == m_surface->rows())
        return;
    m_surface->resize(columns, rows);
    verticalScrollBar()->setPageStep(rows);
    emit sizeChanged(columns, rows);
}

QSize TerminalView::sizeHint() const
{
    const int frame = 2 * frameWidth();
    return QSize(80 * m_cellWidth + frame + verticalScrollBar()->sizeHint().width(), 24 * m_cellHeight + frame);
}

int TerminalView::topLine() const
{
    return verticalScrollBar()->value() - m_scrollbackShown;
}

bool TerminalView::isScrolledBack() const
{
    return verticalScrollBar()->value() < verticalScrollBar()->maximum();
}

void TerminalView::scrollToBottom()
{
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}

void TerminalView::onDamaged(const QRect &cells, int linesScrolled)
{
    QScrollBar *bar = verticalScrollBar();
    const bool atBottom = !isScrolledBack();
    const int scrollback = m_surface->scrollbackLines();
    // Keep a scrolled-back view on the same text while lines keep arriving: every line index moved up by
    // linesScrolled, and the scrollback grew by what was not dropped at its limit.
    const int value = atBottom ? scrollback : bar->value() + (scrollback - m_scrollbackShown) - linesScrolled;
    m_scrollbackShown = scrollback;
    {
        const QSignalBlocker blocker(bar);
        bar->setRange(0, scrollback);
        bar->setValue(std::clamp(value, 0, scrollback));
    }
    if (linesScrolled != 0 && hasSelection()) {
        m_selectionAnchor.line -= linesScrolled;
        m_selectionEnd.line -= linesScrolled;
        if (std::min(m_selectionAnchor, m_selectionEnd).line < -scrollback)
            clearSelection();
    }
    if (atBottom && linesScrolled == 0)
        viewport()->update(QRect(0, cells.top() * m_cellHeight, viewport()->width(), cells.height() * m_cellHeight));
    else
        viewport()->update();
}

void TerminalView::scrollContentsBy(int, int)
{
    viewport()->update();
}

QRect TerminalView::cellRect(int row, int column, int width) const
{
    return QRect(column * m_cellWidth, row * m_cellHeight, width * m_cellWidth, m_cellHeight);
}

QPoint TerminalView::cellAt(const QPoint &point) const
{
    return QPoint(std::clamp(point.x() / m_cellWidth, 0, columns() - 1),
                  std::clamp(point.y() / m_cellHeight, 0, rows() - 1));
}

TerminalPosition TerminalView::boundaryAt(const QPoint &point) const
{
    const int row = std::clamp(point.y() / m_cellHeight, 0, rows() - 1);
    const int column = std::clamp((point.x() + m_cellWidth / 2) / m_cellWidth, 0, columns());
    return TerminalPosition {topLine() + row, column};
}

bool TerminalView::isSelected(int line, int column) const
{
    if (!hasSelection())
        return false;
    const TerminalPosition here {line, column};
    return here >= std::min(m_selectionAnchor, m_selectionEnd) && here < std::max(m_selectionAnchor, m_selectionEnd);
}

void TerminalView::paintEvent(QPaintEvent *event)
{
    QPainter painter(viewport());
    painter.fillRect(event->rect(), m_surface->defaultBackground());
    const int top = topLine();
    const int firstRow = std::max(0, event->rect().top() / m_cellHeight);
    const int lastRow = std::min(rows() - 1, event->rect().bottom() / m_cellHeight);
    for (int row = firstRow; row <= lastRow; ++row)
        paintRow(painter, row, top + row);
    paintCursor(painter);
}

void TerminalView::paintRow(QPainter &painter, int row, int line) const
{
    const QPalette &colours = palette();
    const bool screenReversed = m_surface->isReverseVideo();
    const int baseline = row * m_cellHeight + m_ascent;
    QString run;
    int runStart = 0;
    QColor runColour;
    bool runBold = false;
    bool runItalic = false;
    const auto flush = [&] {
        if (run.isEmpty())
            return;
        painter.setFont(fontFor(runBold, runItalic));
        painter.setPen(runColour);
        painter.drawText(QPointF(runStart * m_cellWidth, baseline), run);
        run.clear();
    };
    for (int column = 0; column < columns(); ++column) {
        const TerminalCell cell = m_surface->cell(line, column);
        if (cell.width == 0)
            continue;
        QColor foreground = cell.foreground;
        QColor background = cell.background;
        bool fillBackground = !cell.defaultBackground;
        if (cell.reverse != screenReversed) {
            std::swap(foreground, background);
            fillBackground = true;
        }
        if (isSelected(line, column)) {
            foreground = colours.color(QPalette::HighlightedText);
            background = colours.color(QPalette::Highlight);
            fillBackground = true;
        }
        const QRect rect = cellRect(row, column, cell.width);
        if (fillBackground)
            painter.fillRect(rect, background);
        if (cell.underline || cell.strike) {
            painter.setPen(foreground);
            const int y = cell.underline ? baseline + 1 : row * m_cellHeight + m_cellHeight / 2;
            painter.drawLine(rect.left(), y, rect.right(), y);
        }
        const bool sameRun = cell.width == 1 && foreground == runColour && cell.bold == runBold
            && cell.italic == runItalic && runStart + run.size() == column;
        if (!sameRun) {
            flush();
            runStart = column;
            runColour = foreground;
            runBold = cell.bold;
            runItalic = cell.italic;
        }
        run += cell.text.isEmpty() ? u" "_s : cell.text;
        if (cell.width != 1 || cell.text.size() > 1)
            flush(); // wide and combined characters are placed on their own
    }
    flush();
}

void TerminalView::paintCursor(QPainter &painter) const
{
    const QPoint cursor = m_surface->cursorPosition();
    const int row = cursor.y() - topLine();
    if (!m_surface->isCursorVisible() || row < 0 || row >= rows())
        return;
    const bool focused = hasFocus();
    if (focused && m_surface->cursorBlinks() && !m_cursorOn)
        return;
    const TerminalCell cell = m_surface->cell(cursor.y(), cursor.x());
    const QRect rect = cellRect(row, cursor.x(), std::max(1, cell.width));
    const QColor colour = m_surface->defaultForeground();
    if (!focused) {
        painter.setPen(colour);
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(rect.adjusted(0, 0, -1, -1));
        return;
    }
    switch (m_surface->cursorShape()) {
    case TerminalSurface::CursorShape::Underline:
        painter.fillRect(rect.left(), rect.bottom() - 1, rect.width(), 2, colour);
        break;
    case TerminalSurface::CursorShape::Bar:
        painter.fillRect(rect.left(), rect.top(), 2, rect.height(), colour);
        break;
    case TerminalSurface::CursorShape::Block:
        painter.fillRect(rect, colour);
        painter.setFont(fontFor(cell.bold, cell.italic));
        painter.setPen(m_surface->defaultBackground());
        painter.drawText(QPointF(rect.left(), row * m_cellHeight + m_ascent), cell.text);
        break;
    }
}

void TerminalView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateGridSize();
}

bool TerminalView::event(QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        // While the terminal has focus, keys are the program's (Ctrl+W deletes a word in bash, `s` is a letter);
        // only Ctrl+Shift chords other than the terminal's own, and Ctrl+PageUp/Down, stay the window's.
        const auto *key = static_cast<QKeyEvent *>(event);
        const Qt::KeyboardModifiers chord = key->modifiers() & (Qt::ControlModifier | Qt::ShiftModifier);
        const bool windows = (chord == (Qt::ControlModifier | Qt::ShiftModifier) && key->key() != Qt::Key_C
                              && key->key() != Qt::Key_V && key->key() != Qt::Key_Plus)
            || ((key->modifiers() & Qt::ControlModifier)
                && (key->key() == Qt::Key_PageUp || key->key() == Qt::Key_PageDown));
        if (!windows) {
            event->accept();
            return true;
        }
    }
    if (event->type() == QEvent::KeyPress) {
        // Tab and Shift+Tab complete in the shell instead of moving the focus.
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Tab || key->key() == Qt::Key_Backtab) {
            keyPressEvent(key);
            return true;
        }
    }
    return QAbstractScrollArea::event(event);
}

void TerminalView::keyPressEvent(QKeyEvent *event)
{
    const int key = event->key();
    const Qt::KeyboardModifiers modifiers = event->modifiers();
    const bool control = modifiers & Qt::ControlModifier;
    const bool shift = modifiers & Qt::ShiftModifier;
    if (control && shift && key == Qt::Key_C)
        return copy();
    if (control && shift && key == Qt::Key_V)
        return pasteClipboard();
    if (control && (key == Qt::Key_Equal || key == Qt::Key_Plus))
        return zoomIn();
    if (control && key == Qt::Key_Minus)
        return zoomOut();
    if (control && key == Qt::Key_0)
        return resetZoom();
    if (shift && !control && (key == Qt::Key_PageUp || key == Qt::Key_PageDown)) {
        QScrollBar *bar = verticalScrollBar();
        bar->setValue(bar->value() + (key == Qt::Key_PageUp ? -1 : 1) * std::max(1, rows() - 1));
        return;
    }
    if (shift && !control && key == Qt::Key_Insert)
        return pasteSelection();
    if (!m_surface->sendKey(key, modifiers, event->text())) {
        event->ignore();
        return;
    }
    scrollToBottom();
    restartBlink();
}

void TerminalView::inputMethodEvent(QInputMethodEvent *event)
{
    if (!event->commitString().isEmpty()) {
        m_surface->sendText(event->commitString());
        scrollToBottom();
    }
    event->accept();
}

QVariant TerminalView::inputMethodQuery(Qt::InputMethodQuery query) const
{
    if (query == Qt::ImCursorRectangle || query == Qt::ImAnchorRectangle) {
        const QPoint cursor = m_surface->cursorPosition();
        return cellRect(cursor.y() - topLine(), cursor.x()).translated(viewport()->pos());
    }
    if (query == Qt::ImFont)
        return m_font;
    return QAbstractScrollArea::inputMethodQuery(query);
}

bool TerminalView::forwardsMouse(const QMouseEvent *event) const
{
    return m_surface->wantsMouse() && !(event->modifiers() & Qt::ShiftModifier) && !isScrolledBack();
}

void TerminalView::mousePressEvent(QMouseEvent *event)
{
    if (forwardsMouse(event)) {
        const QPoint cell = cellAt(event->position().toPoint());
        m_surface->sendMouseButton(cell.y(), cell.x(), event->button(), true, event->modifiers());
        return;
    }
    if (event->button() == Qt::LeftButton) {
        clearSelection();
        m_selecting = true;
        m_selectionAnchor = m_selectionEnd = boundaryAt(event->position().toPoint());
    } else if (event->button() == Qt::MiddleButton) {
        pasteSelection();
    }
}

void TerminalView::mouseMoveEvent(QMouseEvent *event)
{
    if (forwardsMouse(event) && !m_selecting) {
        const QPoint cell = cellAt(event->position().toPoint());
        m_surface->sendMouseMove(cell.y(), cell.x(), event->modifiers());
        return;
    }
    if (!m_selecting)
        return;
    const QPoint point = event->position().toPoint();
    if (point.y() < 0)
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepSub);
    else if (point.y() >= viewport()->height())
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepAdd);
    m_selectionEnd = boundaryAt(point);
    viewport()->update();
}

void TerminalView::mouseReleaseEvent(QMouseEvent *event)
{
    if (forwardsMouse(event) && !m_selecting) {
        const QPoint cell = cellAt(event->position().toPoint());
        m_surface->sendMouseButton(cell.y(), cell.x(), event->button(), false, event->modifiers());
        return;
    }
    if (event->button() == Qt::LeftButton && m_selecting) {
        m_selecting = false;
        m_selectionEnd = boundaryAt(event->position().toPoint());
        viewport()->update();
        selectionFinished();
    }
}

void TerminalView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (forwardsMouse(event) || event->button() != Qt::LeftButton)
        return mousePressEvent(event);
    // A word: the run of non-blank, non-delimiter cells under the pointer.
    const QPoint cell = cellAt(event->position().toPoint());
    const int line = topLine() + cell.y();
    int first = cell.x();
    int end = cell.x();
    while (first > 0 && isWordCharacter(m_surface->cell(line, first - 1).text))
        --first;
    while (end < columns() && isWordCharacter(m_surface->cell(line, end).text))
        ++end;
    m_selecting = false;
    m_selectionAnchor = TerminalPosition {line, first};
    m_selectionEnd = TerminalPosition {line, end};
    viewport()->update();
    selectionFinished();
}

void TerminalView::wheelEvent(QWheelEvent *event)
{
    m_wheelRemainder += event->angleDelta().y();
    const int notches = m_wheelRemainder / 120;
    m_wheelRemainder %= 120;
    if (notches == 0)
        return;
    const bool up = notches > 0;
    if (m_surface->wantsMouse() && !isScrolledBack()) {
        const QPoint cell = cellAt(event->position().toPoint());
        for (int i = 0; i < std::abs(notches); ++i)
            m_surface->sendWheel(cell.y(), cell.x(), up, event->modifiers());
    } else if (m_surface->isAlternateScreen()) {
        // less, man and vi have no scrollback of their own to show here: the wheel moves them instead.
        for (int i = 0; i < std::abs(notches) * WheelLines; ++i)
            m_surface->sendKey(up ? Qt::Key_Up : Qt::Key_Down, Qt::NoModifier);
    } else {
        verticalScrollBar()->setValue(verticalScrollBar()->value() - notches * WheelLines);
    }
    event->accept();
}

void TerminalView::focusInEvent(QFocusEvent *event)
{
    QAbstractScrollArea::focusInEvent(event);
    m_surface->setFocused(true);
    restartBlink();
}

void TerminalView::focusOutEvent(QFocusEvent *event)
{
    QAbstractScrollArea::focusOutEvent(event);
    m_surface->setFocused(false);
    m_blinkTimer.stop();
    m_cursorOn = true;
    viewport()->update();
}

void TerminalView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_surface->setDefaultColours(palette().color(QPalette::Text), palette().color(QPalette::Base));
        viewport()->update();
    }
}

void TerminalView::restartBlink()
{
    m_cursorOn = true;
    if (hasFocus() && m_surface->cursorBlinks() && QGuiApplication::styleHints()->cursorFlashTime() > 0)
        m_blinkTimer.start();
    else
        m_blinkTimer.stop();
    viewport()->update();
}

QString TerminalView::selectedText() const
{
    if (!hasSelection())
        return {};
    return m_surface->text(std::min(m_selectionAnchor, m_selectionEnd), std::max(m_selectionAnchor, m_selectionEnd));
}

void TerminalView::clearSelection()
{
    if (!hasSelection())
        return;
    m_selectionAnchor = m_selectionEnd = TerminalPosition {};
    viewport()->update();
}

void TerminalView::selectionFinished()
{
    QClipboard *clipboard = QGuiApplication::clipboard();
    if (hasSelection() && clipboard->supportsSelection())
        clipboard->setText(selectedText(), QClipboard::Selection);
}

void TerminalView::copy()
{
    if (hasSelection())
        QGuiApplication::clipboard()->setText(selectedText(), QClipboard::Clipboard);
}

void TerminalView::pasteClipboard()
{
    const QString text = QGuiApplication::clipboard()->text(QClipboard::Clipboard);
    if (text.isEmpty())
        return;
    m_surface->paste(text);
    scrollToBottom();
}

void TerminalView::pasteSelection()
{
    QClipboard *clipboard = QGuiApplication::clipboard();
    const QString text
        = clipboard->text(clipboard->supportsSelection() ? QClipboard::Selection : QClipboard::Clipboard);
    if (text.isEmpty())
        return;
    m_surface->paste(text);
    scrollToBottom();
}

bool TerminalView::find(const QString &needle, bool backward, Qt::CaseSensitivity sensitivity)
{
    TerminalPosition from
        = backward ? TerminalPosition {rows(), 0} : TerminalPosition {-m_surface->scrollbackLines(), 0};
    if (hasSelection()) {
        from = std::min(m_selectionAnchor, m_selectionEnd);
        if (!backward)
            ++from.column;
    }
    const std::optional<TerminalMatch> match = m_surface->find(needle, from, backward, sensitivity);
    if (!match)
        return false;
    m_selectionAnchor = match->start;
    m_selectionEnd = TerminalPosition {match->start.line, match->start.column + match->length};
    const int line = match->start.line;
    if (line < topLine() || line >= topLine() + rows())
        verticalScrollBar()->setValue(line + m_scrollbackShown - rows() / 2);
    viewport()->update();
    return true;
}

} // namespace binnacle
