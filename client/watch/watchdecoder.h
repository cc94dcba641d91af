#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>

namespace binnacle {

struct WatchEvent
{
    enum class Type { Added, Modified, Deleted, Bookmark, Error, Unknown };
    Type type = Type::Unknown;
    QJsonObject object;
};

// Splits a watch stream (one JSON object per line, lines split across chunks at any byte) into events.
class WatchDecoder final
{
public:
    QList<WatchEvent> feed(const QByteArray &chunk);
    void reset() { m_buffer.clear(); }
    int malformedLines() const { return m_malformed; }
    const QByteArray &lastMalformedLine() const { return m_lastMalformed; }

    static WatchEvent::Type typeFromString(QStringView type);

private:
    QByteArray m_buffer;
    int m_malformed = 0;
    QByteArray m_lastMalformed; // at most its first bytes
};

} // namespace binnacle
