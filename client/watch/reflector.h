#pragma once

#include "client/core/error.h"
#include "client/discovery/apiresource.h"
#include "client/watch/objectrecord.h"
#include "client/watch/watchdecoder.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

class QTimer;

namespace binnacle {

class ApiReply;
class ClusterConnection;
class ObjectStore;

// Keeps an ObjectStore equal to the server's collection: a paged LIST, then a WATCH from the list's
// resourceVersion with bookmarks. A watch that ends is resumed from the last version seen; "too old" (410, as an
// HTTP status or an ERROR event) relists; failures back off exponentially with jitter (800 ms ×2 up to 30 s, reset
// after two healthy minutes), like client-go.
class Reflector final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Reflector)

public:
    enum class Mode {
        Table,  // server-side Table rows with metadata: the columns kubectl prints, a fraction of the memory
        Full,   // whole objects, for kinds whose spec the UI reads (Services' selectors, ...)
    };

    Reflector(ClusterConnection *connection, ApiResource resource, QString namespaceName, Mode mode,
              ObjectStore *store, QObject *parent = nullptr);
    ~Reflector() override;

    void start();
    void stop();

    bool isSynced() const { return m_synced; }
    QString lastResourceVersion() const { return m_resourceVersion; }
    int relists() const { return m_relists; }
    qint64 lastListMs() const { return m_lastListMs; }
    const std::optional<Error> &lastError() const { return m_lastError; }
    quint64 eventsReceived() const { return m_events; }
    int pageSize() const { return m_pageSize; }
    void setPageSize(int size) { m_pageSize = size; }

signals:
    void synced();                                       // after every successful (re)list
    void columnsChanged(const QList<binnacle::TableColumn> &columns);
    void failed(const binnacle::Error &error);           // a list or watch failed; retrying
    void eventsApplied();                                // the store changed

private:
    void dropRequest();
    void list();
    void fetchPage(const QString &continueToken);
    void watch();
    void onWatchData();
    void onWatchFinished();
    void applyEvent(const WatchEvent &event);
    void retryLater(const Error &error, bool relist);
    QList<ObjectPtr> recordsOf(const QJsonObject &tableOrObject, bool *isTable);
    QByteArray accept() const;

    ClusterConnection *m_connection;
    ApiResource m_resource;
    QString m_namespace;
    Mode m_mode;
    ObjectStore *m_store;

    QPointer<ApiReply> m_request;
    WatchDecoder m_decoder;
    QList<ObjectPtr> m_listed;
    QList<TableColumn> m_columns;
    QString m_resourceVersion;
    QTimer *m_retryTimer;
    QElapsedTimer m_listTimer;
    QElapsedTimer m_watchHealthy;
    int m_backoffMs = 0;
    int m_pageSize = 500;
    int m_relists = 0;
    qint64 m_lastListMs = 0;
    quint64 m_events = 0;
    bool m_synced = false;
    bool m_running = false;
    std::optional<Error> m_lastError;
};

} // namespace binnacle
