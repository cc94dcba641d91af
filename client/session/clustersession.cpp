#include "clustersession.h"

#include "client/resources/manifestapplier.h"

#include "client/core/displayurl.h"
#include "client/logs/logfollower.h"
#include "client/metrics/metricspoller.h"
#include "client/session/clusterworker.h"
#include "client/transport/clusterconnection.h"

#include <QThread>

using namespace Qt::StringLiterals;

namespace binnacle {

ClusterSession::ClusterSession(ClusterConfig config, SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_thread(new QThread(this))
    , m_worker(new ClusterWorker(config, secrets))
{
    qRegisterMetaType<binnacle::ChangeBatch>();
    qRegisterMetaType<binnacle::InformerHealth>();
    qRegisterMetaType<binnacle::RestMapper>();
    qRegisterMetaType<binnacle::Error>();
    qRegisterMetaType<binnacle::LogBatch>();
    qRegisterMetaType<binnacle::LogStreamStatus>();

    m_thread->setObjectName(u"cluster:"_s + config.contextName);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    connect(m_worker, &ClusterWorker::connected, this, [this](const QString &version) {
        m_serverVersion = version;
        setState(State::Connected, tr("Connected to %1 (Kubernetes %2)").arg(m_config.server.host(), version));
    });
    connect(m_worker, &ClusterWorker::discoveryUpdated, this, [this](const RestMapper &mapper) {
        const bool changed = mapper.resources() != m_mapper.resources();
        m_mapper = mapper;
        if (changed)
            emit resourcesChanged();
    });
    connect(m_worker, &ClusterWorker::failed, this, [this](const Error &error) {
        m_lastError = error;
        if (m_state != State::Connected)
            setState(State::Failed, error.message());
    });
    m_thread->start();
}

ClusterSession::~ClusterSession()
{
    // Subscriptions that outlive us (children of views) must not call into a dead worker.
    m_thread->quit();
    m_thread->wait();
}

MetricsPoller *ClusterSession::metrics()
{
    if (!m_metrics)
        m_metrics = new MetricsPoller(this);
    return m_metrics;
}

void ClusterSession::post(std::function<void(ClusterWorker &)> work)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, work = std::move(work)] { work(*worker); }, Qt::QueuedConnection);
}

void ClusterSession::setState(State state, const QString &message)
{
    m_state = state;
    m_stateMessage = message;
    emit stateChanged(state);
}

void ClusterSession::connectToCluster()
{
    if (m_state == State::Connecting || m_state == State::Connected)
        return;
    setState(State::Connecting, tr("Connecting to %1…").arg(displayUrl(m_config.server)));
    post([](ClusterWorker &worker) {
        if (!worker.connection())
            worker.initialize();
        else
            worker.refreshDiscovery();
    });
}

void ClusterSession::refreshDiscovery()
{
    post([](ClusterWorker &worker) { worker.refreshDiscovery(); });
}

InformerSubscription *ClusterSession::subscribe(const ApiResource &resource, const QString &namespaceName,
                                                Reflector::Mode mode, QObject *parent)
{
    return subscribe({resource, namespaceName, mode, {}}, parent);
}

InformerSubscription *ClusterSession::subscribe(const InformerSubscription::Key &key, QObject *parent)
{
    auto *subscription = new InformerSubscription(m_worker, key, parent);
    post([channel = subscription->m_channel, key](ClusterWorker &worker) { worker.attach(channel, key); });
    return subscription;
}

LogStream *ClusterSession::streamLogs(const LogRequest &request, QObject *parent)
{
    auto *stream = new LogStream(m_worker, request, parent);
    post([channel = stream->m_channel, request](ClusterWorker &worker) {
        if (!channel->isOpen())
            return;
        if (!worker.connection()) {
            LogStreamStatus status;
            status.state = LogStreamStatus::State::Failed;
            status.message = tr("Not connected");
            status.error = Error(Error::Kind::Network, status.message);
            channel->postStatus(status);
            return;
        }
        // A child of the worker: it goes with the session if the stream does not go first.
        auto *follower = new LogFollower(worker.connection(), request, &worker);
        channel->follower = follower;
        QObject::connect(follower, &LogFollower::linesReady, follower,
                         [channel](const LogBatch &batch) { channel->postLines(batch); });
        QObject::connect(follower, &LogFollower::statusChanged, follower,
                         [channel](const LogStreamStatus &status) { channel->postStatus(status); });
        follower->start();
    });
    return stream;
}

void ClusterSession::get(const ApiResource &resource, const QString &ns, const QString &name, QObject *context,
                         ResourceClient::ObjectCallback done)
{
    withClient<ObjectReply>(
        context,
        [resource, ns, name](const ResourceClient &client, QObject *workerContext, auto reply) {
            client.get(resource, ns, name, workerContext, reply);
        },
        std::move(done));
}

