#include "terminalsurface.h"

#include "terminalscrollback.h"

#include <vterm.h>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

constexpr auto Continuation = static_cast<std::uint32_t>(-1); // libvterm's right half of a wide character

QRect toRect(const VTermRect &rect)
{
    return QRect(rect.start_col, rect.start_row, rect.end_col - rect.start_col, rect.end_row - rect.start_row);
}

VTermModifier toModifier(Qt::KeyboardModifiers modifiers)
{
    int result = VTERM_MOD_NONE;
    if (modifiers & Qt::ShiftModifier)
        result |= VTERM_MOD_SHIFT;
    if (modifiers & Qt::AltModifier)
        result |= VTERM_MOD_ALT;
    if (modifiers & Qt::ControlModifier)
        result |= VTERM_MOD_CTRL;
    return static_cast<VTermModifier>(result);
}

// Keys libvterm encodes itself (cursor keys follow DECCKM, the keypad DECKPAM).
VTermKey toVTermKey(int key, Qt::KeyboardModifiers modifiers)
{
    if (modifiers & Qt::KeypadModifier) {
        if (key >= Qt::Key_0 && key <= Qt::Key_9)
            return static_cast<VTermKey>(VTERM_KEY_KP_0 + (key - Qt::Key_0));
        switch (key) {
        case Qt::Key_Asterisk:
            return VTERM_KEY_KP_MULT;
        case Qt::Key_Plus:
            return VTERM_KEY_KP_PLUS;
        case Qt::Key_Comma:
            return VTERM_KEY_KP_COMMA;
        case Qt::Key_Minus:
            return VTERM_KEY_KP_MINUS;
        case Qt::Key_Period:
            return VTERM_KEY_KP_PERIOD;
        case Qt::Key_Slash:
            return VTERM_KEY_KP_DIVIDE;
        case Qt::Key_Enter:
            return VTERM_KEY_KP_ENTER;
        case Qt::Key_Equal:
            return VTERM_KEY_KP_EQUAL;
        default:
            break;
        }
    }
    if (key >= Qt::Key_F1 && key <= Qt::Key_F35)
        return static_cast<VTermKey>(VTERM_KEY_FUNCTION(1 + (key - Qt::Key_F1)));
    switch (key) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        return VTERM_KEY_ENTER;
    case Qt::Key_Tab:
    case Qt::Key_Backtab:
        return VTERM_KEY_TAB;
    case Qt::Key_Backspace:
        return VTERM_KEY_BACKSPACE;
    case Qt::Key_Escape:
        return VTERM_KEY_ESCAPE;
    case Qt::Key_Up:
        return VTERM_KEY_UP;
    case Qt::Key_Down:
        return VTERM_KEY_DOWN;
    case Qt::Key_Left:
        return VTERM_KEY_LEFT;
    case Qt::Key_Right:
        return VTERM_KEY_RIGHT;
    case Qt::Key_Insert:
        return VTERM_KEY_INS;
    case Qt::Key_Delete:
        return VTERM_KEY_DEL;
    case Qt::Key_Home:
        return VTERM_KEY_HOME;
    case Qt::Key_End:
        return VTERM_KEY_END;
    case Qt::Key_PageUp:
        return VTERM_KEY_PAGEUP;
    case Qt::Key_PageDown:
        return VTERM_KEY_PAGEDOWN;
    default:
        return VTERM_KEY_NONE;
    }
}

// Ctrl with a key that has a C0 control of its own: the character libvterm masks with 0x1f.
char32_t controlCharacter(int key)
{
    if (key >= Qt::Key_A && key <= Qt::Key_Z)
        return U'a' + static_cast<char32_t>(key - Qt::Key_A);
    switch (key) {
    case Qt::Key_Space:
    case Qt::Key_At:
    case Qt::Key_2:
        return U' '; // NUL
    case Qt::Key_Backslash:
        return U'\\';
    case Qt::Key_BracketRight:
        return U']';
    case Qt::Key_AsciiCircum:
    case Qt::Key_6:
        return U'^';
    case Qt::Key_Underscore:
        return U'_';
    default:
        return 0;
    }
}

