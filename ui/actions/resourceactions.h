#pragma once

#include "client/core/result.h"
#include "client/resources/accessreview.h"
#include "ui/actions/resourceref.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>

#include <functional>
#include <optional>

class QAction;
class QMenu;
class QWidget;

namespace binnacle {

class DeleteDialog;

// Every action on the selected objects, in one place, so that the context menu, the details pane's buttons, the
// Resource menu and the command palette show the same QActions with the same state: an action is visible where it
// applies to the selection's kinds (Edit and Delete always), and enabled only when the server said yes to a
// SelfSubjectAccessReview for its exact verb, resource, subresource and namespace. A forbidden action stays
// visible, disabled, and its tooltip says who may not do what where, with the server's reason.
//
// Edit, Logs, Shell, Forward, Probe and New resource are only signals (the editor, log and terminal tabs live
// elsewhere). The others run here: Delete and Scale through their dialogs, Restart and Cordon after a short
// confirmation, Suspend, Resume, Uncordon and Trigger at once. A write that fails shows the server's message; nothing
// blocks the GUI thread.
class ResourceActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResourceActions)

public:
    enum class Kind {
        Edit,
        Logs,
        Shell,
        Forward,
        Probe,
        Delete,
        Scale,
        Restart,
        Suspend,
        Resume,
        Trigger,
        Cordon,
        Uncordon,
        NewResource
    };
    Q_ENUM(Kind)

    // Dialogs open over `window`, which also owns this object.
    explicit ResourceActions(QWidget *window);
    ~ResourceActions() override;

    // What the person is looking at (`session`, and `namespaceName` when one namespace is shown: where New resource
    // creates) and which objects are selected there.
    void setSelection(ClusterSession *session, const QString &namespaceName, const QList<ResourceRef> &selection);
    const QList<ResourceRef> &selection() const { return m_selection; }

    // Whether restarting and cordoning ask first (Preferences); deleting always does.
    void setConfirmActions(bool confirm) { m_confirmActions = confirm; }

    QAction *action(Kind kind) const { return m_actions.value(kind); }
    QList<QAction *> actions() const; // in menu order, New resource last
    QList<QAction *> objectActions() const; // the ones that act on the selection
    void addToMenu(QMenu *menu) const; // grouped with separators

    // How long an access review's answer is trusted before it is asked again.
    static constexpr int AnswerLifetimeMs = 30000;
    // Access reviews still on their way for the current selection.
    int pendingReviews() const { return int(m_pending.size()); }

signals:
    void editRequested(const binnacle::ResourceRef &object);
    void logsRequested(const binnacle::ResourceRef &object);
    void shellRequested(const binnacle::ResourceRef &object);
    void forwardRequested(const binnacle::ResourceRef &object);
    void probeRequested(const binnacle::ResourceRef &object);
    void newResourceRequested(binnacle::ClusterSession *session, const QString &namespaceName);
    // What an action did ("Scaled Deployment shop/web to 4 replicas"), for the status bar.
    void message(const QString &text);

private:
    struct Gate
    {
        QString verb;
        QString subresource;
        bool singleOnly = false;
        std::function<bool(const ResourceRef &)> applies;
        // The resource the verb is about when it is not the selected one (Trigger creates Jobs).
        std::function<std::optional<ApiResource>(const ResourceRef &)> target;
    };
    struct CachedAnswer
    {
        Result<AccessReview::Answer> answer;
        QElapsedTimer age;
    };

    QAction *makeAction(Kind kind, const QString &text, const QString &description, const QKeySequence &shortcut);
    void refresh();
    void updateAction(Kind kind);
    AccessReview::Question questionFor(const Gate &gate, const ResourceRef &object) const;
    static QString cacheKey(const ClusterSession *session, const AccessReview::Question &question);
    void ask(ClusterSession *session, const AccessReview::Question &question);
    void learnUserName(ClusterSession *session);
    QString userName(ClusterSession *session) const;
    QString deniedText(ClusterSession *session, const AccessReview::Question &question,
                       const AccessReview::Answer &answer) const;

    void run(Kind kind);
    void runDelete();
    void runScale();
    void confirm(const QString &title, const QString &text, const QString &button, std::function<void()> then);
    // Runs one patch per selected object and reports the outcome once all have answered.
    // `done` names what worked ("Suspended %1"), `title` what failed ("Suspend").
    void patchEach(const QList<ResourceRef> &objects, int patchType, const QByteArray &body, const QString &title,
                   const QString &done);
    void triggerJobs(const QList<ResourceRef> &objects);
    void report(const QString &title, const QStringList &failures, const QStringList &successes);
    void showError(const QString &title, const QString &text);

    QWidget *m_window;
    QHash<Kind, QAction *> m_actions;
    QHash<Kind, Gate> m_gates;
    QPointer<ClusterSession> m_session;
    QString m_namespace;
    QList<ResourceRef> m_selection;
    QHash<QString, CachedAnswer> m_answers;
    QSet<QString> m_pending;
    QHash<const ClusterSession *, QString> m_userNames; // who the server says we are, per session
    QSet<const ClusterSession *> m_askedUserName;
    bool m_confirmActions = true;
};

} // namespace binnacle
