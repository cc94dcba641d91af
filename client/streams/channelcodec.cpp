#include "channelcodec.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace binnacle {

QByteArray ChannelCodec::encode(quint8 channel, QByteArrayView payload)
{
    QByteArray frame;
    frame.reserve(payload.size() + 1);
    frame.append(char(channel));
    frame.append(payload);
    return frame;
}

std::optional<ChannelCodec::Frame> ChannelCodec::decode(QByteArrayView message)
{
    if (message.isEmpty())
        return std::nullopt;
    return Frame {quint8(message.front()), message.sliced(1).toByteArray()};
}

QByteArray ChannelCodec::closeFrame(quint8 channel)
{
    return encode(Close, QByteArrayView(reinterpret_cast<const char *>(&channel), 1));
}

std::optional<quint8> ChannelCodec::closedChannel(const Frame &frame)
{
    if (frame.channel != Close || frame.payload.size() != 1)
        return std::nullopt;
    return quint8(frame.payload.front());
}

QByteArray ChannelCodec::resizeFrame(int columns, int rows)
{
    // Whole JSON objects, one per frame: the kubelet decodes the channel as a stream of them. Sizes are uint16 there.
    const auto clamp = [](int value) { return QByteArray::number(std::clamp(value, 0, 65535)); };
    const QByteArray size = "{\"Width\":" + clamp(columns) + ",\"Height\":" + clamp(rows) + '}';
    return encode(Resize, size);
}

QString ChannelCodec::describe(QByteArrayView message, int limit)
{
    if (message.isEmpty())
        return u"(empty message)"_s;
    const QByteArrayView payload = message.sliced(1);
    const QByteArrayView shown = payload.first(std::min<qsizetype>(payload.size(), limit));
    const bool printable = std::all_of(shown.begin(), shown.end(), [](char c) {
        const auto byte = quint8(c);
        return (byte >= 0x20 && byte < 0x7f) || c == '\n' || c == '\r' || c == '\t';
    });
    QString text;
    if (printable) {
        text = QString::fromLatin1(shown);
        text.replace(u'\\', u"\\\\"_s).replace(u'\n', u"\\n"_s).replace(u'\r', u"\\r"_s).replace(u'\t', u"\\t"_s);
        text = u'"' + text + u'"';
    } else {
        text = QString::fromLatin1(shown.toByteArray().toHex(' '));
    }
    if (shown.size() < payload.size())
        text += u"…"_s;
    return u"ch=%1 len=%2 %3"_s.arg(quint8(message.front())).arg(payload.size()).arg(text);
}

} // namespace binnacle
