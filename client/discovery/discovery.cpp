#include "discovery.h"

#include "client/discovery/discoveryparser.h"
#include "client/transport/clusterconnection.h"
#include "client/transport/responsebody.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {
const QByteArray AggregatedAccept
    = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";

// A discovery document that could not be read: when it is not even JSON (a login page, a proxy's HTML), say what
// came back instead of what the parser tripped on.
Error unreadable(const Error &parseError, const ApiResponse &response, const QString &path)
{
    const Result<QJsonObject> json = ResponseBody::object(response, u"discovery request (%1)"_s.arg(path));
    return json ? parseError : json.error();
}
} // namespace

Discovery::Discovery(ClusterConnection *connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
{ }

void Discovery::refresh()
{
    if (m_refreshing)
        return;
    m_refreshing = true;
    m_failure.reset();
    m_versionFailure.reset();
    m_legacy.clear();
    m_timer.start();
    m_pending = 3;

    m_connection->request(ApiCall::get(u"/version"_s), this, [this](const Result<ApiResponse> &result) {
        if (result)
            m_serverVersion = QJsonDocument::fromJson(result->body).object().value(u"gitVersion"_s).toString();
        else
            m_versionFailure = result.error();
        rootDone(); // an unreadable /version is not worth failing discovery for
    });
    fetchRoot(u"/api"_s);
    fetchRoot(u"/apis"_s);
}

void Discovery::fetchRoot(const QString &path)
{
    ApiCall call = ApiCall::get(path);
    call.accept = AggregatedAccept;
    if (const auto it = m_roots.constFind(path); it != m_roots.cend() && !it->etag.isEmpty())
        call.headers.append({"If-None-Match", it->etag});

    m_connection->request(call, this, [this, path](const Result<ApiResponse> &result) {
        if (!result) {
            fail(result.error());
            return;
        }
        if (result->statusCode == 304) { // nothing changed since the last refresh
            rootDone();
            return;
        }
        if (result->contentType.contains("APIGroupDiscoveryList")) {
            Result<QList<ApiResource>> resources = DiscoveryParser::parseAggregated(result->body);
            if (!resources) {
                fail(unreadable(resources.error(), result.value(), path));
                return;
            }
            m_roots.insert(path, {result->etag, resources.value()});
            rootDone();
            return;
        }
        // No aggregated discovery: read the group list and fetch each group version's resources.
        m_aggregated = false;
        Result<QList<DiscoveryParser::GroupVersion>> versions = DiscoveryParser::parseLegacyGroups(result->body);
        if (!versions) {
            fail(unreadable(versions.error(), result.value(), path));
            return;
        }
        m_roots.remove(path);
        for (const DiscoveryParser::GroupVersion &gv : versions.value()) {
            ++m_pending;
            const QString gvPath = (path == u"/api" ? u"/api/"_s : u"/apis/"_s) + gv.groupVersion;
            const bool preferred = gv.preferred;
            m_connection->request(ApiCall::get(gvPath), this, [this, preferred](const Result<ApiResponse> &r) {
                if (r) {
                    if (Result<QList<ApiResource>> list = DiscoveryParser::parseResourceList(r->body, preferred))
                        m_legacy += list.value();
                }
                // A broken aggregated API (metrics-server down) must not hide everything else: skip that group.
                rootDone();
            });
        }
        rootDone();
    });
}

void Discovery::rootDone()
{
    if (--m_pending == 0)
        finish();
}

namespace {
// The three first requests go out together. When one is refused (401), the others may fail as a side effect of that
// refusal (Qt stops the HTTP/2 connection's streams): the server's own answer explains more than a connection that
// broke, whichever arrived first.
bool incidental(const Error &error)
{
    return error.kind() == Error::Kind::Network || error.kind() == Error::Kind::Cancelled;
}
} // namespace

void Discovery::fail(const Error &error)
{
    if (!m_failure || (incidental(*m_failure) && !incidental(error)))
        m_failure = error;
    rootDone();
}

void Discovery::finish()
{
    m_refreshing = false;
    m_lastRefreshMs = m_timer.elapsed();
    if (m_failure) {
        if (incidental(*m_failure) && m_versionFailure && !incidental(*m_versionFailure))
            m_failure = m_versionFailure;
        emit failed(*m_failure);
        return;
    }
    QList<ApiResource> all = m_roots.value(u"/api"_s).resources + m_roots.value(u"/apis"_s).resources;
    if (!m_aggregated) {
        // Core group first, as kubectl orders it.
        std::stable_partition(m_legacy.begin(), m_legacy.end(), [](const ApiResource &r) { return r.group.isEmpty(); });
        all += m_legacy;
    }
    const bool changed = all != m_mapper.resources();
    m_mapper = RestMapper(std::move(all));
    emit updated();
    if (changed)
        emit resourcesChanged();
}

} // namespace binnacle
