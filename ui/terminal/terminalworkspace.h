#pragma once

#include <QObject>
#include <QVariantMap>

#include <functional>

namespace binnacle {

class BottomDock;
class ClusterSession;
class TerminalTab;

// Opens terminal tabs in the bottom dock (`s` on a pod: a new shell each time, side by side) and reopens them at
// the next start (the "terminal" factory), each with a new session in the same container.
class TerminalWorkspace final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalWorkspace)

public:
    using SessionLookup = std::function<ClusterSession *(const QString &context)>;
    TerminalWorkspace(BottomDock *dock, SessionLookup sessions, QObject *parent = nullptr);

    TerminalTab *openShell(ClusterSession *session, const QString &namespaceName, const QString &pod,
                           const QString &container = {});

private:
    TerminalTab *createTab(const QVariantMap &state);

    BottomDock *m_dock;
    SessionLookup m_sessions;
};

} // namespace binnacle
