#pragma once

#include "client/core/error.h"
#include "client/discovery/restmapper.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

namespace binnacle {

class ClusterConnection;

// What a cluster serves: its version and its resources. Uses aggregated discovery (one request for /api, one for
// /apis, revalidated with ETags so a refresh that finds nothing new costs two 304s) and falls back to the legacy
// per-group documents on servers without it. Refresh it to learn about CRDs created since the last time.
class Discovery final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Discovery)

public:
    explicit Discovery(ClusterConnection *connection, QObject *parent = nullptr);

    void refresh();

    bool isReady() const { return !m_mapper.isEmpty(); }
    const RestMapper &mapper() const { return m_mapper; }
    QString serverVersion() const { return m_serverVersion; } // "v1.36.3"
    bool usedAggregatedDiscovery() const { return m_aggregated; }
    qint64 lastRefreshMs() const { return m_lastRefreshMs; }

signals:
    void updated(); // after every successful refresh; `changed` says whether the resources differ
    void resourcesChanged();
    void failed(const binnacle::Error &error);

private:
    struct Root
    {
        QByteArray etag;
        QList<ApiResource> resources;
    };

    void fetchRoot(const QString &path);
    void fetchLegacy(const QString &path);
    void rootDone();
    void finish();
    void fail(const Error &error);

    ClusterConnection *m_connection;
    RestMapper m_mapper;
    QString m_serverVersion;
    QHash<QString, Root> m_roots; // "/api", "/apis"
    QList<ApiResource> m_legacy;
    int m_pending = 0;
    bool m_refreshing = false;
    bool m_aggregated = true;
    std::optional<Error> m_failure;
    std::optional<Error> m_versionFailure; // not a failure of discovery, but may explain one
    QElapsedTimer m_timer;
    qint64 m_lastRefreshMs = 0;
};

} // namespace binnacle
