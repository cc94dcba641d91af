#include "httpget.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace binnacle::testing {

HttpGet::HttpGet(quint16 port, const QByteArray &path, QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::connected, this,
            [this, path] { m_socket.write("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n"); });
    connect(&m_socket, &QTcpSocket::readyRead, this, &HttpGet::read);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] {
        if (!done)
            finish(m_socket.errorString());
    });
    m_socket.connectToHost(u"127.0.0.1"_s, port);
}

void HttpGet::read()
{
    m_buffer += m_socket.readAll();
    const qsizetype end = m_buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    qint64 length = -1;
    const QList<QByteArray> lines = m_buffer.left(end).split('\n');
    answer.status = lines.value(0).split(' ').value(1).toInt();
    for (const QByteArray &line : lines) {
        const QByteArray lower = line.trimmed().toLower();
        if (lower.startsWith("content-length:"))
            length = lower.mid(15).trimmed().toLongLong();
        if (lower.startsWith("x-pod-name:"))
            answer.podHeader = line.trimmed().mid(11).trimmed();
    }
    if (length >= 0 && m_buffer.size() - end - 4 >= length) {
        answer.body = m_buffer.mid(end + 4, length);
        finish({});
    }
}

void HttpGet::finish(const QString &error)
{
    done = true;
    answer.error = error;
    m_socket.abort();
}

HttpAnswer httpGet(quint16 port, const QByteArray &path, int timeoutMs)
{
    HttpGet request(port, path);
    if (!QTest::qWaitFor([&] { return request.done; }, timeoutMs))
        request.answer.error = u"no answer within %1 ms"_s.arg(timeoutMs);
    return request.answer;
}

} // namespace binnacle::testing
