#pragma once

#include "client/core/result.h"
#include "client/discovery/apiresource.h"
#include "client/resources/resourceoptions.h"
#include "client/resources/table.h"
#include "client/transport/apicall.h"

#include <functional>

class QObject;

namespace binnacle {

class ClusterConnection;

// The dynamic client: any resource, by its ApiResource from discovery. Every call is asynchronous and hands
// its outcome to a callback that runs only while `context` is alive (destroying `context` aborts the call).
// Failures are Errors carrying the server's Status.
class ResourceClient final
{
public:
    explicit ResourceClient(ClusterConnection *connection);

    using ObjectCallback = std::function<void(const Result<ObjectReply> &)>;
    using ListCallback = std::function<void(const Result<ObjectList> &)>;
    using TableCallback = std::function<void(const Result<Table> &)>;

    void get(const ApiResource &resource, const QString &ns, const QString &name, QObject *context,
             ObjectCallback done) const;
    // Pages through the whole collection (limit/continue); restarts once if a continue token expires (410).
    void list(const ApiResource &resource, const QString &ns, const ListOptions &options, QObject *context,
              ListCallback done) const;
    void create(const ApiResource &resource, const QString &ns, const QJsonObject &object, const WriteOptions &options,
                QObject *context, ObjectCallback done) const;
    void replace(const ApiResource &resource, const QString &ns, const QJsonObject &object, const WriteOptions &options,
                 QObject *context, ObjectCallback done) const;
    void patch(const ApiResource &resource, const QString &ns, const QString &name, PatchType type,
               const QByteArray &patch, const WriteOptions &options, QObject *context, ObjectCallback done) const;
    void remove(const ApiResource &resource, const QString &ns, const QString &name, const DeleteOptions &options,
                QObject *context, ObjectCallback done) const;

    // Server-side Table rows (as=Table) with metadata objects: the columns `kubectl get` prints.
    void table(const ApiResource &resource, const QString &ns, const ListOptions &options, QObject *context,
               TableCallback done) const;

    static QByteArray contentType(PatchType type);

private:
    void send(const QByteArray &verb, const QString &path, const QUrlQuery &query, const QByteArray &body,
              const QByteArray &contentType, QObject *context, ObjectCallback done) const;

    void requestObject(ApiCall call, QObject *context, ObjectCallback done) const;

    ClusterConnection *m_connection;
};

} // namespace binnacle
