// Transport edge cases that a real server produces only under load: 429 with Retry-After, Warning headers,
// a Status body versus a plain-text error. A tiny HTTP/1.1 responder on loopback plays the server.

#include "client/transport/clusterconnection.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

// Answers each request with the next canned response; counts requests.
class CannedServer : public QObject
{
public:
    explicit CannedServer(QList<QByteArray> responses)
        : m_responses(std::move(responses))
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                    m_buffer += socket->readAll();
                    while (m_buffer.contains("\r\n\r\n")) {
                        m_buffer.remove(0, m_buffer.indexOf("\r\n\r\n") + 4);
                        ++requests;
                        socket->write(m_responses.isEmpty() ? QByteArray() : m_responses.takeFirst());
                    }
                });
            }
        });
    }
    quint16 port() const { return m_server.serverPort(); }
    int requests = 0;

private:
    QTcpServer m_server;
    QList<QByteArray> m_responses;
    QByteArray m_buffer;
};

QByteArray response(int code, const QByteArray &reason, const QByteArray &body, const QByteArray &extraHeaders = {})
{
    return "HTTP/1.1 " + QByteArray::number(code) + ' ' + reason + "\r\nContent-Type: application/json\r\n"
        + extraHeaders + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

Result<ApiResponse> get(ClusterConnection &connection)
{
    std::optional<Result<ApiResponse>> outcome;
    QObject context;
    connection.request(ApiCall::get(u"/api"_s), &context, [&](const Result<ApiResponse> &r) { outcome.emplace(r); });
    if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 15000))
        return Error(Error::Kind::Cancelled, u"no answer within 15 s"_s);
    return outcome ? *outcome : Result<ApiResponse>(Error(Error::Kind::Cancelled, u"timeout"_s));
}

ClusterConfig configFor(quint16 port)
{
    ClusterConfig config;
    config.server = QUrl(u"http://127.0.0.1:%1"_s.arg(port));
    return config;
}

} // namespace

class TransportTest : public QObject
{
    Q_OBJECT

private slots:
    void tooManyRequestsHonoursRetryAfter()
    {
        CannedServer server(
            {response(429, "Too Many Requests", R"({"kind":"Status","code":429,"reason":"TooManyRequests"})",
                      "Retry-After: 1\r\n"),
             response(200, "OK", R"({"kind":"APIVersions","versions":["v1"]})")});
        ClusterConnection connection(configFor(server.port()));
        QElapsedTimer timer;
        timer.start();
        Result<ApiResponse> reply = get(connection);
        QVERIFY(reply.ok());
        QCOMPARE(server.requests, 2);
        QVERIFY2(timer.elapsed() >= 900, "the retry came before Retry-After");
    }

    void warningsReachTheCaller()
    {
        CannedServer server({response(200, "OK", "{}", "Warning: 299 - \"unknown field \\\"spec.foo\\\"\"\r\n")});
        ClusterConnection connection(configFor(server.port()));
        Result<ApiResponse> reply = get(connection);
        QVERIFY(reply.ok());
        QCOMPARE(reply->warnings, QStringList {u"unknown field \"spec.foo\""_s});
        QCOMPARE(parseWarningHeader(R"(299 - "a", 299 - "b, c")"), QStringList({u"a"_s, u"b, c"_s}));
    }

    void errorsKeepTheServersStatusOrItsText()
    {
        CannedServer server(
            {response(
                 404, "Not Found",
                 R"({"kind":"Status","status":"Failure","message":"pods \"x\" not found","reason":"NotFound","code":404,"details":{"name":"x","kind":"pods"}})"),
             "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\nupstream bad"});
        ClusterConnection connection(configFor(server.port()));
        Result<ApiResponse> notFound = get(connection);
        QVERIFY(notFound.error().isNotFound());
        QCOMPARE(notFound.error().message(), u"pods \"x\" not found"_s);
        QCOMPARE(notFound.error().status().name, u"x"_s);
        Result<ApiResponse> unavailable = get(connection);
        QCOMPARE(unavailable.error().status().code, 503);
        QCOMPARE(unavailable.error().status().reason, u"ServiceUnavailable"_s);
        QCOMPARE(unavailable.error().message(), u"upstream bad"_s);
    }
};

QTEST_GUILESS_MAIN(TransportTest)
#include "tst_transport.moc"
