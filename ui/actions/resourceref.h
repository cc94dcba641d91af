#pragma once

#include "client/discovery/apiresource.h"

#include <QList>
#include <QPointer>
#include <QString>

namespace binnacle {

class ClusterSession;

// One selected object, as the actions need it: which cluster, which kind, where, and which incarnation (the UID a
// delete sends as its precondition, so that an object recreated meanwhile under the same name is left alone).
struct ResourceRef
{
    QPointer<ClusterSession> session;
    ApiResource resource;
    QString namespaceName; // empty for cluster-scoped objects
    QString name;
    QString uid;

    // "Deployment shop/frontend", "Node kwok-node-0": how dialogs name it.
    QString displayName() const
    {
        return resource.kind + u' ' + (namespaceName.isEmpty() ? name : namespaceName + u'/' + name);
    }
};

} // namespace binnacle
