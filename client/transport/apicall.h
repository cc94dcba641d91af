#pragma once

#include <QByteArray>
#include <QStringList>
#include <QUrlQuery>

namespace binnacle {

// One HTTP request to the API server, described independently of how it is sent.
struct ApiCall
{
    QByteArray verb = "GET";
    QString path; // "/api/v1/namespaces/shop/pods"
    QUrlQuery query;
    QByteArray body;
    QByteArray contentType;
    QByteArray accept = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers; // extra headers (If-None-Match, ...)
    bool longRunning = false; // watch, follow: a stream manager of its own and no transfer timeout
    int timeoutMs = 60000; // for short requests

    static ApiCall get(QString path, QUrlQuery query = {})
    {
        ApiCall call;
        call.path = std::move(path);
        call.query = std::move(query);
        return call;
    }
};

// What came back from a request the server answered with success (2xx or 304).
struct ApiResponse
{
    int statusCode = 0;
    QByteArray body;
    QByteArray contentType;
    QByteArray etag;
    QStringList warnings; // from `Warning: 299 - "..."` headers, to show the user
    bool http2 = false;
    // For error messages when the body is not what was asked for: its first characters with the request's
    // credentials blanked (ResponseBody::preview), and where a redirect pointed (no query, no user info).
    QString preview;
    QString location;
};

} // namespace binnacle
