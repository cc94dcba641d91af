#pragma once

#include "client/core/error.h"
#include "client/portforward/readypods.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QTcpSocket;
class QTimer;

namespace binnacle {

class ClusterSession;
class PortForwardStream;

// One accepted local connection and its way to a pod: a PortForwardStream to the pod the forward's route picks, with
// the bytes copied both ways. Until the pod has answered, a failure that happened before the pod could have seen
// anything (the server unreachable, the pod gone, its port refusing) is tried again, with back-off, on the pod the
// route picks then, replaying what the local side sent, until ConnectDeadlineMs; a refusal (forbidden, TLS) is
// final. Back-pressure: the local side is not read while the WebSocket holds more than BufferLimit unwritten (the
// other way, Qt 6.4's QWebSocket cannot be paused: what the pod sends is buffered for a slow local reader).
// Either side closing closes the other.
class ForwardedConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ForwardedConnection)

public:
    // The pod for an attempt; nullopt while none is ready. `avoid` is the pod the last attempt failed on.
    using Route = std::function<std::optional<ReadyPod>(const QString &avoid)>;

    static constexpr qint64 BufferLimit = 1 << 20;
    static constexpr qint64 ChunkSize = 64 << 10;
    static constexpr int ConnectDeadlineMs = 20000;

    // Takes `local` over (it becomes a child). `session` must outlive this object.
    ForwardedConnection(ClusterSession *session, QTcpSocket *local, Route route, QObject *parent = nullptr);
    ~ForwardedConnection() override;

    void start();
    void close();

    QString pod() const; // the pod of the current attempt
    int attempts() const { return m_attempts; }

signals:
    void connectedToPod(const QString &pod); // the pod answered: this connection works
    void transferred(qint64 toPod, qint64 fromPod); // increments
    // The attempt failed and will be tried again at `retryIn` ms (for the forward's health).
    void retrying(const binnacle::Error &error, int retryIn);
    // The connection is over; `error` has Kind Cancelled when one side simply closed.
    void finished(const binnacle::Error &error);

private:
    void attempt();
    void retryLater(const Error &error);
    void readLocal();
    void onPodBytes(const QByteArray &bytes);
    void onStreamEnded(const Error &error, bool beforeData);
    bool isWorthRetrying(const Error &error, bool beforeAnswer) const;
    void finish(const Error &error);

    ClusterSession *m_session;
    QTcpSocket *m_local;
    Route m_route;
    PortForwardStream *m_stream = nullptr;
    QTimer *m_retryTimer;
    QElapsedTimer m_sinceStart;
    QByteArray m_replay; // what the local side sent before the pod answered (sent again on the next attempt)
    bool m_replayComplete = true;
    bool m_answered = false;
    bool m_finished = false;
    int m_attempts = 0;
    int m_backoffMs = 0;
    QString m_failedPod;
};

} // namespace binnacle
