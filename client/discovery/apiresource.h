#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace binnacle {

// One kind of resource the server serves, as discovery describes it.
struct ApiResource
{
    QString group; // "" for the core group
    QString version; // "v1"
    QString resource; // plural, as in URLs: "deployments"
    QString singular; // "deployment"
    QString kind; // "Deployment"
    bool namespaced = false;
    QStringList verbs;
    QStringList shortNames;
    QStringList categories;
    QStringList subresources; // "status", "scale", "log", "exec", ...
    bool preferredVersion = true;

    QString groupVersion() const { return group.isEmpty() ? version : QString(group + u'/' + version); }
    // "deployments.apps", or "pods" for the core group: what kubectl prints and accepts.
    QString qualifiedName() const { return group.isEmpty() ? resource : QString(resource + u'.' + group); }
    bool supports(const QString &verb) const { return verbs.contains(verb); }
    bool isWatchable() const { return supports(QStringLiteral("list")) && supports(QStringLiteral("watch")); }

    // URL paths: /api/v1/namespaces/NS/pods/NAME/log, /apis/apps/v1/deployments, ...
    QString collectionPath(const QString &namespaceName = {}) const;
    QString objectPath(const QString &namespaceName, const QString &name, const QString &subresource = {}) const;

    bool operator==(const ApiResource &other) const = default;
};

} // namespace binnacle

Q_DECLARE_METATYPE(binnacle::ApiResource)
