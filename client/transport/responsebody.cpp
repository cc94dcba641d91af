#include "responsebody.h"

#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace binnacle {

Result<QJsonObject> ResponseBody::object(const ApiResponse &response, const QString &what)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(response.body, &error);
    if (error.error != QJsonParseError::NoError)
        return unreadable(response, what, u"it is not JSON (%1)"_s.arg(error.errorString()));
    if (!document.isObject())
        return unreadable(response, what, u"it is JSON but not an object"_s);
    return document.object();
}

Result<QJsonObject> ResponseBody::list(const ApiResponse &response)
{
    const QString what = u"list"_s;
    Result<QJsonObject> json = object(response, what);
    if (!json)
        return json;
    const bool isTable = json->value(u"kind"_s).toString() == u"Table";
    if (isTable ? !json->contains(u"rows"_s) : !json->contains(u"items"_s))
        return unreadable(response, what,
                          isTable ? u"it is a Table without rows"_s : u"it is JSON without the list's items"_s);
    return json;
}

Error ResponseBody::unreadable(const ApiResponse &response, const QString &what, const QString &why)
{
    return Error(Error::Kind::Parse,
                 u"the server's answer to a %1 could not be read: %2. It answered %3. A proxy, a login page or "
                 "another server may be answering at this address: check the kubeconfig's server and proxy-url."_s.arg(
                     what, why, describe(response)));
}

QString ResponseBody::describe(const ApiResponse &response)
{
    QStringList facts;
    facts << (response.contentType.isEmpty() ? u"no content type"_s : QString::fromLatin1(response.contentType));
    facts << u"%1 bytes"_s.arg(response.body.size());
    if (!response.location.isEmpty())
        facts << u"redirect to %1"_s.arg(response.location);
    QString text = u"%1 (%2)"_s.arg(response.statusCode).arg(facts.join(u", "_s));
    if (!response.preview.isEmpty())
        text += u": \u201c%1\u201d"_s.arg(response.preview);
    return text;
}

QString ResponseBody::preview(const QByteArray &body, const QList<QByteArray> &secrets, int maxChars)
{
    qsizetype longest = 0;
    for (const QByteArray &secret : secrets)
        longest = qMax(longest, secret.size());
    // Blank the secrets before cutting, so that one crossing the cut leaves no prefix behind.
    QByteArray head = body.left(maxChars * 4 + longest);
    for (const QByteArray &secret : secrets) {
        if (secret.size() >= 4)
            head.replace(secret, "***");
    }
    QString text = QString::fromUtf8(head);
    // An HTML page (a proxy's error, a login form) reads better as its text: "502 Bad Gateway", "Sign in".
    static const QRegularExpression html(uR"re(^\s*(<!doctype|<html|<\?xml|<head|<body))re"_s,
                                         QRegularExpression::CaseInsensitiveOption);
    if (html.match(text).hasMatch()) {
        static const QRegularExpression hidden(uR"re(<(script|style)\b.*?(</\1>|$))re"_s,
                                               QRegularExpression::CaseInsensitiveOption
                                                   | QRegularExpression::DotMatchesEverythingOption);
        static const QRegularExpression tag(uR"re(<[^>]*(>|$))re"_s);
        text.replace(hidden, u" "_s);
        text.replace(tag, u" "_s);
    }
    static const QRegularExpression authorization(uR"re(\b(Authorization|Cookie|Set-Cookie)\s*[:=]\s*[^\r\n]*)re"_s,
                                                  QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression scheme(uR"re(\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+)re"_s,
                                           QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression jwt(uR"re(eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*)re"_s);
    text.replace(authorization, u"\\1: ***"_s);
    text.replace(scheme, u"\\1 ***"_s);
    text.replace(jwt, u"***"_s);
    // One line of printable text.
    for (QChar &c : text) {
        if (!c.isPrint())
            c = u' ';
    }
    text = text.simplified();
    if (text.size() > maxChars)
        text = text.left(maxChars) + u'\u2026';
    return text;
}

} // namespace binnacle
