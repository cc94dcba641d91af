#include "terminalscrollback.h"

#include <algorithm>
#include <cstring>

namespace binnacle {

static_assert(sizeof(VTermColor) == sizeof(std::uint32_t), "a VTermColor is stored in one 32-bit word");

namespace {

constexpr std::uint32_t CharMask = 0x1FFFFF; // every Unicode code point fits in 21 bits
constexpr std::uint32_t Continuation = CharMask; // libvterm's (uint32_t)-1: the right half of a wide character
constexpr int BoldBit = 21;
constexpr int UnderlineShift = 22; // two bits: off, single, double, curly
constexpr int ItalicBit = 24;
constexpr int BlinkBit = 25;
constexpr int ReverseBit = 26;
constexpr int StrikeBit = 27;
constexpr int WideBit = 28;

std::uint32_t colourWord(const VTermColor &colour)
{
    std::uint32_t word = 0;
    std::memcpy(&word, &colour, sizeof word);
    return word;
}

VTermColor colourFromWord(std::uint32_t word)
{
    VTermColor colour;
    std::memcpy(&colour, &word, sizeof colour);
    return colour;
}

bool isBlank(std::uint32_t charAndAttrs)
{
    const std::uint32_t ch = charAndAttrs & CharMask;
    return ch == 0 || ch == U' ';
}

} // namespace

TerminalScrollback::TerminalScrollback(int limit)
    : m_limit(std::max(0, limit))
{ }

void TerminalScrollback::setLimit(int limit)
{
    m_limit = std::max(0, limit);
    while (size() > m_limit)
        m_lines.pop_back();
}

TerminalScrollback::Cell TerminalScrollback::pack(const VTermScreenCell &cell)
{
    Cell packed;
    const std::uint32_t ch = cell.chars[0] == static_cast<std::uint32_t>(-1) ? Continuation : cell.chars[0] & CharMask;
    packed.charAndAttrs = ch | std::uint32_t(cell.attrs.bold) << BoldBit
        | std::uint32_t(cell.attrs.underline) << UnderlineShift | std::uint32_t(cell.attrs.italic) << ItalicBit
        | std::uint32_t(cell.attrs.blink) << BlinkBit | std::uint32_t(cell.attrs.reverse) << ReverseBit
        | std::uint32_t(cell.attrs.strike) << StrikeBit | std::uint32_t(cell.width == 2) << WideBit;
    packed.foreground = colourWord(cell.fg);
    packed.background = colourWord(cell.bg);
    return packed;
}

void TerminalScrollback::unpack(const Cell &packed, VTermScreenCell *cell)
{
    *cell = VTermScreenCell {};
    const std::uint32_t ch = packed.charAndAttrs & CharMask;
    cell->chars[0] = ch == Continuation ? static_cast<std::uint32_t>(-1) : ch;
    cell->width = (packed.charAndAttrs >> WideBit & 1) ? 2 : 1;
    cell->attrs.bold = packed.charAndAttrs >> BoldBit & 1;
    cell->attrs.underline = packed.charAndAttrs >> UnderlineShift & 3;
    cell->attrs.italic = packed.charAndAttrs >> ItalicBit & 1;
    cell->attrs.blink = packed.charAndAttrs >> BlinkBit & 1;
    cell->attrs.reverse = packed.charAndAttrs >> ReverseBit & 1;
    cell->attrs.strike = packed.charAndAttrs >> StrikeBit & 1;
    cell->fg = colourFromWord(packed.foreground);
    cell->bg = colourFromWord(packed.background);
}

void TerminalScrollback::push(int columns, const VTermScreenCell *cells)
{
    if (m_limit == 0 || columns <= 0)
        return;
    Line line;
    line.columns = static_cast<std::uint16_t>(std::min(columns, 0xFFFF));
    std::vector<Cell> packed(static_cast<std::size_t>(line.columns));
    for (int column = 0; column < line.columns; ++column) {
        packed[static_cast<std::size_t>(column)] = pack(cells[column]);
        if (cells[column].chars[0] != 0 && cells[column].chars[0] != static_cast<std::uint32_t>(-1)
            && cells[column].chars[1] != 0) {
            Combining extra;
            extra.column = static_cast<std::uint16_t>(column);
            std::copy(cells[column].chars + 1, cells[column].chars + VTERM_MAX_CHARS_PER_CELL, extra.chars);
            line.combining.push_back(extra);
        }
    }
    store(std::move(line), packed);
}

void TerminalScrollback::pushText(int columns, const char *text, int length, const VTermScreenCell &blank)
{
    if (m_limit == 0 || columns <= 0)
        return;
    Line line;
    line.columns = static_cast<std::uint16_t>(std::min(columns, 0xFFFF));
    const Cell empty = pack(blank);
    const int written = std::min(length, int(line.columns));
    const auto cellFor = [&empty](char c) {
        Cell cell = empty;
        cell.charAndAttrs = (empty.charAndAttrs & ~CharMask) | static_cast<unsigned char>(c);
        return cell;
    };
    if (written == line.columns) { // the line's last cell decides its fill, as in push()
        std::vector<Cell> packed(static_cast<std::size_t>(written));
        std::transform(text, text + written, packed.begin(), cellFor);
        store(std::move(line), packed);
        return;
    }
    // Shorter: the written cells, then the blank fill (a written character is never that blank cell).
    line.cells.resize(static_cast<std::size_t>(written));
    std::transform(text, text + written, line.cells.begin(), cellFor);
    line.fill = empty;
    m_lines.push_front(std::move(line));
    while (size() > m_limit)
        m_lines.pop_back();
}

void TerminalScrollback::store(Line line, const std::vector<Cell> &packed)
{
    // The trailing run of blank cells that all look the same is kept once, as the line's fill.
    std::size_t end = packed.size();
    line.fill = packed.back();
    if (isBlank(line.fill.charAndAttrs)) {
        while (end > 0 && packed[end - 1] == line.fill)
            --end;
    }
    line.cells.assign(packed.begin(), packed.begin() + static_cast<std::ptrdiff_t>(end)); // exactly sized
    m_lines.push_front(std::move(line));
    while (size() > m_limit)
        m_lines.pop_back();
}

void TerminalScrollback::unpackLine(const Line &line, int columns, VTermScreenCell *cells) const
{
    for (int column = 0; column < columns; ++column) {
        const auto index = static_cast<std::size_t>(column);
        unpack(index < line.cells.size() ? line.cells[index] : line.fill, &cells[column]);
    }
    for (const Combining &extra : line.combining) {
        if (extra.column < columns)
            std::copy(std::begin(extra.chars), std::end(extra.chars), cells[extra.column].chars + 1);
    }
}

bool TerminalScrollback::pop(int columns, VTermScreenCell *cells)
{
    if (m_lines.empty())
        return false;
    unpackLine(m_lines.front(), columns, cells);
    m_lines.pop_front();
    return true;
}

void TerminalScrollback::cell(int index, int column, VTermScreenCell *cell) const
{
    const Line &line = m_lines[static_cast<std::size_t>(index)];
    const auto at = static_cast<std::size_t>(column);
    unpack(at < line.cells.size() ? line.cells[at] : line.fill, cell);
    for (const Combining &extra : line.combining) {
        if (extra.column == column)
            std::copy(std::begin(extra.chars), std::end(extra.chars), cell->chars + 1);
    }
}

std::size_t TerminalScrollback::memoryBytes() const
{
    std::size_t bytes = 0;
    for (const Line &line : m_lines)
        bytes += sizeof(Line) + line.cells.capacity() * sizeof(Cell) + line.combining.capacity() * sizeof(Combining);
    return bytes;
}

} // namespace binnacle
