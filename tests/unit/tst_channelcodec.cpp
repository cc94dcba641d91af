// The channel-stream framing shared by exec, attach and port-forward (client/streams), and the final Status of an
// exec session in both shapes servers send it (client/exec/execresult). The byte sequences are the ones seen on
// the real cluster (tests/cluster/README.md, tst_execsession).

#include "client/exec/execresult.h"
#include "client/streams/channelcodec.h"
#include "client/streams/portforwarddecoder.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

QByteArray bytes(std::initializer_list<int> values)
{
    QByteArray out;
    for (const int value : values)
        out.append(char(value));
    return out;
}

} // namespace

class ChannelCodecTest : public QObject
{
    Q_OBJECT

private slots:
    void encodesChannelThenPayload()
    {
        QCOMPARE(ChannelCodec::encode(ChannelCodec::Stdin, "ls\r"), QByteArray("\0ls\r", 4));
        QCOMPARE(ChannelCodec::encode(ChannelCodec::Stdout, {}), bytes({1})); // v5's "ready"
        QCOMPARE(ChannelCodec::encode(200, QByteArray("\0\xff", 2)), bytes({200, 0, 255}));
    }

    void decodesFramesAndRefusesEmptyMessages()
    {
        QVERIFY(!ChannelCodec::decode({}));
        const auto ready = ChannelCodec::decode(bytes({1}));
        QVERIFY(ready);
        QCOMPARE(ready->channel, quint8(1));
        QVERIFY(ready->payload.isEmpty());
        const auto status = ChannelCodec::decode("\x03{\"status\":\"Success\"}");
        QVERIFY(status);
        QCOMPARE(status->channel, quint8(ChannelCodec::Error));
        QCOMPARE(status->payload, QByteArray("{\"status\":\"Success\"}"));
        // Binary payloads survive whole, NUL bytes included.
        const QByteArray binary = bytes({2, 0, 0, 255, 10});
        QCOMPARE(ChannelCodec::decode(binary)->payload, bytes({0, 0, 255, 10}));
    }

    // v5's close frame is exactly [0xFF, channel]: any other length makes the server drop the connection.
    void closeFrameIsTwoBytes()
    {
        QCOMPARE(ChannelCodec::closeFrame(), bytes({255, 0}));
        QCOMPARE(ChannelCodec::closedChannel(*ChannelCodec::decode(bytes({255, 0}))), std::optional<quint8>(0));
        QVERIFY(!ChannelCodec::closedChannel(*ChannelCodec::decode(bytes({255}))));
        QVERIFY(!ChannelCodec::closedChannel(*ChannelCodec::decode(bytes({255, 0, 0}))));
        QVERIFY(!ChannelCodec::closedChannel(*ChannelCodec::decode(bytes({0, 0}))));
    }

    void resizeIsTheKubeletsTerminalSize()
    {
        const QByteArray frame = ChannelCodec::resizeFrame(120, 40);
        QCOMPARE(frame, QByteArray("\x04{\"Width\":120,\"Height\":40}"));
        const QJsonObject size = QJsonDocument::fromJson(frame.mid(1)).object();
        QCOMPARE(size.value(u"Width"_s).toInt(), 120);
        QCOMPARE(size.value(u"Height"_s).toInt(), 40);
        // uint16 on the server: out-of-range sizes are clamped rather than sent as numbers it rejects.
        QCOMPARE(ChannelCodec::resizeFrame(-5, 70000), QByteArray("\x04{\"Width\":0,\"Height\":65535}"));
    }

    void describesFramesForLogs()
    {
        QCOMPARE(ChannelCodec::describe("\x01hi\r\n"), u"ch=1 len=4 \"hi\\r\\n\""_s);
        QCOMPARE(ChannelCodec::describe(bytes({0, 0x90, 0x1f})), u"ch=0 len=2 90 1f"_s);
        QCOMPARE(ChannelCodec::describe({}), u"(empty message)"_s);
        QCOMPARE(ChannelCodec::describe("\x01"
                                        "abcdef",
                                        3),
                 u"ch=1 len=6 \"abc\"…"_s);
    }

