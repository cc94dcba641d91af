#pragma once

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

namespace binnacle {

// The order in which a YAML text listed the keys of each of its mappings. QJsonObject keeps keys sorted, so a
// document read from YAML, edited as JSON and written back would otherwise come out in alphabetical order; this
// remembers the original order so that the user finds their document the way they wrote it.
//
// Objects are named by JSON Pointer. Objects inside arrays are also remembered under a pattern whose array indices
// are "*" ("/spec/containers/*/ports/*"), so that an element added to a list is written like its siblings.
class KeyOrder final
{
public:
    // Where an object sits: its JSON Pointer and the same pointer with array indices replaced by "*".
    struct Path
    {
        QString pointer;
        QString pattern;

        Path member(const QString &key) const;
        Path element(qsizetype index) const;
    };

    // Keys sorted plainly at every level, as `kubectl get -o yaml` prints an object (Go marshals a map in key
    // order): no conventional ranks, no recorded order.
    static KeyOrder alphabetical();

    bool isEmpty() const { return m_exact.isEmpty(); }

    void record(const Path &path, const QStringList &keys);

    // `keys` in display order: the recorded order first, then keys the text did not have, in conventional order
    // (apiVersion, kind, metadata first and status last at the top level; "name" first elsewhere; the rest sorted).
    // For alphabetical(): just sorted.
    QStringList arrange(const Path &path, QStringList keys) const;

private:
    struct Pattern
    {
        QStringList keys;
        QSet<QString> seen;
    };

    QHash<QString, QStringList> m_exact;
    QHash<QString, Pattern> m_pattern;
    bool m_alphabetical = false;
};

} // namespace binnacle
