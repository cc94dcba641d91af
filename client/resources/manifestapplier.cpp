#include "manifestapplier.h"

#include "client/document/yamlconverter.h"
#include "client/resources/resourceclient.h"

#include <QPointer>

#include <memory>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

struct Planned
{
    ApiResource resource;
    QString namespaceName;
    QJsonObject object;
};

// The state of one run, shared by its asynchronous steps.
struct Run
{
    const ResourceClient *client;
    QPointer<QObject> context;
    std::function<void(const ManifestApplier::Report &)> done;
    ManifestApplier::Report report;
    QList<Planned> planned;
};

void step(const std::shared_ptr<Run> &run, int index, bool dryRun)
{
    if (!run->context)
        return;
    if (index == run->planned.size()) {
        if (!dryRun) {
            run->report.created = true;
            run->done(run->report);
            return;
        }
        step(run, 0, false); // every document passed the dry run: now for real
        return;
    }
    const Planned &plan = run->planned.at(index);
    WriteOptions options;
    options.dryRun = dryRun;
    options.fieldValidation = u"Strict"_s; // a typo in a field name is an error here, not a warning
    run->client->create(plan.resource, plan.namespaceName, plan.object, options, run->context,
                        [run, index, dryRun](const Result<ObjectReply> &reply) {
                            ManifestApplier::Outcome &outcome = run->report.documents[index];
                            if (!reply) {
                                outcome.error = reply.error();
                                run->done(run->report); // stop: nothing (more) is created
                                return;
                            }
                            outcome.warnings = reply->warnings;
                            step(run, index + 1, dryRun);
                        });
}

} // namespace

ManifestApplier::ManifestApplier(const ResourceClient *client, RestMapper mapper)
    : m_client(client)
    , m_mapper(std::move(mapper))
{ }

void ManifestApplier::create(const QByteArray &yaml, const QString &fileName, const QString &defaultNamespace,
                             QObject *context, std::function<void(const Report &)> done) const
{
    auto run = std::make_shared<Run>();
    run->client = m_client;
    run->context = context;
    run->done = std::move(done);

    bool allMapped = true;
    int number = 0;
    for (const Result<YamlDocument> &document : YamlConverter::parseDocuments(yaml, fileName)) {
        ++number;
        Outcome outcome;
        outcome.document = number;
        if (!document) {
            outcome.line = document.error().line();
            outcome.error = document.error();
            allMapped = false;
            run->report.documents.append(outcome);
            continue;
        }
        outcome.line = document->line;
        const QJsonObject object = document->value.toObject();
        if (object.isEmpty())
            continue; // an empty document (a trailing ---) is nothing to create
        const QJsonObject metadata = object.value(u"metadata"_s).toObject();
        outcome.kind = object.value(u"kind"_s).toString();
        outcome.name = metadata.value(u"name"_s).toString();
        const std::optional<ApiResource> resource
            = m_mapper.forApiVersionKind(object.value(u"apiVersion"_s).toString(), outcome.kind);
        if (!resource) {
            outcome.error = Error(
                Error::Kind::Config,
                u"the cluster does not serve %1 (%2)"_s.arg(outcome.kind, object.value(u"apiVersion"_s).toString()));
            allMapped = false;
        } else {
            outcome.namespaceName
                = resource->namespaced ? metadata.value(u"namespace"_s).toString(defaultNamespace) : QString();
            run->planned.append({*resource, outcome.namespaceName, object});
        }
        run->report.documents.append(outcome);
    }
    if (!allMapped) {
        // Unreadable or unknown documents: nothing is sent at all.
        QMetaObject::invokeMethod(
            context, [run] { run->done(run->report); }, Qt::QueuedConnection);
        return;
    }
    // Keep outcomes aligned with the planned documents (empty documents were skipped in both).
    step(run, 0, true);
}

} // namespace binnacle
