#pragma once

#include "client/discovery/restmapper.h"
#include "client/resources/applyreport.h"

#include <QJsonObject>

#include <optional>

namespace binnacle {

// The documents of a manifest read, mapped to resources and put in the order they can be created in: Namespaces
// first, then CustomResourceDefinitions, then everything else in file order (as Helm and kubectl's prune do).
// A document in a Namespace of the same file, or of a kind a CRD of the same file defines, cannot even be dry-run
// until those exist: it is marked `dependent`, and a custom resource waits for its CRD to be served.
class ManifestPlan final
{
public:
    struct Step
    {
        int outcome = 0; // index into report.documents
        QJsonObject object;
        QString apiVersion;
        std::optional<ApiResource> resource; // empty until discovery serves the kind a CRD of this file defines
        bool foundation = false; // a Namespace or a CRD
        bool isCrd = false; // created: wait until it is Established and discovery serves it
        bool dependent = false; // needs a Namespace or CRD of this file to exist first
    };

    static ManifestPlan build(const QByteArray &yaml, const QString &fileName, const QString &defaultNamespace,
                              const RestMapper &mapper);

    // Every document was read and its kind is served, or will be by a CRD of this file.
    bool isComplete() const { return m_complete; }
    ApplyReport &report() { return m_report; }
    const ApplyReport &report() const { return m_report; }
    QList<Step> &steps() { return m_steps; } // in apply order
    const QList<Step> &steps() const { return m_steps; }

private:
    ApplyReport m_report;
    QList<Step> m_steps;
    bool m_complete = true;
};

} // namespace binnacle