int mouseButton(Qt::MouseButton button)
{
    switch (button) {
    case Qt::LeftButton:
        return 1;
    case Qt::MiddleButton:
        return 2;
    case Qt::RightButton:
        return 3;
    default:
        return 0;
    }
}

} // namespace

// libvterm's C callbacks, with the surface as their user data.
struct TerminalCallbacks
{
    static TerminalSurface *surface(void *user) { return static_cast<TerminalSurface *>(user); }

    static int damage(VTermRect rect, void *user)
    {
        surface(user)->damage(toRect(rect));
        return 1;
    }

    static int moveCursor(VTermPos pos, VTermPos oldPos, int visible, void *user)
    {
        TerminalSurface *self = surface(user);
        self->damage(QRect(oldPos.col, oldPos.row, 1, 1));
        self->damage(QRect(pos.col, pos.row, 1, 1));
        self->m_cursor = QPoint(pos.col, pos.row);
        self->m_cursorVisible = visible != 0;
        return 1;
    }

    static int setTermProp(VTermProp prop, VTermValue *value, void *user)
    {
        TerminalSurface *self = surface(user);
        const QRect everything(0, 0, self->m_columns, self->m_rows);
        switch (prop) {
        case VTERM_PROP_CURSORVISIBLE:
            self->m_cursorVisible = value->boolean != 0;
            self->damage(QRect(self->m_cursor, QSize(1, 1)));
            break;
        case VTERM_PROP_CURSORBLINK:
            self->m_cursorBlink = value->boolean != 0;
            break;
        case VTERM_PROP_ALTSCREEN:
            self->m_alternateScreen = value->boolean != 0;
            self->m_alternatePending = true;
            self->damage(everything);
            break;
        case VTERM_PROP_TITLE:
            self->m_title = QString::fromUtf8(value->string);
            self->m_titlePending = true;
            break;
        case VTERM_PROP_REVERSE:
            self->m_reverseVideo = value->boolean != 0;
            self->damage(everything);
            break;
        case VTERM_PROP_CURSORSHAPE:
            self->m_cursorShape = value->number == VTERM_PROP_CURSORSHAPE_UNDERLINE
                ? TerminalSurface::CursorShape::Underline
                : value->number == VTERM_PROP_CURSORSHAPE_BAR_LEFT ? TerminalSurface::CursorShape::Bar
                                                                   : TerminalSurface::CursorShape::Block;
            break;
        case VTERM_PROP_MOUSE:
            self->m_mouseMode = value->number;
            break;
        default:
            break;
        }
        return 1;
    }

    static int bell(void *user)
    {
        surface(user)->m_bellPending = true;
        return 1;
    }

    static int pushLine(int columns, const VTermScreenCell *cells, void *user)
    {
        TerminalSurface *self = surface(user);
        self->m_scrollback->push(columns, cells);
        ++self->m_linesScrolled;
        return 1;
    }

    static int popLine(int columns, VTermScreenCell *cells, void *user)
    {
        TerminalSurface *self = surface(user);
        if (!self->m_scrollback->pop(columns, cells))
            return 0;
        --self->m_linesScrolled;
        return 1;
    }

    static void output(const char *bytes, size_t length, void *user)
    {
        surface(user)->m_output.append(bytes, static_cast<qsizetype>(length));
    }

    static bool readCell(const TerminalSurface &self, int line, int column, VTermScreenCell *cell)
    {
        if (column < 0)
            return false;
        if (line >= 0) {
            if (line >= self.m_rows || column >= self.m_columns)
                return false;
            return vterm_screen_get_cell(self.m_screen, VTermPos {line, column}, cell) != 0;
        }
        if (-line > self.m_scrollback->size())
            return false;
        self.m_scrollback->cell(-line - 1, column, cell);
        return true;
    }

    static constexpr VTermScreenCallbacks screen {
        .damage = &damage,
        .moverect = nullptr,
        .movecursor = &moveCursor,
        .settermprop = &setTermProp,
        .bell = &bell,
        .resize = nullptr,
        .sb_pushline = &pushLine,
        .sb_popline = &popLine,
    };
};

