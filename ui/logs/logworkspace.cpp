#include "ui/logs/logworkspace.h"

#include "client/logs/logtarget.h"
#include "client/session/clustersession.h"
#include "ui/dock/bottomdock.h"
#include "ui/logs/logtab.h"

using namespace Qt::StringLiterals;

namespace binnacle {

LogWorkspace::LogWorkspace(BottomDock *dock, SessionLookup sessions, QObject *parent)
    : QObject(parent)
    , m_dock(dock)
    , m_sessions(std::move(sessions))
{
    m_dock->registerFactory(u"logs"_s, [this](const QVariantMap &state) { return createTab(state); });
}

bool LogWorkspace::hasLogs(const QString &kind)
{
    static const QStringList kinds {u"Pod"_s, u"Deployment"_s, u"StatefulSet"_s, u"DaemonSet"_s,
                                    u"Job"_s, u"ReplicaSet"_s, u"Service"_s};
    return kinds.contains(kind);
}

LogTab *LogWorkspace::createTab(const QVariantMap &state)
{
    const QString context = state.value(u"context"_s).toString();
    const QString namespaceName = state.value(u"namespace"_s).toString();
    LogTarget target;
    if (const QString pod = state.value(u"pod"_s).toString(); !pod.isEmpty()) {
        target = LogTarget::forPod(namespaceName, pod);
    } else {
        Result<LogTarget> selected = LogTarget::forSelector(namespaceName, state.value(u"selector"_s).toString());
        if (!selected)
            return nullptr;
        target = selected.value();
        target.kind = state.value(u"kind"_s).toString();
        target.name = state.value(u"name"_s).toString();
    }
    LogTab::Settings settings;
    settings.container = state.value(u"container"_s).toString();
    settings.initContainers = state.value(u"initContainers"_s).toBool();
    settings.previous = state.value(u"previous"_s).toBool();
    settings.sinceSeconds = state.value(u"sinceSeconds"_s).toLongLong();
    settings.sinceTime = QDateTime::fromString(state.value(u"sinceTime"_s).toString(), Qt::ISODate);
    settings.tailLines = state.value(u"tailLines"_s, -1).toInt();
    return new LogTab(m_sessions(context), target, settings);
}

void LogWorkspace::openLogs(ClusterSession *session, const ApiResource &resource, const QString &namespaceName,
                            const QString &name)
{
    if (!session || !hasLogs(resource.kind))
        return;
    const QString context = session->config().contextName;
    if (resource.kind == u"Pod"_s) {
        const LogTarget target = LogTarget::forPod(namespaceName, name);
        if (DockTab *open = m_dock->find(LogTab::identityFor(context, target)))
            m_dock->open(open);
        else
            m_dock->open(new LogTab(session, target, {}));
        return;
    }
    // A workload's pods are those its selector matches: read it from the object first.
    QPointer<ClusterSession> guard(session);
    session->get(resource, namespaceName, name, this, [this, guard, kind = resource.kind, context](const auto &reply) {
        if (!guard)
            return;
        if (!reply) {
            emit message(tr("Cannot show the logs of %1: %2").arg(kind, reply.error().message()));
            return;
        }
        Result<LogTarget> target = LogTarget::forObject(kind, reply->object);
        if (!target) {
            emit message(tr("Cannot show the logs of %1: %2").arg(kind, target.error().message()));
            return;
        }
        if (DockTab *open = m_dock->find(LogTab::identityFor(context, target.value())))
            m_dock->open(open);
        else
            m_dock->open(new LogTab(guard, target.value(), {}));
    });
}

} // namespace binnacle
