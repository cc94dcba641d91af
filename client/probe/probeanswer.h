#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

namespace binnacle {

// One pod's answer to the replica probe's request: the HTTP status and body, or why there was none. Filled by
// ReplicaProbe; the comparison (models/probe) reads only this.
struct ProbeAnswer
{
    QString cluster; // kubeconfig context name
    QString namespaceName;
    QString pod;
    QString node;
    int statusCode = 0; // 0: no HTTP answer came
    qint64 latencyMs = 0;
    qint64 size = 0; // bytes of the body as received
    QByteArray body;
    // In arrival order, duplicates kept: the shape of QNetworkReply::rawHeaderPairs().
    QList<std::pair<QByteArray, QByteArray>> headers;
    QString error; // "timeout", "connection refused", "forbidden"…; empty when an HTTP answer came

    // No answer, or a server error: such an answer is never compared by its body, and never the reference.
    bool failed() const;
    // What a failed answer's group is called: the error text, else "HTTP 503" (or "No answer" for status 0 without
    // an error). Empty when the answer did not fail.
    QString failureReason() const;
};

} // namespace binnacle
