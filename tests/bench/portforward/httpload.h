#pragma once

#include <QList>
#include <QObject>
#include <QString>

// The client side of the port-forward benchmark, the same for Binnacle's forward and kubectl's: HTTP/1.1
// keep-alive connections to 127.0.0.1:port, each sending its requests one after the other and reading each answer
// to its Content-Length. It runs on a thread of its own, so that it does not share the event loop with the forward
// it measures.
struct LoadResult
{
    QList<double> latenciesMs; // one per answered request
    int failures = 0; // requests without a 200 answer (refused, closed, timed out)
    QList<double> firstByteMs; // per connection: connect() to the first byte of the first answer
};

// `connections` connections at once, `requests` each, GET `path`; every request has `timeoutMs`.
LoadResult runHttpLoad(quint16 port, const QByteArray &path, int connections, int requests, int timeoutMs = 10000);
