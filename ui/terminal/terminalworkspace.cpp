#include "ui/terminal/terminalworkspace.h"

#include "client/session/clustersession.h"
#include "ui/dock/bottomdock.h"
#include "ui/terminal/terminaltab.h"

using namespace Qt::StringLiterals;

namespace binnacle {

TerminalWorkspace::TerminalWorkspace(BottomDock *dock, SessionLookup sessions, QObject *parent)
    : QObject(parent)
    , m_dock(dock)
    , m_sessions(std::move(sessions))
{
    m_dock->registerFactory(u"terminal"_s, [this](const QVariantMap &state) { return createTab(state); });
}

TerminalTab *TerminalWorkspace::createTab(const QVariantMap &state)
{
    TerminalTab::Target target;
    target.namespaceName = state.value(u"namespace"_s).toString();
    target.pod = state.value(u"pod"_s).toString();
    target.container = state.value(u"container"_s).toString();
    target.command = state.value(u"command"_s).toStringList();
    if (target.pod.isEmpty())
        return nullptr;
    return new TerminalTab(m_sessions(state.value(u"context"_s).toString()), target);
}

TerminalTab *TerminalWorkspace::openShell(ClusterSession *session, const QString &namespaceName, const QString &pod,
                                          const QString &container)
{
    if (!session)
        return nullptr;
    auto *tab = new TerminalTab(session, {namespaceName, pod, container, {}});
    m_dock->open(tab);
    return tab;
}

} // namespace binnacle
