#include "loglinesplitter.h"

#include <cstring>
#include <limits>

namespace binnacle {

namespace {

constexpr qint64 NanosPerSecond = 1000000000;
// Seconds whose nanoseconds still fit in a qint64 (years 1678 to 2262).
constexpr qint64 MaxSeconds = std::numeric_limits<qint64>::max() / NanosPerSecond - 1;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// The value of `count` digits at `p`, or -1 if one is not a digit.
int digits(const char *p, int count)
{
    int value = 0;
    for (int i = 0; i < count; ++i) {
        if (!isDigit(p[i]))
            return -1;
        value = value * 10 + (p[i] - '0');
    }
    return value;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
qint64 daysFromCivil(qint64 year, unsigned month, unsigned day)
{
    year -= month <= 2;
    const qint64 era = (year >= 0 ? year : year - 399) / 400;
    const unsigned yearOfEra = unsigned(year - era * 400);
    const unsigned dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + qint64(dayOfEra) - 719468;
}

struct Civil
{
    qint64 year;
    unsigned month;
    unsigned day;
};

Civil civilFromDays(qint64 days)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned dayOfEra = unsigned(days - era * 146097);
    const unsigned yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const unsigned dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const unsigned mp = (5 * dayOfYear + 2) / 153;
    const unsigned day = dayOfYear - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    return {qint64(yearOfEra) + era * 400 + (month <= 2), month, day};
}

void putDigits(char *p, qint64 value, int count)
{
    for (int i = count - 1; i >= 0; --i) {
        p[i] = char('0' + value % 10);
        value /= 10;
    }
}

} // namespace

std::optional<LogLineSplitter::Timestamp> LogLineSplitter::parsePrefix(QByteArrayView line)
{
    // YYYY-MM-DDTHH:MM:SS[.F{1,9}](Z|±HH:MM) and a space: at least 21 bytes.
    const qsizetype size = line.size();
    if (size < 21)
        return std::nullopt;
    const char *p = line.data();
    if (p[4] != '-' || p[7] != '-' || (p[10] != 'T' && p[10] != 't') || p[13] != ':' || p[16] != ':')
        return std::nullopt;

    qint64 days;
    if (m_hasCachedDate && std::memcmp(p, m_cachedDate, 10) == 0) {
        days = m_cachedDays;
    } else {
        const int year = digits(p, 4);
        const int month = digits(p + 5, 2);
        const int day = digits(p + 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31)
            return std::nullopt;
        days = daysFromCivil(year, unsigned(month), unsigned(day));
        std::memcpy(m_cachedDate, p, 10);
        m_cachedDays = days;
        m_hasCachedDate = true;
    }
    const int hour = digits(p + 11, 2);
    const int minute = digits(p + 14, 2);
    const int second = digits(p + 17, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
        return std::nullopt;

    qsizetype at = 19;
    qint64 fraction = 0;
    if (p[at] == '.') {
        ++at;
        int count = 0;
        while (at < size && isDigit(p[at]) && count < 9) {
            fraction = fraction * 10 + (p[at] - '0');
            ++at;
            ++count;
        }
        if (count == 0 || (at < size && isDigit(p[at])))
            return std::nullopt;
        for (; count < 9; ++count)
            fraction *= 10;
    }
    if (at >= size)
        return std::nullopt;
    qint64 offsetSeconds = 0;
    if (p[at] == 'Z' || p[at] == 'z') {
        ++at;
    } else if (p[at] == '+' || p[at] == '-') {
        if (size - at < 6 || p[at + 3] != ':')
            return std::nullopt;
        const int offsetHours = digits(p + at + 1, 2);
        const int offsetMinutes = digits(p + at + 4, 2);
        if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59)
            return std::nullopt;
        offsetSeconds = (offsetHours * 60 + offsetMinutes) * 60 * (p[at] == '-' ? -1 : 1);
        at += 6;
    } else {
        return std::nullopt;
    }
    if (at >= size || p[at] != ' ')
        return std::nullopt;

    const qint64 seconds = days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
    if (seconds > MaxSeconds || seconds < -MaxSeconds)
        return std::nullopt;
    return Timestamp {seconds * NanosPerSecond + fraction, at + 1};
}

QByteArray LogLineSplitter::formatTimestamp(qint64 nanoseconds)
{
    qint64 seconds = nanoseconds / NanosPerSecond;
    qint64 fraction = nanoseconds % NanosPerSecond;
    if (fraction < 0) {
        fraction += NanosPerSecond;
        --seconds;
    }
    qint64 days = seconds / 86400;
    qint64 secondOfDay = seconds % 86400;
    if (secondOfDay < 0) {
        secondOfDay += 86400;
        --days;
    }
    const Civil date = civilFromDays(days);
    QByteArray text(30, Qt::Uninitialized);
    char *p = text.data();
    putDigits(p, date.year, 4);
    p[4] = '-';
    putDigits(p + 5, date.month, 2);
    p[7] = '-';
    putDigits(p + 8, date.day, 2);
    p[10] = 'T';
    putDigits(p + 11, secondOfDay / 3600, 2);
    p[13] = ':';
    putDigits(p + 14, secondOfDay / 60 % 60, 2);
    p[16] = ':';
    putDigits(p + 17, secondOfDay % 60, 2);
    p[19] = '.';
    putDigits(p + 20, fraction, 9);
    p[29] = 'Z';
    return text;
}

void LogLineSplitter::emitLine(QByteArrayView line, LogBatch &out)
{
    if (m_continuation) {
        m_continuation = false;
        out.append(line, m_continuationTimestamp);
        return;
    }
    if (const std::optional<Timestamp> timestamp = parsePrefix(line))
        out.append(line.sliced(timestamp->prefixLength), timestamp->nanoseconds);
    else
        out.append(line, 0);
}

void LogLineSplitter::feed(QByteArrayView chunk, LogBatch &out)
{
    const char *data = chunk.data();
    const qsizetype size = chunk.size();
    qsizetype at = 0;
    while (at < size) {
        const void *found = std::memchr(data + at, '\n', size_t(size - at));
        if (!found)
            break;
        const qsizetype newline = static_cast<const char *>(found) - data;
        if (!m_pending.isEmpty()) {
            m_pending.append(data + at, newline - at);
            emitLine(m_pending, out);
            m_pending.clear();
        } else {
            emitLine(QByteArrayView(data + at, newline - at), out);
        }
        at = newline + 1;
    }
    if (at == size)
        return;
    m_pending.append(data + at, size - at);
    while (m_pending.size() > m_maxLineBytes) {
        const qsizetype before = out.lineCount();
        emitLine(QByteArrayView(m_pending).first(m_maxLineBytes), out);
        m_continuation = true;
        m_continuationTimestamp = out.lineCount() > before ? out.timestampsNs.last() : 0;
        m_pending.remove(0, m_maxLineBytes);
    }
}

void LogLineSplitter::finish(LogBatch &out)
{
    if (!m_pending.isEmpty())
        emitLine(m_pending, out);
    m_pending.clear();
    m_continuation = false;
}

void LogLineSplitter::reset()
{
    m_pending.clear();
    m_continuation = false;
}

} // namespace binnacle
