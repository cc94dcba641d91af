#pragma once

#include "client/core/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace binnacle {

// The port-forward use of the channel framing (`v4.channel.k8s.io` on `…/portforward?ports=P0&ports=P1…`,
// ../shared/PROTOCOL.md): for ports[i], channel 2i carries data both ways and channel 2i+1 error text from the
// server. The server's first message on every channel names the port it serves, little-endian: `[ch, lo, hi]`;
// everything after that on the channel is payload. The client sends `[2i] + bytes` with no prefix.
class PortForwardDecoder final
{
public:
    struct Chunk
    {
        enum class Kind { Data, Error };
        Kind kind = Kind::Data;
        int portIndex = 0;
        QByteArray bytes; // empty for a bare port announcement
        friend bool operator==(const Chunk &, const Chunk &) = default;
    };

    explicit PortForwardDecoder(QList<quint16> ports);

    // One message from the server. Fails (and the stream is unusable) on an empty message, a channel for no port we
    // asked for, or a first message on a channel that does not announce the port asked for there.
    Result<Chunk> decode(QByteArrayView message);

    // Whether the server has announced the data channel of ports[i] (the connection to the pod's port is made).
    bool isAnnounced(int portIndex) const;
    const QList<quint16> &ports() const { return m_ports; }

    static QByteArray encodeData(int portIndex, QByteArrayView bytes);
    // The server's announcement of `port` on `channel`, as the kubelet sends it (for test doubles and fuzzing).
    static QByteArray announcement(quint8 channel, quint16 port);

private:
    QList<quint16> m_ports;
    QList<bool> m_announced; // per channel: 2 per port
};

} // namespace binnacle
