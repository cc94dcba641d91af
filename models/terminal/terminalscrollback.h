#pragma once

#include <vterm.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace binnacle {

// The lines libvterm pushed off the top of the primary screen, newest first, bounded by a line limit. Kept compact
// because a full scrollback is most of a terminal's memory: 12 bytes a cell (the character with its attributes in
// one word, the two colours as libvterm's own 4-byte VTermColor), and a line's trailing run of identical blank cells
// stored once. Combining marks after a cell's first character live beside the line, as they are rare.
class TerminalScrollback final
{
public:
    explicit TerminalScrollback(int limit);

    int size() const { return static_cast<int>(m_lines.size()); }
    int limit() const { return m_limit; }
    void setLimit(int limit); // drops the oldest lines beyond it
    void clear() { m_lines.clear(); }

    // libvterm's sb_pushline / sb_popline: a line leaves the screen, or comes back when the screen grows.
    void push(int columns, const VTermScreenCell *cells);
    bool pop(int columns, VTermScreenCell *cells);
    // push() of a line of `length` ASCII characters written with the pen of `blank`, a blank cell (chars[0] 0), the
    // rest of the line blank: the same line, without making each cell first.
    void pushText(int columns, const char *text, int length, const VTermScreenCell &blank);

    // Line `index` (0 the newest) as libvterm cells; columns past the line's end read as its trailing blank.
    int columns(int index) const { return m_lines[static_cast<std::size_t>(index)].columns; }
    void cell(int index, int column, VTermScreenCell *cell) const;

    std::size_t memoryBytes() const; // what the stored lines take, for the benchmark

private:
    struct Cell
    {
        std::uint32_t charAndAttrs = 0; // bits 0-20 the character, 21-28 the attributes (see the .cpp)
        std::uint32_t foreground = 0; // a VTermColor, bit for bit
        std::uint32_t background = 0;
        bool operator==(const Cell &) const = default;
    };
    struct Combining
    {
        std::uint16_t column = 0;
        std::uint32_t chars[VTERM_MAX_CHARS_PER_CELL - 1] = {};
    };
    struct Line
    {
        std::vector<Cell> cells; // up to the trailing blank run
        std::vector<Combining> combining;
        Cell fill; // what every column after `cells` holds
        std::uint16_t columns = 0; // the screen width when the line left it
    };

    static Cell pack(const VTermScreenCell &cell);
    static void unpack(const Cell &packed, VTermScreenCell *cell);
    void unpackLine(const Line &line, int columns, VTermScreenCell *cells) const;
    void store(Line line, const std::vector<Cell> &packed); // the trailing blanks once, newest first, within the limit

    std::deque<Line> m_lines; // front: the newest
    int m_limit;
};

} // namespace binnacle
