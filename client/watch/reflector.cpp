#include "reflector.h"

#include "client/transport/clusterconnection.h"
#include "client/transport/responsebody.h"
#include "client/watch/objectstore.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTimer>

#include <atomic>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcWatch, "binnacle.watch", QtWarningMsg)

namespace binnacle {

namespace {
constexpr qint64 HealthyResetMs = 2 * 60 * 1000;
const char *const TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

constexpr QLatin1StringView InitialEventsEndAnnotation("k8s.io/initial-events-end");

int watchTimeoutSeconds()
{
    // client-go spreads watch restarts over 5–10 minutes so that many informers do not reconnect at once.
    return 300 + int(QRandomGenerator::global()->bounded(300));
}

// kube-apiserver with the WatchList feature gate off answers 422 Invalid ("sendInitialEvents is forbidden for watch
// unless the WatchList feature gate is enabled"). 400 and 501 are read the same way: whoever answers cannot stream
// the state, while a LIST may still work. Auth, throttling and network failures are not refusals.
bool refusesWatchList(const Error &error)
{
    const int code = error.status().code;
    return error.kind() == Error::Kind::Api && (code == 400 || code == 422 || code == 501);
}

// A watch from a resourceVersion the server no longer has (410 "too old") or never had (504 with cause
// ResourceVersionTooLarge: etcd was replaced underneath): only the current state helps.
bool needsCurrentState(const Error &error)
{
    if (error.isGone())
        return true;
    for (const StatusCause &cause : error.status().causes) {
        if (cause.reason == u"ResourceVersionTooLarge")
            return true;
    }
    return false;
}

// The metadata a BOOKMARK carries. In Table mode that is the metadata of the table's one row (a
// PartialObjectMetadata with the annotations); the Table's own metadata has only the resourceVersion.
QJsonObject bookmarkMetadata(const QJsonObject &object)
{
    if (object.value(u"kind"_s).toString() == u"Table") {
        const QJsonArray rows = object.value(u"rows"_s).toArray();
        if (!rows.isEmpty())
            return rows.first().toObject().value(u"object"_s).toObject().value(u"metadata"_s).toObject();
    }
    return object.value(u"metadata"_s).toObject();
}

// BINNACLE_LIST_STRATEGY=watchlist|paged|auto overrides the per-mode choice (for benchmarks); -1: not set.
int strategyFromEnvironment()
{
    const QString value = qEnvironmentVariable("BINNACLE_LIST_STRATEGY").toLower();
    if (value == u"watchlist")
        return int(Reflector::ListStrategy::WatchList);
    if (value == u"paged")
        return int(Reflector::ListStrategy::PagedList);
    if (value == u"auto")
        return int(Reflector::ListStrategy::Auto);
    return -1;
}

// Measured with browse_bench (10,000 pods, Table mode; malloc in use 56 MB either way): RSS 172 MB after a WatchList
// sync, of which 64 MB free in malloc's arenas, vs 144 MB (40 MB free) after a paged LIST. Streaming the state one
// event at a time interleaves each event's short-lived JSON with the records kept, and glibc keeps the holes.
// Trimming once the state is in the store hands the free pages back: 115 MB after a WatchList sync, 109 MB after a
// paged one (4–11 ms per trim). Small states (a details watch) are not worth a walk over the heap.
constexpr qsizetype TrimAfterObjects = 1000;

void releaseFreeHeap(qsizetype objects)
{
#if defined(__GLIBC__)
    if (objects < TrimAfterObjects)
        return;
    QElapsedTimer timer;
    timer.start();
    malloc_trim(0);
    qCDebug(lcWatch) << "malloc_trim after a sync of" << objects << "objects:" << timer.elapsed() << "ms";
#else
    Q_UNUSED(objects);
#endif
}

std::atomic<int> &overriddenStrategy()
{
    static std::atomic<int> strategy {strategyFromEnvironment()};
    return strategy;
}
} // namespace

Reflector::ListStrategy Reflector::defaultListStrategy(Mode mode)
{
    if (const int overridden = overriddenStrategy().load(); overridden >= 0)
        return ListStrategy(overridden);
    // Measured here (kube-apiserver 1.36, browse_bench, 10,000 pods as Table rows): WatchList synced in 2.1 s
    // against 1.3 s for pages of 500, and left 6–15 MB more RSS even after trimming. The server converts every
    // event to a one-row Table; a page converts 500 at once. So Table mode lists in pages; whole objects stream.
    return mode == Mode::Table ? ListStrategy::PagedList : ListStrategy::Auto;
}

void Reflector::setDefaultListStrategy(ListStrategy strategy)
{
    overriddenStrategy().store(int(strategy));
}

Reflector::Reflector(ClusterConnection *connection, ApiResource resource, QString namespaceName, Mode mode,
                     ObjectStore *store, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_resource(std::move(resource))
    , m_namespace(std::move(namespaceName))
    , m_mode(mode)
    , m_store(store)
    , m_retryTimer(new QTimer(this))
    , m_strategy(defaultListStrategy(mode))
    , m_initialEventsTimer(new QTimer(this))
{
    m_retryTimer->setSingleShot(true);
    m_initialEventsTimer->setSingleShot(true);
    connect(m_initialEventsTimer, &QTimer::timeout, this, &Reflector::onInitialEventsStalled);
}

Reflector::~Reflector()
{
    stop();
}

QByteArray Reflector::accept() const
{
    return m_mode == Mode::Table ? QByteArray(TableAccept) : "application/json";
}

void Reflector::start()
{
    if (m_running)
        return;
    m_running = true;
    sync();
}

void Reflector::stop()
{
    m_running = false;
    m_retryTimer->stop();
    dropRequest();
}

void Reflector::dropRequest()
{
    resetInitialEvents();
    // Safe inside the request's own signals: disconnected now, aborted, deleted once control returns to the loop.
    if (ApiReply *reply = m_request.data()) {
        m_request.clear();
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void Reflector::resetInitialEvents()
{
    // A half-streamed state is never applied: it would delete everything the stream had not reached yet.
    m_initialEvents = false;
    m_initial.clear();
    m_initialEventsTimer->stop();
}

void Reflector::sync()
{
    if (!m_running)
        return;
    m_listTimer.start();
    if (streamsInitialState())
        startWatchList();
    else
        startPagedList();
}

bool Reflector::streamsInitialState() const
{
    return m_strategy == ListStrategy::WatchList || (m_strategy == ListStrategy::Auto && !m_watchListRefused);
}

void Reflector::startPagedList()
{
    m_listed.clear();
    fetchPage({});
}

void Reflector::fetchPage(const QString &continueToken)
{
    QUrlQuery query;
    query.addQueryItem(u"limit"_s, QString::number(m_pageSize));
    if (!continueToken.isEmpty())
        query.addQueryItem(u"continue"_s, continueToken);
    if (!m_fieldSelector.isEmpty())
        query.addQueryItem(u"fieldSelector"_s, m_fieldSelector);
    if (m_mode == Mode::Table)
        query.addQueryItem(u"includeObject"_s, u"Metadata"_s);
    ApiCall call = ApiCall::get(m_resource.collectionPath(m_namespace), query);
    call.accept = accept();
    call.timeoutMs = 120000;

    dropRequest();
    ApiReply *reply = m_connection->send(call, this);
    m_request = reply;
    connect(reply, &ApiReply::finished, this, [this, reply] {
        reply->deleteLater();
        const Result<ApiResponse> &result = reply->result();
        if (!result) {
            // An expired continue token (410) restarts the list from the beginning.
            retryLater(result.error(), true);
            return;
        }
        // A body that is not a list (a login page, a proxy's HTML) is a failure: the cache stays as it was.
        const Result<QJsonObject> page = ResponseBody::list(result.value());
        if (!page) {
            retryLater(page.error(), true);
            return;
        }
        bool isTable = false;
        m_listed += recordsOf(page.value(), &isTable);
        const QJsonObject metadata = page->value(u"metadata"_s).toObject();
        const QString next = metadata.value(u"continue"_s).toString();
        if (!next.isEmpty()) {
            fetchPage(next);
            return;
        }
        m_resourceVersion = metadata.value(u"resourceVersion"_s).toString();
        m_store->replaceAll(std::exchange(m_listed, {}));
        markSynced(ListStrategy::PagedList);
        watch();
    });
}

void Reflector::markSynced(ListStrategy path)
{
    m_lastListMs = m_listTimer.elapsed();
    m_lastSyncStrategy = path;
    m_synced = true;
    m_lastError.reset();
    const qsizetype objects = m_store->size();
    emit eventsApplied();
    emit synced(); // whoever hears it may stop or restart us: the trim below uses nothing of ours
    releaseFreeHeap(objects);
}

QList<ObjectPtr> Reflector::recordsOf(const QJsonObject &json, bool *isTable)
{
    QList<ObjectPtr> records;
    if (json.value(u"kind"_s).toString() == u"Table") {
        *isTable = true;
        const QJsonArray definitions = json.value(u"columnDefinitions"_s).toArray();
        if (!definitions.isEmpty()) {
            Result<Table> table
                = Table::fromJson(QJsonObject {{u"kind"_s, u"Table"_s}, {u"columnDefinitions"_s, definitions}});
            if (table && table->columns.size() != m_columns.size()) {
                m_columns = table->columns;
                emit columnsChanged(m_columns);
            } else if (table) {
                bool same = true;
                for (int i = 0; i < m_columns.size() && same; ++i)
                    same = m_columns.at(i).name == table->columns.at(i).name;
                if (!same) {
                    m_columns = table->columns;
                    emit columnsChanged(m_columns);
                }
            }
        }
        for (const QJsonValue &value : json.value(u"rows"_s).toArray()) {
            const QJsonObject row = value.toObject();
            auto record = std::make_shared<ObjectRecord>(
                ObjectRecord::fromMetadata(row.value(u"object"_s).toObject().value(u"metadata"_s).toObject()));
            record->cells = row.value(u"cells"_s).toArray();
            records.append(std::move(record));
        }
        return records;
    }
    *isTable = false;
    if (json.contains(u"items"_s)) { // a list of full objects
        for (const QJsonValue &value : json.value(u"items"_s).toArray()) {
            const QJsonObject object = value.toObject();
            auto record
                = std::make_shared<ObjectRecord>(ObjectRecord::fromMetadata(object.value(u"metadata"_s).toObject()));
            record->object = m_projection.apply(object);
            records.append(std::move(record));
        }
        return records;
    }
    auto record = std::make_shared<ObjectRecord>(ObjectRecord::fromMetadata(json.value(u"metadata"_s).toObject()));
    if (m_mode == Mode::Full)
        record->object = m_projection.apply(json);
    records.append(std::move(record));
    return records;
}

QUrlQuery Reflector::watchQuery(const QString &resourceVersion) const
{
    QUrlQuery query;
    query.addQueryItem(u"watch"_s, u"1"_s);
    if (!resourceVersion.isEmpty())
        query.addQueryItem(u"resourceVersion"_s, resourceVersion);
    query.addQueryItem(u"allowWatchBookmarks"_s, u"true"_s);
    if (!m_fieldSelector.isEmpty())
        query.addQueryItem(u"fieldSelector"_s, m_fieldSelector);
    query.addQueryItem(u"timeoutSeconds"_s, QString::number(watchTimeoutSeconds()));
    if (m_mode == Mode::Table)
        query.addQueryItem(u"includeObject"_s, u"Metadata"_s);
    return query;
}

void Reflector::startWatchList()
{
    // Not older than what this reflector has already seen; with nothing seen (or after "too old"), the current
    // state, read as consistently as a LIST without a resourceVersion.
    QUrlQuery query = watchQuery(m_resourceVersion);
    query.addQueryItem(u"sendInitialEvents"_s, u"true"_s);
    query.addQueryItem(u"resourceVersionMatch"_s, u"NotOlderThan"_s);
    openWatch(query);
    m_initialEvents = true;
    m_initialEventsTimer->start(m_initialEventsTimeoutMs);
}

void Reflector::watch()
{
    if (!m_running)
        return;
    openWatch(watchQuery(m_resourceVersion));
}

void Reflector::openWatch(const QUrlQuery &query)
{
    ApiCall call = ApiCall::get(m_resource.collectionPath(m_namespace), query);
    call.accept = accept();
    call.longRunning = true;

    m_decoder.reset();
    m_malformedSeen = m_decoder.malformedLines();
    m_watchEvents = 0;
    m_watchHealthy.start();
    dropRequest();
    ApiReply *reply = m_connection->send(call, this);
    m_request = reply;
    connect(reply, &ApiReply::dataAvailable, this, &Reflector::onWatchData);
    connect(reply, &ApiReply::finished, this, &Reflector::onWatchFinished);
}

void Reflector::onWatchData()
{
    ApiReply *reply = m_request;
    if (!reply)
        return;
    const QList<WatchEvent> events = m_decoder.feed(reply->readAvailable());
    m_watchEvents += quint64(events.size());
    bool changed = false;
    bool streaming = false;
    for (const WatchEvent &event : events) {
        if (event.type == WatchEvent::Type::Error) {
            if (changed)
                emit eventsApplied();
            // "too old resource version" arrives as HTTP 200 and then this event: relist.
            const Error error = Error::api(ApiStatus::fromJson(event.object));
            endWatch(error, m_initialEvents && refusesWatchList(error));
            return;
        }
        if (m_initialEvents) {
            streaming = collectInitialEvent(event) || streaming;
            if (m_request != reply)
                return; // whoever heard synced() stopped or restarted us: the rest belongs to an old stream
            continue;
        }
        applyEvent(event);
        // A watch that delivers events (a bookmark counts) works: the server is back, and the next outage starts
        // from the first step rather than where the last one left the back-off. Its last error is history now.
        m_goneInARow = 0;
        m_backoff.reset();
        if (m_lastError) {
            m_lastError.reset();
            emit recovered();
        }
        changed = changed || event.type != WatchEvent::Type::Bookmark;
    }
    if (streaming && m_initialEvents)
        m_initialEventsTimer->start(m_initialEventsTimeoutMs); // still streaming: the stall counts from here
    if (changed)
        emit eventsApplied();
    if (const int malformed = m_decoder.malformedLines() - m_malformedSeen; malformed > 0 && m_request == reply)
        onMalformedLines(malformed);
}

void Reflector::onMalformedLines(int count)
{
    // A line that is not an event may have been one we needed (a deletion): only a relist says what is true now.
    m_malformed += quint64(count);
    const QString what = count == 1 ? u"a watch line that is not a JSON event"_s
                                    : u"%1 watch lines that are not JSON events"_s.arg(count);
    dropRequest();
    retryLater(Error(Error::Kind::Parse,
                     u"the server sent %1 (%2); relisting"_s.arg(
                         what, ResponseBody::preview(m_decoder.lastMalformedLine(), {}, 80))),
               true);
}

bool Reflector::collectInitialEvent(const WatchEvent &event)
{
    bool isTable = false;
    const QList<ObjectPtr> records = recordsOf(event.object, &isTable); // in Table mode also the columns
    switch (event.type) {
    case WatchEvent::Type::Added:
        for (const ObjectPtr &record : records)
            m_initial.insert(record->key(), record);
        return true;
    case WatchEvent::Type::Modified: // not sent by kube-apiserver before the bookmark; client-go accepts them
        for (const ObjectPtr &record : records)
            m_initial.insert(record->key(), record);
        break;
    case WatchEvent::Type::Deleted:
        for (const ObjectPtr &record : records)
            m_initial.remove(record->key());
        break;
    case WatchEvent::Type::Bookmark: {
        // Only this bookmark's resourceVersion is a point in time: the initial objects come in no order.
        const QJsonObject metadata = bookmarkMetadata(event.object);
        if (metadata.value(u"annotations"_s).toObject().value(InitialEventsEndAnnotation).toString() == u"true")
            finishInitialEvents(metadata.value(u"resourceVersion"_s).toString());
        break;
    }
    default:
        break;
    }
    return false;
}

void Reflector::finishInitialEvents(const QString &resourceVersion)
{
    {
        const QHash<QString, ObjectPtr> state = std::exchange(m_initial, {});
        resetInitialEvents();
        if (!resourceVersion.isEmpty())
            m_resourceVersion = resourceVersion;
        // The same replacement as after a LIST: what the stream did not contain was deleted meanwhile.
        m_store->replaceAll(state.values());
    } // the collected state is freed before markSynced() trims the heap
    markSynced(ListStrategy::WatchList); // and the same stream carries on with the changes
}

void Reflector::onInitialEventsStalled()
{
    if (!m_initialEvents)
        return;
    const Error stalled(Error::Kind::Network,
                        u"no initial-events-end bookmark within %1 ms of the last initial event: the server seems to "
                        "ignore sendInitialEvents"_s.arg(m_initialEventsTimeoutMs));
    endWatch(stalled, true);
}

void Reflector::applyEvent(const WatchEvent &event)
{
    ++m_events;
    bool isTable = false;
    const QList<ObjectPtr> records = recordsOf(event.object, &isTable);
    for (const ObjectPtr &record : records) {
        if (!record->resourceVersion.isEmpty())
            m_resourceVersion = record->resourceVersion;
        switch (event.type) {
        case WatchEvent::Type::Added:
        case WatchEvent::Type::Modified:
            m_store->upsert(record);
            break;
        case WatchEvent::Type::Deleted:
            m_store->remove(record->key());
            break;
        default:
            break; // bookmarks only move the resourceVersion on
        }
    }
}

void Reflector::onWatchFinished()
{
    ApiReply *reply = m_request;
    if (!reply)
        return;
    reply->deleteLater();
    m_request.clear();
    if (!m_running)
        return;
    if (m_watchHealthy.elapsed() > HealthyResetMs)
        m_backoff.reset();
    const Result<ApiResponse> &result = reply->result();
    if (result && !m_initialEvents) {
        if (m_watchEvents == 0 && m_watchHealthy.elapsed() < MinimumHealthyWatchMs) {
            // client-go's reflector reads this as a failure: whoever ends every watch at once would be asked again
            // at once, forever (seen: 1,300 watches in 6 s).
            retryLater(Error(Error::Kind::Network, u"the server ended the watch at once, without an event"_s), false);
            return;
        }
        watch(); // the server closed a healthy watch (timeoutSeconds): resume where we were
        return;
    }
    const Error error = result
        ? Error(Error::Kind::Network, u"the server ended the watch before the end of its initial events"_s)
        : result.error();
    endWatch(error, m_initialEvents && refusesWatchList(error));
}

void Reflector::endWatch(const Error &error, bool refused)
{
    const bool initial = m_initialEvents;
    dropRequest();
    if (refused && fallBackToPagedList(error))
        return;
    if (needsCurrentState(error))
        m_resourceVersion.clear(); // the next WatchList asks for the current state, not a lost one
    // A stream that broke before its end bookmark left no usable state: only a new (re)list can give one.
    retryLater(error, initial || needsCurrentState(error));
}

bool Reflector::fallBackToPagedList(const Error &error)
{
    if (m_strategy != ListStrategy::Auto)
        return false;
    m_watchListRefused = true;
    qCInfo(lcWatch) << m_resource.qualifiedName() << m_namespace
                    << "WatchList refused, listing in pages from now on:" << error.message();
    startPagedList(); // part of the same sync: lastListMs includes the refused attempt
    return true;
}

void Reflector::retryLater(const Error &error, bool relist)
{
    qCDebug(lcWatch) << m_resource.qualifiedName() << m_namespace << "failed:" << error.message()
                     << (relist ? "(relisting)" : "");
    // "Too old" is not a failure of the server: relist at once. Again before a watch worked, it is (a server whose
    // watch cache is behind, or compaction racing the list): back off like any failure.
    const bool relistAtOnce = relist && needsCurrentState(error) && m_goneInARow++ == 0;
    // A routine relist is no error to show anyone ("Listing failed: too old resource version" would alarm for
    // nothing); what that relist meets, if anything, is.
    if (relistAtOnce)
        m_lastError.reset();
    else
        m_lastError = error;
    if (relistAtOnce && m_running)
        m_synced = false; // before `failed`: whoever asks for the health then hears that the cache is relisting
    emit failed(error);
    if (!m_running)
        return;
    if (relistAtOnce) {
        ++m_relists;
        QTimer::singleShot(0, this, &Reflector::sync);
        return;
    }
    if (error.isForbidden())
        m_backoff.saturate(); // permissions rarely change within seconds
    const int delay = m_backoff.next();
    m_retryTimer->disconnect();
    connect(m_retryTimer, &QTimer::timeout, this, [this, relist] {
        if (!m_synced || relist) {
            if (m_synced)
                ++m_relists;
            sync();
        } else {
            watch();
        }
    });
    m_retryTimer->start(delay);
}

} // namespace binnacle
