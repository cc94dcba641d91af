#pragma once

#include "client/config/clusterconfig.h"
#include "client/discovery/restmapper.h"
#include "client/logs/logstream.h"
#include "client/resources/accessreview.h"
#include "client/resources/applyreport.h"
#include "client/resources/resourceclient.h"
#include "client/session/clusterworker.h"
#include "client/session/informersubscription.h"
#include "client/transport/upgraderequest.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QThread;

namespace binnacle {

class MetricsPoller;
class SecretStore;

// One connected cluster, as the GUI thread sees it. Network, parsing of large bodies and the informers' caches
// live on a worker thread of this session's own; the GUI gets state changes, discovery snapshots and coalesced
// informer batches through queued signals, so a slow or unreachable cluster never blocks the window or the others.
class ClusterSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterSession)

public:
    enum class State { Disconnected, Connecting, Connected, Failed };
    Q_ENUM(State)

    // `secrets` (may be null) must outlive the session.
    ClusterSession(ClusterConfig config, SecretStore *secrets, QObject *parent = nullptr);
    ~ClusterSession() override;

    void connectToCluster();
    void refreshDiscovery();

    const ClusterConfig &config() const { return m_config; }
    State state() const { return m_state; }
    QString stateMessage() const { return m_stateMessage; }
    const Error &lastError() const { return m_lastError; }
    QString serverVersion() const { return m_serverVersion; }
    const RestMapper &mapper() const { return m_mapper; }

    InformerSubscription *subscribe(const ApiResource &resource, const QString &namespaceName, Reflector::Mode mode,
                                    QObject *parent);
    InformerSubscription *subscribe(const InformerSubscription::Key &key, QObject *parent);

    // Streams one container's log (LogFollower on the worker); destroying the stream ends it.
    LogStream *streamLogs(const LogRequest &request, QObject *parent);

    // Runs `call` on the worker with the resource client; `done` runs on `context`'s thread while it lives.
    template<typename T>
    void withClient(QObject *context,
                    std::function<void(const ResourceClient &, QObject *, std::function<void(const Result<T> &)>)> call,
                    std::function<void(const Result<T> &)> done);

    void get(const ApiResource &resource, const QString &ns, const QString &name, QObject *context,
             ResourceClient::ObjectCallback done);
    void patch(const ApiResource &resource, const QString &ns, const QString &name, PatchType type,
               const QByteArray &body, const WriteOptions &options, QObject *context,
               ResourceClient::ObjectCallback done);
    void create(const ApiResource &resource, const QString &ns, const QJsonObject &object, const WriteOptions &options,
                QObject *context, ResourceClient::ObjectCallback done);
    void remove(const ApiResource &resource, const QString &ns, const QString &name, const DeleteOptions &options,
                QObject *context, ResourceClient::ObjectCallback done);

    // Creates the objects of a multi-document manifest in dependency order, rolling back on failure
    // (ManifestApplier); with `checkOnly`, dry runs them and creates nothing.
    void applyManifest(const QByteArray &yaml, const QString &defaultNamespace, bool checkOnly, QObject *context,
                       std::function<void(const ApplyReport &)> done);

    // "Can I?" for the session's user (SelfSubjectAccessReview); fails when the session has no connection yet.
    void canI(const AccessReview::Question &question, QObject *context,
              std::function<void(const Result<AccessReview::Answer> &)> done);

    // The decorated request of a WebSocket upgrade (exec, attach, port-forward), prepared on the worker, where the
    // connection and its credentials live, and handed to `context`'s thread, which opens the WebSocket itself
    // (ClusterConnection::prepareUpgrade). Fails when the session has no connection yet.
    void prepareUpgrade(const ApiCall &call, bool reauthenticate, QObject *context,
                        std::function<void(const Result<UpgradeRequest> &)> done);

    // One plain request with the session's connection (for what has no resource method: a refused upgrade's
    // Status, raw subresources); `done` runs on `context`'s thread while it lives.
    void request(const ApiCall &call, QObject *context, std::function<void(const Result<ApiResponse> &)> done);

    // CPU and memory from the Metrics API for what the views show (made on first use, owned by the session).
    MetricsPoller *metrics();

    // How long an informer outlives its last subscription (ClusterWorker::DefaultInformerGraceMs; 0: not at all).
    void setInformerGracePeriod(int milliseconds);

    // For tests and diagnostics: informers alive on the worker (asynchronous answer).
    void countInformers(QObject *context, std::function<void(int)> done);

signals:
    void stateChanged(binnacle::ClusterSession::State state);
    void resourcesChanged();

private:
    void setState(State state, const QString &message);
    void post(std::function<void(ClusterWorker &)> work);

    ClusterConfig m_config;
    QThread *m_thread;
    ClusterWorker *m_worker; // lives on m_thread; deleted there
    State m_state = State::Disconnected;
    QString m_stateMessage;
    Error m_lastError;
    QString m_serverVersion;
    RestMapper m_mapper;
    MetricsPoller *m_metrics = nullptr;
};

template<typename T>
void ClusterSession::withClient(
    QObject *context,
    std::function<void(const ResourceClient &, QObject *, std::function<void(const Result<T> &)>)> call,
    std::function<void(const Result<T> &)> done)
{
    QPointer<QObject> guard(context);
    post([guard, call = std::move(call), done = std::move(done)](ClusterWorker &worker) {
        call(worker.client(), &worker, [guard, done](const Result<T> &result) {
            if (guard)
                QMetaObject::invokeMethod(
                    guard.data(), [done, result] { done(result); }, Qt::QueuedConnection);
        });
    });
}

} // namespace binnacle