TerminalSurface::TerminalSurface(int columns, int rows, QObject *parent)
    : QObject(parent)
    , m_scrollback(std::make_unique<TerminalScrollback>(DefaultScrollbackLines))
    , m_columns(std::max(1, columns))
    , m_rows(std::max(1, rows))
{
    m_vterm = vterm_new(m_rows, m_columns);
    vterm_set_utf8(m_vterm, 1);
    vterm_output_set_callback(m_vterm, &TerminalCallbacks::output, this);
    m_state = vterm_obtain_state(m_vterm);
    m_screen = vterm_obtain_screen(m_vterm);
    vterm_screen_set_callbacks(m_screen, &TerminalCallbacks::screen, this);
    // Damage is collected over a whole feed() and reported once: libvterm's per-cell callbacks would dominate.
    vterm_screen_set_damage_merge(m_screen, VTERM_DAMAGE_SCREEN);
    vterm_screen_enable_altscreen(m_screen, 1);
    setDefaultColours(m_defaultForeground, m_defaultBackground);
    vterm_screen_reset(m_screen, 1);
    m_output.clear();

    m_damageTimer.setSingleShot(true);
    connect(&m_damageTimer, &QTimer::timeout, this, &TerminalSurface::emitDamage);
}

TerminalSurface::~TerminalSurface()
{
    vterm_free(m_vterm);
}

void TerminalSurface::feed(const QByteArray &bytes)
{
    if (!m_queued.isEmpty())
        feedQueued();
    if (bytes.isEmpty())
        return;
    write(bytes);
    finishInput();
}

void TerminalSurface::feedSoon(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    if (m_queued.isEmpty())
        QMetaObject::invokeMethod(this, &TerminalSurface::feedQueued, Qt::QueuedConnection);
    m_queued.append(bytes);
}

void TerminalSurface::feedQueued()
{
    if (m_queued.isEmpty())
        return;
    QByteArray bytes;
    bytes.swap(m_queued);
    write(bytes);
    finishInput();
}

void TerminalSurface::write(QByteArrayView bytes)
{
    // Line by line, so that a run of plain lines is seen where it starts; each piece is parsed as it always was.
    qsizetype at = 0;
    qsizetype noRunBefore = 0; // each byte is scanned for a run at most once
    while (at < bytes.size()) {
        qsizetype stop = 0;
        if (at >= noRunBefore) {
            if (const qsizetype taken = scrollPlainLines(bytes.sliced(at), &stop); taken > 0) {
                at += taken;
                continue;
            }
            noRunBefore = at + stop;
        }
        const qsizetype newline = bytes.indexOf('\n', at);
        const qsizetype end = newline < 0 ? bytes.size() : newline + 1;
        const QByteArrayView piece = bytes.sliced(at, end - at);
        m_scrollModes.scan(piece);
        vterm_input_write(m_vterm, piece.data(), static_cast<size_t>(piece.size()));
        at = end;
    }
}

bool TerminalSurface::penIsDefault() const
{
    VTermValue value;
    for (const VTermAttr attr : {VTERM_ATTR_BOLD, VTERM_ATTR_UNDERLINE, VTERM_ATTR_ITALIC, VTERM_ATTR_BLINK,
                                 VTERM_ATTR_REVERSE, VTERM_ATTR_STRIKE, VTERM_ATTR_FONT}) {
        if (!vterm_state_get_penattr(m_state, attr, &value) || value.number != 0)
            return false;
    }
    if (!vterm_state_get_penattr(m_state, VTERM_ATTR_FOREGROUND, &value) || !VTERM_COLOR_IS_DEFAULT_FG(&value.color))
        return false;
    return vterm_state_get_penattr(m_state, VTERM_ATTR_BACKGROUND, &value) && VTERM_COLOR_IS_DEFAULT_BG(&value.color);
}

