#include "ui/probe/probeworkspace.h"

#include "client/session/clustersession.h"
#include "ui/actions/resourceref.h"
#include "ui/dock/bottomdock.h"

#include <QPointer>

using namespace Qt::StringLiterals;

namespace binnacle {

ProbeWorkspace::ProbeWorkspace(BottomDock *dock, SessionLookup lookup, ProbeTab::Sessions sessions, QObject *parent)
    : QObject(parent)
    , m_dock(dock)
    , m_lookup(std::move(lookup))
    , m_sessions(std::move(sessions))
{
    m_dock->registerFactory(u"probe"_s, [this](const QVariantMap &state) { return createTab(state); });
}

bool ProbeWorkspace::supportsKind(const QString &kind)
{
    // A single Pod is no comparison: the kinds with replicas.
    return kind != u"Pod"_s && ForwardTarget::supportsKind(kind);
}

ProbeTab *ProbeWorkspace::createTab(const QVariantMap &state)
{
    const ProbeTab::Settings settings = ProbeTab::Settings::fromMap(state);
    if (settings.target.name.isEmpty() || !supportsKind(settings.target.kind))
        return nullptr;
    ClusterSession *session = m_lookup(state.value(u"context"_s).toString());
    if (!session)
        return nullptr;
    return adopt(new ProbeTab(session, settings, m_sessions));
}

ProbeTab *ProbeWorkspace::adopt(ProbeTab *tab)
{
    connect(tab, &ProbeTab::podRequested, this, &ProbeWorkspace::podRequested);
    connect(tab, &ProbeTab::message, this, &ProbeWorkspace::message);
    return tab;
}

void ProbeWorkspace::requestProbe(const ResourceRef &object)
{
    if (!object.session || !supportsKind(object.resource.kind))
        return;
    QPointer<ClusterSession> session = object.session;
    const ResourceRef ref = object;
    session->get(object.resource, object.namespaceName, object.name, this,
                 [this, session, ref](const Result<ObjectReply> &reply) {
                     if (!session)
                         return;
                     if (!reply) {
                         emit message(tr("Cannot probe %1: %2").arg(ref.displayName(), reply.error().message()));
                         return;
                     }
                     ProbeTab::Settings settings;
                     settings.target = {ref.resource.kind, ref.namespaceName, ref.name, {}};
                     auto *tab = adopt(new ProbeTab(session, settings, m_sessions));
                     auto *shown = static_cast<ProbeTab *>(m_dock->open(tab));
                     if (shown == tab)
                         shown->offerPorts(ForwardPorts::declared(ref.resource.kind, reply->object));
                 });
}

} // namespace binnacle
