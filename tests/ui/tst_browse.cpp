// Browsing the real local cluster through the real window, as a person does: the workload tree appears, a kind's
// table fills and follows kubectl's changes, the filter finds the failing pod, details show events and related
// Services, the palette jumps to a kind, and a limited user sees "forbidden" instead of an empty table.

#include "testcluster.h"
#include "uitest.h"

#include "client/auth/secretstore.h"
#include "client/config/savedclusters.h"
#include "client/session/clustersession.h"
#include "models/common/kindicon.h"
#include "models/resources/resourcetablemodel.h"
#include "models/workloads/workloadtreemodel.h"
#include "ui/browser/browserpane.h"
#include "ui/browser/namespaceselector.h"
#include "ui/details/detailspanel.h"
#include "ui/dialogs/addclusterdialog.h"
#include "ui/mainwindow/mainwindow.h"
#include "ui/palette/commandpalette.h"
#include "ui/widgets/messagepage.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;
using binnacle::uitest::accessibleText;
using binnacle::uitest::findRow;

namespace {

int rowOfName(const QTableView *table, const QString &name)
{
    const QAbstractItemModel *model = table->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(ResourceTableModel::NameRole).toString() == name)
            return row;
    }
    return -1;
}

} // namespace

class BrowseTest : public QObject
{
    Q_OBJECT

private:
    const TestCluster &cluster = TestCluster::instance();
    std::unique_ptr<MainWindow> m_window;

    BrowserPane *browser() const { return m_window->findChild<BrowserPane *>(); }

