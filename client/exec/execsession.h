#pragma once

#include "client/exec/execresult.h"
#include "client/transport/upgraderequest.h"

#include <QAbstractSocket>
#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <optional>

class QTimer;
class QWebSocket;

namespace binnacle {

class ClusterSession;
struct ApiCall;

// What to run in which container: `…/pods/{pod}/exec` with a command, or `…/pods/{pod}/attach` to the container's
// main process.
struct ExecRequest
{
    QString namespaceName;
    QString pod;
    QString container; // empty: the pod's only container (the server refuses that for several)
    // Exec: the commands to try, in order, each as argv (shell detection: bash, then sh). The next one is tried only
    // when the container has no such command; the one that runs is the session's. Ignored for attach.
    QList<QStringList> commands;
    bool attach = false;
    bool tty = true; // with a tty the server sends no stderr: the pty merges it into stdout
    bool stdin = true;
    int columns = 0; // the terminal's size, sent once the stream is up (0: none)
    int rows = 0;

    static QList<QStringList> defaultShells(); // {"bash"}, {"sh"}
    static ExecRequest shell(QString namespaceName, QString pod, QString container = {});
    static ExecRequest command(QString namespaceName, QString pod, QString container, QStringList argv);
};

// One exec or attach session over a WebSocket (../shared/PROTOCOL.md, "Exec / attach"). It offers
// `v5.channel.k8s.io`, then `v4.channel.k8s.io`, and speaks whichever the server picks. The request is prepared on
// the cluster session's worker (credentials, TLS, proxy exactly as for every other request); the WebSocket lives on
// this object's thread, so output arrives where the terminal is.
//
// A refused upgrade (403, 404, 400) ends the session with the server's Status: Qt 6.4's QWebSocket drops the body
// of a refused handshake, so the session asks once more with a plain GET, which the apiserver refuses in the same
// words ("Upgrade request required" if the refusal was not the request's fault; then the status code is all there is).
class ExecSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExecSession)

public:
    enum class State { Idle, Connecting, Running, Finished };
    Q_ENUM(State)

    static constexpr int DefaultPingIntervalMs = 5000; // as client-go; the server's idle timeout is 4 h
    static constexpr int MissedPongsBeforeGivingUp = 4;

    // `session` must outlive this object.
    ExecSession(ClusterSession *session, ExecRequest request, QObject *parent = nullptr);
    ~ExecSession() override;

    void start();
    // Keystrokes and pastes for the command's stdin; before the stream is up they wait for it.
    void write(QByteArrayView bytes);
    // The terminal's new size (channel 4); before the stream is up the last one is sent when it is.
    void resize(int columns, int rows);
    // No more stdin (v5's close frame); false on v4, which has no way to say it. kwok never passes the EOF on.
    bool closeStdin();
    // Ends the session from this side: finished() says it was closed here.
    void close();

    State state() const { return m_state; }
    const ExecRequest &request() const { return m_request; }
    QString protocol() const { return m_protocol; } // the subprotocol the server picked, once Running
    QStringList command() const; // the command running (or being tried)
    const std::optional<ExecResult> &result() const { return m_result; }

    void setPingInterval(int milliseconds);
    int pongsReceived() const { return m_pongs; }

    // The path and query of the upgrade, for `command` (exec) or none (attach).
    static ApiCall upgradeCall(const ExecRequest &request, const QStringList &command);

signals:
    void started(); // the server accepted the upgrade; output may follow
    void output(const QByteArray &bytes, bool isStderr);
    void finished(const binnacle::ExecResult &result);

private:
    void prepare(bool reauthenticate);
    void open(const UpgradeRequest &upgrade);
    void onConnected();
    void onMessage(const QByteArray &message);
    void onSocketError(QAbstractSocket::SocketError error);
    void onDisconnected();
    void onPingTimer();
    void explainRefusal(int statusCode);
    void endWith(ExecResult result); // the command (or this candidate) ended
    void finish(ExecResult result);
    void dropSocket();

    ClusterSession *m_session;
    ExecRequest m_request;
    State m_state = State::Idle;
    qsizetype m_commandIndex = 0;
    QStringList m_tried;
    QWebSocket *m_socket = nullptr;
    QString m_protocol;
    bool m_connected = false;
    bool m_reauthenticated = false;
    bool m_sawOutput = false;
    bool m_wroteInput = false;
    QByteArray m_pendingInput;
    std::optional<std::pair<int, int>> m_pendingSize;
    std::optional<ExecResult> m_result;
    QString m_transportError;
    QTimer *m_pingTimer;
    int m_missedPongs = 0;
    int m_pongs = 0;
};

} // namespace binnacle