qsizetype TerminalSurface::scrollPlainLines(QByteArrayView bytes, qsizetype *noRunBefore)
{
    // What libvterm would do with K plain lines written from the bottom row's start: the screen's other rows, then
    // the first K - (rows - 1) lines, scroll off into the scrollback, and the last rows - 1 lines fill the screen
    // above a blank cursor row. Done here without libvterm moving the whole screen up once per line, which is most
    // of a `cat` of a big file. Only when nothing else could happen: the primary screen, the whole screen scrolling,
    // the default pen, the cursor at the start of a blank bottom row, and a screen's worth of lines at least.
    if (m_alternateScreen || !m_scrollModes.wholeScreenScrolls() || m_rows < 2)
        return 0;
    VTermPos cursor;
    vterm_state_get_cursorpos(m_state, &cursor);
    if (cursor.row != m_rows - 1 || cursor.col != 0 || !penIsDefault())
        return 0;
    const PlainLines run = PlainLines::scan(bytes, m_columns);
    const int count = static_cast<int>(run.lines.size());
    if (count < m_rows) {
        *noRunBefore = run.stop; // nothing starts a screenful of plain lines before there
        return 0;
    }
    // The cursor row must be blank in the default colours and attributes, as every row scrolled in is.
    std::vector<VTermScreenCell> cells(static_cast<std::size_t>(m_columns));
    for (int column = 0; column < m_columns; ++column) {
        VTermScreenCell &cell = cells[static_cast<std::size_t>(column)];
        vterm_screen_get_cell(m_screen, VTermPos {m_rows - 1, column}, &cell);
        const VTermScreenCellAttrs &a = cell.attrs; // field by field: the padding between bit-fields is not set
        if (cell.chars[0] != 0 || a.bold || a.underline || a.italic || a.blink || a.reverse || a.strike || a.font
            || a.dwl || a.dhl || !VTERM_COLOR_IS_DEFAULT_FG(&cell.fg) || !VTERM_COLOR_IS_DEFAULT_BG(&cell.bg))
            return 0;
    }
    VTermScreenCell blank = cells.front();
    std::fill(std::begin(blank.chars), std::end(blank.chars), 0u); // get_cell leaves what follows the end as it was
    blank.width = 1;

    const int leaving = count - (m_rows - 1); // of the new lines, those that do not stay on the screen
    const int scrolled = (m_rows - 1) + leaving;
    const int skipped = std::max(0, scrolled - m_scrollback->limit()); // would only be dropped again at once
    int index = 0;
    for (int row = 0; row < m_rows - 1; ++row, ++index) {
        if (index < skipped)
            continue;
        for (int column = 0; column < m_columns; ++column)
            vterm_screen_get_cell(m_screen, VTermPos {row, column}, &cells[static_cast<std::size_t>(column)]);
        m_scrollback->push(m_columns, cells.data());
    }
    for (int i = 0; i < leaving; ++i, ++index) {
        if (index < skipped)
            continue;
        const PlainLines::Line &line = run.lines[static_cast<std::size_t>(i)];
        m_scrollback->pushText(m_columns, bytes.data() + line.offset, static_cast<int>(line.length), blank);
    }
    m_linesScrolled += scrolled;
    m_bulkScrolledLines += leaving;
    // The screen: cleared (which libvterm does not scroll into the scrollback), then the lines that stay, from the top.
    static constexpr char home[] = "\x1b[H\x1b[2J";
    vterm_input_write(m_vterm, home, sizeof home - 1);
    const qsizetype staying = run.lines[static_cast<std::size_t>(leaving)].offset;
    vterm_input_write(m_vterm, bytes.data() + staying, static_cast<size_t>(run.bytes - staying));
    damage(QRect(0, 0, m_columns, m_rows));
    return run.bytes;
}

void TerminalSurface::resize(int columns, int rows)
{
    columns = std::clamp(columns, 1, 0xFFFF);
    rows = std::clamp(rows, 1, 0xFFFF);
    if (columns == m_columns && rows == m_rows)
        return;
    m_columns = columns;
    m_rows = rows;
    vterm_set_size(m_vterm, rows, columns);
    VTermPos cursor;
    vterm_state_get_cursorpos(m_state, &cursor);
    m_cursor = QPoint(cursor.col, cursor.row);
    damage(QRect(0, 0, columns, rows));
    finishInput();
}

