// Feeds arbitrary bytes to the channel-stream codec (client/streams) as the server's messages: as one exec frame, as
// a sequence of port-forward messages (cut at lengths taken from the input), and as the final Status of an exec
// session. The invariants: a frame decodes and encodes back to the same bytes, only a two-byte [0xFF, ch] message is
// a close frame, port-forward payloads are the messages minus their channel byte and each channel's announcement,
// and a Status gives either an exit code or an error, never both or neither.
#include "client/exec/execresult.h"
#include "client/streams/channelcodec.h"
#include "client/streams/portforwarddecoder.h"
#include "fuzzchecks.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstddef>
#include <cstdint>

using namespace Qt::StringLiterals;
using namespace binnacle;
using binnacle::fuzz::require;

namespace {

void checkFrame(const QByteArray &message)
{
    const std::optional<ChannelCodec::Frame> frame = ChannelCodec::decode(message);
    require(frame.has_value() == !message.isEmpty(), "every non-empty message is a frame");
    if (!frame)
        return;
    require(ChannelCodec::encode(frame->channel, frame->payload) == message, "a frame encodes back to its message");
    const std::optional<quint8> closed = ChannelCodec::closedChannel(*frame);
    require(closed.has_value() == (message.size() == 2 && quint8(message[0]) == 0xff), "close frames are [0xFF, ch]");
    if (closed)
        require(ChannelCodec::closeFrame(*closed) == message, "a close frame encodes back");
    (void)ChannelCodec::describe(message, int(message.size() % 80));
}

void checkResize(const QByteArray &input)
{
    if (input.size() < 8)
        return;
    const qint32 columns = qint32(quint32(quint8(input[0])) << 24 | quint32(quint8(input[1])) << 16
                                  | quint32(quint8(input[2])) << 8 | quint8(input[3]));
    const qint32 rows = qint32(quint32(quint8(input[4])) << 24 | quint32(quint8(input[5])) << 16
                               | quint32(quint8(input[6])) << 8 | quint8(input[7]));
    const QByteArray frame = ChannelCodec::resizeFrame(columns, rows);
    require(frame.startsWith(char(ChannelCodec::Resize)), "a resize is on channel 4");
    const QJsonObject size = QJsonDocument::fromJson(frame.mid(1)).object();
    require(size.value(u"Width"_s).toInt(-1) == std::clamp(columns, 0, 65535), "Width is the clamped column count");
    require(size.value(u"Height"_s).toInt(-1) == std::clamp(rows, 0, 65535), "Height is the clamped row count");
}

// The first byte picks 1-3 ports, the next two per port their numbers; the rest is messages, each prefixed by a
// length byte. What the decoder hands out must be exactly the messages' payloads minus each channel's announcement.
void checkPortForward(const QByteArray &input)
{
    if (input.isEmpty())
        return;
    const int portCount = quint8(input[0]) % 3 + 1;
    qsizetype at = 1;
    QList<quint16> ports;
    for (int i = 0; i < portCount && at + 1 < input.size(); ++i, at += 2)
        ports << quint16(quint8(input[at]) | quint8(input[at + 1]) << 8);
    if (ports.isEmpty())
        return;
    PortForwardDecoder decoder(ports);
    QHash<int, QByteArray> expected; // channel → payload after the announcement
    QHash<int, QByteArray> received;
    QHash<int, bool> announced;
    while (at < input.size()) {
        const qsizetype length = std::min<qsizetype>(quint8(input[at]), input.size() - at - 1);
        const QByteArray message = input.mid(at + 1, length);
        at += 1 + length;
        const Result<PortForwardDecoder::Chunk> chunk = decoder.decode(message);
        if (!chunk.ok()) {
            require(!chunk.error().message().isEmpty(), "a refusal says why");
            continue;
        }
        const int channel = quint8(message[0]);
        require(channel < ports.size() * 2, "only channels of asked ports are accepted");
        require(chunk->portIndex == channel / 2, "channel 2i and 2i+1 belong to port i");
        require((chunk->kind == PortForwardDecoder::Chunk::Kind::Error) == (channel % 2 == 1),
                "odd channels carry errors");
        if (!announced.value(channel)) {
            require(message.size() >= 3, "an announcement has a port");
            require(quint16(quint8(message[1]) | quint8(message[2]) << 8) == ports[channel / 2],
                    "the announced port is the one asked for");
            announced[channel] = true;
            expected[channel] += message.mid(3);
        } else {
            expected[channel] += message.mid(1);
        }
        received[channel] += chunk->bytes;
        require(decoder.isAnnounced(channel / 2) == announced.value(channel / 2 * 2), "announcement state agrees");
    }
    require(expected == received, "the payloads are the messages minus channel bytes and announcements");
}

void checkStatus(const QByteArray &input)
{
    const ExecResult result = ExecResult::fromStatus(input);
    require(result.exitCode.has_value() != result.error.has_value(), "an exit code or an error, exactly one");
    require(!result.message.isEmpty(), "the end is said in words");
    if (result.exitCode)
        require(!result.commandNotFound, "a command that exited was found");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    checkFrame(input);
    checkResize(input);
    checkPortForward(input);
    checkStatus(input);
    if (!input.isEmpty())
        checkStatus(input.mid(1)); // the error channel's payload
    return 0;
}
