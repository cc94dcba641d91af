#pragma once

#include "client/core/error.h"
#include "client/discovery/apiresource.h"
#include "client/watch/backoff.h"
#include "client/watch/objectprojection.h"
#include "client/watch/objectrecord.h"
#include "client/watch/watchdecoder.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUrlQuery>

class QTimer;

namespace binnacle {

class ApiReply;
class ClusterConnection;
class ObjectStore;

// Keeps an ObjectStore equal to the server's collection, like client-go's Reflector. The initial state (and every
// relist) comes either from a WatchList stream (a watch with sendInitialEvents: every object as ADDED, then a
// BOOKMARK annotated `k8s.io/initial-events-end`, then ordinary events on the same stream) or from a paged LIST
// followed by a WATCH from the list's resourceVersion. Either way the store is replaced at once when the state is
// complete, so a relist turns into the right adds, updates and deletes. A watch that ends is resumed from the last
// version seen; "too old" (410, as an HTTP status or an ERROR event) relists at once the first time and backs off if it
// comes again before a watch worked; failures back off exponentially with jitter (Backoff: 800 ms ×2 up to 30 s plus
// up to half again, reset after two healthy minutes). A watch that the server ends within a second without a single
// event is a failure too (a server or proxy that closes every watch would otherwise be asked again at once, forever),
// and a line that is not a watch event is counted and forces a relist: the stream can no longer be trusted.
class Reflector final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Reflector)

public:
    enum class Mode {
        Table, // server-side Table rows with metadata: the columns kubectl prints, a fraction of the memory
        Full, // whole objects, for kinds whose spec the UI reads (Services' selectors, ...)
    };

    // How the initial state, and every relist, is fetched.
    enum class ListStrategy {
        Auto, // WatchList; if the server refuses it, PagedList from then on for this reflector
        WatchList, // WatchList only: a refusal is a failure, retried with backoff
        PagedList, // LIST in pages of pageSize(), then WATCH
    };

    // A WatchList stream whose initial events stop for this long without the end bookmark comes from a server that
    // ignores sendInitialEvents (older than 1.27, or a proxy in between): Auto falls back to the paged LIST.
    static constexpr int DefaultInitialEventsTimeoutMs = 15000;

    Reflector(ClusterConnection *connection, ApiResource resource, QString namespaceName, Mode mode, ObjectStore *store,
              QObject *parent = nullptr);
    ~Reflector() override;

    void start();
    void stop();

    bool isSynced() const { return m_synced; }
    QString lastResourceVersion() const { return m_resourceVersion; }
    int relists() const { return m_relists; }
    qint64 lastListMs() const { return m_lastListMs; } // from asking for the state until synced, on either path
    const std::optional<Error> &lastError() const { return m_lastError; }
    quint64 eventsReceived() const { return m_events; } // changes after the initial state, bookmarks included
    quint64 malformedEvents() const { return m_malformed; } // watch lines that were not JSON events
    // A watch the server ends sooner than this without an event counts as a failure.
    static constexpr int MinimumHealthyWatchMs = 1000;
    int pageSize() const { return m_pageSize; }
    void setPageSize(int size) { m_pageSize = size; }
    // Narrows the collection, e.g. "metadata.name=web-1" or "involvedObject.uid=…": set before start().
    void setFieldSelector(const QString &selector) { m_fieldSelector = selector; }
    // Full mode: what of each object the store keeps (before start()).
    void setProjection(const ObjectProjection &projection) { m_projection = projection; }

    ListStrategy listStrategy() const { return m_strategy; }
    void setListStrategy(ListStrategy strategy) { m_strategy = strategy; }
    bool watchListRefused() const { return m_watchListRefused; } // Auto gave up on WatchList for this reflector
    ListStrategy lastSyncStrategy() const { return m_lastSyncStrategy; } // WatchList or PagedList
    void setInitialEventsTimeout(int milliseconds) { m_initialEventsTimeoutMs = milliseconds; }

    // The strategy new reflectors of `mode` start with: PagedList for Table rows and Auto for whole objects (see
    // the figures in reflector.cpp), unless BINNACLE_LIST_STRATEGY says `watchlist`, `paged` or `auto` (so a
    // benchmark compares them without code), or a program sets one for every mode.
    static ListStrategy defaultListStrategy(Mode mode);
    static void setDefaultListStrategy(ListStrategy strategy);

signals:
    void synced(); // after every successful (re)list
    void columnsChanged(const QList<binnacle::TableColumn> &columns);
    void failed(const binnacle::Error &error); // a list or watch failed; retrying
    void recovered(); // after a failure, a resumed watch delivers events again: lastError() is empty once more
    void eventsApplied(); // the store changed

private:
    void dropRequest();
    void resetInitialEvents();
    void sync();
    bool streamsInitialState() const;
    void startPagedList();
    void fetchPage(const QString &continueToken);
    void startWatchList();
    void watch();
    QUrlQuery watchQuery(const QString &resourceVersion) const;
    void openWatch(const QUrlQuery &query);
    void onWatchData();
    void onWatchFinished();
    bool collectInitialEvent(const WatchEvent &event); // true for an initial object (ADDED)
    void finishInitialEvents(const QString &resourceVersion);
    void onInitialEventsStalled();
    void markSynced(ListStrategy path);
    void endWatch(const Error &error, bool refused); // refused: the server turned WatchList down
    bool fallBackToPagedList(const Error &error);
    void applyEvent(const WatchEvent &event);
    void retryLater(const Error &error, bool relist);
    void onMalformedLines(int count);
    QList<ObjectPtr> recordsOf(const QJsonObject &tableOrObject, bool *isTable);
    QByteArray accept() const;

    ClusterConnection *m_connection;
    ApiResource m_resource;
    QString m_namespace;
    QString m_fieldSelector;
    ObjectProjection m_projection;
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
    Backoff m_backoff;
    quint64 m_watchEvents = 0; // on the current watch
    int m_goneInARow = 0; // "too old" answers since a watch last worked
    int m_malformedSeen = 0; // the decoder's count when last looked at
    quint64 m_malformed = 0;
    int m_pageSize = 500;
    int m_relists = 0;
    qint64 m_lastListMs = 0;
    quint64 m_events = 0;
    bool m_synced = false;
    bool m_running = false;
    std::optional<Error> m_lastError;

    ListStrategy m_strategy;
    ListStrategy m_lastSyncStrategy = ListStrategy::PagedList;
    bool m_watchListRefused = false;
    bool m_initialEvents = false; // a WatchList stream before its end bookmark
    QHash<QString, ObjectPtr> m_initial; // the state streamed so far, by key; becomes the store at the bookmark
    QTimer *m_initialEventsTimer;
    int m_initialEventsTimeoutMs = DefaultInitialEventsTimeoutMs;
};

} // namespace binnacle