void TerminalSurface::finishInput()
{
    vterm_screen_flush_damage(m_screen);
    flushOutput();
    if (m_alternatePending) {
        m_alternatePending = false;
        emit alternateScreenChanged(m_alternateScreen);
    }
    if (m_titlePending) {
        m_titlePending = false;
        emit titleChanged(m_title);
    }
    if (m_bellPending) {
        m_bellPending = false;
        emit bell();
    }
}

void TerminalSurface::flushOutput()
{
    if (m_output.isEmpty())
        return;
    QByteArray bytes;
    bytes.swap(m_output);
    emit outputToPty(bytes);
}

void TerminalSurface::damage(const QRect &cells)
{
    m_damage |= cells;
    if (m_damageTimer.isActive())
        return;
    // The first change after a quiet spell goes out on the next turn of the event loop (a typed key's echo must
    // not wait); later ones wait until DamageIntervalMs have passed since the last signal.
    const qint64 since = m_sinceDamage.isValid() ? m_sinceDamage.elapsed() : DamageIntervalMs;
    m_damageTimer.start(static_cast<int>(std::clamp<qint64>(DamageIntervalMs - since, 0, DamageIntervalMs)));
}

void TerminalSurface::emitDamage()
{
    const QRect cells = m_damage & QRect(0, 0, m_columns, m_rows);
    const int scrolled = m_linesScrolled;
    m_damage = QRect();
    m_linesScrolled = 0;
    m_sinceDamage.start();
    emit damaged(cells, scrolled);
}

TerminalCell TerminalSurface::cell(int line, int column) const
{
    TerminalCell result;
    result.foreground = m_defaultForeground;
    result.background = m_defaultBackground;
    VTermScreenCell cell;
    if (!TerminalCallbacks::readCell(*this, line, column, &cell))
        return result;
    if (cell.chars[0] == Continuation) {
        result.width = 0;
    } else {
        result.width = cell.width;
        for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i] != 0; ++i) {
            const auto ch = static_cast<char32_t>(cell.chars[i]);
            result.text += QString::fromUcs4(&ch, 1);
        }
    }
    result.bold = cell.attrs.bold;
    result.italic = cell.attrs.italic;
    result.underline = cell.attrs.underline != VTERM_UNDERLINE_OFF;
    result.reverse = cell.attrs.reverse;
    result.strike = cell.attrs.strike;
    result.blink = cell.attrs.blink;
    // Indexed colours resolve through libvterm's palette (the 16 ANSI colours, the 6x6x6 cube, the grey ramp).
    if (!VTERM_COLOR_IS_DEFAULT_FG(&cell.fg)) {
        VTermColor rgb = cell.fg;
        vterm_screen_convert_color_to_rgb(m_screen, &rgb);
        result.foreground = QColor(rgb.rgb.red, rgb.rgb.green, rgb.rgb.blue);
        result.defaultForeground = false;
    }
    if (!VTERM_COLOR_IS_DEFAULT_BG(&cell.bg)) {
        VTermColor rgb = cell.bg;
        vterm_screen_convert_color_to_rgb(m_screen, &rgb);
        result.background = QColor(rgb.rgb.red, rgb.rgb.green, rgb.rgb.blue);
        result.defaultBackground = false;
    }
    return result;
}

int TerminalSurface::lineColumns(int line) const
{
    if (line >= 0)
        return line < m_rows ? m_columns : 0;
    return -line <= m_scrollback->size() ? m_scrollback->columns(-line - 1) : 0;
}

void TerminalSurface::appendLine(int line, int firstColumn, int endColumn, QString *text,
                                 std::vector<int> *columns) const
{
    endColumn = std::min(endColumn, lineColumns(line));
    VTermScreenCell cell;
    for (int column = std::max(0, firstColumn); column < endColumn; ++column) {
        if (!TerminalCallbacks::readCell(*this, line, column, &cell) || cell.chars[0] == Continuation)
            continue;
        const qsizetype before = text->size();
        if (cell.chars[0] == 0) {
            text->append(u' ');
        } else {
            for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i] != 0; ++i) {
                const auto ch = static_cast<char32_t>(cell.chars[i]);
                text->append(QString::fromUcs4(&ch, 1));
            }
        }
        if (columns)
            columns->insert(columns->end(), static_cast<std::size_t>(text->size() - before), column);
    }
}