void ClusterSession::patch(const ApiResource &resource, const QString &ns, const QString &name, PatchType type,
                           const QByteArray &body, const WriteOptions &options, QObject *context,
                           ResourceClient::ObjectCallback done)
{
    withClient<ObjectReply>(
        context,
        [=](const ResourceClient &client, QObject *workerContext, auto reply) {
            client.patch(resource, ns, name, type, body, options, workerContext, reply);
        },
        std::move(done));
}

void ClusterSession::create(const ApiResource &resource, const QString &ns, const QJsonObject &object,
                            const WriteOptions &options, QObject *context, ResourceClient::ObjectCallback done)
{
    withClient<ObjectReply>(
        context,
        [=](const ResourceClient &client, QObject *workerContext, auto reply) {
            client.create(resource, ns, object, options, workerContext, reply);
        },
        std::move(done));
}

void ClusterSession::canI(const AccessReview::Question &question, QObject *context,
                          std::function<void(const Result<AccessReview::Answer> &)> done)
{
    using Answer = Result<AccessReview::Answer>;
    QPointer<QObject> guard(context);
    post([guard, question, done = std::move(done)](ClusterWorker &worker) {
        auto reply = [guard, done](const Answer &answer) {
            if (guard)
                QMetaObject::invokeMethod(
                    guard.data(), [done, answer] { done(answer); }, Qt::QueuedConnection);
        };
        if (!worker.connection()) {
            reply(Error(Error::Kind::Network, tr("Not connected")));
            return;
        }
        // AccessReview holds only the connection, so a short-lived one is enough.
        AccessReview(worker.connection()).canI(question, &worker, reply);
    });
}

void ClusterSession::prepareUpgrade(const ApiCall &call, bool reauthenticate, QObject *context,
                                    std::function<void(const Result<UpgradeRequest> &)> done)
{
    using Prepared = Result<UpgradeRequest>;
    QPointer<QObject> guard(context);
    post([guard, call, reauthenticate, done = std::move(done)](ClusterWorker &worker) {
        auto reply = [guard, done](const Prepared &prepared) {
            if (guard)
                QMetaObject::invokeMethod(
                    guard.data(), [done, prepared] { done(prepared); }, Qt::QueuedConnection);
        };
        if (!worker.connection()) {
            reply(Error(Error::Kind::Network, tr("Not connected")));
            return;
        }
        worker.connection()->prepareUpgrade(call, reauthenticate, &worker, reply);
    });
}

void ClusterSession::request(const ApiCall &call, QObject *context,
                             std::function<void(const Result<ApiResponse> &)> done)
{
    using Answer = Result<ApiResponse>;
    QPointer<QObject> guard(context);
    post([guard, call, done = std::move(done)](ClusterWorker &worker) {
        auto reply = [guard, done](const Answer &answer) {
            if (guard)
                QMetaObject::invokeMethod(
                    guard.data(), [done, answer] { done(answer); }, Qt::QueuedConnection);
        };
        if (!worker.connection()) {
            reply(Error(Error::Kind::Network, tr("Not connected")));
            return;
        }
        worker.connection()->request(call, &worker, reply);
    });
}

void ClusterSession::remove(const ApiResource &resource, const QString &ns, const QString &name,
                            const DeleteOptions &options, QObject *context, ResourceClient::ObjectCallback done)
{
    withClient<ObjectReply>(
        context,
        [=](const ResourceClient &client, QObject *workerContext, auto reply) {
            client.remove(resource, ns, name, options, workerContext, reply);
        },
        std::move(done));
}

void ClusterSession::applyManifest(const QByteArray &yaml, const QString &defaultNamespace, bool checkOnly,
                                   QObject *context, std::function<void(const ApplyReport &)> done)
{
    QPointer<QObject> guard(context);
    post([=](ClusterWorker &worker) {
        // The applier is a value of the worker's client and discovery; its run keeps itself alive until done.
        const ManifestApplier applier(&worker.client(), worker.discovery());
        auto deliver = [guard, done](const ApplyReport &report) {
            if (guard)
                QMetaObject::invokeMethod(
                    guard.data(), [done, report] { done(report); }, Qt::QueuedConnection);
        };
        if (checkOnly)
            applier.check(yaml, u"new resource"_s, defaultNamespace, &worker, deliver);
        else
            applier.create(yaml, u"new resource"_s, defaultNamespace, &worker, deliver);
    });
}

void ClusterSession::setInformerGracePeriod(int milliseconds)
{
    post([milliseconds](ClusterWorker &worker) { worker.setInformerGracePeriod(milliseconds); });
}

void ClusterSession::countInformers(QObject *context, std::function<void(int)> done)
{
    QPointer<QObject> guard(context);
    post([guard, done = std::move(done)](ClusterWorker &worker) {
        const int count = worker.informerCount();
        if (guard)
            QMetaObject::invokeMethod(
                guard.data(), [done, count] { done(count); }, Qt::QueuedConnection);
    });
}

} // namespace binnacle
