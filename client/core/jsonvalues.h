#pragma once

#include <QJsonArray>
#include <QJsonValue>
#include <QStringList>

namespace binnacle {

// A JSON array of strings (verbs, short names, categories, ...) as a QStringList; anything else gives an empty list.
inline QStringList toStringList(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list.append(item.toString());
    return list;
}

} // namespace binnacle
