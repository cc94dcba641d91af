#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <vector>

namespace binnacle {

// A run of plain output lines at the start of some bytes: printable ASCII, each ended by "\r\n" (what a pty makes of
// a program's "\n") and no longer than the screen is wide. Such lines only ever scroll the screen up, so a terminal
// can put the ones that will leave the screen into its scrollback without parsing them (TerminalSurface's bulk path:
// `cat` of a large file).
struct PlainLines
{
    struct Line
    {
        qsizetype offset = 0;
        qsizetype length = 0; // without the "\r\n"
    };
    std::vector<Line> lines;
    qsizetype bytes = 0; // through the last line's "\r\n"
    qsizetype stop = 0; // where the scan stopped: the first byte that is not part of a plain line

    static PlainLines scan(QByteArrayView bytes, int columns);
};

// Watches what a program writes for the modes under which a line feed at the bottom does not scroll the whole
// screen: a scroll region (DECSTBM with parameters) or left and right margins (DECLRMM). Conservative: any region
// counts, until `CSI r` or a reset (RIS) clears it. Sequences split between two writes are seen whole.
class ScrollModeWatcher
{
public:
    void scan(QByteArrayView bytes);
    bool wholeScreenScrolls() const { return !m_region && !m_margins; }

private:
    void sequence(QByteArrayView csi); // the bytes after "ESC [" through the final byte

    bool m_region = false;
    bool m_margins = false;
    QByteArray m_carry; // an escape sequence cut at the end of the last write
};

} // namespace binnacle
