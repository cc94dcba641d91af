#include "models/logs/loglineformatter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

struct SgrState
{
    QColor foreground;
    QColor background;
    bool bold = false;
    bool italic = false;
    bool underline = false;
    bool inverse = false;

    bool isPlain() const
    {
        return !foreground.isValid() && !background.isValid() && !bold && !italic && !underline && !inverse;
    }
};

// Applies one SGR sequence's parameters ("1;38;5;196", "38:2:1:2:3").
void applySgr(QByteArrayView parameters, SgrState &state)
{
    QList<int> values;
    int current = -1;
    for (const char c : parameters) {
        if (c >= '0' && c <= '9') {
            current = (current < 0 ? 0 : current) * 10 + (c - '0');
            if (current > 100000)
                current = 100000;
        } else if (c == ';' || c == ':') {
            values.append(current < 0 ? 0 : current);
            current = -1;
        }
    }
    values.append(current < 0 ? 0 : current);

    for (qsizetype i = 0; i < values.size(); ++i) {
        const int v = values[i];
        auto extendedColor = [&](QColor &target) {
            if (i + 2 < values.size() && values[i + 1] == 5) {
                target = LogLineFormatter::xtermColor(values[i + 2]);
                i += 2;
            } else if (i + 4 < values.size() && values[i + 1] == 2) {
                target = QColor(qBound(0, values[i + 2], 255), qBound(0, values[i + 3], 255),
                                qBound(0, values[i + 4], 255));
                i += 4;
            } else {
                i = values.size(); // malformed: ignore the rest
            }
        };
        if (v == 0)
            state = {};
        else if (v == 1)
            state.bold = true;
        else if (v == 3)
            state.italic = true;
        else if (v == 4)
            state.underline = true;
        else if (v == 7)
            state.inverse = true;
        else if (v == 22)
            state.bold = false;
        else if (v == 23)
            state.italic = false;
        else if (v == 24)
            state.underline = false;
        else if (v == 27)
            state.inverse = false;
        else if (v >= 30 && v <= 37)
            state.foreground = LogLineFormatter::xtermColor(v - 30);
        else if (v == 38)
            extendedColor(state.foreground);
        else if (v == 39)
            state.foreground = {};
        else if (v >= 40 && v <= 47)
            state.background = LogLineFormatter::xtermColor(v - 40);
        else if (v == 48)
            extendedColor(state.background);
        else if (v == 49)
            state.background = {};
        else if (v >= 90 && v <= 97)
            state.foreground = LogLineFormatter::xtermColor(v - 90 + 8);
        else if (v >= 100 && v <= 107)
            state.background = LogLineFormatter::xtermColor(v - 100 + 8);
    }
}

void appendSpan(LogDisplayLine &line, int start, const SgrState &state)
{
    const int length = int(line.text.size()) - start;
    if (length <= 0 || state.isPlain())
        return;
    LogTextSpan span;
    span.start = start;
    span.length = length;
    span.foreground = state.inverse ? state.background : state.foreground;
    span.background
        = state.inverse ? (state.foreground.isValid() ? state.foreground : QColor(Qt::gray)) : state.background;
    span.bold = state.bold;
    span.italic = state.italic;
    span.underline = state.underline;
    line.spans.append(span);
}

// Text with escapes: SGR becomes spans, every other escape sequence and control character goes.
LogDisplayLine parseAnsi(QByteArrayView raw)
{
    LogDisplayLine line;
    SgrState state;
    qsizetype i = 0;
    qsizetype textStart = 0;
    int spanStart = 0;
    auto flushText = [&](qsizetype end) {
        if (end > textStart)
            line.text.append(QString::fromUtf8(raw.sliced(textStart, end - textStart)));
    };
    while (i < raw.size()) {
        const char c = raw[i];
        if (c != '\x1b' && (uchar(c) >= 0x20 || c == '\t')) {
            ++i;
            continue;
        }
        flushText(i);
        if (c != '\x1b') { // another control character: dropped
            textStart = ++i;
            continue;
        }
        if (i + 1 < raw.size() && raw[i + 1] == '[') {
            qsizetype end = i + 2;
            while (end < raw.size() && !(uchar(raw[end]) >= 0x40 && uchar(raw[end]) <= 0x7e))
                ++end;
            if (end < raw.size() && raw[end] == 'm') {
                appendSpan(line, spanStart, state);
                applySgr(raw.sliced(i + 2, end - i - 2), state);
                spanStart = int(line.text.size());
            }
            i = std::min(end + 1, raw.size());
        } else if (i + 1 < raw.size() && raw[i + 1] == ']') { // OSC, up to BEL or ST
            qsizetype end = i + 2;
            while (end < raw.size() && raw[end] != '\x07' && !(raw[end] == '\x1b' && end + 1 < raw.size()))
                ++end;
            i = std::min(end + (end < raw.size() && raw[end] == '\x1b' ? 2 : 1), raw.size());
        } else {
            i = std::min(i + 2, raw.size());
        }
        textStart = i;
    }
    flushText(raw.size());
    appendSpan(line, spanStart, state);
    return line;
}

QString jsonScalar(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double d = value.toDouble();
        return d == double(qint64(d)) ? QString::number(qint64(d)) : QString::number(d);
    }
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Null:
        return u"null"_s;
    default:
        return QString::fromUtf8(
            QJsonDocument(value.isObject() ? QJsonDocument(value.toObject()) : QJsonDocument(value.toArray()))
                .toJson(QJsonDocument::Compact));
    }
}

