#pragma once

#include "client/core/result.h"
#include "client/transport/apicall.h"

#include <QObject>
#include <QPointer>
#include <QSslError>

#include <optional>

class QNetworkReply;

namespace binnacle {

class ClusterConnection;

// One request in flight. It owns its QNetworkReply: destroying the ApiReply aborts the request, so a view that
// goes away takes its requests with it. Retries (429 Retry-After, one re-authentication on 401) happen inside.
class ApiReply final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiReply)

public:
    ~ApiReply() override;

    const ApiCall &call() const { return m_call; }
    bool isFinished() const { return m_result.has_value(); }
    const Result<ApiResponse> &result() const { return *m_result; } // once finished()

    // For long-running calls: the bytes received since the last call.
    QByteArray readAvailable();

    void abort();

signals:
    void dataAvailable(); // long-running calls only
    void responseStarted(); // long-running calls only: the server answered 2xx and the stream is open
    void finished();

private:
    friend class ClusterConnection;
    ApiReply(ClusterConnection *connection, ApiCall call, QObject *parent);

    void attach(QNetworkReply *reply);
    void onNetworkFinished();
    void complete(Result<ApiResponse> result);
    void releaseNetworkReply();
    Error describeFailure(QNetworkReply *reply, int statusCode, const QByteArray &body) const;

    QPointer<ClusterConnection> m_connection;
    ApiCall m_call;
    QPointer<QNetworkReply> m_reply;
    QList<QSslError> m_sslErrors;
    std::optional<Result<ApiResponse>> m_result;
    int m_rateLimitRetries = 0;
    bool m_reauthenticated = false;
    bool m_streaming = false;
};

// Parses `Warning: 299 - "text"` header values (several may be joined by commas).
QStringList parseWarningHeader(const QByteArray &value);

} // namespace binnacle
