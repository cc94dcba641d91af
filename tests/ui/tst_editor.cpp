// Journey 3 in the real window on the real local cluster: `e` opens a Deployment's YAML in the bottom dock, an
// edited image shows as a diff and as the exact JSON Patch, apply rolls out a new ReplicaSet; a concurrent change
// by kubectl opens the three-way view with the user's text intact and a rebase when the fields differ; a strict dry
// run that the server refuses marks the field; a Secret stays masked until revealed; a killed editor's draft comes
// back at the next start; the dock's tabs come back too.

#include "testcluster.h"
#include "uitest.h"

#include "client/session/clustersession.h"
#include "models/resources/resourcetablemodel.h"
#include "models/workloads/workloadtreemodel.h"
#include "ui/actions/resourceactions.h"
#include "ui/browser/browserpane.h"
#include "ui/dock/bottomdock.h"
#include "ui/editor/conflictview.h"
#include "ui/editor/editortab.h"
#include "ui/editor/newresourcetab.h"
#include "ui/editor/reviewview.h"
#include "ui/editor/yamleditor.h"
#include "ui/mainwindow/mainwindow.h"

#include <QAccessible>
#include <QApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;
using binnacle::uitest::accessibleText;
using binnacle::uitest::findRow;

namespace {

const auto Namespace = u"edits"_s;
const QByteArray SecretValue = "pw-ed1tor-s3ntinel";
const auto ChildEnv = "BINNACLE_EDITOR_CHILD";

// Replaces `before` by `after` on the first line holding it, with keystrokes.
bool typeOver(YamlEditor *editor, const QString &before, const QString &after)
{
    for (int line = 0; line < editor->lines(); ++line) {
        const int at = int(editor->text(line).indexOf(before));
        if (at < 0)
            continue;
        editor->setFocus();
        editor->setCursorPosition(line, at + int(before.size()));
        for (qsizetype i = 0; i < before.size(); ++i)
            QTest::keyClick(editor, Qt::Key_Backspace);
        QTest::keyClicks(editor, after);
        return true;
    }
    return false;
}

// Answers the next modal dialog (a QMessageBox) with `button` once it shows, and returns what it said. A timer polls,
// so that the answer also comes from inside the dialog's own event loop. The returned text fills in when answered.
std::shared_ptr<QString> answerNextMessageBox(QMessageBox::StandardButton button)
{
    auto asked = std::make_shared<QString>();
    auto *poll = new QTimer(qApp);
    poll->setInterval(50);
    QObject::connect(poll, &QTimer::timeout, poll, [poll, button, asked] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        *asked = box->text();
        poll->deleteLater();
        box->button(button)->click();
    });
    poll->start();
    QTimer::singleShot(20000, poll, &QObject::deleteLater); // never left polling into later tests
    return asked;
}

} // namespace

class EditorTest : public QObject
{
    Q_OBJECT

private:
    const TestCluster &cluster = TestCluster::instance();
    std::unique_ptr<MainWindow> m_window;

    QString context() const { return cluster.context(u"admin"_s); }
    BottomDock *dock() const { return m_window->dock(); }

    QByteArray kubectlGet(const QString &what, const QString &jsonPath) const
    {
        return cluster.kubectl({u"-n"_s, Namespace, u"get"_s, what, u"-o"_s, u"jsonpath="_s + jsonPath});
    }

