#pragma once

#include "client/resources/applyreport.h"

#include <QObject>

#include <functional>

namespace binnacle {

class Discovery;
class ResourceClient;

// Creates the objects of a multi-document YAML file, and leaves nothing behind when one of them fails:
//  1. every document is read and mapped to a resource; a typo or a kind the cluster does not serve sends nothing;
//  2. Namespaces and CRDs come first, then the rest in file order; every document that can be checked now is
//     created with dryRun=All, and a refusal there creates nothing;
//  3. Namespaces and CRDs are created; each CRD is waited for until it is Established and discovery serves its
//     kind; then the documents that needed them are dry-run too;
//  4. the rest is created. When any step fails part-way, everything this apply created is deleted again, newest
//     first (each with its UID as a precondition, so nothing re-created meanwhile is touched), and the report says
//     what was created, what failed with the server's Status, what was deleted again and what could not be.
// The server has no transactions: between steps other clients may see the objects, and when `context` is destroyed
// in the middle the apply stops where it is.
class ManifestApplier final
{
public:
    using Outcome = ApplyOutcome;
    using Report = ApplyReport;

    // `discovery` is refreshed to learn the kinds CRDs of the manifest define; it must outlive the apply.
    ManifestApplier(const ResourceClient *client, Discovery *discovery);

    void create(const QByteArray &yaml, const QString &fileName, const QString &defaultNamespace, QObject *context,
                std::function<void(const Report &)> done) const;
    // Step 1 and the dry runs of step 2 only: whether the server would accept every document that can be checked
    // before anything exists (documents of a kind a CRD of the same manifest defines stay NotSent). Creates nothing.
    void check(const QByteArray &yaml, const QString &fileName, const QString &defaultNamespace, QObject *context,
               std::function<void(const Report &)> done) const;

    // How long a CRD of the manifest may take to be Established and served before the apply gives up.
    void setCrdTimeout(int milliseconds) { m_crdTimeoutMs = milliseconds; }

private:
    void start(const QByteArray &yaml, const QString &fileName, const QString &defaultNamespace, bool checkOnly,
               QObject *context, std::function<void(const Report &)> done) const;

    const ResourceClient *m_client;
    Discovery *m_discovery;
    int m_crdTimeoutMs = 30000;
};

} // namespace binnacle
