#include "editortab.h"

#include "conflictview.h"
#include "findbar.h"
#include "reviewview.h"
#include "yamleditor.h"

#include "client/document/yamlconverter.h"
#include "client/session/clustersession.h"
#include "models/edit/editanalysis.h"
#include "models/edit/fieldlocator.h"
#include "models/edit/threewaymerge.h"
#include "models/preferences/preferences.h"

#include <QAction>
#include <QComboBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QStackedWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

constexpr int CheckDelayMs = 300; // errors as you type, once typing pauses
constexpr int DraftDelayMs = 1000;
// Re-basing onto a live object whose only changes are the server's own, before the user is asked after all.
constexpr int MaxQuietRebases = 3;

// What of an object a person edits: without status and the bookkeeping every write moves.
QJsonObject withoutBookkeeping(QJsonObject object)
{
    QJsonObject metadata = object.value(u"metadata"_s).toObject();
    for (const auto *field : {"resourceVersion", "managedFields", "generation"})
        metadata.remove(QLatin1StringView(field));
    object.insert(u"metadata"_s, metadata);
    object.remove(u"status"_s);
    return object;
}

QString resourceVersionOf(const QJsonObject &object)
{
    return object.value(u"metadata"_s).toObject().value(u"resourceVersion"_s).toString();
}

// The server's words, without the copy of the whole patched object a strict decoding error of a patch starts with
// (`patch: Invalid value: "{…}": strict decoding error: unknown field "spec.foo"`).
QString readable(const Error &error)
{
    const QString message = error.message();
    const qsizetype strict = message.lastIndexOf(u"strict decoding error:"_s);
    const QString shown = strict > 0 ? message.mid(strict) : message;
    return shown.size() > 600 ? shown.left(600) + u"…"_s : shown;
}

// Server-side apply refusals name the other managers in their causes: "conflict with "kubectl" using apps/v1".
QString fieldManagerConflicts(const Error &error)
{
    QStringList lines;
    for (const StatusCause &cause : error.status().causes) {
        if (cause.reason == u"FieldManagerConflict")
            lines.append(u"%1: %2"_s.arg(cause.field, cause.message));
    }
    return lines.join(u'\n');
}

} // namespace

