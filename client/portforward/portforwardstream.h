#pragma once

#include "client/core/error.h"
#include "client/streams/portforwarddecoder.h"
#include "client/transport/upgraderequest.h"

#include <QAbstractSocket>
#include <QObject>

#include <optional>

class QWebSocket;

namespace binnacle {

class ClusterSession;
struct ApiCall;

// One TCP connection to one pod's port, carried by a WebSocket of its own (`v4.channel.k8s.io` on
// `…/pods/{pod}/portforward?ports=P`, ../shared/PROTOCOL.md): bytes sent are the connection's, bytes received are
// the pod's answer, and text on the error channel is the server's word on the connection (a refused dial, a pod
// that is gone). The protocol has no half-close and no close message: the stream ends when either side closes the
// WebSocket. On the thread it was made on; the request is prepared on the session's worker like every other.
class PortForwardStream final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PortForwardStream)

public:
    enum class State { Idle, Connecting, Open, Ended };
    Q_ENUM(State)

    // `session` must outlive this object.
    PortForwardStream(ClusterSession *session, QString namespaceName, QString pod, quint16 port,
                      QObject *parent = nullptr);
    ~PortForwardStream() override;

    void open();
    // Bytes for the pod; before the stream is open they wait for it.
    void send(QByteArrayView bytes);
    // Bytes handed to the WebSocket that it has not written to the network yet (back-pressure: the local side stops
    // reading while this is over a limit, and resumes at drained()).
    qint64 unwrittenBytes() const { return m_unwritten; }
    // Ends the stream from this side; ended() is not emitted for it.
    void close();

    State state() const { return m_state; }
    const QString &pod() const { return m_pod; }
    quint16 port() const { return m_port; }
    bool receivedData() const { return m_receivedData; }

    static ApiCall upgradeCall(const QString &namespaceName, const QString &pod, quint16 port);

signals:
    void opened(); // the server accepted the upgrade and announced the port
    void received(const QByteArray &bytes); // from the pod
    void drained(); // unwrittenBytes() went down
    // The stream is over: `error` is empty (Kind Cancelled) when the server closed it without a word, else the
    // server's refusal (Api: forbidden, not found), its error channel's text (Api, reason "PortForwardError"), or the
    // network's (Network, Tls). `beforeData`: the pod never answered, so the connection may go to another pod.
    void ended(const binnacle::Error &error, bool beforeData);

private:
    void prepare(bool reauthenticate);
    void startSocket(const UpgradeRequest &upgrade);
    void onConnected();
    void onMessage(const QByteArray &message);
    void onSocketError(QAbstractSocket::SocketError error);
    void onDisconnected();
    void writeFrame(QByteArrayView bytes);
    void end(const Error &error);
    void dropSocket();

    ClusterSession *m_session;
    QString m_namespace;
    QString m_pod;
    quint16 m_port;
    State m_state = State::Idle;
    QWebSocket *m_socket = nullptr;
    std::optional<PortForwardDecoder> m_decoder;
    QByteArray m_pending;
    qint64 m_unwritten = 0;
    bool m_connected = false;
    bool m_reauthenticated = false;
    bool m_receivedData = false;
    QString m_errorText; // the error channel's words so far
};

} // namespace binnacle
