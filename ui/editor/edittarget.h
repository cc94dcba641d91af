#pragma once

#include "client/discovery/apiresource.h"

#include <QString>
#include <QVariantMap>

namespace binnacle {

// The object an editor tab edits, by context, resource, namespace and name: what its saved state holds (plain values,
// never the object) and what makes two tabs the same tab.
struct EditTarget
{
    QString context;
    ApiResource resource;
    QString namespaceName;
    QString name;

    static EditTarget fromState(const QVariantMap &state);
    QVariantMap toState() const;
    QString identity() const;
};

} // namespace binnacle
