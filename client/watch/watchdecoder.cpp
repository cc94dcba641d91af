#include "watchdecoder.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace binnacle {

WatchEvent::Type WatchDecoder::typeFromString(QStringView type)
{
    if (type == u"ADDED")
        return WatchEvent::Type::Added;
    if (type == u"MODIFIED")
        return WatchEvent::Type::Modified;
    if (type == u"DELETED")
        return WatchEvent::Type::Deleted;
    if (type == u"BOOKMARK")
        return WatchEvent::Type::Bookmark;
    if (type == u"ERROR")
        return WatchEvent::Type::Error;
    return WatchEvent::Type::Unknown;
}

QList<WatchEvent> WatchDecoder::feed(const QByteArray &chunk)
{
    m_buffer += chunk;
    QList<WatchEvent> events;
    qsizetype start = 0;
    for (qsizetype newline = m_buffer.indexOf('\n'); newline >= 0; newline = m_buffer.indexOf('\n', start)) {
        const QByteArray line = m_buffer.mid(start, newline - start).trimmed();
        start = newline + 1;
        if (line.isEmpty())
            continue;
        const QJsonObject json = QJsonDocument::fromJson(line).object();
        if (json.isEmpty()) {
            ++m_malformed;
            m_lastMalformed = line.left(200);
            continue;
        }
        events.append({typeFromString(json.value(u"type"_s).toString()), json.value(u"object"_s).toObject()});
    }
    m_buffer.remove(0, start);
    return events;
}

} // namespace binnacle
