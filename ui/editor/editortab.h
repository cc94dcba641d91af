#pragma once

#include "client/discovery/apiresource.h"
#include "client/resources/resourceoptions.h"
#include "models/details/secretmask.h"
#include "models/edit/draftstore.h"
#include "models/edit/objectedit.h"
#include "ui/dock/docktab.h"
#include "ui/editor/edittarget.h"

#include <QPointer>

#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QStackedWidget;
class QTimer;
class QToolBar;
class QToolButton;

namespace binnacle {

class ClusterSession;
class ConflictView;
class Error;
class FindBar;
class ReviewView;
class YamlEditor;
struct ChangeBatch;
struct EditAnalysis;

// Editing one object in the bottom dock (journey 3): its YAML with errors marked as you type, a review of the
// change (diff, the exact request body, an optional server dry run) before it is applied as a JSON Patch that
// tests the resourceVersion (or a merge patch, or server-side apply), and, when someone else changed the object
// meanwhile, a three-way view that keeps the user's text. The text is saved as a draft while it differs from the
// server's, so a crash loses nothing. After apply the tab follows the live object.
class EditorTab final : public DockTab
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EditorTab)

public:
    using Target = EditTarget;

    enum class Mode { Loading, Editing, Reviewing, Applying, Conflict, Failed };
    Q_ENUM(Mode)

    // `session` may still be connecting: the tab loads once it is connected. `drafts` must outlive the tab.
    EditorTab(ClusterSession *session, Target target, const DraftStore *drafts, QWidget *parent = nullptr);
    ~EditorTab() override;

    // Opens with the text of a draft (after a crash) instead of the server's, marked as changed.
    void recoverDraft(const DraftStore::Draft &draft);

    QString title() const override;
    QString identity() const override { return m_target.identity(); }
    QVariantMap savedState() const override { return m_target.toState(); }
    bool isModified() const override;
    bool confirmClose() override;
    void applyPreferences(const Preferences &preferences) override; // the YAML font

    const Target &target() const { return m_target; }
    Mode mode() const { return m_mode; }
    PatchType patchType() const { return m_patchType; }
    void setPatchType(PatchType type);
    QString message() const; // what the tab says above the editor
    QString liveNote() const; // what it says of the live object, when that changed or went
    QString baseResourceVersion() const;

    YamlEditor *editor() const { return m_editor; }
    ReviewView *reviewView() const { return m_review; }
    ConflictView *conflictView() const { return m_conflict; }

public slots:
    void review(); // Ctrl+S: check the text and show what would be sent
    void apply(); // send what the review showed
    void dryRun();
    void reload(); // start again from the live object (asks before dropping changes)
    void rebase(); // after a conflict: the same change on top of the live object
    void reveal(const QString &key); // one Secret value, decoded, in the text

signals:
    void modeChanged(binnacle::EditorTab::Mode mode);
    void applied(); // the server accepted a change

private:
    void buildToolBar();
    void load();
    void setBase(QJsonObject object);
    void setMode(Mode mode);
    void say(const QString &text, bool problem = false);
    void onTextChanged();
    void checkText();
    void analyse(bool withDiff, std::function<void(const EditAnalysis &)> done);
    void send(const EditAnalysis &analysis, bool dryRun);
    void onApplied(const QJsonObject &object, const QStringList &warnings);
    void onRefused(const Error &error, const QByteArray &sentText);
    void showConflict(const QJsonObject &live, const QByteArray &sentText);
    void showServerProblems(const Error &error);
    void onLiveChanged(const ChangeBatch &batch);
    void saveDraft();
    void discardDraft();
    void followLive();
    void showLiveState();
    QString reviewText(const QJsonObject &object) const;

    QPointer<ClusterSession> m_session;
    Target m_target;
    const DraftStore *m_drafts;
    std::optional<ObjectEdit> m_edit; // the base: what the server had when the text was (re)loaded
    SecretMask m_mask;
    QByteArray m_openingText; // the text as loaded: what the review diffs against
    PatchType m_patchType = PatchType::Json;
    bool m_forceApply = false; // server-side apply: take the fields other managers own (confirmed by the user)
    Mode m_mode = Mode::Loading;
    QString m_liveResourceVersion;
    bool m_liveDeleted = false;
    bool m_liveChanged = false; // someone changed more than status and bookkeeping since base
    std::optional<DraftStore::Draft> m_recovered;
    std::optional<QJsonObject> m_conflictLive;
    QByteArray m_conflictMine;
    quint64 m_checkGeneration = 0;
    int m_quietRebases = 0;
    QObject *m_watch = nullptr; // parent of the live watch

    QToolBar *m_toolBar;
    QComboBox *m_patchTypes;
    QAction *m_reviewAction;
    QAction *m_foldAction;
    QAction *m_reloadAction;
    QToolButton *m_revealButton;
    QLabel *m_message;
    QWidget *m_liveBar;
    QLabel *m_liveNote;
    QStackedWidget *m_pages;
    YamlEditor *m_editor;
    FindBar *m_findBar;
    QWidget *m_editorPage;
    ReviewView *m_review;
    ConflictView *m_conflict;
    QTimer *m_checkTimer;
    QTimer *m_draftTimer;
};

} // namespace binnacle
