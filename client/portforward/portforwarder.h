#pragma once

#include "client/core/result.h"
#include "client/portforward/readypods.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <optional>

class QTcpServer;
class QTimer;

namespace binnacle {

class ClusterSession;
class ForwardedConnection;
class PortForwardStream;

struct ForwardStats
{
    int activeConnections = 0;
    int connections = 0; // accepted since start
    int failedConnections = 0; // ended with an error before or while talking to a pod
    qint64 bytesToPod = 0;
    qint64 bytesFromPod = 0;
};

// A port-forward like `kubectl port-forward`, but one that stays up: it listens on 127.0.0.1 (and ::1) and gives
// every accepted connection its own ForwardedConnection, to the ready pod of the target that serves it now (the
// same one while it stays ready; another within the informer's delay when it goes). When the server is unreachable
// the listener stays and connections wait and retry. Health is truthful: Ready only when a connection reached a pod
// recently or a check connection does now; otherwise it says why and when it tries again.
// On the GUI thread.
class PortForwarder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PortForwarder)

public:
    enum class Health { Stopped, Starting, Ready, NoReadyPod, Unreachable, Forbidden, Failing };
    Q_ENUM(Health)

    static constexpr int RecentSuccessMs = 30000; // a success this recent keeps the forward Ready
    static constexpr int CheckIntervalMs = 10000; // how often an idle forward checks its pod
    static constexpr int CheckGraceMs = 300; // an open check stream without an error this long is a success

    // `localPort` 0: the remote port if it is a number and free, else any free port. `session` must outlive this.
    PortForwarder(ClusterSession *session, ForwardTarget target, quint16 localPort = 0, QObject *parent = nullptr);
    ~PortForwarder() override;

    // Listens and starts following the target's pods. A busy port fails with its number (see freePort()).
    Status start();
    // Closes the listener (the port is free when this returns) and every connection.
    void stop();
    bool isListening() const;

    const ForwardTarget &target() const { return m_target; }
    ClusterSession *session() const { return m_session; }
    quint16 localPort() const { return m_localPort; }
    QString localAddress() const; // "127.0.0.1:8080"
    Health health() const { return m_health; }
    QString healthText() const { return m_healthText; }
    QDateTime nextRetry() const { return m_nextRetry; } // invalid unless Unreachable or Failing
    const ForwardStats &stats() const { return m_stats; }
    QString servingPod() const { return m_servingPod; }
    QString lastError() const { return m_lastError; }
    const ReadyPods *pods() const { return m_pods; }

    static QString healthName(Health health);
    // A local port that can be listened on now: `preferred` when it is free, else one the system picks.
    static quint16 freePort(quint16 preferred = 0);

signals:
    void changed(); // state, health or counters; at most ~10 times a second

private:
    void onNewConnection(QTcpServer *server);
    std::optional<ReadyPod> route(const QString &avoid);
    void onConnectionFinished(ForwardedConnection *connection, const Error &error);
    void noteSuccess(const QString &pod);
    void noteFailure(const Error &error, int retryInMs);
    void check();
    void evaluate();
    void changedSoon();

    ClusterSession *m_session;
    ForwardTarget m_target;
    quint16 m_requestedPort;
    quint16 m_localPort = 0;
    QTcpServer *m_ipv4 = nullptr;
    QTcpServer *m_ipv6 = nullptr;
    ReadyPods *m_pods = nullptr;
    QList<QPointer<ForwardedConnection>> m_connections;
    QPointer<PortForwardStream> m_check;
    QTimer *m_checkTimer;
    QTimer *m_changedTimer;
    QElapsedTimer m_lastSuccess;
    QElapsedTimer m_lastFailure;
    Error m_lastFailureError;
    QString m_servingPod;
    QString m_lastError;
    QDateTime m_nextRetry;
    Health m_health = Health::Stopped;
    QString m_healthText;
    ForwardStats m_stats;
};

} // namespace binnacle