namespace {
void chopBlanks(QString *text, qsizetype from)
{
    qsizetype end = text->size();
    while (end > from && text->at(end - 1) == u' ')
        --end;
    text->truncate(end);
}
} // namespace

QString TerminalSurface::lineText(int line) const
{
    QString text;
    appendLine(line, 0, lineColumns(line), &text, nullptr);
    chopBlanks(&text, 0);
    return text;
}

QString TerminalSurface::text(TerminalPosition start, TerminalPosition end) const
{
    if (end < start)
        std::swap(start, end);
    const int first = std::max(start.line, -scrollbackLines());
    const int last = std::min(end.line, m_rows - 1);
    QString text;
    for (int line = first; line <= last; ++line) {
        const qsizetype from = text.size();
        const int firstColumn = line == start.line ? start.column : 0;
        const int endColumn = line == end.line ? end.column : lineColumns(line);
        appendLine(line, firstColumn, endColumn, &text, nullptr);
        chopBlanks(&text, from);
        if (line != last)
            text += u'\n';
    }
    return text;
}

QString TerminalSurface::screenText() const
{
    return text(TerminalPosition {0, 0}, TerminalPosition {m_rows - 1, m_columns});
}

std::optional<TerminalMatch> TerminalSurface::find(const QString &needle, TerminalPosition from, bool backward,
                                                   Qt::CaseSensitivity sensitivity) const
{
    if (needle.isEmpty())
        return std::nullopt;
    const int first = -scrollbackLines();
    const int last = m_rows - 1;
    QString text;
    std::vector<int> columns;
    const auto matchAt = [&](int line, qsizetype index) {
        const int column = columns[static_cast<std::size_t>(index)];
        const int end = columns[static_cast<std::size_t>(index + needle.size() - 1)] + 1;
        return TerminalMatch {TerminalPosition {line, column}, end - column};
    };
    const int step = backward ? -1 : 1;
    for (int line = std::clamp(from.line, first, last); line >= first && line <= last; line += step) {
        text.clear();
        columns.clear();
        appendLine(line, 0, lineColumns(line), &text, &columns);
        if (!backward) {
            qsizetype start = 0;
            if (line == from.line) {
                while (start < text.size() && columns[static_cast<std::size_t>(start)] < from.column)
                    ++start;
            }
            const qsizetype index = text.indexOf(needle, start, sensitivity);
            if (index >= 0)
                return matchAt(line, index);
        } else {
            qsizetype limit = text.size(); // a match must start before this index
            if (line == from.line) {
                limit = 0;
                while (limit < text.size() && columns[static_cast<std::size_t>(limit)] < from.column)
                    ++limit;
            } else if (line > from.line) {
                continue;
            }
            if (limit == 0)
                continue;
            const qsizetype index = text.lastIndexOf(needle, limit - 1, sensitivity);
            if (index >= 0)
                return matchAt(line, index);
        }
    }
    return std::nullopt;
}

int TerminalSurface::scrollbackLines() const
{
    return m_scrollback->size();
}

int TerminalSurface::scrollbackLimit() const
{
    return m_scrollback->limit();
}

void TerminalSurface::setScrollbackLimit(int lines)
{
    m_scrollback->setLimit(lines);
}

void TerminalSurface::clearScrollback()
{
    m_scrollback->clear();
}

void TerminalSurface::setDefaultColours(const QColor &foreground, const QColor &background)
{
    m_defaultForeground = foreground;
    m_defaultBackground = background;
    VTermColor fg;
    VTermColor bg;
    vterm_color_rgb(&fg, static_cast<uint8_t>(foreground.red()), static_cast<uint8_t>(foreground.green()),
                    static_cast<uint8_t>(foreground.blue()));
    vterm_color_rgb(&bg, static_cast<uint8_t>(background.red()), static_cast<uint8_t>(background.green()),
                    static_cast<uint8_t>(background.blue()));
    vterm_state_set_default_colors(m_state, &fg, &bg);
    damage(QRect(0, 0, m_columns, m_rows));
}

