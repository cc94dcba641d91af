#include "editorworkspace.h"

#include "editortab.h"
#include "newresourcetab.h"

#include "ui/dock/bottomdock.h"

using namespace Qt::StringLiterals;

namespace binnacle {

EditorWorkspace::EditorWorkspace(BottomDock *dock, SessionLookup sessions, QObject *parent)
    : QObject(parent)
    , m_dock(dock)
    , m_sessions(std::move(sessions))
{
    m_dock->registerFactory(u"editor"_s, [this](const QVariantMap &state) { return createEditor(state); });
}

EditorTab *EditorWorkspace::createEditor(const QVariantMap &state)
{
    const EditorTab::Target target = EditorTab::Target::fromState(state);
    if (target.name.isEmpty() || target.resource.resource.isEmpty())
        return nullptr;
    return new EditorTab(m_sessions(target.context), target, &m_drafts);
}

EditorTab *EditorWorkspace::openEditor(const QString &context, const ApiResource &resource,
                                       const QString &namespaceName, const QString &name)
{
    EditorTab::Target target;
    target.context = context;
    target.resource = resource;
    target.namespaceName = namespaceName;
    target.name = name;
    if (auto *open = qobject_cast<EditorTab *>(m_dock->find(target.identity()))) {
        m_dock->open(open);
        return open;
    }
    return qobject_cast<EditorTab *>(m_dock->open(new EditorTab(m_sessions(context), target, &m_drafts)));
}

NewResourceTab *EditorWorkspace::openNewResource(const QString &context, const QString &namespaceName)
{
    if (auto *open = qobject_cast<NewResourceTab *>(m_dock->find(u"new:"_s + context))) {
        m_dock->open(open);
        return open;
    }
    return qobject_cast<NewResourceTab *>(
        m_dock->open(new NewResourceTab(m_sessions(context), context, namespaceName)));
}

int EditorWorkspace::recoverDrafts()
{
    int offered = 0;
    for (const DraftStore::Draft &draft : m_drafts.all()) {
        EditorTab::Target target;
        target.context = draft.context;
        target.resource.group = draft.group;
        target.resource.version = draft.version;
        target.resource.resource = draft.resource;
        target.namespaceName = draft.namespaceName;
        target.name = draft.name;
        ClusterSession *session = m_sessions(draft.context);
        if (!session)
            continue; // its context is gone from the kubeconfig; the draft stays on disk
        // The kind and scope come from discovery; until then the draft's own words.
        target.resource.kind = draft.kind.isEmpty() ? draft.resource : draft.kind;
        target.resource.namespaced = !draft.namespaceName.isEmpty();
        auto *tab = qobject_cast<EditorTab *>(m_dock->find(target.identity()));
        if (!tab)
            tab = qobject_cast<EditorTab *>(m_dock->open(new EditorTab(session, target, &m_drafts)));
        if (tab && tab->mode() == EditorTab::Mode::Loading) {
            tab->recoverDraft(draft);
            ++offered;
        }
    }
    return offered;
}

} // namespace binnacle
