#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace binnacle {

// The framing of the `*.channel.k8s.io` WebSocket subprotocols (exec, attach and port-forward; ../shared/PROTOCOL.md):
// every binary message is one frame, `[channel][payload]`, and the WebSocket keeps message boundaries, so a frame is
// never split or joined. The codec knows nothing of what a channel means beyond the numbers exec gives them; the
// port-forward channels (2i data, 2i+1 error) and their port prefix are PortForwardDecoder's.
class ChannelCodec final
{
public:
    // Exec and attach channels. v5 adds Close, the client's "no more input on this channel".
    enum Channel : quint8 {
        Stdin = 0,
        Stdout = 1,
        Stderr = 2,
        Error = 3, // the final Status as JSON
        Resize = 4, // {"Width":..,"Height":..}
        Close = 255, // v5 only: [255, channel]
    };

    struct Frame
    {
        quint8 channel = 0;
        QByteArray payload;
        friend bool operator==(const Frame &, const Frame &) = default;
    };

    static constexpr const char *V5Protocol = "v5.channel.k8s.io";
    static constexpr const char *V4Protocol = "v4.channel.k8s.io";

    static QByteArray encode(quint8 channel, QByteArrayView payload);
    // A WebSocket message as a frame; an empty message has no channel and is not one.
    static std::optional<Frame> decode(QByteArrayView message);

    // v5: ends the input of `channel` (stdin), exactly two bytes: any other length makes the server drop the stream.
    static QByteArray closeFrame(quint8 channel = Stdin);
    // The channel a v5 close frame closes; nullopt for any other frame.
    static std::optional<quint8> closedChannel(const Frame &frame);

    // A terminal size on the resize channel, as the kubelet reads it (remotecommand.TerminalSize).
    static QByteArray resizeFrame(int columns, int rows);

    // "ch=1 len=5 \"hello\"" for logs and test failures: printable payloads as text, others as hex, cut at `limit`.
    static QString describe(QByteArrayView message, int limit = 64);
};

} // namespace binnacle