bool TerminalSurface::sendKey(int key, Qt::KeyboardModifiers modifiers, const QString &text)
{
    const VTermModifier modifier = toModifier(modifiers);
    if (const VTermKey vtermKey = toVTermKey(key, modifiers); vtermKey != VTERM_KEY_NONE) {
        // Backtab is Qt's name for Shift+Tab; libvterm makes CSI Z of Tab with Shift.
        const VTermModifier withShift
            = key == Qt::Key_Backtab ? static_cast<VTermModifier>(modifier | VTERM_MOD_SHIFT) : modifier;
        vterm_keyboard_key(m_vterm, vtermKey, withShift);
    } else if ((modifiers & Qt::ControlModifier) && key == Qt::Key_BracketLeft) {
        vterm_keyboard_key(m_vterm, VTERM_KEY_ESCAPE, static_cast<VTermModifier>(modifier & ~VTERM_MOD_CTRL));
    } else if (const char32_t control = (modifiers & Qt::ControlModifier) ? controlCharacter(key) : 0; control) {
        vterm_keyboard_unichar(m_vterm, control, static_cast<VTermModifier>(modifier & ~VTERM_MOD_SHIFT));
    } else if (!text.isEmpty() && text.at(0).unicode() >= 0x20 && text.at(0).unicode() != 0x7f) {
        // The text is already what the layout made of Shift (and of AltGr, which arrives as Ctrl+Alt): only a
        // plain Alt is left for libvterm to encode, as an ESC prefix.
        const bool alt = (modifiers & Qt::AltModifier) && !(modifiers & Qt::ControlModifier);
        for (const char32_t ch : text.toUcs4())
            vterm_keyboard_unichar(m_vterm, ch, alt ? VTERM_MOD_ALT : VTERM_MOD_NONE);
    } else {
        return false;
    }
    flushOutput();
    return true;
}

void TerminalSurface::sendText(const QString &text)
{
    for (const char32_t ch : text.toUcs4())
        vterm_keyboard_unichar(m_vterm, ch, VTERM_MOD_NONE);
    flushOutput();
}

void TerminalSurface::paste(const QString &text)
{
    QString cleaned = text;
    cleaned.replace(u"\r\n"_s, u"\r"_s);
    cleaned.replace(u'\n', u'\r');
    cleaned.remove(QChar(0x1b));
    // libvterm writes the brackets only in bracketed-paste mode (DECSET 2004); the text goes between them as is.
    vterm_keyboard_start_paste(m_vterm);
    m_output += cleaned.toUtf8();
    vterm_keyboard_end_paste(m_vterm);
    flushOutput();
}

void TerminalSurface::sendMouseMove(int row, int column, Qt::KeyboardModifiers modifiers)
{
    if (!wantsMouse())
        return;
    vterm_mouse_move(m_vterm, row, column, toModifier(modifiers));
    flushOutput();
}

void TerminalSurface::sendMouseButton(int row, int column, Qt::MouseButton button, bool pressed,
                                      Qt::KeyboardModifiers modifiers)
{
    const int number = mouseButton(button);
    if (!wantsMouse() || number == 0)
        return;
    vterm_mouse_move(m_vterm, row, column, toModifier(modifiers));
    vterm_mouse_button(m_vterm, number, pressed, toModifier(modifiers));
    flushOutput();
}

void TerminalSurface::sendWheel(int row, int column, bool up, Qt::KeyboardModifiers modifiers)
{
    if (!wantsMouse())
        return;
    vterm_mouse_move(m_vterm, row, column, toModifier(modifiers));
    vterm_mouse_button(m_vterm, up ? 4 : 5, true, toModifier(modifiers));
    flushOutput();
}

void TerminalSurface::setFocused(bool focused)
{
    if (focused)
        vterm_state_focus_in(m_state);
    else
        vterm_state_focus_out(m_state);
    flushOutput();
}

} // namespace binnacle
