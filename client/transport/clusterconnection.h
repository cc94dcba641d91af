#pragma once

#include "client/config/clusterconfig.h"
#include "client/transport/apicall.h"
#include "client/transport/apireply.h"
#include "client/transport/requestdecorator.h"
#include "client/transport/upgraderequest.h"

#include <QObject>
#include <QSslConfiguration>

#include <functional>
#include <memory>
#include <vector>

class QNetworkAccessManager;
class QNetworkRequest;

namespace binnacle {

class CredentialProvider;

// The one way to talk to one cluster as one user. Owns the network managers, the TLS configuration and the chain of
// request decorators. Short requests and long-running ones (watches, log follows) never share a manager: over
// HTTP/2 one manager holds one connection, and Qt 6.4 stalls every request on it once the server's stream limit
// (100) is reached, so streams are spread over managers with a budget well below that.
class ClusterConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterConnection)

public:
    static constexpr int StreamsPerManager = 50;
    static constexpr int RetiredManagerLingerMs = 120000;

    explicit ClusterConnection(ClusterConfig config, QObject *parent = nullptr);
    ~ClusterConnection() override;

    const ClusterConfig &config() const { return m_config; }

    // Starts `call`; the reply belongs to `parent` (destroying it aborts the request).
    ApiReply *send(ApiCall call, QObject *parent);

    // Starts `call` and hands the outcome to `done`, unless `context` is gone by then.
    void request(ApiCall call, QObject *context, std::function<void(const Result<ApiResponse> &)> done);

    // A request with URL, TLS and every decorator applied: also the start of WebSocket upgrades (exec, port-forward).
    QNetworkRequest buildRequest(const ApiCall &call);
    QSslConfiguration sslConfiguration() const { return m_ssl; }

    // The request that starts a WebSocket upgrade for `call`, once credentials are valid (an exec plugin may have to
    // run first). With `reauthenticate`, the server refused the last one with 401: the credential is fetched again.
    // `done` runs on this connection's thread unless `context` is gone by then.
    void prepareUpgrade(const ApiCall &call, bool reauthenticate, QObject *context,
                        std::function<void(const Result<UpgradeRequest> &)> done);

    // Installs an exec-plugin style provider (owned by the connection).
    void setCredentialProvider(std::unique_ptr<CredentialProvider> provider);

    int streamManagerCount() const { return int(m_streamManagers.size()); }

private:
    friend class ApiReply;
    void start(ApiReply *reply);
    void startNow(ApiReply *reply);
    void retryAfterReauthentication(ApiReply *reply);
    void retireRequestManager();
    void streamEnded(QNetworkAccessManager *manager);
    QNetworkAccessManager *managerFor(const ApiCall &call);
    QNetworkAccessManager *createManager();
    void flushPending(const std::optional<Error> &failure);

    struct StreamManager
    {
        QNetworkAccessManager *manager;
        int active;
    };

    ClusterConfig m_config;
    QSslConfiguration m_ssl;
    std::vector<std::unique_ptr<RequestDecorator>> m_decorators;
    CredentialProvider *m_credentials = nullptr;
    QNetworkAccessManager *m_requestManager;
    std::vector<StreamManager> m_streamManagers;
    QList<QPointer<ApiReply>> m_waitingForCredentials;
};

} // namespace binnacle