EditorTab::EditorTab(ClusterSession *session, Target target, const DraftStore *drafts, QWidget *parent)
    : DockTab(parent)
    , m_session(session)
    , m_target(std::move(target))
    , m_drafts(drafts)
    , m_toolBar(new QToolBar(this))
    , m_patchTypes(new QComboBox(this))
    , m_message(new QLabel(this))
    , m_pages(new QStackedWidget(this))
    , m_editor(new YamlEditor(this))
    , m_findBar(new FindBar(m_editor, this))
    , m_editorPage(new QWidget(this))
    , m_review(new ReviewView(this))
    , m_conflict(new ConflictView(this))
    , m_checkTimer(new QTimer(this))
    , m_draftTimer(new QTimer(this))
{
    setObjectName(u"editorTab"_s);
    setAccessibleName(tr("Editor of %1").arg(title()));
    m_message->setObjectName(u"editorMessage"_s);
    m_message->setAccessibleName(tr("Editor status"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText); // a server's words, never markup
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_editor->setObjectName(u"yamlEditor"_s);
    m_editor->setAccessibleName(tr("YAML of %1").arg(title()));
    m_editor->setReadOnly(true); // until the object is there

    buildToolBar();
    m_liveBar = new QWidget(this);
    m_liveNote = new QLabel(m_liveBar);
    m_liveNote->setObjectName(u"editorLiveNote"_s);
    m_liveNote->setAccessibleName(tr("State on the server"));
    m_liveNote->setWordWrap(true);
    m_liveNote->setTextFormat(Qt::PlainText);
    auto *reloadLive = new QToolButton(m_liveBar);
    reloadLive->setObjectName(u"editorLiveReload"_s);
    reloadLive->setText(tr("Reload"));
    reloadLive->setAccessibleName(tr("Reload the live object"));
    connect(reloadLive, &QToolButton::clicked, this, &EditorTab::reload);
    auto *liveLayout = new QHBoxLayout(m_liveBar);
    liveLayout->setContentsMargins(0, 0, 0, 0);
    liveLayout->addWidget(m_liveNote, 1);
    liveLayout->addWidget(reloadLive);
    m_liveBar->hide();
    auto *editorLayout = new QVBoxLayout(m_editorPage);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->setSpacing(0);
    editorLayout->addWidget(m_editor, 1);
    editorLayout->addWidget(m_findBar);
    m_pages->addWidget(m_editorPage);
    m_pages->addWidget(m_review);
    m_pages->addWidget(m_conflict);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_message);
    layout->addWidget(m_liveBar);
    layout->addWidget(m_pages, 1);

    m_checkTimer->setSingleShot(true);
    m_checkTimer->setInterval(CheckDelayMs);
    connect(m_checkTimer, &QTimer::timeout, this, &EditorTab::checkText);
    m_draftTimer->setSingleShot(true);
    m_draftTimer->setInterval(DraftDelayMs);
    connect(m_draftTimer, &QTimer::timeout, this, &EditorTab::saveDraft);
    connect(m_editor, &QsciScintilla::textChanged, this, &EditorTab::onTextChanged);
    connect(m_editor, &QsciScintilla::modificationChanged, this,
            [this](bool modified) { emit modifiedChanged(modified); });

    connect(m_review, &ReviewView::backRequested, this, [this] { setMode(Mode::Editing); });
    connect(m_review, &ReviewView::applyRequested, this, &EditorTab::apply);
    connect(m_review, &ReviewView::dryRunRequested, this, &EditorTab::dryRun);
    connect(m_conflict, &ConflictView::backRequested, this, [this] { setMode(Mode::Editing); });
    connect(m_conflict, &ConflictView::rebaseRequested, this, &EditorTab::rebase);
    connect(m_conflict, &ConflictView::takeLiveRequested, this, [this] {
        if (!m_conflictLive)
            return;
        saveDraft(); // the user's text stays recoverable
        setBase(*m_conflictLive);
        say(tr("Opened the live object. Your previous text is kept as a draft."));
    });

    if (m_session && m_session->state() == ClusterSession::State::Connected) {
        QTimer::singleShot(0, this, &EditorTab::load);
    } else if (m_session) {
        say(tr("Waiting for %1 to connect…").arg(m_target.context));
        connect(m_session, &ClusterSession::stateChanged, this, [this](ClusterSession::State state) {
            if (state == ClusterSession::State::Connected && !m_edit)
                load();
            else if (state == ClusterSession::State::Failed && !m_edit)
                say(tr("%1 is not reachable: %2").arg(m_target.context, m_session->stateMessage()), true);
        });
    } else {
        say(tr("The context %1 is not in the kubeconfig any more.").arg(m_target.context), true);
        setMode(Mode::Failed);
    }
}

EditorTab::~EditorTab() = default;

