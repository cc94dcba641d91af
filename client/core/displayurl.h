#pragma once

#include <QString>
#include <QUrl>

namespace binnacle {

// A URL as Binnacle shows and logs it: without the user info (user:password@) that a kubeconfig's server or
// proxy-url may carry. Whatever is not a URL with user info is shown as it is.
inline QString displayUrl(const QUrl &url)
{
    return url.toString(QUrl::RemoveUserInfo);
}

inline QString displayUrl(const QString &url)
{
    const QUrl parsed(url);
    if (!parsed.userInfo().isEmpty())
        return parsed.toString(QUrl::RemoveUserInfo);
    const qsizetype at = url.indexOf(u'@');
    return at >= 0 && url.left(at).contains(u':') ? QStringLiteral("…@") + url.mid(at + 1)
                                                  : url; // unparsable, but maybe a password
}

} // namespace binnacle
