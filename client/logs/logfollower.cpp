#include "logfollower.h"

#include "client/transport/apireply.h"
#include "client/transport/clusterconnection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcLogs, "binnacle.logs", QtWarningMsg)

namespace binnacle {

namespace {

QString podPath(const LogRequest &request)
{
    return u"/api/v1/namespaces/%1/pods/%2"_s.arg(request.namespaceName, request.pod);
}

// The status of the container a request reads (its only or default container when it names none), or null.
QJsonObject containerStatus(const QJsonObject &pod, const QString &container)
{
    QString name = container;
    if (name.isEmpty()) {
        name = pod.value(u"metadata"_s)
                   .toObject()
                   .value(u"annotations"_s)
                   .toObject()
                   .value(u"kubectl.kubernetes.io/default-container"_s)
                   .toString();
        if (name.isEmpty())
            name = pod.value(u"spec"_s)
                       .toObject()
                       .value(u"containers"_s)
                       .toArray()
                       .first()
                       .toObject()
                       .value(u"name"_s)
                       .toString();
    }
    const QJsonObject status = pod.value(u"status"_s).toObject();
    for (const auto *field : {"containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"}) {
        for (const QJsonValue &value : status.value(QLatin1StringView(field)).toArray()) {
            if (value.toObject().value(u"name"_s).toString() == name)
                return value.toObject();
        }
    }
    return {};
}

// Server errors worth another try: the apiserver or the kubelet behind it may be back soon.
bool isTransient(const Error &error)
{
    if (error.kind() == Error::Kind::Network)
        return true;
    if (error.kind() != Error::Kind::Api)
        return false;
    const int code = error.status().code;
    return code == 429 || code >= 500;
}

} // namespace

LogFollower::LogFollower(ClusterConnection *connection, LogRequest request, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_request(std::move(request))
    , m_flushTimer(new QTimer(this))
    , m_retryTimer(new QTimer(this))
{
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(FlushIntervalMs);
    connect(m_flushTimer, &QTimer::timeout, this, &LogFollower::flush);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &LogFollower::open);
}

LogFollower::~LogFollower()
{
    delete m_reply; // aborts the request
}

QUrlQuery LogFollower::queryFor(const LogRequest &request, std::optional<qint64> resumeFromNs,
                                std::optional<qint64> limitBytes)
{
    QUrlQuery query;
    if (!request.container.isEmpty())
        query.addQueryItem(u"container"_s, request.container);
    if (request.follow)
        query.addQueryItem(u"follow"_s, u"true"_s);
    if (request.previous)
        query.addQueryItem(u"previous"_s, u"true"_s);
    query.addQueryItem(u"timestamps"_s, u"true"_s);
    if (resumeFromNs) {
        // tailLines and sinceSeconds were for the first request: what follows the last line is all we want now.
        query.addQueryItem(u"sinceTime"_s, QString::fromLatin1(LogLineSplitter::formatTimestamp(*resumeFromNs)));
    } else {
        if (request.tailLines)
            query.addQueryItem(u"tailLines"_s, QString::number(*request.tailLines));
        if (request.sinceSeconds)
            query.addQueryItem(u"sinceSeconds"_s, QString::number(*request.sinceSeconds));
        else if (request.sinceTime)
            query.addQueryItem(u"sinceTime"_s, request.sinceTime->toUTC().toString(Qt::ISODateWithMs));
    }
    if (const std::optional<qint64> limit = limitBytes ? limitBytes : request.limitBytes)
        query.addQueryItem(u"limitBytes"_s, QString::number(*limit));
    return query;
}

void LogFollower::start()
{
    setStatus(LogStreamStatus::State::Connecting);
    open();
}

void LogFollower::open()
{
    std::optional<qint64> resumeFrom;
    if (m_gotLines && m_lastTimestampNs != 0) {
        resumeFrom = m_lastTimestampNs;
        m_resuming = true;
        m_resumeFromNs = m_lastTimestampNs;
        m_skipAtResume = m_linesAtLastTimestamp;
    }
    std::optional<qint64> limit;
    if (m_request.limitBytes && m_bytesReceived > 0)
        limit = std::max<qint64>(1, *m_request.limitBytes - m_bytesReceived);

    ApiCall call = ApiCall::get(podPath(m_request) + u"/log"_s, queryFor(m_request, resumeFrom, limit));
    call.accept = "*/*";
    call.longRunning = true;
    m_splitter.reset();
    delete m_reply;
    m_reply = m_connection->send(call, this);
    connect(m_reply, &ApiReply::responseStarted, this, &LogFollower::onResponseStarted);
    connect(m_reply, &ApiReply::dataAvailable, this, &LogFollower::onData);
    connect(m_reply, &ApiReply::finished, this, &LogFollower::onFinished);
}

void LogFollower::onResponseStarted()
{
    if (m_status.state != LogStreamStatus::State::Streaming)
        setStatus(LogStreamStatus::State::Streaming);
}

void LogFollower::onData()
{
    if (m_reply)
        consume(m_reply->readAvailable());
}

void LogFollower::consume(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    onResponseStarted();
    m_bytesReceived += bytes.size();
    if (m_resuming) {
        LogBatch lines;
        m_splitter.feed(bytes, lines);
        deliver(lines);
    } else {
        const qsizetype before = m_outgoing.lineCount();
        m_splitter.feed(bytes, m_outgoing);
        track(m_outgoing, before);
    }
    if (m_outgoing.lineCount() > 0 && !m_flushTimer->isActive())
        m_flushTimer->start();
}

void LogFollower::deliver(const LogBatch &lines)
{
    // Resuming: what the server sends again (from the whole second of sinceTime on) is dropped up to the first line
    // after the last one delivered.
    qsizetype i = 0;
    for (; i < lines.lineCount() && m_resuming; ++i) {
        const qint64 timestamp = lines.timestampsNs.at(i);
        if (timestamp != 0 && timestamp < m_resumeFromNs)
            continue;
        if (timestamp == m_resumeFromNs && m_skipAtResume > 0) {
            --m_skipAtResume;
            continue;
        }
        m_resuming = false;
        break;
    }
    if (i >= lines.lineCount())
        return;
    const qsizetype before = m_outgoing.lineCount();
    for (; i < lines.lineCount(); ++i)
        m_outgoing.append(lines.line(i), lines.timestampsNs.at(i));
    track(m_outgoing, before);
}

void LogFollower::track(const LogBatch &batch, qsizetype from)
{
    for (qsizetype i = from; i < batch.lineCount(); ++i) {
        const qint64 timestamp = batch.timestampsNs.at(i);
        if (timestamp == 0)
            continue;
        if (timestamp == m_lastTimestampNs) {
            ++m_linesAtLastTimestamp;
        } else {
            m_lastTimestampNs = timestamp;
            m_linesAtLastTimestamp = 1;
        }
    }
    if (batch.lineCount() > from) {
        m_gotLines = true;
        m_backoff.reset(); // new lines: this stream works, a next drop starts the back-off from its first step
    }
}

void LogFollower::flush()
{
    m_flushTimer->stop();
    if (m_outgoing.lineCount() == 0)
        return;
    LogBatch batch = std::move(m_outgoing);
    m_outgoing = LogBatch();
    emit linesReady(batch);
}

void LogFollower::onFinished()
{
    ApiReply *reply = m_reply;
    if (!reply)
        return;
    const Result<ApiResponse> result = reply->result();
    m_reply.clear();
    reply->deleteLater();
    if (!result) {
        const Error &error = result.error();
        if (error.kind() == Error::Kind::Cancelled)
            return;
        if (isTransient(error)) {
            reconnectLater(error.message());
            return;
        }
        fail(error);
        return;
    }
    consume(result->body); // what was not read yet when the body ended
    const bool limitReached = m_request.limitBytes && m_bytesReceived >= *m_request.limitBytes;
    if (!m_request.follow || m_request.previous || limitReached) {
        end(limitReached ? tr("the byte limit was reached") : tr("end of the log"));
        return;
    }
    checkContainer();
}

void LogFollower::checkContainer()
{
    m_connection->request(ApiCall::get(podPath(m_request)), this, [this](const Result<ApiResponse> &result) {
        if (!result) {
            if (result.error().isNotFound())
                end(tr("the pod was deleted"));
            else
                reconnectLater(tr("the stream ended and the pod could not be read: %1").arg(result.error().message()));
            return;
        }
        const QJsonObject status = containerStatus(QJsonDocument::fromJson(result->body).object(), m_request.container);
        const QJsonObject state = status.value(u"state"_s).toObject();
        if (state.contains(u"running"_s)) {
            reconnectLater(tr("the stream ended while the container runs"));
            return;
        }
        if (state.contains(u"terminated"_s)) {
            const QJsonObject terminated = state.value(u"terminated"_s).toObject();
            end(tr("the container terminated (%1, exit code %2)")
                    .arg(terminated.value(u"reason"_s).toString(u"Completed"_s))
                    .arg(terminated.value(u"exitCode"_s).toInt()));
            return;
        }
        const QString reason = state.value(u"waiting"_s).toObject().value(u"reason"_s).toString();
        end(reason.isEmpty() ? tr("the container is not running") : tr("the container is waiting (%1)").arg(reason));
    });
}

void LogFollower::end(const QString &message)
{
    m_splitter.finish(m_outgoing);
    flush();
    setStatus(LogStreamStatus::State::Ended, message);
}

void LogFollower::reconnectLater(const QString &reason)
{
    // A partial last line comes again whole from the next stream.
    m_splitter.reset();
    flush();
    const int delay = m_backoff.next();
    ++m_reconnects;
    qCDebug(lcLogs) << m_request.namespaceName << m_request.pod << m_request.container << "reconnecting in" << delay
                    << "ms:" << reason;
    setStatus(LogStreamStatus::State::Reconnecting, reason, {}, QDateTime::currentDateTimeUtc().addMSecs(delay));
    m_retryTimer->start(delay);
}

void LogFollower::fail(const Error &error)
{
    flush();
    setStatus(LogStreamStatus::State::Failed, error.message(), error);
}

void LogFollower::setStatus(LogStreamStatus::State state, const QString &message, const Error &error,
                            const QDateTime &nextAttempt)
{
    m_status.state = state;
    m_status.message = message;
    m_status.error = error;
    m_status.nextAttempt = nextAttempt;
    emit statusChanged(m_status);
}

} // namespace binnacle