void EditorTab::buildToolBar()
{
    m_toolBar->setObjectName(u"editorToolBar"_s);
    m_toolBar->setAccessibleName(tr("Editor actions"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);

    m_reviewAction = m_toolBar->addAction(tr("Review && apply…"), this, &EditorTab::review);
    m_reviewAction->setObjectName(u"reviewAction"_s);
    m_reviewAction->setShortcut(QKeySequence::Save);
    m_reviewAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_reviewAction->setToolTip(tr("See the change and what will be sent, then apply it (Ctrl+S)"));

    m_patchTypes->setObjectName(u"patchType"_s);
    m_patchTypes->setAccessibleName(tr("How to send the change"));
    m_patchTypes->addItem(tr("JSON Patch (conflict-safe)"), int(PatchType::Json));
    m_patchTypes->addItem(tr("Merge patch"), int(PatchType::Merge));
    m_patchTypes->addItem(tr("Server-side apply"), int(PatchType::Apply));
    m_patchTypes->setToolTip(tr("JSON Patch tests the resourceVersion first, so a concurrent change is never "
                                "overwritten. Server-side apply records binnacle as the fields' manager."));
    m_toolBar->addWidget(m_patchTypes);
    connect(m_patchTypes, &QComboBox::activated, this,
            [this] { m_patchType = PatchType(m_patchTypes->currentData().toInt()); });

    m_toolBar->addSeparator();
    m_foldAction = m_toolBar->addAction(tr("Fold server fields"));
    m_foldAction->setObjectName(u"foldServerFields"_s);
    m_foldAction->setCheckable(true);
    m_foldAction->setChecked(true);
    m_foldAction->setToolTip(tr("Fold metadata.managedFields and status, which the server writes"));
    connect(m_foldAction, &QAction::toggled, m_editor, &YamlEditor::setServerFieldsFolded);

    m_reloadAction = m_toolBar->addAction(tr("Reload"), this, &EditorTab::reload);
    m_reloadAction->setObjectName(u"reloadAction"_s);
    m_reloadAction->setToolTip(tr("Start again from the live object"));

    auto *find = new QAction(tr("Find"), this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QAction::triggered, m_findBar, &FindBar::showFind);
    auto *replace = new QAction(tr("Replace"), this);
    replace->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    replace->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(replace, &QAction::triggered, m_findBar, &FindBar::showReplace);
    m_toolBar->addAction(find);
    m_toolBar->addAction(replace);
    // A shortcut in WidgetWithChildrenShortcut context works where its action's widgets are: the tab, not only the
    // tool bar, so that Ctrl+S works while typing.
    addActions({m_reviewAction, find, replace});

    m_revealButton = new QToolButton(this);
    m_revealButton->setObjectName(u"revealSecret"_s);
    m_revealButton->setText(tr("Reveal value"));
    m_revealButton->setAccessibleName(tr("Reveal a Secret value"));
    m_revealButton->setPopupMode(QToolButton::InstantPopup);
    m_revealButton->setMenu(new QMenu(m_revealButton));
    m_revealButton->setVisible(false);
    m_toolBar->addWidget(m_revealButton);
}

QString EditorTab::title() const
{
    return u"%1/%2 (%3)"_s.arg(m_target.resource.kind.toLower(), m_target.name, m_target.context);
}

bool EditorTab::isModified() const
{
    return m_editor->isModified();
}

QString EditorTab::message() const
{
    return m_message->text();
}

QString EditorTab::liveNote() const
{
    return m_liveBar->isVisible() || !m_liveBar->isHidden() ? m_liveNote->text() : QString();
}

QString EditorTab::baseResourceVersion() const
{
    return m_edit ? m_edit->baseResourceVersion() : QString();
}

void EditorTab::setPatchType(PatchType type)
{
    m_patchType = type;
    m_patchTypes->setCurrentIndex(m_patchTypes->findData(int(type)));
}

void EditorTab::say(const QString &text, bool problem)
{
    m_message->setText(problem && !text.isEmpty() ? u"\u26a0 "_s + text : text);
    m_message->setVisible(!text.isEmpty());
}

void EditorTab::setMode(Mode mode)
{
    m_mode = mode;
    switch (mode) {
    case Mode::Loading:
    case Mode::Editing:
    case Mode::Failed:
        m_pages->setCurrentWidget(m_editorPage);
        break;
    case Mode::Reviewing:
    case Mode::Applying:
        m_pages->setCurrentWidget(m_review);
        m_review->setBusy(mode == Mode::Applying);
        break;
    case Mode::Conflict:
        m_pages->setCurrentWidget(m_conflict);
        break;
    }
    m_reviewAction->setEnabled(mode == Mode::Editing || mode == Mode::Reviewing);
    m_reloadAction->setEnabled(mode != Mode::Applying && !m_session.isNull());
    emit modeChanged(mode);
}

void EditorTab::load()
{
    if (!m_session)
        return;
    setMode(Mode::Loading);
    say(tr("Loading %1…").arg(title()));
    m_session->get(m_target.resource, m_target.namespaceName, m_target.name, this,
                   [this](const Result<ObjectReply> &reply) {
                       if (!reply) {
                           say(tr("Cannot open %1: %2").arg(title(), reply.error().message()), true);
                           setMode(Mode::Failed);
                           return;
                       }
                       setBase(reply->object);
                       followLive();
                       if (m_recovered) {
                           const DraftStore::Draft draft = *std::exchange(m_recovered, std::nullopt);
                           m_editor->setText(draft.text); // modified: the draft is not what the server has
                           const bool stale = draft.baseResourceVersion != baseResourceVersion();
                           say(stale ? tr("Recovered your unsaved changes from %1. The object changed on the "
                                          "server since: review carefully before applying.")
                                           .arg(QLocale().toString(draft.savedAt, QLocale::ShortFormat))
                                     : tr("Recovered your unsaved changes from %1.")
                                           .arg(QLocale().toString(draft.savedAt, QLocale::ShortFormat)));
                       }
                   });
}

void EditorTab::recoverDraft(const DraftStore::Draft &draft)
{
    m_recovered = draft;
}

QString EditorTab::reviewText(const QJsonObject &object) const
{
    // What the server keeps for itself would only add noise to a diff of what changed.
    QJsonObject shown = object;
    QJsonObject metadata = shown.value(u"metadata"_s).toObject();
    metadata.remove(u"managedFields"_s);
    shown.insert(u"metadata"_s, metadata);
    return QString::fromUtf8(ObjectEdit(m_target.resource, shown).text(m_mask));
}

void EditorTab::setBase(QJsonObject object)
{
    // By value: `object` may be the base being replaced (a reload of the same object).
    m_edit.emplace(m_target.resource, object);
    m_liveResourceVersion = m_edit->baseResourceVersion();
    m_liveDeleted = false;
    m_liveChanged = false;
    showLiveState();
    m_conflictLive.reset();
    m_editor->setReadOnly(false);
    m_openingText = m_edit->text(m_mask);
    m_editor->setYaml(QString::fromUtf8(m_openingText));
    // Read the opening text once in the background: the parse cache then holds every entry, and the first check or
    // review after an edit re-reads only the entry that changed (a cold read of a 1 MB object takes ~0.5 s).
    (void)QtConcurrent::run([edit = *m_edit, text = m_openingText] { (void)edit.parse(text); });
    m_editor->setServerFieldsFolded(m_foldAction->isChecked());
    if (m_edit->isSecret()) {
        QMenu *menu = m_revealButton->menu();
        menu->clear();
        for (const SecretMask::Entry &entry : m_mask.entries(object)) {
            QAction *action = menu->addAction(entry.key, this, [this, key = entry.key] { reveal(key); });
            action->setEnabled(!entry.revealed);
        }
        m_revealButton->setVisible(!menu->isEmpty());
    }
    say({});
    setMode(Mode::Editing);
}

void EditorTab::reveal(const QString &key)
{
    if (!m_edit || m_mask.isRevealed(key))
        return;
    QByteArray text;
    if (!m_editor->isModified()) {
        m_mask.reveal(key);
        text = m_edit->text(m_mask);
    } else {
        // Keep what the user wrote: its API form, shown again with this value decoded.
        Result<ObjectEdit::Parsed> parsed = m_edit->parse(m_editor->text().toUtf8());
        if (!parsed) {
            say(tr("Fix the YAML first: %1").arg(parsed.error().toString()), true);
            return;
        }
        m_mask.reveal(key);
        text = ObjectEdit(m_target.resource, parsed->object).text(m_mask);
    }
    const bool modified = m_editor->isModified();
    m_openingText = m_edit->text(m_mask); // so the review does not count the revealed value as a change
    if (modified) {
        m_editor->setText(QString::fromUtf8(text));
    } else {
        m_editor->setYaml(QString::fromUtf8(text));
        m_editor->setServerFieldsFolded(m_foldAction->isChecked());
    }
    // Not rebuilt: this may run inside the triggered() of one of these very actions.
    for (QAction *action : m_revealButton->menu()->actions())
        action->setEnabled(!m_mask.isRevealed(action->text()));
}

void EditorTab::onTextChanged()
{
    m_checkTimer->start();
    if (m_edit)
        m_draftTimer->start();
}

void EditorTab::analyse(bool withDiff, std::function<void(const EditAnalysis &)> done)
{
    if (!m_edit)
        return;
    // A copy for the worker: ObjectEdit holds implicitly shared, read-only JSON.
    const ObjectEdit edit = *m_edit;
    const QByteArray opening = m_openingText;
    const QByteArray text = m_editor->text().toUtf8();
    const PatchType type = m_patchType;
    auto *watcher = new QFutureWatcher<EditAnalysis>(this);
    connect(watcher, &QFutureWatcher<EditAnalysis>::finished, this, [watcher, done = std::move(done)] {
        watcher->deleteLater();
        done(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(
        [edit, opening, text, type, withDiff] { return EditAnalysis::run(edit, opening, text, type, withDiff); }));
}

void EditorTab::checkText()
{
    if (!m_edit || m_mode != Mode::Editing)
        return;
    const quint64 generation = ++m_checkGeneration;
    analyse(false, [this, generation](const EditAnalysis &analysis) {
        if (generation != m_checkGeneration)
            return; // the text changed again meanwhile
        if (analysis.error) {
            m_editor->showProblems({{analysis.error->line(), analysis.error->column(), analysis.error->message()}});
            say(tr("YAML error at line %1, column %2: %3")
                    .arg(analysis.error->line())
                    .arg(analysis.error->column())
                    .arg(analysis.error->message()),
                true);
            return;
        }
        if (!analysis.parsed.identityChanges.isEmpty()) {
            QList<YamlEditor::Problem> problems;
            const int line = qMax(1, m_editor->lineOfKey(u"kind"_s, 0));
            problems.append({line, -1, tr("This text names another object")});
            m_editor->showProblems(problems);
            say(tr("This text names another object (%1): it cannot be applied as a change of %2.")
                    .arg(analysis.parsed.identityChanges.join(u"; "_s), title()),
                true);
            return;
        }
        m_editor->clearProblems();
        if (m_message->text().startsWith(u"\u26a0"_s))
            say({}); // the problem it said is gone
    });
}

void EditorTab::review()
{
    if (m_mode == Mode::Reviewing) {
        apply(); // Ctrl+S twice: review, then apply what was reviewed
        return;
    }
    if (!m_edit || m_mode != Mode::Editing)
        return;
    m_checkTimer->stop();
    const quint64 generation = ++m_checkGeneration;
    analyse(true, [this, generation](const EditAnalysis &analysis) {
        if (generation != m_checkGeneration)
            return;
        if (analysis.error || !analysis.parsed.identityChanges.isEmpty()) {
            setMode(Mode::Editing);
            checkText();
            return;
        }
        if (analysis.unchanged) {
            setMode(Mode::Editing);
            say(tr("Nothing to apply: the text says what the server has."));
            return;
        }
        m_review->setChange(analysis.diff, tr("as loaded (resourceVersion %1)").arg(baseResourceVersion()), tr("yours"),
                            analysis.bodyText, analysis.bodyLabel);
        setMode(Mode::Reviewing);
        m_review->setFocus();
    });
}

void EditorTab::apply()
{
    if (m_mode != Mode::Reviewing || !m_edit)
        return;
    setMode(Mode::Applying);
    analyse(false, [this](const EditAnalysis &analysis) {
        if (!analysis.canApply()) {
            setMode(Mode::Editing);
            return;
        }
        send(analysis, false);
    });
}

void EditorTab::dryRun()
{
    if (m_mode != Mode::Reviewing || !m_edit)
        return;
    m_review->setDryRunPending();
    analyse(false, [this](const EditAnalysis &analysis) {
        if (analysis.canApply())
            send(analysis, true);
    });
}

void EditorTab::send(const EditAnalysis &analysis, bool dryRun)
{
    if (!m_session)
        return;
    WriteOptions options;
    options.dryRun = dryRun;
    if (dryRun)
        options.fieldValidation = u"Strict"_s;
    options.fieldManager = u"binnacle"_s;
    options.force = analysis.type == PatchType::Apply && std::exchange(m_forceApply, false);
    const QByteArray sentText = analysis.text;
    m_session->patch(m_target.resource, m_target.namespaceName, m_target.name, analysis.type, analysis.body, options,
                     this, [this, dryRun, sentText](const Result<ObjectReply> &reply) {
                         if (dryRun) {
                             if (reply) {
                                 m_review->setDryRunResult(
                                     TextDiff::compute(reviewText(m_edit->base()), reviewText(reply->object)),
                                     reply->warnings);
                             } else {
                                 m_review->setDryRunFailed(readable(reply.error()));
                                 showServerProblems(reply.error());
                             }
                             return;
                         }
                         if (reply)
                             onApplied(reply->object, reply->warnings);
                         else
                             onRefused(reply.error(), sentText);
                     });
}

void EditorTab::onApplied(const QJsonObject &object, const QStringList &warnings)
{
    m_quietRebases = 0;
    discardDraft();
    setBase(object);
    QString text = tr("Applied: %1 is now at resourceVersion %2.").arg(title(), baseResourceVersion());
    for (const QString &warning : warnings)
        text += u"\n\u26a0 "_s + warning;
    say(text);
    emit applied();
}

void EditorTab::onRefused(const Error &error, const QByteArray &sentText)
{
    // A failed resourceVersion test is a 422 without causes, a stale resourceVersion a 409: either way, what is live
    // decides whether someone else changed the object or the change itself was refused.
    const bool maybeConflict = (error.isInvalid() || error.isConflict()) && m_patchType != PatchType::Apply;
    if (maybeConflict && m_session) {
        m_session->get(m_target.resource, m_target.namespaceName, m_target.name, this,
                       [this, error, sentText](const Result<ObjectReply> &live) {
                           if (live && resourceVersionOf(live->object) != baseResourceVersion()) {
                               showConflict(live->object, sentText);
                               return;
                           }
                           setMode(Mode::Editing);
                           say(tr("The server refused the change: %1").arg(readable(error)), true);
                           showServerProblems(error);
                       });
        return;
    }
    setMode(Mode::Editing);
    const QString managers = fieldManagerConflicts(error);
    if (!managers.isEmpty()) {
        say(tr("Other field managers own what you changed:\n%1").arg(managers), true);
        const auto answer = QMessageBox::question(
            this, tr("Take over these fields?"),
            tr("%1\n\nApply with force and become the manager of these fields? The other managers may set them back.")
                .arg(managers),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer == QMessageBox::Yes) {
            m_forceApply = true;
            setMode(Mode::Reviewing);
            apply();
        }
        return;
    }
    say(tr("The server refused the change: %1").arg(readable(error)), true);
    showServerProblems(error);
}

void EditorTab::showServerProblems(const Error &error)
{
    const QByteArray text = m_editor->text().toUtf8();
    QList<YamlEditor::Problem> problems;
    QStringList fields = FieldLocator::fieldsIn(error.message());
    for (const StatusCause &cause : error.status().causes) {
        if (!cause.field.isEmpty())
            fields.append(cause.field);
    }
    fields.removeDuplicates();
    for (const QString &field : fields) {
        const FieldLocator::Location location = FieldLocator::locate(text, field);
        if (location.line > 0)
            problems.append({location.line, location.column, error.message()});
    }
    if (!problems.isEmpty())
        m_editor->showProblems(problems);
}

void EditorTab::showConflict(const QJsonObject &live, const QByteArray &sentText)
{
    Result<ObjectEdit::Parsed> mine = m_edit->parse(sentText);
    if (!mine) {
        setMode(Mode::Editing);
        return;
    }
    m_conflictLive = live;
    m_conflictMine = sentText;
    m_liveResourceVersion = resourceVersionOf(live);
    const ThreeWayMerge::Outcome outcome = ThreeWayMerge::merge(m_edit->base(), mine->object, live);
    // Only the server's bookkeeping moved (a controller writing status bumps the resourceVersion every few
    // seconds): nobody else changed what the user can change, so the same operations go onto live at once.
    if (outcome.theirs.isEmpty() && outcome.canRebase() && m_quietRebases < MaxQuietRebases) {
        ++m_quietRebases;
        m_mode = Mode::Conflict; // rebase() works from the conflict state, without showing it
        rebase();
        return;
    }
    ConflictView::Versions versions;
    versions.base = reviewText(m_edit->base());
    versions.mine = reviewText(mine->object);
    versions.live = reviewText(live);
    versions.liveResourceVersion = m_liveResourceVersion;
    versions.mineChanged = outcome.mine;
    versions.theirsChanged = outcome.theirs;
    versions.collisions = outcome.collisions;
    versions.canRebase = outcome.canRebase();
    m_conflict->setVersions(versions);
    m_quietRebases = 0;
    say(tr("Not applied: %1 changed on the server while you edited it. Your text is kept.").arg(title()), true);
    setMode(Mode::Conflict);
}

void EditorTab::rebase()
{
    if (m_mode != Mode::Conflict || !m_conflictLive || !m_session)
        return;
    Result<ObjectEdit::Parsed> mine = m_edit->parse(m_conflictMine);
    if (!mine)
        return;
    const ThreeWayMerge::Outcome outcome = ThreeWayMerge::merge(m_edit->base(), mine->object, *m_conflictLive);
    if (!outcome.canRebase())
        return;
    m_conflict->setBusy(true);
    // The same operations on top of the live object, tested against its resourceVersion: a third writer in
    // between is caught the same way.
    const QByteArray body = QJsonDocument(outcome.rebasedPatch).toJson(QJsonDocument::Compact);
    WriteOptions options;
    options.fieldManager = u"binnacle"_s;
    m_session->patch(m_target.resource, m_target.namespaceName, m_target.name, PatchType::Json, body, options, this,
                     [this](const Result<ObjectReply> &reply) {
                         if (reply) {
                             onApplied(reply->object, reply->warnings);
                             return;
                         }
                         // Live moved again: the three-way view starts over, from the same base, against the
                         // newer live object.
                         onRefused(reply.error(), m_conflictMine);
                     });
}

void EditorTab::reload()
{
    if (!m_session)
        return;
    if (isModified()) {
        const auto answer = QMessageBox::question(this, tr("Reload %1?").arg(title()),
                                                  tr("Reloading replaces your changes with the live object. Your "
                                                     "text is kept as a draft."),
                                                  QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Discard)
            return;
        saveDraft();
    }
    load();
}

void EditorTab::followLive()
{
    delete m_watch;
    m_watch = new QObject(this);
    InformerSubscription *watch = m_session->subscribe(
        {m_target.resource, m_target.namespaceName, Reflector::Mode::Full, u"metadata.name="_s + m_target.name},
        m_watch);
    connect(watch, &InformerSubscription::changed, m_watch, [this](const ChangeBatch &batch) { onLiveChanged(batch); });
}

void EditorTab::onLiveChanged(const ChangeBatch &batch)
{
    const QString key
        = m_target.namespaceName.isEmpty() ? m_target.name : m_target.namespaceName + u'/' + m_target.name;
    for (const QList<ObjectPtr> *objects : {&batch.added, &batch.updated}) {
        for (const ObjectPtr &object : *objects) {
            if (object->name != m_target.name)
                continue;
            m_liveResourceVersion = object->resourceVersion;
            m_liveDeleted = false;
            // A controller writing status moves the resourceVersion every few seconds; only a change to what the
            // user could edit is worth a word.
            m_liveChanged = m_edit && withoutBookkeeping(object->object) != withoutBookkeeping(m_edit->base());
        }
    }
    if (batch.removed.contains(key))
        m_liveDeleted = true;
    showLiveState();
}

void EditorTab::showLiveState()
{
    if (m_liveDeleted)
        m_liveNote->setText(tr("\u26a0 Deleted on the server. Applying would fail; your text stays."));
    else if (m_liveChanged)
        m_liveNote->setText(tr("Changed on the server since you opened it (now resourceVersion %1): reload to see it, "
                               "or apply and compare both versions.")
                                .arg(m_liveResourceVersion));
    m_liveBar->setVisible(m_liveDeleted || m_liveChanged);
}

void EditorTab::saveDraft()
{
    if (!m_drafts || !m_edit || !isModified())
        return;
    QByteArray text = m_editor->text().toUtf8();
    if (m_edit->isSecret()) {
        // Never a Secret's values on disk: the draft is the text with every value masked again, and only when it
        // parses (an unparsable text could hold a value anywhere).
        Result<ObjectEdit::Parsed> parsed = m_edit->parse(text);
        if (!parsed)
            return;
        text = ObjectEdit(m_target.resource, parsed->object).text(SecretMask());
    }
    DraftStore::Draft draft;
    draft.context = m_target.context;
    draft.group = m_target.resource.group;
    draft.version = m_target.resource.version;
    draft.resource = m_target.resource.resource;
    draft.kind = m_target.resource.kind;
    draft.namespaceName = m_target.namespaceName;
    draft.name = m_target.name;
    draft.baseResourceVersion = baseResourceVersion();
    draft.text = QString::fromUtf8(text);
    draft.savedAt = QDateTime::currentDateTimeUtc();
    m_drafts->save(draft);
}

void EditorTab::discardDraft()
{
    m_draftTimer->stop();
    if (!m_drafts)
        return;
    DraftStore::Draft draft;
    draft.context = m_target.context;
    draft.group = m_target.resource.group;
    draft.version = m_target.resource.version;
    draft.resource = m_target.resource.resource;
    draft.namespaceName = m_target.namespaceName;
    draft.name = m_target.name;
    m_drafts->discard(draft);
}

bool EditorTab::confirmClose()
{
    if (!isModified())
        return true;
    const auto answer = QMessageBox::question(
        this, tr("Close %1?").arg(title()),
        tr("%1 has changes that were not applied. Keep them as a draft to find them at the next start?").arg(title()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel)
        return false;
    if (answer == QMessageBox::Save)
        saveDraft();
    else
        discardDraft();
    m_draftTimer->stop();
    return true;
}

void EditorTab::applyPreferences(const Preferences &preferences)
{
    m_editor->setEditorFont(preferences.editorFont);
}

} // namespace binnacle