    // What the kubelet sends for ?ports=8080&ports=9901: [ch, lo, hi] first on every channel, then payload.
    void portForwardStripsTheAnnouncements()
    {
        PortForwardDecoder decoder({8080, 9901});
        QVERIFY(!decoder.isAnnounced(0));
        QCOMPARE(PortForwardDecoder::announcement(0, 8080), bytes({0, 0x90, 0x1f}));

        auto chunk = decoder.decode(bytes({0, 0x90, 0x1f}));
        QVERIFY(chunk.ok());
        QCOMPARE(chunk->kind, PortForwardDecoder::Chunk::Kind::Data);
        QCOMPARE(chunk->portIndex, 0);
        QVERIFY(chunk->bytes.isEmpty());
        QVERIFY(decoder.isAnnounced(0));
        QVERIFY(decoder.decode(bytes({1, 0x90, 0x1f})).ok());

        // After the announcement, the same two bytes are data.
        chunk = decoder.decode(bytes({0, 0x90, 0x1f}));
        QVERIFY(chunk.ok());
        QCOMPARE(chunk->bytes, bytes({0x90, 0x1f}));

        chunk = decoder.decode("\x01lost connection to pod");
        QVERIFY(chunk.ok());
        QCOMPARE(chunk->kind, PortForwardDecoder::Chunk::Kind::Error);
        QCOMPARE(chunk->bytes, QByteArray("lost connection to pod"));

        // The second port's data channel: 9901 = 0x26ad, with data in the same message.
        chunk = decoder.decode(QByteArray("\x02\xad\x26"
                                          "GET"));
        QVERIFY(chunk.ok());
        QCOMPARE(chunk->portIndex, 1);
        QCOMPARE(chunk->bytes, QByteArray("GET"));

        QCOMPARE(PortForwardDecoder::encodeData(1, "hi"), QByteArray("\x02hi"));
    }

    void portForwardRefusesWhatItDidNotAskFor()
    {
        PortForwardDecoder decoder({8080});
        QVERIFY(!decoder.decode({}).ok());
        QVERIFY(!decoder.decode(bytes({2, 0x90, 0x1f})).ok()); // no third channel for one port
        QVERIFY(!decoder.decode(bytes({0, 0x90})).ok()); // a short announcement
        const auto wrong = decoder.decode(bytes({0, 0x91, 0x1f}));
        QVERIFY(!wrong.ok());
        QVERIFY2(wrong.error().message().contains(u"8081"_s), qPrintable(wrong.error().message()));
        QVERIFY(!decoder.isAnnounced(0));
    }

    // Success from the apiserver's v5 translation: exactly what the real cluster sends.
    void successStatusIsExitZero()
    {
        const ExecResult result = ExecResult::fromStatus(R"({"metadata":{},"status":"Success"})");
        QCOMPARE(result.exitCode, std::optional<int>(0));
        QVERIFY(result.succeeded());
        QVERIFY(!result.error);
    }

    // A real kubelet: reason NonZeroExitCode, the code as the message of an ExitCode cause.
    void kubeletNonZeroExitCode()
    {
        const ExecResult result = ExecResult::fromStatus(
            R"({"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"42"}]}})");
        QCOMPARE(result.exitCode, std::optional<int>(42)); // the cause wins over the words
        QVERIFY(!result.error);
        QCOMPARE(result.message, u"The command exited with code 42."_s);
    }

    // kwok, as measured: a 500 InternalError whose message ends in "exit status N".
    void kwokNonZeroExitCode()
    {
        const ExecResult result = ExecResult::fromStatus(
            R"({"metadata":{},"status":"Failure","message":"Internal error occurred: Internal error occurred: error executing command in container: cmd wait: sh -c echo before; exit 3: exit status 3","reason":"InternalError","details":{"causes":[{"message":"Internal error occurred: error executing command in container: cmd wait: sh -c echo before; exit 3: exit status 3"}]},"code":500})");
        QCOMPARE(result.exitCode, std::optional<int>(3));
        QVERIFY(!result.error);
        QVERIFY(!result.commandNotFound);
    }

    // A number inside the command line is not an exit code.
    void exitCodeOnlyAtTheEnd()
    {
        const ExecResult result = ExecResult::fromStatus(
            R"({"status":"Failure","message":"cmd start: sh -c 'echo exit status 9; x': broken pipe","reason":"InternalError","code":500})");
        QVERIFY(!result.exitCode);
        QVERIFY(result.error);
        QCOMPARE(result.error->status().code, 500);
        QCOMPARE(result.message, u"cmd start: sh -c 'echo exit status 9; x': broken pipe"_s);
    }

    // kwok (and runc) for a binary that is not there: shell detection moves on.
    void missingBinaryIsCommandNotFound()
    {
        // Not a raw string: moc 6.4 reads \" inside one as an escape, and then finds no class in the file.
        const ExecResult result = ExecResult::fromStatus(
            "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"Internal error occurred: Internal error occurred: "
            "error executing command in container: cmd start: bash : exec: \\\"bash\\\": executable file not found in "
            "$PATH\",\"reason\":\"InternalError\",\"code\":500}");
        QVERIFY(result.commandNotFound);
        QVERIFY(!result.exitCode);
        QVERIFY(result.error);
        QCOMPARE(result.error->kind(), Error::Kind::Api);
    }

    void unreadableStatusKeepsTheServersWords()
    {
        const ExecResult text = ExecResult::fromStatus("container not running");
        QVERIFY(text.error);
        QCOMPARE(text.error->kind(), Error::Kind::Parse);
        QVERIFY(text.message.contains(u"container not running"_s));
        QVERIFY(!ExecResult::fromStatus({}).exitCode);
    }
};

QTEST_GUILESS_MAIN(ChannelCodecTest)
#include "tst_channelcodec.moc"
