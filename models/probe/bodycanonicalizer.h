#pragma once

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace binnacle {

// The form in which the replica probe compares two bodies. Pods that serve the same data rarely send the same
// bytes: JSON key order, whitespace and per-pod fields (a timestamp, the pod's own name) differ. A JSON body
// (object or array) is compared as its compact serialization with the user's "volatile" fields removed — QJsonObject
// keeps keys sorted, so order and whitespace drop out; anything else is compared as its bytes, trailing whitespace
// aside (one server ends with a newline, another does not).
class BodyCanonicalizer final
{
public:
    // Each exclusion starting with '/' is a JSON pointer (RFC 6901, "~0" for '~', "~1" for '/') from the document's
    // root, e.g. "/meta/time" or "/items/0/id"; any other is a key name removed at every depth, e.g. "timestamp".
    // Blank entries are ignored.
    explicit BodyCanonicalizer(const QStringList &exclusions = {});

    struct Form
    {
        bool json = false;
        QByteArray canonical; // what answers are grouped by
        QString pretty; // for a line diff: indented JSON with sorted keys, or the text itself
        QString hash; // hashOf(canonical)
    };
    Form canonicalize(const QByteArray &body) const;

    // The first 12 hex digits of the SHA-256 of `canonical`: short enough for a table column, long enough that two
    // different bodies among a few hundred pods do not share one.
    static QString hashOf(const QByteArray &canonical);

private:
    QSet<QString> m_keys;
    QList<QStringList> m_pointers; // unescaped reference tokens
};

} // namespace binnacle