    void openWindow()
    {
        m_window = std::make_unique<MainWindow>(KubeconfigSources {cluster.kubeconfig(), {}, {}});
        m_window->resize(1500, 1000);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->session(context())
                                     && m_window->session(context())->state() == ClusterSession::State::Connected
                                     && m_window->session(context())->mapper().find(u"deployments"_s),
                                 20000);
    }

    EditorTab *openEditor(const QString &kind, const QString &name)
    {
        const std::optional<ApiResource> resource = m_window->session(context())->mapper().find(kind);
        if (!resource)
            return nullptr;
        EditorTab *tab = m_window->openEditor(context(), *resource, Namespace, name);
        if (!QTest::qWaitFor([tab] { return tab->mode() == EditorTab::Mode::Editing; }, 20000))
            return nullptr;
        return tab;
    }

    void closeQuietly(EditorTab *tab)
    {
        if (tab->isModified())
            answerNextMessageBox(QMessageBox::Discard);
        QVERIFY(dock()->close(tab));
    }

    void reviewAndApply(EditorTab *tab)
    {
        QTest::keyClick(tab->editor(), Qt::Key_S, Qt::ControlModifier);
        QTRY_VERIFY2_WITH_TIMEOUT(tab->mode() == EditorTab::Mode::Reviewing, qPrintable(tab->message()), 10000);
        QTest::mouseClick(tab->reviewView()->findChild<QPushButton *>(u"reviewApply"_s), Qt::LeftButton);
    }

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariableIsSet(ChildEnv))
            return;
        QSettings().clear();
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/drafts"_s).removeRecursively();
        // From scratch, whatever an earlier run left.
        cluster.kubectl({u"delete"_s, u"namespace"_s, Namespace, u"--ignore-not-found"_s, u"--wait=true"_s}, false);
        cluster.kubectl({u"create"_s, u"namespace"_s, Namespace}, false);
        cluster.kubectl(
            {u"-n"_s, Namespace, u"create"_s, u"deployment"_s, u"editme"_s, u"--image=nginx:1.25"_s, u"--replicas=0"_s},
            false);
        cluster.kubectl({u"-n"_s, Namespace, u"create"_s, u"secret"_s, u"generic"_s, u"vault"_s,
                         u"--from-literal=password="_s + QString::fromUtf8(SecretValue),
                         u"--from-literal=user=admin"_s},
                        false);
        // No replicas: what is edited is the Deployment; its ReplicaSets come from the controller manager alone, so
        // a scheduler still recovering from the fault suite cannot hold the test up.
        openWindow();
    }

    void cleanupTestCase() { m_window.reset(); }

    // A failed test leaves no tab behind to confuse the next (nor a dialog asking about its changes).
    void cleanup()
    {
        if (!m_window)
            return;
        for (DockTab *tab : dock()->tabs()) {
            if (auto *editor = qobject_cast<EditorTab *>(tab))
                editor->editor()->setModified(false);
            dock()->close(tab);
        }
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/drafts"_s).removeRecursively();
        // Shortcuts need the window active again after a message box closed.
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    // `e` on the selected row opens its editor in the dock; there, `e` and Delete are typing, not shortcuts.
    void eOnTheSelectionOpensItsEditor()
    {
        if (qEnvironmentVariableIsSet(ChildEnv))
            QSKIP("child run");
        QVERIFY(m_window->showKind(context(), u"deployments"_s));
        QTableView *table = m_window->findChild<BrowserPane *>()->tableView();
        auto row = [table] {
            for (int r = 0; r < table->model()->rowCount(); ++r) {
                if (table->model()->index(r, 0).data(ResourceTableModel::NameRole).toString() == u"editme")
                    return r;
            }
            return -1;
        };
        QTRY_VERIFY_WITH_TIMEOUT(row() >= 0, 20000);
        table->setFocus();
        table->selectRow(row());
        // Once the access review has said yes.
        QTRY_VERIFY_WITH_TIMEOUT(m_window->resourceActions()->action(ResourceActions::Kind::Edit)->isEnabled(), 10000);
        QTest::keyClick(table, Qt::Key_E);
        QCOMPARE(dock()->tabs().size(), 1);
        auto *tab = qobject_cast<EditorTab *>(dock()->currentTab());
        QVERIFY(tab);
        QCOMPARE(tab->target().name, u"editme"_s);
        QCOMPARE(tab->target().namespaceName, Namespace);
        QTRY_COMPARE_WITH_TIMEOUT(tab->mode(), EditorTab::Mode::Editing, 20000);
        QVERIFY(typeOver(tab->editor(), u"progressDeadlineSeconds: 600"_s, u"progressDeadlineSeconds: 600e"_s));
        QVERIFY(tab->editor()->text().contains(u"progressDeadlineSeconds: 600e\n"_s));
        QTest::keyClick(tab->editor(), Qt::Key_Left);
        QTest::keyClick(tab->editor(), Qt::Key_Delete);
        QVERIFY(tab->editor()->text().contains(u"progressDeadlineSeconds: 600\n"_s));
        QCOMPARE(dock()->tabs().size(), 1); // no second editor, no delete dialog
        QVERIFY(!QApplication::activeModalWidget());
    }

    // Ctrl+N: new objects from templates, checked by a dry run (nothing created), then created together.
    void aNewResourceIsCheckedThenCreated()
    {
        if (qEnvironmentVariableIsSet(ChildEnv))
            QSKIP("child run");
        NewResourceTab *tab = m_window->openNewResource(context(), Namespace);
        QVERIFY(tab);
        QCOMPARE(dock()->currentTab(), tab);
        auto *templates = tab->findChild<QToolButton *>(u"newResourceTemplates"_s);
        QVERIFY(templates);
        for (const QString &kind : {u"ConfigMap"_s, u"Service"_s}) {
            for (QAction *action : templates->menu()->actions()) {
                if (action->text() == kind)
                    action->trigger();
            }
        }
        QVERIFY(tab->editor()->text().contains(u"kind: ConfigMap"_s));
        QVERIFY(tab->editor()->text().contains(u"\n---\n"_s));
        QTest::mouseClick(tab->findChild<QPushButton *>(u"newResourceValidate"_s), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(tab->resultText().contains(u"accepts all 2"_s), qPrintable(tab->resultText()), 20000);
        QVERIFY(cluster.kubectl({u"-n"_s, Namespace, u"get"_s, u"configmap/my-config"_s}, false).isEmpty());

        // A bad second document: nothing is created, and the document is marked.
        QVERIFY(typeOver(tab->editor(), u"port: 80"_s, u"port: eighty"_s));
        QTest::mouseClick(tab->findChild<QPushButton *>(u"newResourceCreate"_s), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!tab->isBusy() && tab->resultText().startsWith(u"\u26a0"_s), 20000);
        QVERIFY(!tab->editor()->problems().isEmpty());
        QVERIFY(cluster.kubectl({u"-n"_s, Namespace, u"get"_s, u"configmap/my-config"_s}, false).isEmpty());

        QVERIFY(typeOver(tab->editor(), u"port: eighty"_s, u"port: 80"_s));
        QTest::mouseClick(tab->findChild<QPushButton *>(u"newResourceCreate"_s), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(!tab->isBusy() && !tab->resultText().startsWith(u"\u26a0"_s)
                                      && !tab->resultText().startsWith(u"Creating"_s),
                                  qPrintable(tab->resultText()), 20000);
        QCOMPARE(kubectlGet(u"configmap/my-config"_s, u"{.data.key}"_s), QByteArray("value"));
        QCOMPARE(kubectlGet(u"service/my-app"_s, u"{.spec.ports[0].port}"_s), QByteArray("80"));
        uitest::saveScreenshot(m_window.get(), u"editor-new-resource"_s);
    }

    // Journey 3: change the image, see exactly that in the diff and the JSON Patch, apply, and the Deployment rolls
    // out a second ReplicaSet.
    void editingTheImageShowsTheDiffAndPatchAndRollsOut()
    {
        if (qEnvironmentVariableIsSet(ChildEnv))
            QSKIP("child run");
        EditorTab *tab = openEditor(u"deployments"_s, u"editme"_s);
        QVERIFY(tab);
        QCOMPARE(dock()->tabWidget()->tabText(dock()->tabWidget()->indexOf(tab)),
                 u"deployment/editme (%1)"_s.arg(context()));
        YamlEditor *editor = tab->editor();
        QVERIFY(editor->text().contains(u"image: nginx:1.25"_s));
        // Server-written blocks are folded away; the rest is open.
        QVERIFY(editor->isFolded(editor->lineOfKey(u"managedFields"_s, 2)));
        QVERIFY(editor->isFolded(editor->lineOfKey(u"status"_s, 0)));
        QVERIFY(!editor->isFolded(editor->lineOfKey(u"spec"_s, 0)));
        // kubectl's order: keys sorted at every level.
        QVERIFY(editor->text().indexOf(u"  image: nginx"_s) < editor->text().indexOf(u"  name: nginx"_s));

        QVERIFY(typeOver(editor, u"nginx:1.25"_s, u"nginx:1.27"_s));
        QVERIFY(tab->isModified());
        QVERIFY(dock()->tabWidget()->tabText(dock()->tabWidget()->indexOf(tab)).endsWith(u"\u25cf"_s));
        uitest::saveScreenshot(m_window.get(), u"editor"_s);

        QTest::keyClick(editor, Qt::Key_S, Qt::ControlModifier);
        QTRY_VERIFY2_WITH_TIMEOUT(tab->mode() == EditorTab::Mode::Reviewing, qPrintable(tab->message()), 10000);
        const QString unified = tab->reviewView()->unifiedText();
        QVERIFY2(unified.contains(u"\n-      - image: nginx:1.25\n"_s)
                     && unified.contains(u"\n+      - image: nginx:1.27\n"_s),
                 qPrintable(unified));
        QCOMPARE(unified.count(u"\n-"_s) - unified.count(u"\n---"_s), 1); // one line out, one in
        const QJsonArray patch = QJsonDocument::fromJson(tab->reviewView()->bodyText().toUtf8()).array();
        QCOMPARE(patch.size(), 2);
        QCOMPARE(patch.at(0).toObject().value(u"op"_s).toString(), u"test"_s);
        QCOMPARE(patch.at(0).toObject().value(u"path"_s).toString(), u"/metadata/resourceVersion"_s);
        QCOMPARE(patch.at(0).toObject().value(u"value"_s).toString(), tab->baseResourceVersion());
        QCOMPARE(patch.at(1).toObject(),
                 QJsonObject({{u"op"_s, u"replace"_s},
                              {u"path"_s, u"/spec/template/spec/containers/0/image"_s},
                              {u"value"_s, u"nginx:1.27"_s}}));
        uitest::saveScreenshot(m_window.get(), u"editor-review"_s);

        QTest::mouseClick(tab->reviewView()->findChild<QPushButton *>(u"reviewApply"_s), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(tab->message().startsWith(u"Applied"_s), qPrintable(tab->message()), 15000);
        QCOMPARE(tab->mode(), EditorTab::Mode::Editing);
        QVERIFY(!tab->isModified());
        QCOMPARE(kubectlGet(u"deployment/editme"_s, u"{.spec.template.spec.containers[0].image}"_s),
                 QByteArray("nginx:1.27"));

        // The tree shows the new ReplicaSet rolling out beside the old one.
        m_window->showOverview(context());
        QTreeView *tree = m_window->findChild<BrowserPane *>()->treeView();
        auto replicaSets = [tree] {
            const QModelIndex deployment = findRow(tree->model(), u"editme"_s);
            return deployment.isValid() ? tree->model()->rowCount(deployment) : -1;
        };
        QTRY_COMPARE_WITH_TIMEOUT(replicaSets(), 2, 30000);
        closeQuietly(tab);
    }

    // Someone else changes the object meanwhile: nothing is overwritten, the user's text stays, and a change that
    // touches other fields re-bases onto the live object; one that touches the same field cannot.
    void aConcurrentChangeOpensTheThreeWayView()
    {
        if (qEnvironmentVariableIsSet(ChildEnv))
            QSKIP("child run");
        EditorTab *tab = openEditor(u"deployments"_s, u"editme"_s);
        QVERIFY(tab);
        QVERIFY(typeOver(tab->editor(), u"nginx:1.27"_s, u"nginx:1.28"_s));
        const QString mine = tab->editor()->text();
        cluster.kubectl({u"-n"_s, Namespace, u"label"_s, u"deployment/editme"_s, u"team=blue"_s, u"--overwrite"_s});

        reviewAndApply(tab);
        QTRY_COMPARE_WITH_TIMEOUT(tab->mode(), EditorTab::Mode::Conflict, 10000);
        QCOMPARE(tab->editor()->text(), mine); // the user's text, untouched
        QCOMPARE(kubectlGet(u"deployment/editme"_s, u"{.spec.template.spec.containers[0].image}"_s),
                 QByteArray("nginx:1.27")); // and nothing overwritten
        ConflictView *conflict = tab->conflictView();
        QVERIFY2(conflict->explanation().contains(u"metadata.labels"_s), qPrintable(conflict->explanation()));
        QVERIFY(conflict->livePane()->text().contains(u"team: blue"_s));
        QVERIFY(!conflict->minePane()->text().contains(u"team: blue"_s));
        QVERIFY(conflict->minePane()->text().contains(u"nginx:1.28"_s));
        QVERIFY(conflict->canRebase());
        uitest::saveScreenshot(m_window.get(), u"editor-conflict"_s);

        QTest::mouseClick(conflict->findChild<QPushButton *>(u"conflictRebase"_s), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(tab->message().startsWith(u"Applied"_s), qPrintable(tab->message()), 15000);
        QCOMPARE(kubectlGet(u"deployment/editme"_s, u"{.spec.template.spec.containers[0].image}"_s),
                 QByteArray("nginx:1.28"));
        QCOMPARE(kubectlGet(u"deployment/editme"_s, u"{.metadata.labels.team}"_s), QByteArray("blue"));

        // The same field on both sides: no rebase, the server keeps theirs, the user keeps their text.
        QVERIFY(typeOver(tab->editor(), u"replicas: 0"_s, u"replicas: 2"_s));
        const QString mineAgain = tab->editor()->text();
        cluster.kubectl({u"-n"_s, Namespace, u"scale"_s, u"deployment/editme"_s, u"--replicas=3"_s});
        reviewAndApply(tab);
        QTRY_COMPARE_WITH_TIMEOUT(tab->mode(), EditorTab::Mode::Conflict, 10000);
        QVERIFY(!conflict->canRebase());
        QVERIFY2(conflict->explanation().contains(u"Both changed: spec.replicas"_s),
                 qPrintable(conflict->explanation()));
        QCOMPARE(tab->editor()->text(), mineAgain);
        QCOMPARE(kubectlGet(u"deployment/editme"_s, u"{.spec.replicas}"_s), QByteArray("3"));
        QTest::mouseClick(conflict->findChild<QPushButton *>(u"conflictBack"_s), Qt::LeftButton);
        QCOMPARE(tab->mode(), EditorTab::Mode::Editing);
        QCOMPARE(tab->editor()->text(), mineAgain);
        closeQuietly(tab);
    }

    // Server-side apply: a field another manager owns is a conflict naming that manager; force needs a yes.
    void serverSideApplyAsksBeforeTakingOtherManagersFields()
    {
        if (qEnvironmentVariableIsSet(ChildEnv))
            QSKIP("child run");
        cluster.kubectl(
            {u"apply"_s, u"--server-side"_s, u"--force-conflicts"_s, u"--field-manager=release-bot"_s, u"-f"_s, u"-"_s},
            true,
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: editme, namespace: edits}\n"
            "spec:\n  revisionHistoryLimit: 5\n");
        EditorTab *tab = openEditor(u"deployments"_s, u"editme"_s);
        QVERIFY(tab);
        tab->setPatchType(PatchType::Apply);
        QVERIFY(typeOver(tab->editor(), u"revisionHistoryLimit: 5"_s, u"revisionHistoryLimit: 7"_s));
        QTest::keyClick(tab->editor(), Qt::Key_S, Qt::ControlModifier);
        QTRY_VERIFY2_WITH_TIMEOUT(tab->mode() == EditorTab::Mode::Reviewing, qPrintable(tab->message()), 10000);
        QVERIFY(tab->reviewView()->bodyText().contains(u"revisionHistoryLimit: 7"_s));
        QVERIFY(!tab->reviewView()->bodyText().contains(u"managedFields"_s));
        const std::shared_ptr<QString> asked = answerNextMessageBox(QMessageBox::Yes);
        QTest::mouseClick(tab->reviewView()->findChild<QPushButton *>(u"reviewApply"_s), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(tab->message().startsWith(u"Applied"_s), qPrintable(tab->message()), 15000);
        QVERIFY2(asked->contains(u"release-bot"_s) && asked->contains(u"revisionHistoryLimit"_s), qPrintable(*asked));
        QCOMPARE(kubectlGet(u"deployment/editme"_s, u"{.spec.revisionHistoryLimit}"_s), QByteArray("7"));
        const QByteArray managers = kubectlGet(u"deployment/editme"_s, u"{.metadata.managedFields[*].manager}"_s);
        QVERIFY2(managers.contains("binnacle"), managers.constData());
    }

    // A dry run under strict field validation: an unknown field is refused by the server, and marked at its line.
    void aStrictDryRunRefusalIsMarkedAtItsField()
    {
        if (qEnvironmentVariableIsSet(ChildEnv))
            QSKIP("child run");
        EditorTab *tab = openEditor(u"deployments"_s, u"editme"_s);
        QVERIFY(tab);
        QVERIFY(typeOver(tab->editor(), u"imagePullPolicy: IfNotPresent"_s, u"imagePullPolicyy: Always"_s));
        QTest::keyClick(tab->editor(), Qt::Key_S, Qt::ControlModifier);
        QTRY_VERIFY2_WITH_TIMEOUT(tab->mode() == EditorTab::Mode::Reviewing, qPrintable(tab->message()), 10000);
        const QByteArray before = kubectlGet(u"deployment/editme"_s, u"{.metadata.resourceVersion}"_s);
        QTest::mouseClick(tab->reviewView()->findChild<QPushButton *>(u"reviewDryRun"_s), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(tab->reviewView()->dryRunText().contains(u"refuses"_s), 10000);
        QVERIFY2(tab->reviewView()->dryRunText().contains(
                     u"strict decoding error: unknown field \"spec.template.spec.containers[0].imagePullPolicyy\""_s),
                 qPrintable(tab->reviewView()->dryRunText()));
        QVERIFY(!tab->reviewView()->dryRunText().contains(u"managedFields"_s)); // not the whole object quoted back
        QCOMPARE(kubectlGet(u"deployment/editme"_s, u"{.metadata.resourceVersion}"_s), before); // nothing stored
        const int line = tab->editor()->lineOfKey(u"imagePullPolicyy"_s, 8);
        QVERIFY(line > 0);
        const QList<YamlEditor::Problem> problems = tab->editor()->problems();
        QVERIFY(!problems.isEmpty());
        QCOMPARE(problems.first().line, line);
        closeQuietly(tab);
    }

    // Errors as you type: a YAML syntax error is marked at its line with the parser's message.
    void aSyntaxErrorIsMarkedAsYouType()
    {
        if (qEnvironmentVariableIsSet(ChildEnv))
            QSKIP("child run");
        EditorTab *tab = openEditor(u"deployments"_s, u"editme"_s);
        QVERIFY(tab);
        const int line = tab->editor()->lineOfKey(u"spec"_s, 0);
        QVERIFY(typeOver(tab->editor(), u"progressDeadlineSeconds: 600"_s, u"progressDeadlineSeconds: [600"_s));
        QTRY_VERIFY_WITH_TIMEOUT(!tab->editor()->problems().isEmpty(), 5000);
        QVERIFY(tab->editor()->problems().first().line > line);
        QVERIFY2(tab->message().contains(u"YAML error at line"_s), qPrintable(tab->message()));
        // Ctrl+S does not review a text that does not parse.
        QTest::keyClick(tab->editor(), Qt::Key_S, Qt::ControlModifier);
        QTest::qWait(200);
        QCOMPARE(tab->mode(), EditorTab::Mode::Editing);
        // Renaming the object is flagged before submit.
        QVERIFY(typeOver(tab->editor(), u"progressDeadlineSeconds: [600"_s, u"progressDeadlineSeconds: 600"_s));
        QVERIFY2(!tab->editor()->text().contains(u"[600"_s), qPrintable(tab->editor()->text()));
        // (Not across the indentation: Backspace there unindents by a level, as in any code editor.)
        QVERIFY(typeOver(tab->editor(), u"name: editme"_s, u"name: editme2"_s));
        QTRY_VERIFY2_WITH_TIMEOUT(tab->message().contains(u"names another object"_s), qPrintable(tab->message()), 5000);
        closeQuietly(tab);
    }

    // A Secret opens decoded and masked: its value is in no text a person or a screen reader gets until revealed;
    // a change to another key keeps the masked value as it was on the server.
    void aSecretStaysMaskedUntilRevealed()
    {
        if (qEnvironmentVariableIsSet(ChildEnv))
            QSKIP("child run");
        EditorTab *tab = openEditor(u"secrets"_s, u"vault"_s);
        QVERIFY(tab);
        auto leaks = [tab] {
            const QString all = tab->editor()->text() + accessibleText(tab->editor());
            return all.contains(QString::fromUtf8(SecretValue))
                || all.contains(QString::fromUtf8(SecretValue.toBase64()));
        };
        QVERIFY(!leaks());
        QVERIFY(tab->editor()->text().contains(u"password:"_s));
        // Revealing one key shows that one, decoded.
        auto *reveal = tab->findChild<QToolButton *>(u"revealSecret"_s);
        QVERIFY(reveal && reveal->isVisible());
        QAction *user = nullptr;
        for (QAction *action : reveal->menu()->actions()) {
            if (action->text() == u"user")
                user = action;
        }
        QVERIFY(user);
        user->trigger();
        QVERIFY2(tab->editor()->text().contains(u"user: admin"_s), qPrintable(tab->editor()->text()));
        QVERIFY(!leaks());
        // Change the revealed key; the masked one goes back as it was.
        QVERIFY(typeOver(tab->editor(), u"user: admin"_s, u"user: root"_s));
        // The draft written meanwhile holds the keys, never a value (not even the one just typed).
        QTRY_VERIFY_WITH_TIMEOUT(!DraftStore().all().isEmpty(), 5000);
        const QString draft = DraftStore().all().first().text;
        QVERIFY(draft.contains(u"user:"_s) && draft.contains(u"password:"_s));
        for (const QByteArray &value : {QByteArray("root"), QByteArray("admin"), SecretValue}) {
            QVERIFY2(!draft.contains(QString::fromUtf8(value)) && !draft.contains(QString::fromUtf8(value.toBase64())),
                     value.constData());
        }
        reviewAndApply(tab);
        QTRY_VERIFY2_WITH_TIMEOUT(tab->message().startsWith(u"Applied"_s), qPrintable(tab->message()), 15000);
        QCOMPARE(QByteArray::fromBase64(kubectlGet(u"secret/vault"_s, u"{.data.user}"_s)), QByteArray("root"));
        QCOMPARE(QByteArray::fromBase64(kubectlGet(u"secret/vault"_s, u"{.data.password}"_s)), SecretValue);
        QVERIFY(!leaks());
        closeQuietly(tab);
    }

    // The part of the next test that runs as a child process: edit, wait for the draft, then be killed.
    void childEditsUntilKilled()
    {
        if (!qEnvironmentVariableIsSet(ChildEnv))
            QSKIP("only in the child process of aKilledEditorsDraftComesBack");
        openWindow();
        EditorTab *tab = openEditor(u"deployments"_s, u"editme"_s);
        QVERIFY(tab);
        QVERIFY(typeOver(tab->editor(), u"progressDeadlineSeconds: 600"_s, u"progressDeadlineSeconds: 601"_s));
        const DraftStore drafts;
        QTRY_VERIFY_WITH_TIMEOUT(!drafts.all().isEmpty(), 10000);
        fputs("DRAFT-SAVED\n", stdout);
        fflush(stdout);
        QTest::qWait(60000); // the parent kills us long before
    }

    // A crash while editing: the process is killed, and the next start offers the draft in its editor.
    void aKilledEditorsDraftComesBack()
    {
        if (qEnvironmentVariableIsSet(ChildEnv))
            QSKIP("child run");
        m_window.reset();
        QProcess child;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QString::fromLatin1(ChildEnv), u"1"_s);
        child.setProcessEnvironment(environment);
        child.start(QCoreApplication::applicationFilePath(), {u"childEditsUntilKilled"_s});
        QVERIFY(child.waitForStarted());
        QByteArray childOutput;
        QTRY_VERIFY_WITH_TIMEOUT((childOutput += child.readAllStandardOutput()).contains("DRAFT-SAVED")
                                     || child.state() == QProcess::NotRunning,
                                 60000);
        QVERIFY2(child.state() == QProcess::Running, childOutput.constData());
        child.kill(); // SIGKILL: no close event, no chance to save anything
        QVERIFY(child.waitForFinished());

        openWindow();
        QTRY_VERIFY_WITH_TIMEOUT(!dock()->tabs().isEmpty(), 10000);
        auto *tab = qobject_cast<EditorTab *>(dock()->tabs().first());
        QVERIFY(tab);
        QTRY_COMPARE_WITH_TIMEOUT(tab->mode(), EditorTab::Mode::Editing, 20000);
        QVERIFY(tab->editor()->text().contains(u"progressDeadlineSeconds: 601"_s));
        QVERIFY(tab->isModified());
        QVERIFY2(tab->message().contains(u"Recovered"_s), qPrintable(tab->message()));
        QCOMPARE(kubectlGet(u"deployment/editme"_s, u"{.spec.progressDeadlineSeconds}"_s), QByteArray("600"));
        closeQuietly(tab);
        QTRY_VERIFY(DraftStore().all().isEmpty()); // discarded with the tab
    }

    // Tabs come back at the next start, and Ctrl+W closes the current one.
    void theDocksTabsComeBackAtTheNextStart()
    {
        if (qEnvironmentVariableIsSet(ChildEnv))
            QSKIP("child run");
        QVERIFY(openEditor(u"deployments"_s, u"editme"_s));
        QVERIFY(openEditor(u"secrets"_s, u"vault"_s));
        QCOMPARE(dock()->tabs().size(), 2);
        m_window->close();
        m_window.reset();
        openWindow();
        QTRY_COMPARE_WITH_TIMEOUT(dock()->tabs().size(), 2, 10000);
        QStringList titles;
        for (DockTab *tab : dock()->tabs())
            titles << tab->title();
        QCOMPARE(titles,
                 QStringList({u"deployment/editme (%1)"_s.arg(context()), u"secret/vault (%1)"_s.arg(context())}));
        auto *current = qobject_cast<EditorTab *>(dock()->currentTab());
        QTRY_COMPARE_WITH_TIMEOUT(current->mode(), EditorTab::Mode::Editing, 20000);
        current->editor()->setFocus();
        QTest::keyClick(current->editor(), Qt::Key_W, Qt::ControlModifier);
        QTRY_COMPARE(dock()->tabs().size(), 1);
    }
};

BINNACLE_UITEST_MAIN(EditorTest)
#include "tst_editor.moc"
