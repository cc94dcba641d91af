#include "jsonpointer.h"

using namespace Qt::StringLiterals;

namespace binnacle {

QString JsonPointer::escape(const QString &token)
{
    if (!token.contains(u'~') && !token.contains(u'/'))
        return token;
    QString escaped = token;
    escaped.replace(u"~"_s, u"~0"_s);
    escaped.replace(u"/"_s, u"~1"_s);
    return escaped;
}

QString JsonPointer::unescape(const QString &token)
{
    if (!token.contains(u'~'))
        return token;
    // "~1" first would turn "~01" into "/" instead of "~1": RFC 6901 section 4 fixes this order.
    QString unescaped = token;
    unescaped.replace(u"~1"_s, u"/"_s);
    unescaped.replace(u"~0"_s, u"~"_s);
    return unescaped;
}

Result<QStringList> JsonPointer::parse(const QString &pointer)
{
    if (pointer.isEmpty())
        return QStringList();
    if (!pointer.startsWith(u'/'))
        return Error::config(u"JSON pointer \"%1\" must be empty or start with \"/\""_s.arg(pointer));
    QStringList tokens = pointer.sliced(1).split(u'/');
    for (QString &token : tokens) {
        for (qsizetype i = 0; i < token.size(); ++i) {
            if (token.at(i) == u'~' && (i + 1 == token.size() || (token.at(i + 1) != u'0' && token.at(i + 1) != u'1')))
                return Error::config(u"JSON pointer \"%1\" has a \"~\" that is not followed by 0 or 1"_s.arg(pointer));
        }
        token = unescape(token);
    }
    return tokens;
}

qsizetype JsonPointer::arrayIndex(const QString &token)
{
    if (token.isEmpty() || token.size() > 15 || (token.size() > 1 && token.at(0) == u'0'))
        return -1;
    qsizetype index = 0;
    for (QChar c : token) {
        if (c < u'0' || c > u'9')
            return -1;
        index = index * 10 + (c.unicode() - u'0');
    }
    return index;
}

} // namespace binnacle
