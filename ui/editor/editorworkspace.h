#pragma once

#include "client/discovery/apiresource.h"
#include "models/edit/draftstore.h"

#include <QObject>

#include <functional>

namespace binnacle {

class BottomDock;
class ClusterSession;
class EditorTab;
class NewResourceTab;

// Where editors come from: opens one EditorTab per object in the bottom dock (or shows the one already open),
// reopens the editors of the last session, and offers the drafts a crash or a close left behind.
class EditorWorkspace final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EditorWorkspace)

public:
    // The session of a context, connecting it if needed; null when the kubeconfig has no such context.
    using SessionLookup = std::function<ClusterSession *(const QString &context)>;

    EditorWorkspace(BottomDock *dock, SessionLookup sessions, QObject *parent = nullptr);

    EditorTab *openEditor(const QString &context, const ApiResource &resource, const QString &namespaceName,
                          const QString &name);

    // The tab for new resources of `context` (one per context), in `namespaceName` unless a document says otherwise.
    NewResourceTab *openNewResource(const QString &context, const QString &namespaceName);

    // One editor per draft on disk, holding the draft's text (newest first); returns how many were offered.
    int recoverDrafts();

    const DraftStore &drafts() const { return m_drafts; }

private:
    EditorTab *createEditor(const QVariantMap &state);

    BottomDock *m_dock;
    SessionLookup m_sessions;
    DraftStore m_drafts;
};

} // namespace binnacle
