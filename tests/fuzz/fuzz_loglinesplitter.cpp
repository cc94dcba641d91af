// Feeds arbitrary bytes to the log line splitter twice: whole, and cut into chunks at points derived from the input
// (the network splits a stream at any byte, inside a timestamp too). Both must give the same lines and timestamps;
// the lines joined with newlines must be the input less the timestamp prefixes that were stripped (nothing else
// lost, nothing added); a stripped prefix must be a timestamp and a space, and every timestamp must survive
// formatting as sinceTime and parsing back.
#include "client/logs/loglinesplitter.h"
#include "fuzzchecks.h"

#include <cstddef>
#include <cstdint>

using namespace binnacle;

namespace {

LogBatch splitWhole(const QByteArray &stream)
{
    LogLineSplitter splitter;
    LogBatch batch;
    splitter.feed(stream, batch);
    splitter.finish(batch);
    return batch;
}

LogBatch splitInChunks(const QByteArray &stream)
{
    LogLineSplitter splitter;
    LogBatch batch;
    // A small linear congruential generator seeded by the input: chunk sizes of 0 to 63 bytes, reproducible.
    quint32 state = 2166136261u ^ quint32(stream.size());
    for (const char c : stream)
        state = (state ^ quint8(c)) * 16777619u;
    for (qsizetype at = 0; at < stream.size();) {
        state = state * 1664525u + 1013904223u;
        const qsizetype length = std::min<qsizetype>((state >> 24) % 64, stream.size() - at);
        splitter.feed(QByteArrayView(stream).sliced(at, length), batch);
        at += length;
    }
    splitter.finish(batch);
    return batch;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray stream(reinterpret_cast<const char *>(data), qsizetype(size));
    const LogBatch whole = splitWhole(stream);
    const LogBatch chunked = splitInChunks(stream);
    fuzz::require(whole.text == chunked.text && whole.ends == chunked.ends, "chunking does not change the lines");
    fuzz::require(whole.timestampsNs == chunked.timestampsNs, "chunking does not change the timestamps");
    fuzz::require(whole.ends.size() == whole.timestampsNs.size(), "one timestamp per line");

    // Walk the input line by line beside the batch: each input line is its prefix (if any) and the batch's line.
    const QList<QByteArray> inputLines = stream.split('\n');
    // split() gives a last, empty piece after a final newline: that is no line.
    const qsizetype expected = stream.endsWith('\n') || stream.isEmpty() ? inputLines.size() - 1 : inputLines.size();
    fuzz::require(whole.lineCount() == expected, "one line per newline, and one for an unterminated end");
    LogLineSplitter parser;
    for (qsizetype i = 0; i < whole.lineCount(); ++i) {
        const QByteArrayView line = whole.line(i);
        const QByteArray &input = inputLines.at(i);
        fuzz::require(input.endsWith(line), "a line is the end of its input line");
        const QByteArrayView prefix = QByteArrayView(input).first(input.size() - line.size());
        if (prefix.isEmpty()) {
            fuzz::require(whole.timestampsNs.at(i) == 0, "no prefix, no timestamp");
            continue;
        }
        const auto parsed = parser.parsePrefix(input);
        fuzz::require(parsed && parsed->prefixLength == prefix.size(), "only a timestamp prefix is stripped");
        fuzz::require(parsed->nanoseconds == whole.timestampsNs.at(i), "the prefix's timestamp is the line's");
        const QByteArray formatted = LogLineSplitter::formatTimestamp(parsed->nanoseconds) + ' ';
        const auto again = parser.parsePrefix(formatted);
        fuzz::require(again && again->nanoseconds == parsed->nanoseconds, "a timestamp survives sinceTime");
    }
    return 0;
}
