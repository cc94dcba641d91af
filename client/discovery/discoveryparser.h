#pragma once

#include "client/core/result.h"
#include "client/discovery/apiresource.h"

namespace binnacle {

// Reads discovery documents: aggregated (apidiscovery.k8s.io/v2 APIGroupDiscoveryList) and the legacy
// APIVersions / APIGroupList / APIResourceList. Pure functions, so they are tested without a server.
class DiscoveryParser final
{
public:
    static Result<QList<ApiResource>> parseAggregated(const QByteArray &body);

    // Legacy: the group versions to fetch, preferred first within each group ("v1", "apps/v1", ...), and
    // which of them are preferred.
    struct GroupVersion
    {
        QString groupVersion;
        bool preferred = false;
    };
    static Result<QList<GroupVersion>> parseLegacyGroups(const QByteArray &body);
    static Result<QList<ApiResource>> parseResourceList(const QByteArray &body, bool preferred);
};

} // namespace binnacle
