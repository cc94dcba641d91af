#include "apiresource.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {
QString segment(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}
} // namespace

QString ApiResource::collectionPath(const QString &namespaceName) const
{
    QString path = group.isEmpty() ? QString(u"/api/"_s + version) : QString(u"/apis/"_s + group + u'/' + version);
    if (namespaced && !namespaceName.isEmpty())
        path += u"/namespaces/"_s + segment(namespaceName);
    return path + u'/' + resource;
}

QString ApiResource::objectPath(const QString &namespaceName, const QString &name, const QString &subresource) const
{
    QString path = collectionPath(namespaceName) + u'/' + segment(name);
    if (!subresource.isEmpty())
        path += u'/' + subresource;
    return path;
}

} // namespace binnacle
