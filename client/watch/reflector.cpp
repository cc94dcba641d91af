#include "reflector.h"

#include "client/transport/clusterconnection.h"
#include "client/watch/objectstore.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcWatch, "binnacle.watch", QtWarningMsg)

namespace binnacle {

namespace {
constexpr int InitialBackoffMs = 800;
constexpr int MaxBackoffMs = 30000;
constexpr qint64 HealthyResetMs = 2 * 60 * 1000;
const char *const TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

int watchTimeoutSeconds()
{
    // client-go spreads watch restarts over 5–10 minutes so that many informers do not reconnect at once.
    return 300 + int(QRandomGenerator::global()->bounded(300));
}
} // namespace

Reflector::Reflector(ClusterConnection *connection, ApiResource resource, QString namespaceName, Mode mode,
                     ObjectStore *store, QObject *parent)
    : QObject(parent), m_connection(connection), m_resource(std::move(resource)),
      m_namespace(std::move(namespaceName)), m_mode(mode), m_store(store), m_retryTimer(new QTimer(this))
{
    m_retryTimer->setSingleShot(true);
}

Reflector::~Reflector() { stop(); }

QByteArray Reflector::accept() const { return m_mode == Mode::Table ? QByteArray(TableAccept) : "application/json"; }

void Reflector::start()
{
    if (m_running)
        return;
    m_running = true;
    list();
}

void Reflector::stop()
{
    m_running = false;
    m_retryTimer->stop();
    dropRequest();
}

void Reflector::dropRequest()
{
    // Safe inside the request's own signals: disconnected now, aborted, deleted once control returns to the loop.
    if (ApiReply *reply = m_request.data()) {
        m_request.clear();
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void Reflector::list()
{
    if (!m_running)
        return;
    m_listed.clear();
    m_listTimer.start();
    fetchPage({});
}

void Reflector::fetchPage(const QString &continueToken)
{
    QUrlQuery query;
    query.addQueryItem(u"limit"_s, QString::number(m_pageSize));
    if (!continueToken.isEmpty())
        query.addQueryItem(u"continue"_s, continueToken);
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
        const QJsonObject page = QJsonDocument::fromJson(result->body).object();
        bool isTable = false;
        m_listed += recordsOf(page, &isTable);
        const QJsonObject metadata = page.value(u"metadata"_s).toObject();
        const QString next = metadata.value(u"continue"_s).toString();
        if (!next.isEmpty()) {
            fetchPage(next);
            return;
        }
        m_resourceVersion = metadata.value(u"resourceVersion"_s).toString();
        m_store->replaceAll(std::exchange(m_listed, {}));
        m_lastListMs = m_listTimer.elapsed();
        m_synced = true;
        m_lastError.reset();
        emit eventsApplied();
        emit synced();
        watch();
    });
}

QList<ObjectPtr> Reflector::recordsOf(const QJsonObject &json, bool *isTable)
{
    QList<ObjectPtr> records;
    if (json.value(u"kind"_s).toString() == u"Table") {
        *isTable = true;
        const QJsonArray definitions = json.value(u"columnDefinitions"_s).toArray();
        if (!definitions.isEmpty()) {
            Result<Table> table = Table::fromJson(QJsonObject{{u"kind"_s, u"Table"_s}, {u"columnDefinitions"_s, definitions}});
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
    if (json.contains(u"items"_s)) {  // a list of full objects
        for (const QJsonValue &value : json.value(u"items"_s).toArray()) {
            const QJsonObject object = value.toObject();
            auto record = std::make_shared<ObjectRecord>(
                ObjectRecord::fromMetadata(object.value(u"metadata"_s).toObject()));
            record->object = object;
            records.append(std::move(record));
        }
        return records;
    }
    auto record = std::make_shared<ObjectRecord>(ObjectRecord::fromMetadata(json.value(u"metadata"_s).toObject()));
    if (m_mode == Mode::Full)
        record->object = json;
    records.append(std::move(record));
    return records;
}

void Reflector::watch()
{
    if (!m_running)
        return;
    QUrlQuery query;
    query.addQueryItem(u"watch"_s, u"1"_s);
    query.addQueryItem(u"resourceVersion"_s, m_resourceVersion);
    query.addQueryItem(u"allowWatchBookmarks"_s, u"true"_s);
    query.addQueryItem(u"timeoutSeconds"_s, QString::number(watchTimeoutSeconds()));
    if (m_mode == Mode::Table)
        query.addQueryItem(u"includeObject"_s, u"Metadata"_s);
    ApiCall call = ApiCall::get(m_resource.collectionPath(m_namespace), query);
    call.accept = accept();
    call.longRunning = true;

    m_decoder.reset();
    m_watchHealthy.start();
    dropRequest();
    ApiReply *reply = m_connection->send(call, this);
    m_request = reply;
    connect(reply, &ApiReply::dataAvailable, this, &Reflector::onWatchData);
    connect(reply, &ApiReply::finished, this, &Reflector::onWatchFinished);
}

void Reflector::onWatchData()
{
    if (!m_request)
        return;
    const QList<WatchEvent> events = m_decoder.feed(m_request->readAvailable());
    bool changed = false;
    for (const WatchEvent &event : events) {
        if (event.type == WatchEvent::Type::Error) {
            const ApiStatus status = ApiStatus::fromJson(event.object);
            dropRequest();
            // "too old resource version" arrives as HTTP 200 and then this event: relist.
            retryLater(Error::api(status), status.code == 410);
            return;
        }
        applyEvent(event);
        changed = changed || event.type != WatchEvent::Type::Bookmark;
    }
    if (changed)
        emit eventsApplied();
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
            break;  // bookmarks only move the resourceVersion on
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
        m_backoffMs = 0;
    const Result<ApiResponse> &result = reply->result();
    if (result) {
        watch();  // the server closed a healthy watch (timeoutSeconds): resume where we were
        return;
    }
    retryLater(result.error(), result.error().isGone());
}

void Reflector::retryLater(const Error &error, bool relist)
{
    m_lastError = error;
    qCDebug(lcWatch) << m_resource.qualifiedName() << m_namespace << "failed:" << error.message()
                     << (relist ? "(relisting)" : "");
    emit failed(error);
    if (!m_running)
        return;
    if (relist && error.isGone()) {
        // Gone is not a failure of the server: relist at once.
        ++m_relists;
        m_synced = false;
        QTimer::singleShot(0, this, &Reflector::list);
        return;
    }
    m_backoffMs = m_backoffMs == 0 ? InitialBackoffMs : qMin(m_backoffMs * 2, MaxBackoffMs);
    if (error.isForbidden())
        m_backoffMs = MaxBackoffMs;  // permissions rarely change within seconds
    const int jittered = m_backoffMs + int(QRandomGenerator::global()->bounded(m_backoffMs / 2 + 1));
    m_retryTimer->disconnect();
    connect(m_retryTimer, &QTimer::timeout, this, [this, relist] {
        if (!m_synced || relist) {
            if (m_synced)
                ++m_relists;
            list();
        } else {
            watch();
        }
    });
    m_retryTimer->start(qMin(jittered, MaxBackoffMs));
}

} // namespace binnacle
