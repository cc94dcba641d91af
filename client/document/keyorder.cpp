#include "keyorder.h"

#include "jsonpointer.h"

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace binnacle {

KeyOrder::Path KeyOrder::Path::member(const QString &key) const
{
    return {JsonPointer::append(pointer, key), JsonPointer::append(pattern, key)};
}

KeyOrder::Path KeyOrder::Path::element(qsizetype index) const
{
    return {JsonPointer::append(pointer, index), pattern + u"/*"_s};
}

KeyOrder KeyOrder::alphabetical()
{
    KeyOrder order;
    order.m_alphabetical = true;
    return order;
}

void KeyOrder::record(const Path &path, const QStringList &keys)
{
    m_exact.insert(path.pointer, keys);
    if (path.pattern == path.pointer)
        return;
    // Siblings in a list may each have some of the keys: the pattern keeps every key at its first place seen.
    Pattern &known = m_pattern[path.pattern];
    for (const QString &key : keys) {
        if (!known.seen.contains(key)) {
            known.seen.insert(key);
            known.keys.append(key);
        }
    }
}

namespace {

int conventionalRank(bool topLevel, const QString &key)
{
    // kubectl prints these first (and status last); a manifest reads best in that order.
    if (topLevel) {
        if (key == u"apiVersion")
            return 0;
        if (key == u"kind")
            return 1;
        if (key == u"metadata")
            return 2;
        if (key == u"status")
            return 4;
        return 3;
    }
    // "- name: web" says which list element follows.
    return key == u"name" ? 0 : 1;
}

} // namespace

QStringList KeyOrder::arrange(const Path &path, QStringList keys) const
{
    if (m_alphabetical) {
        std::sort(keys.begin(), keys.end());
        return keys;
    }
    const bool topLevel = path.pointer.isEmpty();
    std::sort(keys.begin(), keys.end(), [topLevel](const QString &a, const QString &b) {
        const int ra = conventionalRank(topLevel, a);
        const int rb = conventionalRank(topLevel, b);
        return ra != rb ? ra < rb : a < b;
    });

    const QStringList *recorded = nullptr;
    if (const auto it = m_exact.constFind(path.pointer); it != m_exact.constEnd())
        recorded = &it.value();
    else if (const auto it = m_pattern.constFind(path.pattern); it != m_pattern.constEnd())
        recorded = &it.value().keys;
    if (!recorded)
        return keys;

    const QSet<QString> present(keys.cbegin(), keys.cend());
    QSet<QString> placed;
    QStringList arranged;
    arranged.reserve(keys.size());
    for (const QString &key : *recorded) {
        if (present.contains(key) && !placed.contains(key)) {
            arranged.append(key);
            placed.insert(key);
        }
    }
    for (const QString &key : std::as_const(keys)) {
        if (!placed.contains(key))
            arranged.append(key);
    }
    return arranged;
}

} // namespace binnacle
