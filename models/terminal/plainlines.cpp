#include "models/terminal/plainlines.h"

namespace binnacle {

PlainLines PlainLines::scan(QByteArrayView bytes, int columns)
{
    PlainLines run;
    const char *data = bytes.data();
    const qsizetype size = bytes.size();
    qsizetype start = 0;
    qsizetype at = 0;
    while (at < size) {
        const auto c = static_cast<unsigned char>(data[at]);
        if (c >= 0x20 && c < 0x7f) {
            if (at - start >= columns)
                break; // it would wrap
            ++at;
            continue;
        }
        if (c != '\r' || at + 1 >= size || data[at + 1] != '\n')
            break;
        run.lines.push_back({start, at - start});
        at += 2;
        start = at;
        run.bytes = at;
    }
    run.stop = at;
    return run;
}

void ScrollModeWatcher::scan(QByteArrayView bytes)
{
    QByteArray joined;
    if (!m_carry.isEmpty()) {
        joined = m_carry;
        joined.append(bytes);
        bytes = joined;
        m_carry.clear();
    }
    const char *data = bytes.data();
    const qsizetype size = bytes.size();
    for (qsizetype at = 0; at < size; ++at) {
        if (data[at] != '\x1b')
            continue;
        if (at + 1 >= size) {
            m_carry = bytes.sliced(at).toByteArray();
            return;
        }
        if (data[at + 1] == 'c') { // RIS: everything back to its defaults
            m_region = m_margins = false;
            continue;
        }
        if (data[at + 1] != '[')
            continue;
        qsizetype end = at + 2;
        while (end < size
               && (static_cast<unsigned char>(data[end]) < 0x40 || static_cast<unsigned char>(data[end]) > 0x7e))
            ++end;
        if (end >= size) {
            if (size - at <= 64) // longer is not a sequence that matters here
                m_carry = bytes.sliced(at).toByteArray();
            return;
        }
        sequence(bytes.sliced(at + 2, end - at - 1));
        at = end;
    }
}

void ScrollModeWatcher::sequence(QByteArrayView csi)
{
    const char final = csi.back();
    const QByteArrayView parameters = csi.chopped(1);
    if (final == 'r' && !parameters.startsWith('?'))
        m_region = !parameters.isEmpty();
    else if ((final == 'h' || final == 'l') && parameters == QByteArrayView("?69"))
        m_margins = final == 'h';
}

} // namespace binnacle