constexpr std::array LevelKeys {u"level", u"lvl", u"severity", u"log.level", u"loglevel"};
constexpr std::array MessageKeys {u"msg", u"message", u"log"};

bool compactJson(QByteArrayView raw, LogDisplayLine &line)
{
    QByteArrayView trimmed = raw.trimmed();
    if (trimmed.size() < 2 || trimmed.front() != '{' || trimmed.back() != '}')
        return false;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(trimmed.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return false;
    QJsonObject object = document.object();
    QString level;
    for (const auto key : LevelKeys) {
        if (object.contains(key)) {
            level = jsonScalar(object.take(key));
            break;
        }
    }
    QString message;
    for (const auto key : MessageKeys) {
        if (object.contains(key) && object.value(key).isString()) {
            message = object.take(key).toString();
            break;
        }
    }
    if (!level.isEmpty()) {
        line.level = LogLineFormatter::levelFromWord(level);
        line.levelStart = 0;
        line.levelLength = int(level.size());
        line.text = level.toUpper();
    }
    auto add = [&line](const QString &part) {
        if (!line.text.isEmpty())
            line.text.append(u' ');
        line.text.append(part);
    };
    if (!message.isEmpty())
        add(message);
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString value = jsonScalar(it.value());
        add(it.key() + u'=' + (value.contains(u' ') ? u'"' + value + u'"' : value));
    }
    return true;
}

// The first level word of a plain line within its first 80 characters: written in capitals ("INFO"; "error" in prose
// does not count), in brackets ("[warn]") or after "level=" ("level=error").
void findLevel(LogDisplayLine &line)
{
    const QStringView head = QStringView(line.text).left(80);
    bool afterLevelKey = false;
    qsizetype i = 0;
    while (i < head.size()) {
        while (i < head.size() && !head[i].isLetter())
            ++i;
        qsizetype end = i;
        while (end < head.size() && head[end].isLetter())
            ++end;
        if (end == i)
            break;
        const QStringView word = head.sliced(i, end - i);
        if (word.compare(u"level", Qt::CaseInsensitive) == 0 && end < head.size() && head[end] == u'=') {
            afterLevelKey = true;
            i = end + 1;
            continue;
        }
        const bool capitals = std::all_of(word.begin(), word.end(), [](QChar c) { return c.isUpper(); });
        const bool bracketed = i > 0 && head[i - 1] == u'[' && end < head.size() && head[end] == u']';
        if (capitals || bracketed || afterLevelKey) {
            const LogLevel level = LogLineFormatter::levelFromWord(word);
            if (level != LogLevel::None) {
                line.level = level;
                line.levelStart = int(i);
                line.levelLength = int(word.size());
                return;
            }
        }
        afterLevelKey = false;
        i = end;
    }
}

} // namespace

LogLevel LogLineFormatter::levelFromWord(QStringView word)
{
    struct Name
    {
        QStringView word;
        LogLevel level;
    };
    static constexpr std::array Names {
        Name {u"trace", LogLevel::Trace},     Name {u"debug", LogLevel::Debug}, Name {u"dbug", LogLevel::Debug},
        Name {u"info", LogLevel::Info},       Name {u"notice", LogLevel::Info}, Name {u"warn", LogLevel::Warning},
        Name {u"warning", LogLevel::Warning}, Name {u"error", LogLevel::Error}, Name {u"err", LogLevel::Error},
        Name {u"fatal", LogLevel::Error},     Name {u"panic", LogLevel::Error}, Name {u"critical", LogLevel::Error},
        Name {u"crit", LogLevel::Error},
    };
    for (const Name &name : Names) {
        if (word.compare(name.word, Qt::CaseInsensitive) == 0)
            return name.level;
    }
    return LogLevel::None;
}

QColor LogLineFormatter::xtermColor(int index)
{
    static constexpr std::array<QRgb, 16> Basic {0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd,
                                                 0x00cdcd, 0xe5e5e5, 0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00,
                                                 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff};
    index = qBound(0, index, 255);
    if (index < 16)
        return QColor::fromRgb(Basic[size_t(index)]);
    if (index < 232) {
        const int i = index - 16;
        auto level = [](int v) { return v == 0 ? 0 : 55 + v * 40; };
        return QColor(level(i / 36), level((i / 6) % 6), level(i % 6));
    }
    const int grey = 8 + (index - 232) * 10;
    return QColor(grey, grey, grey);
}

LogDisplayLine LogLineFormatter::format(QByteArrayView raw, const Options &options)
{
    LogDisplayLine line;
    if (options.compactJson && compactJson(raw, line))
        return line;
    if (raw.contains('\x1b')
        || std::any_of(raw.begin(), raw.end(), [](char c) { return uchar(c) < 0x20 && c != '\t'; }))
        line = parseAnsi(raw);
    else
        line.text = QString::fromUtf8(raw);
    findLevel(line);
    return line;
}

QColor logSourceColor(QStringView source)
{
    // Distinct hues that stay readable as text on white and on a dark grey.
    static constexpr std::array<QRgb, 10> Palette {0x1f77b4, 0xd62728, 0x2ca02c, 0x9467bd, 0xe377c2,
                                                   0x17becf, 0xbcbd22, 0xff7f0e, 0x8c564b, 0x7f7fff};
    quint32 hash = 2166136261u; // FNV-1a
    for (const QChar c : source) {
        hash ^= c.unicode();
        hash *= 16777619u;
    }
    return QColor::fromRgb(Palette[hash % Palette.size()]);
}

} // namespace binnacle
