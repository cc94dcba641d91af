#pragma once

#include "client/core/result.h"
#include "client/discovery/restmapper.h"

#include <QJsonObject>
#include <QObject>

#include <functional>

namespace binnacle {

class ResourceClient;

// Creates the objects of a multi-document YAML file all or nothing, as far as the server lets us: every document is
// parsed, mapped to a resource and created with dryRun=All first; only when all of them pass is anything created.
// A file whose third document is invalid never leaves the first two behind.
class ManifestApplier final
{
public:
    struct Outcome
    {
        int document = 0; // 1-based
        int line = 0; // where the document starts
        QString kind;
        QString namespaceName;
        QString name;
        std::optional<Error> error; // empty: this document passed (dry run) or was created
        QStringList warnings;
    };
    struct Report
    {
        QList<Outcome> documents;
        bool created = false; // true when every document was created for real
    };

    ManifestApplier(const ResourceClient *client, RestMapper mapper);

    void create(const QByteArray &yaml, const QString &fileName, const QString &defaultNamespace, QObject *context,
                std::function<void(const Report &)> done) const;

private:
    const ResourceClient *m_client;
    RestMapper m_mapper;
};

} // namespace binnacle
