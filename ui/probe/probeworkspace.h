#pragma once

#include "ui/probe/probetab.h"

#include <QObject>
#include <QVariantMap>

#include <functional>

namespace binnacle {

class BottomDock;
class ClusterSession;
struct ResourceRef;

// Replica probes in the dock: "Probe replicas…" (`p`) on a Service or workload opens a ProbeTab for it, with the
// ports its spec declares offered; the tabs come back at the next start (the "probe" factory) with their request.
class ProbeWorkspace final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProbeWorkspace)

public:
    using SessionLookup = std::function<ClusterSession *(const QString &context)>;
    // `sessions` gives the connected sessions, for a probe of every cluster.
    ProbeWorkspace(BottomDock *dock, SessionLookup lookup, ProbeTab::Sessions sessions, QObject *parent = nullptr);

    // The kinds a probe asks the pods of.
    static bool supportsKind(const QString &kind);

    // Reads the object (its ports), then opens its probe tab (or shows the open one).
    void requestProbe(const ResourceRef &object);

signals:
    // A pod of a probe's row, for the window to act on ("logs", "shell", "yaml").
    void podRequested(const QString &context, const QString &namespaceName, const QString &pod, const QString &what);
    void message(const QString &text); // for the status bar

private:
    ProbeTab *createTab(const QVariantMap &state);
    ProbeTab *adopt(ProbeTab *tab);

    BottomDock *m_dock;
    SessionLookup m_lookup;
    ProbeTab::Sessions m_sessions;
};

} // namespace binnacle
