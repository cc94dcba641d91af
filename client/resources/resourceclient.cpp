#include "resourceclient.h"

#include "client/transport/clusterconnection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>

#include <memory>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

Result<QJsonObject> parseObject(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return Error(Error::Kind::Parse, u"the server's answer is not a JSON object: %1"_s.arg(error.errorString()));
    return document.object();
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

const char *const TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

// The state of one paged LIST, shared by the callbacks of its pages.
struct ListRun
{
    ClusterConnection *connection;
    QString path;
    QUrlQuery baseQuery;
    QPointer<QObject> context;
    ResourceClient::ListCallback done;
    ObjectList result;
    bool restarted = false;
};

void fetchPage(const std::shared_ptr<ListRun> &run, const QString &continueToken)
{
    if (!run->context)
        return;
    QUrlQuery query = run->baseQuery;
    if (!continueToken.isEmpty())
        query.addQueryItem(u"continue"_s, continueToken);
    run->connection->request(ApiCall::get(run->path, query), run->context, [run](const Result<ApiResponse> &reply) {
        if (!reply) {
            if (reply.error().isGone() && !run->restarted) {
                // The continue token expired (the list took longer than the server keeps it): start over once.
                run->restarted = true;
                run->result = {};
                fetchPage(run, {});
                return;
            }
            run->done(reply.error());
            return;
        }
        Result<QJsonObject> page = parseObject(reply->body);
        if (!page) {
            run->done(page.error());
            return;
        }
        const QJsonObject metadata = page->value(u"metadata"_s).toObject();
        run->result.kind = page->value(u"kind"_s).toString();
        run->result.resourceVersion = metadata.value(u"resourceVersion"_s).toString();
        run->result.warnings += reply->warnings;
        ++run->result.pages;
        for (const QJsonValue &item : page->value(u"items"_s).toArray())
            run->result.items.append(item.toObject());
        const QString next = metadata.value(u"continue"_s).toString();
        if (next.isEmpty())
            run->done(std::move(run->result));
        else
            fetchPage(run, next);
    });
}

} // namespace

ResourceClient::ResourceClient(ClusterConnection *connection)
    : m_connection(connection)
{ }

QByteArray ResourceClient::contentType(PatchType type)
{
    switch (type) {
    case PatchType::Json:
        return "application/json-patch+json";
    case PatchType::Merge:
        return "application/merge-patch+json";
    case PatchType::StrategicMerge:
        return "application/strategic-merge-patch+json";
    case PatchType::Apply:
        return "application/apply-patch+yaml";
    }
    return {};
}

void ResourceClient::send(const QByteArray &verb, const QString &path, const QUrlQuery &query, const QByteArray &body,
                          const QByteArray &contentType, QObject *context, ObjectCallback done) const
{
    ApiCall call;
    call.verb = verb;
    call.path = path;
    call.query = query;
    call.body = body;
    call.contentType = contentType;
    requestObject(std::move(call), context, std::move(done));
}

void ResourceClient::requestObject(ApiCall call, QObject *context, ObjectCallback done) const
{
    m_connection->request(std::move(call), context, [done = std::move(done)](const Result<ApiResponse> &reply) {
        if (!reply) {
            done(reply.error());
            return;
        }
        Result<QJsonObject> object = parseObject(reply->body);
        if (!object) {
            done(object.error());
            return;
        }
        done(ObjectReply {object.value(), reply->warnings});
    });
}

void ResourceClient::get(const ApiResource &resource, const QString &ns, const QString &name, QObject *context,
                         ObjectCallback done) const
{
    send("GET", resource.objectPath(ns, name), {}, {}, {}, context, std::move(done));
}

void ResourceClient::list(const ApiResource &resource, const QString &ns, const ListOptions &options, QObject *context,
                          ListCallback done) const
{
    auto run = std::make_shared<ListRun>();
    run->connection = m_connection;
    run->path = resource.collectionPath(ns);
    options.addTo(run->baseQuery);
    run->context = context;
    run->done = std::move(done);
    fetchPage(run, {});
}

void ResourceClient::create(const ApiResource &resource, const QString &ns, const QJsonObject &object,
                            const WriteOptions &options, QObject *context, ObjectCallback done) const
{
    QUrlQuery query;
    options.addTo(query);
    send("POST", resource.collectionPath(ns), query, compact(object), "application/json", context, std::move(done));
}

void ResourceClient::replace(const ApiResource &resource, const QString &ns, const QJsonObject &object,
                             const WriteOptions &options, QObject *context, ObjectCallback done) const
{
    QUrlQuery query;
    options.addTo(query);
    const QString name = object.value(u"metadata"_s).toObject().value(u"name"_s).toString();
    send("PUT", resource.objectPath(ns, name), query, compact(object), "application/json", context, std::move(done));
}

void ResourceClient::patch(const ApiResource &resource, const QString &ns, const QString &name, PatchType type,
                           const QByteArray &patch, const WriteOptions &options, QObject *context,
                           ObjectCallback done) const
{
    QUrlQuery query;
    options.addTo(query, &type);
    send("PATCH", resource.objectPath(ns, name, options.subresource), query, patch, contentType(type), context,
         std::move(done));
}

void ResourceClient::remove(const ApiResource &resource, const QString &ns, const QString &name,
                            const DeleteOptions &options, QObject *context, ObjectCallback done) const
{
    send("DELETE", resource.objectPath(ns, name), {}, options.toJson(), "application/json", context, std::move(done));
}

void ResourceClient::table(const ApiResource &resource, const QString &ns, const ListOptions &options, QObject *context,
                           TableCallback done) const
{
    QUrlQuery query;
    options.addTo(query);
    query.addQueryItem(u"includeObject"_s, u"Metadata"_s);
    ApiCall call = ApiCall::get(resource.collectionPath(ns), query);
    call.accept = QByteArray(TableAccept);
    requestObject(std::move(call), context, [done = std::move(done)](const Result<ObjectReply> &reply) {
        if (reply)
            done(Table::fromJson(reply->object));
        else
            done(reply.error());
    });
}

} // namespace binnacle
