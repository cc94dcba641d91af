#include "podlogset.h"

#include "client/session/clustersession.h"
#include "client/session/informersubscription.h"

#include <QJsonArray>
#include <QSet>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

QJsonObject statusOf(const QJsonObject &pod, const QString &container)
{
    const QJsonObject status = pod.value(u"status"_s).toObject();
    for (const auto *field : {"containerStatuses", "initContainerStatuses"}) {
        for (const QJsonValue &value : status.value(QLatin1StringView(field)).toArray()) {
            if (value.toObject().value(u"name"_s).toString() == container)
                return value.toObject();
        }
    }
    return {};
}

} // namespace

PodLogSet::PodLogSet(ClusterSession *session, LogTarget target, Options options, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_target(std::move(target))
    , m_options(std::move(options))
{ }

PodLogSet::~PodLogSet() = default; // the streams and the subscription are children

Status PodLogSet::start()
{
    const std::optional<ApiResource> pods = m_session->mapper().find(u"pods"_s);
    if (!pods) {
        if (m_session->state() != ClusterSession::State::Connecting
            && m_session->state() != ClusterSession::State::Connected)
            return Error(Error::Kind::Config, tr("not connected to the cluster"));
        // Connected, discovery still on its way: start once the session knows its resources.
        if (!m_waitForDiscovery)
            m_waitForDiscovery = connect(m_session, &ClusterSession::resourcesChanged, this, [this] {
                if (!m_session->mapper().find(u"pods"_s))
                    return;
                disconnect(m_waitForDiscovery);
                (void)start();
            });
        return Done {};
    }
    // creationTimestamp has whole seconds: a pod created in the second the set starts counts as new (its short log
    // whole rather than a pod that appears later cut by the tail).
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    m_startedAt = QDateTime::fromSecsSinceEpoch(now, Qt::UTC);
    InformerSubscription::Key key {*pods, m_target.namespaceName, Reflector::Mode::Full, {}};
    if (m_target.isSinglePod())
        key.fieldSelector = u"metadata.name="_s + m_target.pod;
    m_pods = m_session->subscribe(key, this);
    connect(m_pods, &InformerSubscription::changed, this, &PodLogSet::onChanged);
    connect(m_pods, &InformerSubscription::healthChanged, this, [this](const InformerHealth &health) {
        if (health.forbidden)
            emit failed(Error(Error::Kind::Api, health.lastError));
    });
    return Done {};
}

int PodLogSet::activeSourceCount() const
{
    int count = 0;
    for (const Source &source : m_sources)
        count += source.stream ? 1 : 0;
    return count;
}

void PodLogSet::onChanged(const ChangeBatch &batch)
{
    if (batch.reset) {
        // A relist: the pods it no longer has went while nobody was looking.
        QSet<QString> present;
        for (const ObjectPtr &pod : batch.added)
            present.insert(pod->key());
        const QStringList known = m_sourcesByPod.keys();
        for (const QString &key : known) {
            if (!present.contains(key))
                endPod(key, PodDeleted);
        }
    }
    for (const QString &key : batch.removed)
        endPod(key, PodDeleted);
    for (const ObjectPtr &pod : batch.added)
        consider(pod);
    for (const ObjectPtr &pod : batch.updated)
        consider(pod);
}

QStringList PodLogSet::containersOf(const QJsonObject &pod) const
{
    QStringList names;
    const QJsonObject spec = pod.value(u"spec"_s).toObject();
    const auto collect = [&names](const QJsonArray &containers) {
        for (const QJsonValue &container : containers)
            names << container.toObject().value(u"name"_s).toString();
    };
    if (m_options.initContainers)
        collect(spec.value(u"initContainers"_s).toArray());
    collect(spec.value(u"containers"_s).toArray());
    if (!m_options.container.isEmpty())
        return names.contains(m_options.container) ? QStringList {m_options.container} : QStringList();
    return names;
}

void PodLogSet::consider(const ObjectPtr &pod)
{
    const QString key = pod->key();
    if (!m_target.matches(*pod)) {
        endPod(key, PodUnmatched);
        return;
    }
    if (const QList<int> known = m_sourcesByPod.value(key);
        !known.isEmpty() && m_sources.value(known.first()).podUid != pod->uid)
        endPod(key, PodDeleted); // a StatefulSet's pod made again under the same name
    QList<int> &ids = m_sourcesByPod[key];
    // A pod created after the set started has all its log to show.
    const bool isNew = pod->creationTimestamp.isValid() && pod->creationTimestamp >= m_startedAt;
    for (const QString &container : containersOf(pod->object)) {
        const QJsonObject status = statusOf(pod->object, container);
        const QJsonObject state = status.value(u"state"_s).toObject();
        const bool started = m_options.request.previous
            ? status.value(u"lastState"_s).toObject().contains(u"terminated"_s)
            : state.contains(u"running"_s) || state.contains(u"terminated"_s);
        if (!started)
            continue; // Waiting (or no status yet): asked again when the pod changes
        const int restartCount = status.value(u"restartCount"_s).toInt();
        Source *source = nullptr;
        for (const int id : std::as_const(ids)) {
            if (m_sources[id].container == container)
                source = &m_sources[id];
        }
        if (!source) {
            Source added;
            added.id = m_nextId++;
            added.podKey = key;
            added.pod = pod->name;
            added.container = container;
            added.podUid = pod->uid;
            added.restartCount = restartCount;
            source = &m_sources.insert(added.id, added).value();
            ids.append(added.id);
            openStream(*source, pod, isNew);
            emit sourceAdded(added.id, added.pod, added.container); // its lines come later: they are queued
            continue;
        }
        // The container ran again after its stream ended: its new instance's log, from its beginning.
        if (!m_options.request.previous && m_options.request.follow && source->stream
            && source->stream->status().state == LogStreamStatus::State::Ended && state.contains(u"running"_s)
            && restartCount > source->restartCount) {
            source->restartCount = restartCount;
            openStream(*source, pod, true);
        }
    }
}

void PodLogSet::openStream(Source &source, const ObjectPtr &pod, bool fromTheBeginning)
{
    LogRequest request = m_options.request;
    request.namespaceName = pod->namespaceName;
    request.pod = pod->name;
    request.container = source.container;
    if (fromTheBeginning) {
        request.tailLines.reset();
        request.sinceSeconds.reset();
        request.sinceTime.reset();
    }
    delete source.stream;
    LogStream *stream = m_session->streamLogs(request, this);
    source.stream = stream;
    const int id = source.id;
    connect(stream, &LogStream::linesArrived, this,
            [this, id](const LogBatch &batch) { emit linesArrived(id, batch); });
    connect(stream, &LogStream::statusChanged, this,
            [this, id](const LogStreamStatus &status) { emit sourceStatusChanged(id, status); });
}

void PodLogSet::endPod(const QString &podKey, const QString &reason)
{
    const QList<int> ids = m_sourcesByPod.take(podKey);
    for (const int id : ids) {
        Source &source = m_sources[id];
        if (!source.stream)
            continue;
        delete source.stream;
        source.stream = nullptr;
        emit sourceEnded(id, reason);
    }
}

} // namespace binnacle
