// Feeds arbitrary bytes to the three discovery parsers (aggregated APIGroupDiscoveryList, legacy APIVersions /
// APIGroupList, APIResourceList) and puts what they read into a RestMapper, looking each resource up as a person or
// a manifest would: nothing may crash, and a resource is always found again by its own group, version and kind.
#include "client/discovery/discoveryparser.h"
#include "client/discovery/restmapper.h"
#include "fuzzchecks.h"

#include <cstddef>
#include <cstdint>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

void lookUpEach(const QList<ApiResource> &resources)
{
    const RestMapper mapper(resources);
    (void)mapper.preferredResources();
    for (const ApiResource &resource : resources) {
        (void)mapper.find(resource.resource);
        (void)mapper.find(resource.qualifiedName());
        (void)mapper.find(resource.kind + u'.' + resource.version + u'.' + resource.group);
        for (const QString &shortName : resource.shortNames)
            (void)mapper.find(shortName);
        for (const QString &category : resource.categories)
            (void)mapper.inCategory(category);
        const std::optional<ApiResource> byKind = mapper.forApiVersionKind(resource.groupVersion(), resource.kind);
        // An apiVersion is split at its first slash, so a group (or a core version) holding one cannot round-trip.
        if (!resource.group.contains(u'/') && !(resource.group.isEmpty() && resource.version.contains(u'/')))
            fuzz::require(byKind && byKind->kind == resource.kind && byKind->group == resource.group,
                          "a resource is found by its apiVersion and kind");
        (void)resource.collectionPath(u"ns"_s);
        (void)resource.objectPath(u"ns"_s, u"name"_s, resource.subresources.value(0));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));

    if (const Result<QList<ApiResource>> aggregated = DiscoveryParser::parseAggregated(body); aggregated)
        lookUpEach(aggregated.value());
    else
        (void)aggregated.error().toString();

    if (const Result<QList<DiscoveryParser::GroupVersion>> groups = DiscoveryParser::parseLegacyGroups(body); groups) {
        for (const DiscoveryParser::GroupVersion &gv : groups.value())
            (void)gv.groupVersion.size();
    }

    for (const bool preferred : {true, false}) {
        const Result<QList<ApiResource>> list = DiscoveryParser::parseResourceList(body, preferred);
        if (!list)
            continue;
        for (const ApiResource &resource : list.value()) {
            fuzz::require(resource.preferredVersion == preferred, "the list's preference is every resource's");
            fuzz::require(resource.resource.indexOf(u'/') <= 0, "subresources are not resources");
        }
        lookUpEach(list.value());
    }
    return 0;
}
