#include "manifestapplier.h"

#include "client/discovery/discovery.h"
#include "client/resources/manifestplan.h"
#include "client/resources/resourceclient.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QPointer>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

using State = ApplyOutcome::State;
constexpr int PollIntervalMs = 100; // between looks at a CRD's conditions and between discovery refreshes

// One apply, shared by its asynchronous steps; it lives as long as a callback of it is pending.
class Run final : public std::enable_shared_from_this<Run>
{
public:
    Run(const ResourceClient *client, Discovery *discovery, int crdTimeoutMs, bool checkOnly, QObject *context,
        ManifestPlan plan, std::function<void(const ApplyReport &)> done)
        : m_client(client)
        , m_discovery(discovery)
        , m_crdTimeoutMs(crdTimeoutMs)
        , m_checkOnly(checkOnly)
        , m_context(context)
        , m_plan(std::move(plan))
        , m_done(std::move(done))
    { }

    void start()
    {
        auto self = shared_from_this();
        const auto is = [this](auto predicate) {
            QList<int> steps;
            for (int i = 0; i < m_plan.steps().size(); ++i) {
                if (predicate(m_plan.steps().at(i)))
                    steps << i;
            }
            return steps;
        };
        const QList<int> checkableNow = is([](const ManifestPlan::Step &s) { return !s.dependent; });
        const QList<int> foundation = is([](const ManifestPlan::Step &s) { return s.foundation; });
        const QList<int> crds = is([](const ManifestPlan::Step &s) { return s.isCrd; });
        const QList<int> dependent = is([](const ManifestPlan::Step &s) { return s.dependent; });
        const QList<int> rest = is([](const ManifestPlan::Step &s) { return !s.foundation; });
        if (m_checkOnly) {
            dryRun(checkableNow, 0, [=] { self->finish(); });
            return;
        }
        dryRun(checkableNow, 0, [=] {
            self->createAll(foundation, 0, [=] {
                self->m_crdDeadline = QDeadlineTimer(self->m_crdTimeoutMs);
                self->awaitEstablished(crds, 0, [=] {
                    self->awaitServed([=] {
                        self->dryRun(dependent, 0, [=] {
                            self->createAll(rest, 0, [=] {
                                self->m_plan.report().created = true;
                                self->finish();
                            });
                        });
                    });
                });
            });
        });
    }

private:
    using Next = std::function<void()>;

    ManifestPlan::Step &step(int index) { return m_plan.steps()[index]; }
    ApplyOutcome &outcome(int index) { return m_plan.report().documents[step(index).outcome]; }

    static WriteOptions writeOptions(bool dryRun)
    {
        WriteOptions options;
        options.dryRun = dryRun;
        options.fieldValidation = u"Strict"_s; // a typo in a field name is an error here, not a warning
        return options;
    }

    void dryRun(const QList<int> &steps, int i, const Next &next)
    {
        if (i == steps.size())
            return next();
        const int index = steps.at(i);
        const ManifestPlan::Step &s = step(index);
        m_client->create(*s.resource, outcome(index).namespaceName, s.object, writeOptions(true), m_context,
                         [self = shared_from_this(), steps, i, index, next](const Result<ObjectReply> &reply) {
                             if (!reply)
                                 return self->fail(index, reply.error());
                             self->outcome(index).state = State::Checked;
                             self->outcome(index).warnings = reply->warnings;
                             self->dryRun(steps, i + 1, next);
                         });
    }

    void createAll(const QList<int> &steps, int i, const Next &next)
    {
        if (i == steps.size())
            return next();
        const int index = steps.at(i);
        const ManifestPlan::Step &s = step(index);
        m_client->create(*s.resource, outcome(index).namespaceName, s.object, writeOptions(false), m_context,
                         [self = shared_from_this(), steps, i, index, next](const Result<ObjectReply> &reply) {
                             if (!reply)
                                 return self->fail(index, reply.error());
                             const QJsonObject metadata = reply->object.value(u"metadata"_s).toObject();
                             ApplyOutcome &outcome = self->outcome(index);
                             outcome.state = State::Created;
                             outcome.name = metadata.value(u"name"_s).toString(outcome.name);
                             outcome.warnings += reply->warnings;
                             self->m_created.append({index, metadata.value(u"uid"_s).toString()});
                             self->createAll(steps, i + 1, next);
                         });
    }

    // Custom resources of a CRD can be created once the CRD is Established; NamesAccepted=False never gets there.
    void awaitEstablished(const QList<int> &crds, int i, const Next &next)
    {
        if (i == crds.size())
            return next();
        const int index = crds.at(i);
        m_client->get(*step(index).resource, QString(), outcome(index).name, m_context,
                      [self = shared_from_this(), crds, i, index, next](const Result<ObjectReply> &reply) {
                          if (!reply)
                              return self->fail(index, reply.error());
                          const QJsonArray conditions
                              = reply->object.value(u"status"_s).toObject().value(u"conditions"_s).toArray();
                          for (const QJsonValue &value : conditions) {
                              const QJsonObject condition = value.toObject();
                              const QString type = condition.value(u"type"_s).toString();
                              const bool isTrue = condition.value(u"status"_s).toString() == u"True";
                              if (type == u"Established" && isTrue)
                                  return self->awaitEstablished(crds, i + 1, next);
                              if (type == u"NamesAccepted" && !isTrue && condition.contains(u"message"_s))
                                  return self->fail(index,
                                                    Error(Error::Kind::Api, condition.value(u"message"_s).toString()));
                          }
                          if (self->m_crdDeadline.hasExpired())
                              return self->fail(
                                  index,
                                  Error(Error::Kind::Api,
                                        u"the CRD was not Established within %1 s"_s.arg(self->m_crdTimeoutMs / 1000)));
                          QTimer::singleShot(PollIntervalMs, self->m_context,
                                             [self, crds, i, next] { self->awaitEstablished(crds, i, next); });
                      });
    }

