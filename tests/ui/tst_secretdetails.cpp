// A Secret in the real window on the real local cluster: its values are masked in the summary, the YAML, their
// accessible text and anything copied from them, including the copy `kubectl apply` keeps in the
// last-applied-configuration annotation; a click on one key's "Reveal" shows that key only.

#include "testcluster.h"
#include "uitest.h"

#include "client/session/clustersession.h"
#include "models/details/objectsummary.h"
#include "models/resources/resourcetablemodel.h"
#include "ui/browser/browserpane.h"
#include "ui/details/detailspanel.h"
#include "ui/mainwindow/mainwindow.h"

#include <QAccessible>
#include <QApplication>
#include <QClipboard>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;
using binnacle::uitest::accessibleText;
using binnacle::uitest::findRow;

namespace {

const QByteArray Password = "pw-s3ntinel-7f3a";
const QByteArray Token = "tok-s3ntinel-91c2";

// Every form a value may take on screen: as stored (base64) and as written (stringData, the annotation).
QList<QByteArray> formsOf(const QByteArray &value)
{
    return {value, value.toBase64()};
}

int rowOfName(const QTableView *table, const QString &name)
{
    const QAbstractItemModel *model = table->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(ResourceTableModel::NameRole).toString() == name)
            return row;
    }
    return -1;
}

// Select all and Ctrl+C, as a person copies, and what reached the clipboard.
QString copyAll(QWidget *widget)
{
    QApplication::clipboard()->clear();
    widget->setFocus();
    QTest::keyClick(widget, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(widget, Qt::Key_C, Qt::ControlModifier);
    if (!QTest::qWaitFor([] { return !QApplication::clipboard()->text().isEmpty(); }, 5000))
        qWarning("nothing reached the clipboard");
    // Leave nothing selected, as a person clicking elsewhere would (and as the screenshots should look).
    if (auto *plain = qobject_cast<QPlainTextEdit *>(widget))
        plain->moveCursor(QTextCursor::Start);
    else if (auto *rich = qobject_cast<QTextEdit *>(widget))
        rich->moveCursor(QTextCursor::Start);
    return QApplication::clipboard()->text();
}

// Where the link to `href` is drawn in the browser's viewport.
QPoint anchorPosition(QTextBrowser *browser, const QString &href)
{
    for (QTextBlock block = browser->document()->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (fragment.charFormat().anchorHref() == href) {
                QTextCursor cursor(browser->document());
                cursor.setPosition(fragment.position() + fragment.length() / 2);
                browser->setTextCursor(cursor);
                browser->ensureCursorVisible();
                return browser->cursorRect(cursor).center();
            }
        }
    }
    return {-1, -1};
}

} // namespace

class SecretDetailsTest : public QObject
{
    Q_OBJECT

private:
    const TestCluster &cluster = TestCluster::instance();
    std::unique_ptr<MainWindow> m_window;
    DetailsPanel *details() const { return m_window->findChild<DetailsPanel *>(); }
    QTextBrowser *summary() const { return details()->findChild<QTextBrowser *>(u"detailsSummary"_s); }
    QPlainTextEdit *yaml() const { return details()->findChild<QPlainTextEdit *>(u"detailsYaml"_s); }
    QTabWidget *tabs() const { return details()->findChild<QTabWidget *>(u"detailsTabs"_s); }

    // Everything a person or a screen reader can get out of the pane, with the YAML tab shown and then the summary.
    QString everythingShown()
    {
        tabs()->setCurrentWidget(yaml());
        QString all = yaml()->toPlainText() + u'\n' + accessibleText(yaml()) + u'\n' + copyAll(yaml());
        tabs()->setCurrentWidget(summary());
        all += u'\n' + summary()->toPlainText() + u'\n' + summary()->toHtml() + u'\n' + accessibleText(summary())
            + u'\n' + copyAll(summary()) + u'\n' + details()->summaryText() + u'\n' + details()->yamlText();
        return all;
    }

