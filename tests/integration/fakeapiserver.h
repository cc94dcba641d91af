#pragma once
// A scripted API server on loopback (HTTP/1.1), for what the real server cannot be made to do on demand (refuse
// WatchList, end every watch at once, answer "too old", hold a LIST open), and the bodies it scripts.

#include "client/config/clusterconfig.h"
#include "client/discovery/apiresource.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>
#include <functional>

namespace binnacle::testing {

using namespace Qt::StringLiterals;

class FakeApiServer : public QObject
{
public:
    struct Answer
    {
        int code = 200;
        QByteArray body; // a whole body, or the first lines of a stream
        bool stream = false; // chunked and left open: push() adds lines, endStreams() ends them
    };
    using Script = std::function<Answer(const QUrlQuery &query)>;

    explicit FakeApiServer(Script script)
        : m_script(std::move(script))
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
        });
    }

    ClusterConfig config() const
    {
        ClusterConfig config;
        config.server = QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.serverPort()));
        return config;
    }

    void push(const QByteArray &lines)
    {
        for (QTcpSocket *socket : openStreams())
            socket->write(chunk(lines));
    }

    void endStreams()
    {
        for (QTcpSocket *socket : openStreams())
            socket->write("0\r\n\r\n");
        m_streams.clear();
    }

    int openStreamCount() { return int(openStreams().size()); }
    QString path() const { return m_path; } // of the request being answered, for scripts that serve several paths

    QList<QUrlQuery> requests;

private:
    static QByteArray chunk(const QByteArray &data)
    {
        return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
    }

    QList<QTcpSocket *> openStreams()
    {
        m_streams.removeIf([](const QPointer<QTcpSocket> &socket) {
            return !socket || socket->state() != QAbstractSocket::ConnectedState;
        });
        QList<QTcpSocket *> open;
        for (const QPointer<QTcpSocket> &socket : m_streams)
            open << socket.data();
        return open;
    }

    void serve(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        while (buffer.contains("\r\n\r\n")) {
            const QByteArray head = buffer.left(buffer.indexOf("\r\n\r\n"));
            buffer.remove(0, head.size() + 4);
            const QByteArray target = head.split('\n').first().split(' ').value(1);
            const QUrl url(QString::fromUtf8(target));
            const QUrlQuery query(url.query());
            requests << query;
            m_path = url.path();
            const Answer answer = m_script(query);
            QByteArray response
                = "HTTP/1.1 " + QByteArray::number(answer.code) + " X\r\nContent-Type: application/json\r\n";
            if (answer.stream) {
                socket->write(response + "Transfer-Encoding: chunked\r\n\r\n");
                if (!answer.body.isEmpty())
                    socket->write(chunk(answer.body));
                m_streams << socket;
            } else {
                socket->write(response + "Content-Length: " + QByteArray::number(answer.body.size()) + "\r\n\r\n"
                              + answer.body);
            }
        }
    }

    QTcpServer m_server;
    Script m_script;
    QList<QPointer<QTcpSocket>> m_streams;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QString m_path;
};

inline bool isWatchList(const QUrlQuery &query)
{
    return query.queryItemValue(u"sendInitialEvents"_s) == u"true"_s;
}

inline bool isWatch(const QUrlQuery &query)
{
    return query.queryItemValue(u"watch"_s) == u"1"_s && !isWatchList(query);
}

inline bool isList(const QUrlQuery &query)
{
    return query.queryItemValue(u"watch"_s).isEmpty();
}

inline int count(const QList<QUrlQuery> &requests, bool (*kind)(const QUrlQuery &))
{
    return int(std::count_if(requests.cbegin(), requests.cend(), kind));
}

inline constexpr const char *FakeNamespace = "fake";

inline ApiResource fakeConfigMaps()
{
    ApiResource resource;
    resource.version = u"v1"_s;
    resource.resource = u"configmaps"_s;
    resource.kind = u"ConfigMap"_s;
    resource.namespaced = true;
    resource.verbs = {u"list"_s, u"watch"_s};
    return resource;
}

inline QJsonObject fakeObject(const char *name, int resourceVersion)
{
    return {{u"kind"_s, u"ConfigMap"_s},
            {u"apiVersion"_s, u"v1"_s},
            {u"metadata"_s,
             QJsonObject {{u"name"_s, QString::fromLatin1(name)},
                          {u"namespace"_s, QString::fromLatin1(FakeNamespace)},
                          {u"uid"_s, QString(u"uid-"_s + QString::fromLatin1(name))},
                          {u"resourceVersion"_s, QString::number(resourceVersion)}}}};
}

inline QByteArray watchLine(const char *type, const QJsonObject &object)
{
    return QJsonDocument(QJsonObject {{u"type"_s, QString::fromLatin1(type)}, {u"object"_s, object}})
               .toJson(QJsonDocument::Compact)
        + '\n';
}

inline QByteArray added(const char *name, int resourceVersion)
{
    return watchLine("ADDED", fakeObject(name, resourceVersion));
}

inline QByteArray initialEventsEnd(int resourceVersion)
{
    const QJsonObject metadata {{u"resourceVersion"_s, QString::number(resourceVersion)},
                                {u"annotations"_s, QJsonObject {{u"k8s.io/initial-events-end"_s, u"true"_s}}}};
    return watchLine("BOOKMARK", {{u"kind"_s, u"ConfigMap"_s}, {u"apiVersion"_s, u"v1"_s}, {u"metadata"_s, metadata}});
}

inline QByteArray tooOld()
{
    return watchLine("ERROR",
                     {{u"kind"_s, u"Status"_s},
                      {u"status"_s, u"Failure"_s},
                      {u"message"_s, u"too old resource version: 1 (100)"_s},
                      {u"reason"_s, u"Expired"_s},
                      {u"code"_s, 410}});
}

inline QByteArray listOf(const QList<QJsonObject> &items, int resourceVersion)
{
    QJsonArray array;
    for (const QJsonObject &item : items)
        array.append(item);
    return QJsonDocument(
               QJsonObject {{u"kind"_s, u"ConfigMapList"_s},
                            {u"apiVersion"_s, u"v1"_s},
                            {u"metadata"_s, QJsonObject {{u"resourceVersion"_s, QString::number(resourceVersion)}}},
                            {u"items"_s, array}})
        .toJson(QJsonDocument::Compact);
}

// What kube-apiserver 1.36 answers a WatchList when its WatchList feature gate is off (the message and cause of
// k8s.io/apimachinery/pkg/apis/meta/internalversion/validation, ValidateListOptions).
inline QByteArray watchListGateOff()
{
    const QString forbidden
        = u"sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled"_s;
    const QJsonObject cause {{u"reason"_s, u"FieldValueForbidden"_s},
                             {u"message"_s, QString(u"Forbidden: "_s + forbidden)},
                             {u"field"_s, u"sendInitialEvents"_s}};
    const QJsonObject details {
        {u"group"_s, u"meta.k8s.io"_s}, {u"kind"_s, u"ListOptions"_s}, {u"causes"_s, QJsonArray {cause}}};
    const QJsonObject status {
        {u"kind"_s, u"Status"_s},
        {u"apiVersion"_s, u"v1"_s},
        {u"status"_s, u"Failure"_s},
        {u"message"_s,
         QString(u"ListOptions.meta.k8s.io \"\" is invalid: sendInitialEvents: Forbidden: "_s + forbidden)},
        {u"reason"_s, u"Invalid"_s},
        {u"details"_s, details},
        {u"code"_s, 422}};
    return QJsonDocument(status).toJson(QJsonDocument::Compact);
}

} // namespace binnacle::testing
