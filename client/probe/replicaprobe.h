#pragma once

#include "client/portforward/forwardtarget.h"
#include "client/probe/probeanswer.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>

#include <deque>

class QNetworkAccessManager;
class QNetworkReply;

namespace binnacle {

class ClusterSession;
class PortForwarder;
class ReadyPods;
struct ReadyPod;

// The request every replica gets.
struct ProbeRequest
{
    QByteArray method = "GET";
    QString path = QStringLiteral("/");
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QString port; // the target's port: a number or a name (a Service's port, or a container port of the pods)
    int timeoutMs = 5000;
    int maxConcurrent = 16;
};

// Asks every ready pod of a target (a Service, a workload, a Pod) the same HTTP question at once, through a
// short-lived port-forward per pod (PortForwarder on a Pod target and an ephemeral local port), with at most
// maxConcurrent at a time; each answer arrives as it comes. The pods are the ones ready when the probe starts. The
// HTTP is QNetworkAccessManager's (HTTP/1.1: a forward carries one TCP connection per WebSocket).
// On the GUI thread.
class ReplicaProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReplicaProbe)

public:
    // `target.port` is ignored: the request's port is used. `session` must outlive this object.
    ReplicaProbe(ClusterSession *session, ForwardTarget target, ProbeRequest request, QObject *parent = nullptr);
    ~ReplicaProbe() override;

    void start();
    void cancel(); // what is still out is dropped; finished() follows

    const ForwardTarget &target() const { return m_target; }
    QString cluster() const;
    int planned() const { return m_planned; } // pods asked (known once the pods are)
    int answeredCount() const { return m_answered; }
    bool isFinished() const { return m_finished; }
    // Why no pod was asked ("Deployment shop/x was not found", "No pod of … is ready"); empty otherwise.
    QString problem() const { return m_problem; }

signals:
    void answered(const binnacle::ProbeAnswer &answer);
    void finished();

private:
    struct InFlight;
    void onPodsChanged();
    void launchMore();
    void ask(const ReadyPod &pod);
    void onReplyFinished(QNetworkReply *reply);
    void complete(InFlight &flight, ProbeAnswer answer);
    void finishIfDone();

    ClusterSession *m_session;
    ForwardTarget m_target;
    ProbeRequest m_request;
    ReadyPods *m_pods = nullptr;
    QNetworkAccessManager *m_network;
    std::deque<ReadyPod> m_queue;
    QHash<QNetworkReply *, InFlight *> m_inFlight;
    QString m_problem;
    int m_planned = 0;
    int m_answered = 0;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace binnacle
