#pragma once

#include "client/core/result.h"

#include <QString>
#include <QStringList>

namespace binnacle {

// RFC 6901 JSON Pointer: "/a~1b/0" names member "a/b", then element 0. The empty pointer names the whole document.
class JsonPointer final
{
public:
    // "~" -> "~0" and "/" -> "~1", in that order, so that "~1" in a key survives as "~01".
    static QString escape(const QString &token);
    static QString unescape(const QString &token);

    // The pointer to `token` inside the value that `parent` points to.
    static QString append(const QString &parent, const QString &token) { return parent + u'/' + escape(token); }
    static QString append(const QString &parent, qsizetype index) { return parent + u'/' + QString::number(index); }

    // The unescaped reference tokens, or an error for a pointer that does not start with "/" or has a bad "~" escape.
    static Result<QStringList> parse(const QString &pointer);

    // The array index a token names: a decimal number without leading zeros, -1 when the token is not one.
    static qsizetype arrayIndex(const QString &token);
};

} // namespace binnacle
