// Feeds arbitrary bytes to the watch-stream decoder twice: whole, and cut into chunks at points derived from the
// input (the network splits a stream at any byte, inside a line, a UTF-8 sequence or an escape). Both must decode the
// same events and count the same malformed lines; each event's object then becomes a cache record (or, for an
// ERROR event, a Status).
#include "client/core/apistatus.h"
#include "client/resources/table.h"
#include "client/watch/watchdecoder.h"
#include "fuzzchecks.h"

#include <cstddef>
#include <cstdint>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

struct Decoded
{
    QList<WatchEvent> events;
    int malformed = 0;
};

// The final "\n" ends a last line the stream left open, as the reflector's end of stream does not: what matters here
// is that both feeds agree on it.
Decoded decodeWhole(const QByteArray &stream)
{
    WatchDecoder decoder;
    Decoded out;
    out.events = decoder.feed(stream);
    out.events += decoder.feed("\n");
    out.malformed = decoder.malformedLines();
    return out;
}

Decoded decodeInChunks(const QByteArray &stream)
{
    WatchDecoder decoder;
    Decoded out;
    // A small linear congruential generator seeded by the input: chunk sizes of 0 to 63 bytes, reproducible.
    quint32 state = 2166136261u ^ quint32(stream.size());
    for (const char c : stream)
        state = (state ^ quint8(c)) * 16777619u;
    for (qsizetype at = 0; at < stream.size();) {
        state = state * 1664525u + 1013904223u;
        const qsizetype length = std::min<qsizetype>((state >> 24) % 64, stream.size() - at);
        out.events += decoder.feed(stream.mid(at, length));
        at += length;
    }
    out.events += decoder.feed("\n");
    out.malformed = decoder.malformedLines();
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray stream(reinterpret_cast<const char *>(data), qsizetype(size));
    const Decoded whole = decodeWhole(stream);
    const Decoded chunked = decodeInChunks(stream);
    fuzz::require(whole.malformed == chunked.malformed, "chunking does not change the malformed count");
    fuzz::require(whole.events.size() == chunked.events.size(), "chunking does not change the events");
    for (qsizetype i = 0; i < whole.events.size(); ++i) {
        const WatchEvent &a = whole.events.at(i);
        const WatchEvent &b = chunked.events.at(i);
        fuzz::require(a.type == b.type && a.object == b.object, "chunking does not change an event");
    }
    for (const WatchEvent &event : whole.events) {
        if (event.type == WatchEvent::Type::Error) { // the object is a metav1.Status ("too old", ...)
            (void)ApiStatus::fromJson(event.object).isEmpty();
            continue;
        }
        // In Table mode an event's object is a one-row Table, else the object itself.
        if (event.object.value(u"kind"_s).toString() == u"Table") {
            if (const Result<Table> table = Table::fromJson(event.object); table) {
                for (const TableRow &row : table->rows)
                    fuzz::checkRecord(row.object.value(u"metadata"_s).toObject());
            }
        } else {
            fuzz::checkRecord(event.object.value(u"metadata"_s).toObject());
        }
    }
    return 0;
}