    // An Established CRD's kind shows up in discovery a moment later; refresh until every kind is mapped.
    void awaitServed(const Next &next)
    {
        int unmapped = -1;
        for (int index = 0; index < m_plan.steps().size(); ++index) {
            ManifestPlan::Step &s = step(index);
            if (!s.resource)
                s.resource = m_discovery->mapper().forApiVersionKind(s.apiVersion, outcome(index).kind);
            if (!s.resource && unmapped < 0)
                unmapped = index;
        }
        if (unmapped < 0)
            return next();
        if (m_crdDeadline.hasExpired()) {
            return fail(unmapped,
                        Error(Error::Kind::Config,
                              u"the cluster does not serve %1 (%2) %3 s after its CRD "
                              u"was created"_s.arg(outcome(unmapped).kind, step(unmapped).apiVersion)
                                  .arg(m_crdTimeoutMs / 1000)));
        }
        // One answer per refresh (a refresh already under way answers too); then look again, a little later.
        auto *waiter = new QObject(m_context);
        const auto again = [self = shared_from_this(), waiter, next] {
            waiter->deleteLater();
            QObject::disconnect(self->m_discovery, nullptr, waiter, nullptr);
            QTimer::singleShot(PollIntervalMs, self->m_context, [self, next] { self->awaitServed(next); });
        };
        QObject::connect(m_discovery, &Discovery::updated, waiter, again);
        QObject::connect(m_discovery, &Discovery::failed, waiter, again);
        m_discovery->refresh();
    }

    void fail(int index, const Error &error)
    {
        outcome(index).state = State::Failed;
        outcome(index).error = error;
        rollback(m_created.size() - 1);
    }

    // Newest first, so objects go before their Namespace and custom resources before their CRD.
    void rollback(int i)
    {
        if (i < 0)
            return finish();
        // Plain variables, not a structured binding: clang 14 cannot capture a binding in the lambda below.
        const int index = m_created.at(i).first;
        const QString uid = m_created.at(i).second;
        DeleteOptions options;
        options.uid = uid; // only what this apply created, never an object re-created meanwhile
        options.propagationPolicy = u"Background"_s; // a Deployment takes its ReplicaSets and Pods with it
        m_client->remove(*step(index).resource, outcome(index).namespaceName, outcome(index).name, options, m_context,
                         [self = shared_from_this(), i, index](const Result<ObjectReply> &reply) {
                             ApplyOutcome &outcome = self->outcome(index);
                             if (reply || reply.error().isNotFound()) {
                                 outcome.state = State::RolledBack;
                             } else {
                                 outcome.state = State::NotRolledBack;
                                 outcome.rollbackError = reply.error();
                             }
                             self->rollback(i - 1);
                         });
    }

    void finish()
    {
        if (m_context)
            m_done(m_plan.report());
    }

    const ResourceClient *m_client;
    Discovery *m_discovery;
    int m_crdTimeoutMs;
    bool m_checkOnly; // dry runs only: what check() asks
    QPointer<QObject> m_context;
    ManifestPlan m_plan;
    std::function<void(const ApplyReport &)> m_done;
    QList<std::pair<int, QString>> m_created; // step and UID, in the order they were created
    QDeadlineTimer m_crdDeadline;
};

} // namespace

ManifestApplier::ManifestApplier(const ResourceClient *client, Discovery *discovery)
    : m_client(client)
    , m_discovery(discovery)
{ }

void ManifestApplier::create(const QByteArray &yaml, const QString &fileName, const QString &defaultNamespace,
                             QObject *context, std::function<void(const Report &)> done) const
{
    start(yaml, fileName, defaultNamespace, false, context, std::move(done));
}

void ManifestApplier::check(const QByteArray &yaml, const QString &fileName, const QString &defaultNamespace,
                            QObject *context, std::function<void(const Report &)> done) const
{
    start(yaml, fileName, defaultNamespace, true, context, std::move(done));
}

void ManifestApplier::start(const QByteArray &yaml, const QString &fileName, const QString &defaultNamespace,
                            bool checkOnly, QObject *context, std::function<void(const Report &)> done) const
{
    ManifestPlan plan = ManifestPlan::build(yaml, fileName, defaultNamespace, m_discovery->mapper());
    if (!plan.isComplete()) {
        // Unreadable or unknown documents: nothing is sent at all.
        QMetaObject::invokeMethod(
            context, [report = plan.report(), done = std::move(done)] { done(report); }, Qt::QueuedConnection);
        return;
    }
    auto run = std::make_shared<Run>(m_client, m_discovery, m_crdTimeoutMs, checkOnly, context, std::move(plan),
                                     std::move(done));
    run->start();
}

} // namespace binnacle
