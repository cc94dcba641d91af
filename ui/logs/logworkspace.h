#pragma once

#include "client/discovery/apiresource.h"

#include <QObject>
#include <QVariantMap>

#include <functional>

namespace binnacle {

class BottomDock;
class ClusterSession;
class LogTab;

// Opens log tabs in the bottom dock: for a pod at once, for a workload or a Service once its selector is read from
// the object; and reopens them at the next start (the "logs" factory).
class LogWorkspace final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogWorkspace)

public:
    using SessionLookup = std::function<ClusterSession *(const QString &context)>;
    LogWorkspace(BottomDock *dock, SessionLookup sessions, QObject *parent = nullptr);

    // Kinds whose logs can be shown (their pods').
    static bool hasLogs(const QString &kind);

    void openLogs(ClusterSession *session, const ApiResource &resource, const QString &namespaceName,
                  const QString &name);

signals:
    void message(const QString &text); // why a tab could not open

private:
    LogTab *createTab(const QVariantMap &state);

    BottomDock *m_dock;
    SessionLookup m_sessions;
};

} // namespace binnacle
