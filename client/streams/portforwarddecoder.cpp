#include "portforwarddecoder.h"

#include "client/streams/channelcodec.h"

using namespace Qt::StringLiterals;

namespace binnacle {

PortForwardDecoder::PortForwardDecoder(QList<quint16> ports)
    : m_ports(std::move(ports))
    , m_announced(m_ports.size() * 2, false)
{ }

Result<PortForwardDecoder::Chunk> PortForwardDecoder::decode(QByteArrayView message)
{
    const std::optional<ChannelCodec::Frame> frame = ChannelCodec::decode(message);
    if (!frame)
        return Error(Error::Kind::Parse, u"The server sent an empty port-forward message."_s);
    const int channel = frame->channel;
    if (channel >= m_announced.size())
        return Error(Error::Kind::Parse,
                     u"The server sent data on channel %1, which belongs to no forwarded port."_s.arg(channel));
    Chunk chunk {channel % 2 == 0 ? Chunk::Kind::Data : Chunk::Kind::Error, channel / 2, frame->payload};
    if (!m_announced[channel]) {
        if (chunk.bytes.size() < 2)
            return Error(Error::Kind::Parse,
                         u"The server's first message on channel %1 does not name a port."_s.arg(channel));
        const quint16 port = quint16(quint8(chunk.bytes[0]) | (quint8(chunk.bytes[1]) << 8));
        if (port != m_ports[chunk.portIndex])
            return Error(Error::Kind::Parse,
                         u"The server announced port %1 on channel %2, where port %3 was asked for."_s.arg(port)
                             .arg(channel)
                             .arg(m_ports[chunk.portIndex]));
        m_announced[channel] = true;
        chunk.bytes.remove(0, 2);
    }
    return chunk;
}

bool PortForwardDecoder::isAnnounced(int portIndex) const
{
    return m_announced.value(portIndex * 2, false);
}

QByteArray PortForwardDecoder::encodeData(int portIndex, QByteArrayView bytes)
{
    return ChannelCodec::encode(quint8(portIndex * 2), bytes);
}

QByteArray PortForwardDecoder::announcement(quint8 channel, quint16 port)
{
    const char prefix[2] = {char(port & 0xff), char(port >> 8)};
    return ChannelCodec::encode(channel, QByteArrayView(prefix, 2));
}

} // namespace binnacle
