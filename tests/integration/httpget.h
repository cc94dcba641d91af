#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTcpSocket>

namespace binnacle::testing {

// What one HTTP request through a forwarded port got back.
struct HttpAnswer
{
    int status = 0;
    QByteArray podHeader; // X-Pod-Name: which pod answered (the test cluster's servers all send it)
    QByteArray body;
    QString error;
    bool ok() const { return error.isEmpty() && status == 200; }
};

// One HTTP/1.1 GET on a connection of its own to 127.0.0.1:port, read until its Content-Length is in: kwok keeps a
// forwarded stream open after the pod's server has closed it, so a client must not wait for the close.
class HttpGet final : public QObject
{
public:
    HttpGet(quint16 port, const QByteArray &path, QObject *parent = nullptr);

    bool done = false;
    HttpAnswer answer;

private:
    void read();
    void finish(const QString &error);

    QTcpSocket m_socket;
    QByteArray m_buffer;
};

// The same, waited for (the event loop runs meanwhile); an error when nothing complete came within `timeoutMs`.
HttpAnswer httpGet(quint16 port, const QByteArray &path, int timeoutMs = 15000);

} // namespace binnacle::testing