    void showSecret(const QString &name)
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_window->showKind(cluster.context(u"admin"_s), u"secrets"_s), 20000);
        QTableView *table = m_window->findChild<BrowserPane *>()->tableView();
        QTRY_VERIFY_WITH_TIMEOUT(rowOfName(table, name) >= 0, 15000);
        QSignalSpy loaded(details(), &DetailsPanel::loaded);
        // `loaded` promises the object is there: what the summary says at that moment, not some time later.
        QStringList summariesWhenLoaded;
        QObject context;
        connect(details(), &DetailsPanel::loaded, &context,
                [this, &summariesWhenLoaded] { summariesWhenLoaded << details()->summaryText(); });
        table->setFocus();
        table->selectRow(rowOfName(table, name));
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() > 0 && details()->shownName() == name, 15000);
        // Not "Could not load … was not found" first (the empty snapshot a new informer sends before it has
        // listed), corrected a moment later: every Secret shown here has keys, each with a Reveal link.
        QVERIFY2(summariesWhenLoaded.first().contains(u"Reveal"_s), qPrintable(summariesWhenLoaded.first()));
        QTRY_VERIFY_WITH_TIMEOUT(details()->yamlText().contains(u"kind: Secret"_s), 10000);
    }

private slots:
    void initTestCase()
    {
        QSettings().clear();
        // With kubectl apply, as people do: the annotation keeps the manifest, stringData in clear.
        cluster.kubectl({u"apply"_s, u"-f"_s, u"-"_s}, true,
                        "apiVersion: v1\nkind: Secret\nmetadata: {name: masked-secret, namespace: shop}\n"
                        "type: Opaque\nstringData: {password: "
                            + Password + ", token: " + Token + "}\n");
        const QByteArray annotation = cluster.kubectl(
            {u"get"_s, u"secret"_s, u"masked-secret"_s, u"-n"_s, u"shop"_s, u"-o"_s,
             u"jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}"_s});
        QVERIFY2(annotation.contains(Password), "kubectl apply did not keep stringData in the annotation");

        m_window = std::make_unique<MainWindow>(KubeconfigSources {cluster.kubeconfig(), {}, {}});
        m_window->resize(1500, 860);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        cluster.kubectl({u"delete"_s, u"secret"_s, u"masked-secret"_s, u"-n"_s, u"shop"_s, u"--ignore-not-found"_s});
    }

    void valuesAreMaskedInEveryView()
    {
        showSecret(u"masked-secret"_s);
        const QString shown = everythingShown();
        for (const QByteArray &value : {Password, Token})
            for (const QByteArray &form : formsOf(value))
                QVERIFY2(!shown.contains(QString::fromLatin1(form)), form.constData());
        // The keys are there, each with its size and a way to reveal it; so is the (masked) annotation.
        QVERIFY2(details()->summaryText().contains(u"password"_s) && details()->summaryText().contains(u"Reveal"_s),
                 qPrintable(details()->summaryText()));
        QVERIFY(details()->summaryText().contains(u"hidden, 16 bytes"_s));
        tabs()->setCurrentWidget(yaml());
        QVERIFY(copyAll(yaml()).contains(u"kind: Secret"_s)); // copying works, so what it left out is left out
        QVERIFY2(details()->yamlText().contains(u"last-applied-configuration"_s), qPrintable(details()->yamlText()));
        uitest::saveScreenshot(details(), u"secret-masked-yaml"_s);
        tabs()->setCurrentWidget(summary());
        const QImage masked = uitest::saveScreenshot(details(), u"secret-masked"_s);
        QVERIFY(uitest::distinctColours(masked) > 5);
    }

    void revealingOneKeyShowsThatKeyOnly()
    {
        showSecret(u"masked-secret"_s);
        tabs()->setCurrentWidget(summary());
        const QPoint link = anchorPosition(summary(), ObjectSummary::revealLink(u"password"_s, true));
        QVERIFY(link.x() >= 0);
        QTest::mouseClick(summary()->viewport(), Qt::LeftButton, {}, link);
        QTRY_VERIFY_WITH_TIMEOUT(details()->summaryText().contains(QString::fromLatin1(Password)), 5000);

        const QString shown = everythingShown();
        QVERIFY(shown.contains(QString::fromLatin1(Password)));
        QVERIFY(details()->yamlText().contains(QString::fromLatin1(Password.toBase64())));
        tabs()->setCurrentWidget(yaml());
        QVERIFY(copyAll(yaml()).contains(QString::fromLatin1(Password.toBase64())));
        for (const QByteArray &form : formsOf(Token))
            QVERIFY2(!shown.contains(QString::fromLatin1(form)), form.constData());
        tabs()->setCurrentWidget(summary());
        uitest::saveScreenshot(details(), u"secret-one-revealed"_s);

        // Hide takes it back; and another Secret (or this one again) starts masked.
        const QPoint hide = anchorPosition(summary(), ObjectSummary::revealLink(u"password"_s, false));
        QVERIFY(hide.x() >= 0);
        QTest::mouseClick(summary()->viewport(), Qt::LeftButton, {}, hide);
        QTRY_VERIFY_WITH_TIMEOUT(!details()->summaryText().contains(QString::fromLatin1(Password)), 5000);
        QVERIFY(!everythingShown().contains(QString::fromLatin1(Password)));
    }

    // A Secret that is not there says so once the server has listed nothing, and `loaded` comes with that: the
    // empty snapshot a new informer sends first is neither "not found" nor the end of "Loading…".
    void aMissingSecretIsNotFound()
    {
        auto *browser = m_window->findChild<BrowserPane *>();
        ClusterSession *session = nullptr;
        ApiResource resource;
        QObject context;
        connect(browser, &BrowserPane::objectSelected, &context,
                [&session, &resource](ClusterSession *selectedIn, const ApiResource &selected) {
                    session = selectedIn;
                    resource = selected;
                });
        browser->tableView()->clearSelection(); // so that selecting the row again tells us the session
        showSecret(u"masked-secret"_s);
        QVERIFY(session);

        QSignalSpy loaded(details(), &DetailsPanel::loaded);
        details()->showObject(session, resource, u"shop"_s, u"no-such-secret"_s);
        QVERIFY(details()->summaryText().contains(u"Loading"_s));
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() > 0, 15000);
        QVERIFY2(details()->summaryText().contains(u"Secret \"no-such-secret\" was not found."_s),
                 qPrintable(details()->summaryText()));
    }

    // The seeded Secrets (created without kubectl apply) show no value either.
    void seededSecretsAreMaskedToo()
    {
        const QJsonObject secret = QJsonDocument::fromJson(cluster.kubectl({u"get"_s, u"secret"_s, u"db-credentials"_s,
                                                                            u"-n"_s, u"shop"_s, u"-o"_s, u"json"_s}))
                                       .object();
        const QJsonObject data = secret.value(u"data"_s).toObject();
        QVERIFY(!data.isEmpty());
        showSecret(u"db-credentials"_s);
        const QString shown = everythingShown();
        for (auto it = data.begin(); it != data.end(); ++it) {
            QVERIFY(shown.contains(it.key()));
            const QByteArray value = QByteArray::fromBase64(it.value().toString().toLatin1());
            // "username: shop" is a word the pane shows anyway (the namespace): look for its stored form only.
            for (const QByteArray &form : value.size() < 8 ? QList<QByteArray> {value.toBase64()} : formsOf(value))
                QVERIFY2(!shown.contains(QString::fromLatin1(form)), qPrintable(it.key()));
        }
    }
};

BINNACLE_UITEST_MAIN(SecretDetailsTest)
#include "tst_secretdetails.moc"
