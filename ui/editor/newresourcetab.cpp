#include "newresourcetab.h"

#include "yamleditor.h"

#include "client/session/clustersession.h"
#include "models/edit/resourcetemplates.h"
#include "models/preferences/preferences.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace binnacle {

NewResourceTab::NewResourceTab(ClusterSession *session, QString context, QString namespaceName, QWidget *parent)
    : DockTab(parent)
    , m_session(session)
    , m_context(std::move(context))
    , m_namespace(std::move(namespaceName))
    , m_templates(new QToolButton(this))
    , m_validate(new QPushButton(tr("Check with a dry run"), this))
    , m_create(new QPushButton(tr("Create"), this))
    , m_result(new QLabel(this))
    , m_editor(new YamlEditor(this))
{
    setObjectName(u"newResourceTab"_s);
    setAccessibleName(tr("New resource in %1").arg(m_context));
    m_editor->setObjectName(u"newResourceEditor"_s);
    m_editor->setAccessibleName(tr("YAML of the new resources"));
    m_templates->setObjectName(u"newResourceTemplates"_s);
    m_templates->setText(tr("Template"));
    m_templates->setAccessibleName(tr("Start from a template"));
    m_templates->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_templates);
    for (const ResourceTemplates::Template &entry : ResourceTemplates::builtIns(m_namespace)) {
        menu->addAction(entry.kind, this, [this, yaml = entry.yaml] { insertTemplate(yaml); });
    }
    QMenu *custom = menu->addMenu(tr("Custom resources"));
    connect(custom, &QMenu::aboutToShow, this, [this, custom] { fillCustomResources(custom); });
    m_templates->setMenu(menu);
    m_validate->setObjectName(u"newResourceValidate"_s);
    m_validate->setToolTip(tr("The server checks every document (dryRun=All, strict fields) and stores nothing"));
    m_create->setObjectName(u"newResourceCreate"_s);
    m_create->setToolTip(tr("Dry run first, then create in dependency order; a failure removes what was created "
                            "(Ctrl+S)"));
    m_result->setObjectName(u"newResourceResult"_s);
    m_result->setAccessibleName(tr("Result"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setText(tr("Write one or more documents (separated by ---), or start from a template."));

    auto *createShortcut = new QAction(this);
    createShortcut->setShortcut(QKeySequence::Save);
    createShortcut->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(createShortcut, &QAction::triggered, this, &NewResourceTab::create);
    addAction(createShortcut);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_templates);
    bar->addStretch();
    bar->addWidget(m_validate);
    bar->addWidget(m_create);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(bar);
    layout->addWidget(m_result);
    layout->addWidget(m_editor, 1);
    setTabOrder(m_templates, m_editor);
    setTabOrder(m_editor, m_validate);
    setTabOrder(m_validate, m_create);

    connect(m_validate, &QPushButton::clicked, this, &NewResourceTab::validate);
    connect(m_create, &QPushButton::clicked, this, &NewResourceTab::create);
    connect(m_editor, &QsciScintilla::modificationChanged, this, &DockTab::modifiedChanged);
}

QString NewResourceTab::title() const
{
    return tr("new resource (%1)").arg(m_context);
}

bool NewResourceTab::isModified() const
{
    return m_editor->isModified() && !m_editor->text().trimmed().isEmpty();
}

bool NewResourceTab::confirmClose()
{
    if (!isModified())
        return true;
    return QMessageBox::question(this, tr("Close %1?").arg(title()),
                                 tr("The text has not been created. Close and lose it?"),
                                 QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel)
        == QMessageBox::Discard;
}

QString NewResourceTab::resultText() const
{
    return m_result->text();
}

void NewResourceTab::insertTemplate(const QString &yaml)
{
    // Appended as another document, so several kinds can go together (a Deployment and its Service).
    const QString current = m_editor->text().trimmed();
    m_editor->setText(current.isEmpty() ? yaml : current + u"\n---\n"_s + yaml);
    m_editor->setFocus();
}

void NewResourceTab::fillCustomResources(QMenu *menu)
{
    if (m_crdsAsked || !m_session)
        return;
    m_crdsAsked = true;
    menu->addAction(tr("Loading…"))->setEnabled(false);
    const std::optional<ApiResource> crds = m_session->mapper().find(u"customresourcedefinitions"_s);
    if (!crds) {
        menu->clear();
        menu->addAction(tr("None served"))->setEnabled(false);
        return;
    }
    const ApiResource resource = *crds;
    m_session->withClient<ObjectList>(
        menu,
        [resource](const ResourceClient &client, QObject *context, auto done) {
            client.list(resource, QString(), {}, context, done);
        },
        [this, menu](const Result<ObjectList> &list) {
            menu->clear();
            if (!list) {
                menu->addAction(tr("Cannot list CRDs: %1").arg(list.error().message()))->setEnabled(false);
                m_crdsAsked = false;
                return;
            }
            for (const QJsonObject &crd : list->items) {
                const ResourceTemplates::Template entry = ResourceTemplates::fromCrd(crd, m_namespace);
                const QString group = crd.value(u"spec"_s).toObject().value(u"group"_s).toString();
                menu->addAction(u"%1 (%2)"_s.arg(entry.kind, group), this,
                                [this, yaml = entry.yaml] { insertTemplate(yaml); });
            }
            if (menu->isEmpty())
                menu->addAction(tr("None defined"))->setEnabled(false);
        });
}

void NewResourceTab::validate()
{
    run(true);
}

void NewResourceTab::create()
{
    run(false);
}

void NewResourceTab::setBusy(bool busy)
{
    m_busy = busy;
    m_validate->setEnabled(!busy);
    m_create->setEnabled(!busy);
}

void NewResourceTab::run(bool checkOnly)
{
    if (m_busy || !m_session || m_editor->text().trimmed().isEmpty())
        return;
    setBusy(true);
    m_editor->clearProblems();
    m_result->setText(checkOnly ? tr("Checking with the server…") : tr("Creating…"));
    m_session->applyManifest(m_editor->text().toUtf8(), m_namespace, checkOnly, this,
                             [this, checkOnly](const ApplyReport &report) { showReport(report, checkOnly); });
}

void NewResourceTab::showReport(const ApplyReport &report, bool checkOnly)
{
    setBusy(false);
    QList<YamlEditor::Problem> problems;
    for (const ApplyOutcome &outcome : report.documents) {
        if (!outcome.error)
            continue;
        // A parse error knows its line; a server refusal is marked where its document starts.
        const int line = outcome.error->line() > 0 ? outcome.error->line() : outcome.line;
        problems.append({line, outcome.error->column(), outcome.error->message()});
    }
    m_editor->showProblems(problems);
    const bool failed = report.failure() != nullptr || !problems.isEmpty();
    QString text;
    if (checkOnly && !failed)
        text = tr("The server accepts all %n document(s); nothing was created.", nullptr, int(report.documents.size()));
    else
        text = report.message();
    m_result->setText(failed ? u"\u26a0 "_s + text : text);
    if (report.created)
        m_editor->setModified(false);
    emit finished(report);
}

void NewResourceTab::applyPreferences(const Preferences &preferences)
{
    m_editor->setEditorFont(preferences.editorFont);
}

} // namespace binnacle
