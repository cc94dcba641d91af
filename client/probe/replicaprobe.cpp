#include "replicaprobe.h"

#include "client/portforward/portforwarder.h"
#include "client/portforward/readypods.h"
#include "client/session/clustersession.h"

#include <QBuffer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace binnacle {

struct ReplicaProbe::InFlight
{
    ProbeAnswer answer;
    std::unique_ptr<PortForwarder> forward;
    QElapsedTimer clock;
};

ReplicaProbe::ReplicaProbe(ClusterSession *session, ForwardTarget target, ProbeRequest request, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_target(std::move(target))
    , m_request(std::move(request))
    , m_network(new QNetworkAccessManager(this))
{
    m_target.port = m_request.port;
    m_network->setProxy(QNetworkProxy::NoProxy); // 127.0.0.1, whatever the system's proxy says
}

ReplicaProbe::~ReplicaProbe()
{
    cancel();
}

QString ReplicaProbe::cluster() const
{
    return m_session->config().contextName;
}

void ReplicaProbe::start()
{
    if (m_started)
        return;
    m_started = true;
    m_pods = new ReadyPods(m_session, m_target, this);
    connect(m_pods, &ReadyPods::changed, this, &ReplicaProbe::onPodsChanged);
    if (const Status started = m_pods->start(); !started) {
        m_problem = started.error().message();
        finishIfDone();
    }
}

void ReplicaProbe::onPodsChanged()
{
    if (!m_pods || !m_pods->synced())
        return;
    // The pods ready now are the ones asked; the informers are let go.
    const QList<ReadyPod> pods = m_pods->pods();
    if (pods.isEmpty())
        m_problem = m_pods->problem();
    m_pods->disconnect(this);
    m_pods->deleteLater();
    m_pods = nullptr;
    m_queue.assign(pods.begin(), pods.end());
    m_planned = int(pods.size());
    launchMore();
    finishIfDone();
}

void ReplicaProbe::launchMore()
{
    while (!m_queue.empty() && m_inFlight.size() < std::max(1, m_request.maxConcurrent)) {
        const ReadyPod pod = m_queue.front();
        m_queue.pop_front();
        ask(pod);
    }
}

void ReplicaProbe::ask(const ReadyPod &pod)
{
    auto flight = std::make_unique<InFlight>();
    flight->answer.cluster = cluster();
    flight->answer.namespaceName = pod.namespaceName;
    flight->answer.pod = pod.name;
    flight->answer.node = pod.node;
    flight->forward = std::make_unique<PortForwarder>(
        m_session, ForwardTarget {u"Pod"_s, pod.namespaceName, pod.name, QString::number(pod.port)}, 0);
    if (const Status started = flight->forward->start(); !started) {
        flight->answer.error = started.error().message();
        ++m_answered;
        emit answered(flight->answer);
        return;
    }
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1%2"_s.arg(flight->forward->localPort()).arg(m_request.path)));
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setTransferTimeout(m_request.timeoutMs);
    for (const auto &[name, value] : m_request.headers)
        request.setRawHeader(name, value);
    flight->clock.start();
    QNetworkReply *reply = m_network->sendCustomRequest(request, m_request.method, m_request.body);
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onReplyFinished(reply); });
    m_inFlight.insert(reply, flight.release());
}

void ReplicaProbe::onReplyFinished(QNetworkReply *reply)
{
    InFlight *flight = m_inFlight.take(reply);
    reply->deleteLater();
    if (!flight)
        return;
    std::unique_ptr<InFlight> owned(flight);
    ProbeAnswer answer = flight->answer;
    answer.latencyMs = flight->clock.elapsed();
    answer.statusCode = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    answer.size = answer.body.size();
    answer.headers = reply->rawHeaderPairs();
    if (answer.statusCode == 0) {
        // No HTTP answer: the forward knows best why (the pod's port refused, forbidden, the server away).
        const QString forwardError = flight->forward->lastError();
        if (reply->error() == QNetworkReply::OperationCanceledError)
            answer.error = tr("timed out after %1 ms").arg(m_request.timeoutMs);
        else
            answer.error = forwardError.isEmpty() ? reply->errorString() : forwardError;
    }
    complete(*flight, std::move(answer));
}

void ReplicaProbe::complete(InFlight &flight, ProbeAnswer answer)
{
    flight.forward->stop(); // the pod's local port is free again
    ++m_answered;
    emit answered(answer);
    launchMore();
    finishIfDone();
}

void ReplicaProbe::cancel()
{
    if (m_pods) {
        m_pods->disconnect(this);
        m_pods->deleteLater();
        m_pods = nullptr;
    }
    m_queue.clear();
    const QList<QNetworkReply *> replies = m_inFlight.keys();
    for (QNetworkReply *reply : replies) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
        delete m_inFlight.take(reply);
    }
    if (m_started)
        finishIfDone();
}

void ReplicaProbe::finishIfDone()
{
    if (m_finished || m_pods || !m_queue.empty() || !m_inFlight.isEmpty())
        return;
    m_finished = true;
    // After the caller's start() returned, so that a probe that had nothing to ask is seen finishing.
    QTimer::singleShot(0, this, &ReplicaProbe::finished);
}

} // namespace binnacle
