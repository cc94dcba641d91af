#pragma once

#include "client/core/result.h"

#include <QByteArray>
#include <QHash>
#include <QJsonValue>

namespace binnacle {

// YamlConverter::toJson for an editor that re-reads a large text after every keystroke. A block mapping is read entry
// by entry (a big entry's own mapping too), and each entry's text is remembered with what it meant, so that after a
// one-line edit only the entry holding that line is parsed again: yaml-cpp reads ~20 MB/s, too slow to re-read a
// 1 MB object per edit.
//
// The result is always the one YamlConverter::toJson gives. Whatever the split reading cannot vouch for (an entry
// that does not parse on its own, as with an alias of an anchor elsewhere; a duplicate key; directives, document
// markers, explicit or merge keys at a split level) is read whole by YamlConverter instead, and every error comes
// from that whole reading, with its line and column. Not thread-safe: one instance per editor.
class YamlSections final
{
public:
    Result<QJsonValue> toJson(const QByteArray &yaml);

    // Texts smaller than this are always read whole (it is fast enough).
    static constexpr qsizetype SplitAbove = 32 * 1024;

private:
    QHash<QByteArray, QJsonValue> m_entries; // entry text → its one-member object (from the last call)
};

} // namespace binnacle
