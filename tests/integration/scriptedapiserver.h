#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <memory>

class QTcpServer;
class QTcpSocket;

namespace binnacle::testing {

// An HTTP/1.1 server on loopback that answers what a script says, over plain TCP or TLS: for servers that misbehave
// on purpose (an HTML page, a redirect, 500, a certificate for another name, a client certificate it refuses, no
// answer at all). One request per connection; the real apiserver covers everything else.
class ScriptedApiServer final : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method;
        QString path;
        QUrlQuery query;
        QHash<QByteArray, QByteArray> headers; // lower-case names
    };
    struct Answer
    {
        int code = 200;
        QByteArray body;
        QByteArray contentType = "application/json";
        QList<QPair<QByteArray, QByteArray>> headers;
        bool open = false; // a stream (a watch) that stays open with nothing in it
    };
    using Script = std::function<Answer(const Request &request)>;

    // Answers every request with `script`.
    explicit ScriptedApiServer(Script script, QObject *parent = nullptr);
    // Accepts connections and never sends a byte (not even a TLS handshake).
    static std::unique_ptr<ScriptedApiServer> silent();
    // A metav1.Status body, as the apiserver sends with an error.
    static QByteArray status(int code, const QString &reason, const QString &message);
    ~ScriptedApiServer() override;

    // TLS with this certificate; with `clientAuthorities`, a client certificate they signed is required.
    void useTls(const QSslCertificate &certificate, const QSslKey &key,
                const QList<QSslCertificate> &clientAuthorities = {});
    bool listen();

    QUrl url() const; // https://127.0.0.1:PORT or http://…
    quint16 port() const;
    const QList<Request> &requests() const { return m_requests; }
    int connections() const { return m_connections; }
    int failedHandshakes() const { return m_failedHandshakes; }

    void setScript(Script script) { m_script = std::move(script); }
    // Ends every open stream (Answer::open) as a server ends a watch.
    void endStreams();

private:
    ScriptedApiServer() = default;
    void accept(QTcpSocket *socket);
    void serve(QTcpSocket *socket);

    Script m_script;
    bool m_silent = false;
    bool m_tls = false;
    QSslCertificate m_certificate;
    QSslKey m_key;
    QList<QSslCertificate> m_clientAuthorities;
    QTcpServer *m_server = nullptr;
    QList<QPointer<QTcpSocket>> m_sockets;
    QList<QPointer<QTcpSocket>> m_streams;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<Request> m_requests;
    int m_connections = 0;
    int m_failedHandshakes = 0;
};

} // namespace binnacle::testing
