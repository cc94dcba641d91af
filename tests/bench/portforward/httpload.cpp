#include "httpload.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <memory>

namespace {

// One connection's requests, one after the other.
class KeepAliveClient final : public QObject
{
public:
    KeepAliveClient(quint16 port, QByteArray path, int requests, int timeoutMs, LoadResult &result,
                    std::function<void()> done)
        : m_path(std::move(path))
        , m_left(requests)
        , m_result(result)
        , m_done(std::move(done))
    {
        m_timeout.setSingleShot(true);
        m_timeout.setInterval(timeoutMs);
        connect(&m_timeout, &QTimer::timeout, this, [this] { fail(); });
        connect(&m_socket, &QTcpSocket::connected, this, [this] { send(); });
        connect(&m_socket, &QTcpSocket::readyRead, this, [this] { read(); });
        connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] { fail(); });
        m_sinceConnect.start();
        m_timeout.start();
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    }

private:
    void send()
    {
        m_buffer.clear();
        m_request.start();
        m_timeout.start();
        m_socket.write("GET " + m_path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    }
    void read()
    {
        if (m_first) {
            m_result.firstByteMs.append(m_sinceConnect.nsecsElapsed() / 1e6);
            m_first = false;
        }
        m_buffer += m_socket.readAll();
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QByteArray head = m_buffer.left(end).toLower();
        const qsizetype at = head.indexOf("content-length:");
        const qint64 length = at < 0 ? 0 : head.mid(at + 15, head.indexOf('\n', at) - at - 15).trimmed().toLongLong();
        if (m_buffer.size() - end - 4 < length)
            return;
        if (!head.startsWith("http/1.1 200")) {
            fail();
            return;
        }
        m_result.latenciesMs.append(m_request.nsecsElapsed() / 1e6);
        if (--m_left > 0)
            send();
        else
            finish();
    }
    void fail()
    {
        m_result.failures += m_left; // this request and the ones it would have sent
        m_left = 0;
        finish();
    }
    void finish()
    {
        if (m_finished)
            return;
        m_finished = true;
        m_timeout.stop();
        m_socket.disconnect(this);
        m_socket.abort();
        m_done();
    }

    QTcpSocket m_socket;
    QTimer m_timeout;
    QElapsedTimer m_sinceConnect;
    QElapsedTimer m_request;
    QByteArray m_path;
    QByteArray m_buffer;
    int m_left;
    bool m_first = true;
    bool m_finished = false;
    LoadResult &m_result;
    std::function<void()> m_done;
};

} // namespace

LoadResult runHttpLoad(quint16 port, const QByteArray &path, int connections, int requests, int timeoutMs)
{
    LoadResult result;
    QThread thread;
    thread.start();
    QEventLoop waiting;
    QObject starter;
    starter.moveToThread(&thread);
    std::vector<std::unique_ptr<KeepAliveClient>> clients;
    int running = connections;
    QMetaObject::invokeMethod(&starter, [&] {
        for (int i = 0; i < connections; ++i)
            clients.push_back(std::make_unique<KeepAliveClient>(port, path, requests, timeoutMs, result, [&] {
                if (--running == 0)
                    QMetaObject::invokeMethod(&waiting, [&waiting] { waiting.quit(); });
            }));
    });
    waiting.exec(); // the caller's loop goes on: the forward under test lives there
    QMetaObject::invokeMethod(
        &starter, [&] { clients.clear(); }, Qt::BlockingQueuedConnection);
    thread.quit();
    thread.wait();
    return result;
}