    // A bare pod in `shop`, bound to a kwok node (so it runs at once), created with kubectl.
    void createPodInShop(const QByteArray &name) const
    {
        const QByteArray node
            = cluster.kubectl({u"get"_s, u"nodes"_s, u"-o"_s, u"jsonpath={.items[0].metadata.name}"_s});
        cluster.kubectl({u"apply"_s, u"-f"_s, u"-"_s}, true,
                        "apiVersion: v1\nkind: Pod\nmetadata: {name: " + name
                            + ", namespace: shop, labels: {app: browse-test}}\nspec:\n  nodeName: " + node
                            + "\n  containers: [{name: main, image: busybox}]\n");
    }
    QTableView *table() const { return browser()->tableView(); }

private slots:
    void initTestCase()
    {
        QSettings().clear();
        m_window = std::make_unique<MainWindow>(KubeconfigSources {cluster.kubeconfig(), {}, {}});
        m_window->resize(1500, 860);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get())); // shortcuts need an active window
    }

    void cleanupTestCase() { m_window.reset(); }

    void firstLaunchShowsTheWorkloadTree()
    {
        // Journey 1: the current context connects by itself and its workloads appear.
        QTreeView *tree = browser()->treeView();
        QTRY_VERIFY_WITH_TIMEOUT(findRow(tree->model(), u"frontend"_s).isValid(), 20000);
        // Persistent: rows that arrive meanwhile (other tests' Deployments in shop) move it.
        const QPersistentModelIndex frontend = findRow(tree->model(), u"frontend"_s);
        QCOMPARE(frontend.parent().data().toString(), u"shop"_s);
        QCOMPARE(QModelIndex(frontend).siblingAtColumn(1).data().toString(), u"Deployment"_s);
        // Deployment → ReplicaSet(s) → Pods, from owner references: three pods under the Deployment's ReplicaSets.
        auto podsUnder = [tree](const QModelIndex &deployment) {
            int pods = 0;
            for (int row = 0; row < tree->model()->rowCount(deployment); ++row) {
                const QModelIndex child = tree->model()->index(row, 0, deployment);
                if (child.siblingAtColumn(1).data().toString() != u"ReplicaSet")
                    return -1;
                pods += tree->model()->rowCount(child);
            }
            return pods;
        };
        QTRY_COMPARE_WITH_TIMEOUT(podsUnder(frontend), 3, 20000);

        // Pods end in their containers, fetched as a pod is opened: each frontend pod runs `web` (nginx).
        tree->expandRecursively(frontend);
        auto containersOfFrontendPods = [tree, frontend] {
            QStringList seen;
            for (int r = 0; r < tree->model()->rowCount(frontend); ++r) {
                const QModelIndex replicaSet = tree->model()->index(r, 0, frontend);
                for (int p = 0; p < tree->model()->rowCount(replicaSet); ++p) {
                    const QModelIndex pod = tree->model()->index(p, 0, replicaSet);
                    for (int c = 0; c < tree->model()->rowCount(pod); ++c) {
                        const QModelIndex container = tree->model()->index(c, 0, pod);
                        seen << container.data().toString() + u'|' + container.siblingAtColumn(1).data().toString()
                                + u'|' + container.siblingAtColumn(2).data().toString() + u'|'
                                + container.data(Qt::ToolTipRole).toString().section(u'\n', 0, 0);
                    }
                }
            }
            return seen;
        };
        const QString runningWeb = u"web|Container|Running|docker.io/library/nginx:1.27"_s;
        QTRY_COMPARE_WITH_TIMEOUT(containersOfFrontendPods(), QStringList(3, runningWeb), 15000);

        // The crash-looping pod's container says so, in the error colour.
        const QModelIndex fraud = findRow(tree->model(), u"fraud-detector"_s);
        QVERIFY(fraud.isValid());
        tree->expandRecursively(fraud);
        QModelIndex detector;
        QTRY_VERIFY_WITH_TIMEOUT((detector = findRow(tree->model(), u"detector"_s, fraud)).isValid(), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(detector.siblingAtColumn(2).data().toString().startsWith(u"CrashLoopBackOff"_s),
                                 15000);
        QCOMPARE(detector.siblingAtColumn(2).data(WorkloadTreeModel::StatusClassRole).toString(), u"error"_s);
        // Selecting a container shows its pod's details.
        auto *details = m_window->findChild<DetailsPanel *>();
        tree->setCurrentIndex(detector);
        QTRY_VERIFY_WITH_TIMEOUT(details->shownName().startsWith(u"fraud-detector-"_s), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(details->summaryText().contains(u"CrashLoopBackOff"_s), 10000);
        tree->collapse(fraud);
        tree->setCurrentIndex(frontend);
        QTRY_VERIFY_WITH_TIMEOUT(details->shownName() == u"frontend" && details->summaryText().contains(u"Events"_s),
                                 10000);
        // (Nothing of the pod shown before leaks into the Deployment's summary.)
        QVERIFY2(!details->summaryText().contains(u"Services selecting"_s), qPrintable(details->summaryText()));
        QVERIFY(m_window->session(cluster.context(u"admin"_s))->state() == ClusterSession::State::Connected);
        uitest::saveScreenshot(m_window.get(), u"browse-tree"_s);
    }

    // Each kind wears its icon where it is named: the sidebar, the workload tree, the table's name column.
    void kindsWearTheirIcons()
    {
        const auto lettersOn = [](const QModelIndex &index) {
            const QIcon icon = index.data(Qt::DecorationRole).value<QIcon>();
            return icon.isNull() || icon.pixmap(32, 32).isNull() ? QString() : u"drawn"_s;
        };
        QTreeView *tree = browser()->treeView();
        QTRY_VERIFY_WITH_TIMEOUT(findRow(tree->model(), u"frontend"_s).isValid(), 20000);
        const QModelIndex frontend = findRow(tree->model(), u"frontend"_s);
        QCOMPARE(lettersOn(frontend), u"drawn"_s);
        QCOMPARE(lettersOn(frontend.parent()), u"drawn"_s); // the namespace
        QVERIFY(lettersOn(frontend.siblingAtColumn(1)).isEmpty()); // once per row, beside the name

        auto *navigator = m_window->findChild<QTreeView *>(u"navigator"_s);
        const QModelIndex pods = findRow(navigator->model(), u"Pod"_s);
        QVERIFY(pods.isValid());
        QCOMPARE(lettersOn(pods), u"drawn"_s);
        QCOMPARE(KindIcon::styleOf(u"Pod"_s).letters, u"Po"_s);
        // Different kinds look different: their icons' pixels differ.
        const QModelIndex services = findRow(navigator->model(), u"Service"_s);
        QVERIFY(services.isValid());
        QVERIFY(pods.data(Qt::DecorationRole).value<QIcon>().pixmap(32, 32).toImage()
                != services.data(Qt::DecorationRole).value<QIcon>().pixmap(32, 32).toImage());

        QVERIFY(m_window->showKind(cluster.context(u"admin"_s), u"pods"_s));
        QAbstractItemModel *table = browser()->tableView()->model();
        QTRY_VERIFY_WITH_TIMEOUT(table->rowCount() > 0, 20000);
        int name = -1;
        for (int column = 0; column < table->columnCount(); ++column) {
            if (table->headerData(column, Qt::Horizontal).toString() == u"Name")
                name = column;
        }
        QVERIFY(name >= 0);
        QCOMPARE(lettersOn(table->index(0, name)), u"drawn"_s);
        QVERIFY(lettersOn(table->index(0, name + 1)).isEmpty());
        m_window->showOverview(cluster.context(u"admin"_s));
    }

    void podTableFollowsKubectl()
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_window->showKind(cluster.context(u"admin"_s), u"po"_s), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(table()->model()->rowCount() > 10, 15000);
        QStringList headers;
        for (int c = 0; c < table()->model()->columnCount(); ++c)
            headers << table()->model()->headerData(c, Qt::Horizontal).toString();
        QCOMPARE(headers.mid(0, 4), QStringList({u"Namespace"_s, u"Name"_s, u"Ready"_s, u"Status"_s}));

        // A pod created with kubectl appears; deleted, it vanishes.
        createPodInShop("browse-test-pod");
        QTRY_VERIFY_WITH_TIMEOUT(rowOfName(table(), u"browse-test-pod"_s) >= 0, 10000);
        cluster.kubectl({u"delete"_s, u"pod"_s, u"browse-test-pod"_s, u"-n"_s, u"shop"_s, u"--wait=false"_s});
        QTRY_VERIFY_WITH_TIMEOUT(rowOfName(table(), u"browse-test-pod"_s) < 0, 20000);
    }

    void filterFindsTheFailingPodAndDetailsExplainIt()
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_window->showKind(cluster.context(u"admin"_s), u"pods"_s), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(table()->model()->rowCount() > 10, 15000);
        auto *filter = m_window->findChild<QLineEdit *>(u"filter"_s);
        table()->setFocus();
        QTest::keyClick(table(), Qt::Key_Slash); // as a person would: focus in the table, type /
        QVERIFY(filter->hasFocus());
        QTest::keyClicks(filter, u"crash"_s);
        QTRY_COMPARE(table()->model()->rowCount(), 1);
        const int statusColumn = 3;
        QCOMPARE(table()->model()->index(0, statusColumn).data().toString(), u"CrashLoopBackOff"_s);
        QCOMPARE(table()->model()->index(0, statusColumn).data(ResourceTableModel::StatusRole).toString(), u"error"_s);

        // Details of the failing pod: its containers, the Service that selects it, its events.
        auto *details = m_window->findChild<DetailsPanel *>();
        table()->setFocus();
        table()->selectRow(0);
        QTRY_VERIFY_WITH_TIMEOUT(details->summaryText().contains(u"Events"_s), 15000);
        const QString summary = details->summaryText();
        QVERIFY2(summary.contains(u"Containers"_s), qPrintable(summary));
        QVERIFY2(summary.contains(u"Services selecting this pod"_s), qPrintable(summary));
        QVERIFY2(details->yamlText().contains(u"kind: Pod"_s), qPrintable(details->yamlText().left(200)));
        uitest::saveScreenshot(m_window.get(), u"browse-details"_s);

        // Label selectors narrow the table too.
        filter->clear();
        QTest::keyClicks(filter, u"app=frontend"_s);
        QTRY_COMPARE(table()->model()->rowCount(), 3);
        filter->clear();
        QTRY_VERIFY(table()->model()->rowCount() > 10);
        uitest::saveScreenshot(m_window.get(), u"browse-table"_s);
    }

    void namespaceSelectorNarrowsTheTable()
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_window->showKind(cluster.context(u"admin"_s), u"pods"_s), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(table()->model()->rowCount() > 10, 15000);
        auto namespacesShown = [this] {
            QSet<QString> seen;
            for (int row = 0; row < table()->model()->rowCount(); ++row)
                seen.insert(table()->model()->index(row, 0).data(ResourceTableModel::NamespaceRole).toString());
            return seen;
        };
        QVERIFY(namespacesShown().size() >= 4);

        // Click the selector, type part of a name, Enter: only that namespace is shown.
        auto *selector = m_window->findChild<NamespaceSelector *>(u"namespaceSelector"_s);
        QTest::mouseClick(selector, Qt::LeftButton);
        QWidget *popup = selector->popup();
        QTRY_VERIFY(popup->isVisible());
        auto *find = popup->findChild<QLineEdit *>(u"namespaceFind"_s);
        auto *list = popup->findChild<QListView *>(u"namespaceList"_s);
        QTRY_VERIFY(find->hasFocus());
        QTRY_VERIFY_WITH_TIMEOUT(list->model()->rowCount() >= 5, 15000); // the cluster's namespaces, live
        QTest::keyClicks(find, u"paym"_s);
        QTest::keyClick(find, Qt::Key_Return);
        QTRY_COMPARE(namespacesShown(), QSet<QString> {u"payments"_s});
        QCOMPARE(selector->text(), u"Namespaces: payments ▾"_s);

        // A second one, by clicking its row: the popup stays open for more.
        find->clear();
        QModelIndex shop;
        for (int row = 0; row < list->model()->rowCount() && !shop.isValid(); ++row) {
            if (list->model()->index(row, 0).data().toString() == u"shop")
                shop = list->model()->index(row, 0);
        }
        QVERIFY(shop.isValid());
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(shop).center());
        QTRY_COMPARE(namespacesShown(), (QSet<QString> {u"payments"_s, u"shop"_s}));
        QVERIFY(popup->isVisible());
        QCOMPARE(shop.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        uitest::saveScreenScreenshot(u"browse-namespaces"_s, m_window.get());

        // Space on the selected row takes it out again; "All namespaces" shows everything.
        list->setFocus();
        list->setCurrentIndex(shop);
        QTest::keyClick(list, Qt::Key_Space);
        QTRY_COMPARE(namespacesShown(), QSet<QString> {u"payments"_s});
        QTest::mouseClick(popup->findChild<QPushButton *>(u"allNamespaces"_s), Qt::LeftButton);
        QTRY_VERIFY(!popup->isVisible());
        QTRY_VERIFY(namespacesShown().size() >= 4);
        QCOMPARE(selector->text(), u"Namespaces: all ▾"_s);
    }

    void detailsFollowTheObjectLive()
    {
        createPodInShop("live-details-pod");
        QTRY_VERIFY_WITH_TIMEOUT(m_window->showKind(cluster.context(u"admin"_s), u"pods"_s), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(rowOfName(table(), u"live-details-pod"_s) >= 0, 15000);
        auto *details = m_window->findChild<DetailsPanel *>();
        QSignalSpy loaded(details, &DetailsPanel::loaded);
        table()->selectRow(rowOfName(table(), u"live-details-pod"_s));
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() > 0, 15000);
        QCOMPARE(details->shownName(), u"live-details-pod"_s);

        // Changed with kubectl: the summary and the YAML follow without a refresh.
        cluster.kubectl({u"label"_s, u"pod"_s, u"live-details-pod"_s, u"-n"_s, u"shop"_s, u"tier=canary"_s});
        QTRY_VERIFY_WITH_TIMEOUT(details->summaryText().contains(u"tier=canary"_s), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(details->yamlText().contains(u"tier: canary"_s), 10000);

        // A new event about it appears in its events.
        const QByteArray uid = cluster.kubectl(
            {u"get"_s, u"pod"_s, u"live-details-pod"_s, u"-n"_s, u"shop"_s, u"-o"_s, u"jsonpath={.metadata.uid}"_s});
        cluster.kubectl({u"apply"_s, u"-f"_s, u"-"_s}, true,
                        "apiVersion: v1\nkind: Event\nmetadata: {name: live-details-probe, namespace: shop}\n"
                        "involvedObject: {kind: Pod, name: live-details-pod, namespace: shop, uid: "
                            + uid
                            + "}\nreason: BinnacleProbe\nmessage: hello from the details test\ntype: Warning\n"
                              "source: {component: tst_browse}\n");
        QTRY_VERIFY_WITH_TIMEOUT(details->summaryText().contains(u"hello from the details test"_s), 10000);

        // Deleted: the last state stays, marked as deleted.
        cluster.kubectl(
            {u"delete"_s, u"pod"_s, u"live-details-pod"_s, u"-n"_s, u"shop"_s, u"--grace-period=0"_s, u"--force"_s});
        QTRY_VERIFY_WITH_TIMEOUT(details->summaryText().contains(u"Deleted."_s), 20000);
        QVERIFY(details->summaryText().contains(u"tier=canary"_s));
        cluster.kubectl(
            {u"delete"_s, u"event"_s, u"live-details-probe"_s, u"-n"_s, u"shop"_s, u"--ignore-not-found"_s});
    }

    void customResourcesAppearAndGoByThemselves()
    {
        // No F5: a CRD created with kubectl shows up in the sidebar, and goes when it is deleted.
        auto *navigator = m_window->findChild<QTreeView *>(u"navigator"_s);
        const QByteArray crd
            = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
              "metadata: {name: gizmos.live.binnacle.dev}\n"
              "spec:\n  group: live.binnacle.dev\n  scope: Namespaced\n"
              "  names: {plural: gizmos, singular: gizmo, kind: Gizmo}\n"
              "  versions:\n  - name: v1\n    served: true\n    storage: true\n"
              "    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}\n";
        const QString shown = u"Gizmo (live.binnacle.dev)"_s;
        cluster.kubectl({u"delete"_s, u"crd"_s, u"gizmos.live.binnacle.dev"_s, u"--ignore-not-found"_s});
        QTRY_VERIFY_WITH_TIMEOUT(!findRow(navigator->model(), shown).isValid(), 15000);
        cluster.kubectl({u"apply"_s, u"-f"_s, u"-"_s}, true, crd);
        QTRY_VERIFY_WITH_TIMEOUT(findRow(navigator->model(), shown).isValid(), 15000);
        cluster.kubectl({u"delete"_s, u"crd"_s, u"gizmos.live.binnacle.dev"_s});
        QTRY_VERIFY_WITH_TIMEOUT(!findRow(navigator->model(), shown).isValid(), 15000);
    }

    void serviceDetailsListItsPods()
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_window->showKind(cluster.context(u"admin"_s), u"svc"_s), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(rowOfName(table(), u"frontend"_s) >= 0, 15000);
        auto *details = m_window->findChild<DetailsPanel *>();
        table()->selectRow(rowOfName(table(), u"frontend"_s));
        QTRY_VERIFY_WITH_TIMEOUT(details->summaryText().contains(u"Pods this Service selects"_s)
                                     && details->summaryText().contains(u"frontend-"_s),
                                 15000);
    }

    void paletteJumpsToAKind()
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_window->showKind(cluster.context(u"admin"_s), u"svc"_s), 20000); // connected
        m_window->openCommandPalette(u":"_s);
        auto *palette = m_window->findChild<CommandPalette *>();
        QTRY_VERIFY(palette->isVisible());
        QTest::keyClicks(palette->input(), u"deploy"_s);
        QVERIFY(palette->list()->count() >= 1);
        QVERIFY(palette->list()->currentItem()->text().startsWith(u"Deployment"_s));
        QTest::qWait(300); // let the popup paint before the screen is grabbed
        QVERIFY(uitest::distinctColours(uitest::saveScreenScreenshot(u"browse-palette"_s, m_window.get())) > 20);
        QTest::keyClick(palette->input(), Qt::Key_Return);
        QTRY_VERIFY(!palette->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(rowOfName(table(), u"frontend"_s) >= 0, 15000);
        QVERIFY(m_window->findChild<QLabel *>(u"browserHeading"_s)->text().startsWith(u"Deployment"_s));
    }

    // A cluster added inside Binnacle (server, CA, token): it connects, and the token is in the keychain only.
    void addedClusterKeepsItsTokenInTheKeychainOnly()
    {
        const ClusterConfig admin = cluster.config(u"admin-token"_s);
        QByteArray ca;
        for (const QSslCertificate &certificate : admin.caCertificates)
            ca += certificate.toPem();

        // The dialog refuses what would not work, before anything is stored.
        AddClusterDialog dialog(m_window.get());
        dialog.nameEdit()->setText(u"added-by-hand"_s);
        dialog.serverEdit()->setText(u"http://plain.example"_s);
        dialog.tokenEdit()->setText(admin.token);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(dialog.findChild<QLabel *>(u"problem"_s)->text().contains(u"https"_s));
        dialog.serverEdit()->setText(admin.server.toString());
        dialog.caEdit()->setPlainText(QString::fromLatin1(ca));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));

        bool stored = false;
        QString storeError;
        m_window->savedClusters()->add(dialog.entry(), dialog.token(), this, [&](const QString &error) {
            storeError = error;
            stored = true;
        });
        QTRY_VERIFY(stored);
        QVERIFY2(storeError.isEmpty(), qPrintable(storeError));
        m_window->reloadKubeconfig();
        m_window->showOverview(u"added-by-hand"_s);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->session(u"added-by-hand"_s)
                                     && m_window->session(u"added-by-hand"_s)->state()
                                         == ClusterSession::State::Connected,
                                 20000);

        QSettings settings;
        settings.sync();
        QFile file(settings.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray stored_settings = file.readAll();
        QVERIFY(stored_settings.contains(admin.server.host().toUtf8()));
        QVERIFY2(!stored_settings.contains(admin.token.toUtf8()), "the token reached the settings file");

        SecretStore keychain(u"Binnacle"_s);
        bool read = false;
        QByteArray secret;
        keychain.read(SavedClusters::secretKey(u"added-by-hand"_s), this, [&](const Result<QByteArray> &value) {
            read = true;
            secret = value ? value.value() : QByteArray();
        });
        QTRY_VERIFY(read);
        QVERIFY2(keychain.keychainAvailable(), "no Secret Service: run under ./dev.sh test (gnome-keyring)");
        QCOMPARE(secret, admin.token.toUtf8());
        m_window->savedClusters()->remove(u"added-by-hand"_s);
    }

    void viewerSeesForbiddenInsteadOfAnEmptyTable()
    {
        const QString viewer = cluster.context(u"viewer"_s);
        m_window->showOverview(viewer);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->session(viewer) && m_window->session(viewer)->state() == ClusterSession::State::Connected, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->showKind(viewer, u"pods"_s), 10000);
        // Not allowed in all namespaces: the table falls back to the viewer's namespace and says so.
        auto *note = m_window->findChild<QLabel *>(u"scopeNote"_s);
        QTRY_VERIFY_WITH_TIMEOUT(note->isVisible(), 15000);
        QVERIFY(note->text().contains(cluster.limitedNamespace()));
        QTRY_VERIFY_WITH_TIMEOUT(table()->model()->rowCount() > 0, 15000);
        for (int row = 0; row < table()->model()->rowCount(); ++row)
            QCOMPARE(table()->model()->index(row, 0).data(ResourceTableModel::NamespaceRole).toString(),
                     cluster.limitedNamespace());

        // Secrets are not in the view role at all: the server's message, not an empty table.
        QTRY_VERIFY_WITH_TIMEOUT(m_window->showKind(viewer, u"secrets"_s), 20000);
        auto *message = m_window->findChild<MessagePage *>(u"browserMessage"_s);
        QTRY_VERIFY_WITH_TIMEOUT(message->isVisible(), 20000);
        QCOMPARE(message->title(), u"Forbidden"_s);
        // (A paged LIST is refused as "cannot list", a WatchList as "cannot watch".)
        QVERIFY2(message->bodyText().contains(QRegularExpression(u"cannot (list|watch) resource \"secrets\""_s)),
                 qPrintable(message->bodyText()));
        uitest::saveScreenshot(m_window.get(), u"browse-forbidden"_s);

        // The admin cluster kept working meanwhile.
        QTRY_VERIFY_WITH_TIMEOUT(m_window->showKind(cluster.context(u"admin"_s), u"deploy"_s), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(rowOfName(table(), u"frontend"_s) >= 0, 15000);
    }
};

BINNACLE_UITEST_MAIN(BrowseTest)
#include "tst_browse.moc"
