// Journey "forward a port" in the real window on the real local cluster: `f` on a Service asks which port (from its
// spec) and which local port, Enter starts it, the panel shows it ready with live counters and the serving pod, and
// a request through it reaches a pod; a busy local port is said in the dialog with another one offered; stopping
// frees the port; forwards marked "start automatically" come back running at the next start, the others stopped.

#include "httpget.h"
#include "testcluster.h"
#include "uitest.h"

#include "models/portforward/forwardlistmodel.h"
#include "ui/actions/resourceactions.h"
#include "ui/browser/browserpane.h"
#include "ui/dock/bottomdock.h"
#include "ui/mainwindow/mainwindow.h"
#include "ui/portforward/forwarddialog.h"
#include "ui/portforward/forwardstab.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

namespace {

constexpr int Timeout = 20000;

} // namespace

class ForwardsTest : public QObject
{
    Q_OBJECT

private:
    const TestCluster &cluster = TestCluster::instance();
    std::unique_ptr<MainWindow> m_window;

    QTableView *table() const { return m_window->findChild<BrowserPane *>()->tableView(); }
    QAction *forwardAction() const { return m_window->resourceActions()->action(ResourceActions::Kind::Forward); }
    ForwardsTab *panel() const { return m_window->findChild<ForwardsTab *>(); }
    QString cell(int row, int column) const
    {
        const QAbstractItemModel *model = panel()->table()->model();
        return model->data(model->index(row, column)).toString();
    }

    // Selects the object and presses `f`, as a person does; the dialog that opened.
    ForwardDialog *pressForwardOn(const QString &kind, const QString &name)
    {
        const QString problem = uitest::selectObject(m_window.get(), cluster.context(u"admin"_s), kind, name);
        if (!problem.isEmpty()) {
            qWarning("%s", qPrintable(problem));
            return nullptr;
        }
        if (!QTest::qWaitFor([this] { return forwardAction()->isEnabled(); }, 10000)) {
            qWarning("Forward stayed disabled: %s", qPrintable(forwardAction()->toolTip()));
            return nullptr;
        }
        QTest::keyClick(table(), Qt::Key_F);
        ForwardDialog *dialog = nullptr;
        (void)QTest::qWaitFor(
            [&] {
                for (ForwardDialog *candidate : m_window->findChildren<ForwardDialog *>()) {
                    if (candidate->isVisible())
                        dialog = candidate;
                }
                return dialog != nullptr;
            },
            10000);
        return dialog;
    }

    static QString comboItems(const QComboBox *combo)
    {
        QStringList items;
        for (int i = 0; i < combo->count(); ++i)
            items << combo->itemText(i);
        return items.join(u", "_s);
    }

private slots:
    void initTestCase()
    {
        QSettings().clear();
        m_window = std::make_unique<MainWindow>(KubeconfigSources {cluster.kubeconfig(), {}, {}});
        m_window->resize(1500, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase() { m_window.reset(); }

    void aServiceIsForwardedFromTheWindow()
    {
        ForwardDialog *dialog = pressForwardOn(u"Service"_s, u"frontend"_s);
        QVERIFY(dialog);
        auto *remote = dialog->findChild<QComboBox *>(u"forwardRemotePort"_s);
        QVERIFY2(remote->currentText() == u"http 80/TCP", qPrintable(comboItems(remote)));
        // 80 needs privileges: a free unprivileged port is offered instead.
        const quint16 local = dialog->localPort();
        QVERIFY(local >= 1024);
        QTest::keyClick(remote, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isVisible(), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(panel(), Timeout);
        QCOMPARE(m_window->findChild<BottomDock *>()->currentTab(), panel());
        const int row = 0;
        QCOMPARE(cell(row, ForwardListModel::Target), u"shop/Service/frontend:http"_s);
        QCOMPARE(cell(row, ForwardListModel::Local), u"127.0.0.1:%1"_s.arg(local));
        QTRY_COMPARE_WITH_TIMEOUT(cell(row, ForwardListModel::State), u"ready"_s, Timeout);
        // A request through it reaches a pod of the Service, and the counters say so.
        const HttpAnswer answer = httpGet(local, "/api/notice");
        QVERIFY2(answer.ok(), qPrintable(answer.error));
        QVERIFY2(answer.podHeader.startsWith("frontend-"), answer.podHeader.constData());
        QTRY_COMPARE_WITH_TIMEOUT(cell(row, ForwardListModel::Pod), QString::fromUtf8(answer.podHeader), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(cell(row, ForwardListModel::FromPod) != u"0 bytes"_s, Timeout);
        for (int i = 0; i < 5; ++i)
            QVERIFY(httpGet(local, "/bytes?n=300000").ok());
        QTRY_VERIFY_WITH_TIMEOUT(cell(row, ForwardListModel::FromPod).contains(u"MB"_s)
                                     || cell(row, ForwardListModel::FromPod).contains(u"KB"_s),
                                 Timeout);
        QVERIFY2(cell(row, ForwardListModel::Connections).contains(u"in all"_s),
                 qPrintable(cell(row, ForwardListModel::Connections)));
        auto *detail = panel()->findChild<QLabel *>(u"forwardDetail"_s);
        QTRY_VERIFY2_WITH_TIMEOUT(uitest::accessibleText(detail).contains(u"Forwarding 127.0.0.1:%1"_s.arg(local)),
                                  qPrintable(uitest::accessibleText(detail)), Timeout);
        panel()->table()->resizeColumnsToContents();
        uitest::saveScreenshot(m_window.get(), u"forwards"_s);
    }

    void aBusyLocalPortIsSaidInTheDialog()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost));
        ForwardDialog *dialog = pressForwardOn(u"Deployment"_s, u"frontend"_s);
        QVERIFY(dialog);
        auto *remote = dialog->findChild<QComboBox *>(u"forwardRemotePort"_s);
        QVERIFY2(remote->currentText() == u"http 8080/TCP", qPrintable(comboItems(remote)));
        auto *local = dialog->findChild<QSpinBox *>(u"forwardLocalPort"_s);
        local->setValue(taken.serverPort());
        QTest::keyClick(local, Qt::Key_Return);
        auto *error = dialog->findChild<QLabel *>(u"forwardError"_s);
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), Timeout);
        QVERIFY2(error->text().contains(u"Local port %1 is in use"_s.arg(taken.serverPort())),
                 qPrintable(error->text()));
        QVERIFY(dialog->isVisible());
        QVERIFY2(local->value() != taken.serverPort() && local->value() > 0, "no other port offered");
        // Enter again takes the port offered, and "start automatically" is kept for the next start.
        dialog->findChild<QCheckBox *>(u"forwardAutoStart"_s)->setChecked(true);
        const int offered = local->value();
        QTest::keyClick(local, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isVisible(), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(panel()->table()->model()->rowCount(), 2, Timeout);
        QCOMPARE(cell(1, ForwardListModel::Local), u"127.0.0.1:%1"_s.arg(offered));
        QTRY_COMPARE_WITH_TIMEOUT(cell(1, ForwardListModel::State), u"ready"_s, Timeout);
        QVERIFY(httpGet(quint16(offered), "/").ok());
    }

    void stoppingFreesThePort()
    {
        panel()->selectRow(0);
        const quint16 port = quint16(cell(0, ForwardListModel::Local).section(u':', 1).toUInt());
        QPushButton *stop = panel()->findChild<QPushButton *>(u"forwardStop"_s);
        QVERIFY(stop->isEnabled());
        QTest::mouseClick(stop, Qt::LeftButton);
        QCOMPARE(cell(0, ForwardListModel::State), u"stopped"_s);
        QTcpServer again;
        QVERIFY2(again.listen(QHostAddress::LocalHost, port), qPrintable(again.errorString()));
        QVERIFY(panel()->findChild<QPushButton *>(u"forwardStart"_s)->isEnabled());
    }

    // The list and the panel come back at the next start: the forward marked "start automatically" running, the
    // stopped one stopped.
    void forwardsComeBackAtTheNextStart()
    {
        m_window.reset();
        m_window = std::make_unique<MainWindow>(KubeconfigSources {cluster.kubeconfig(), {}, {}});
        m_window->resize(1500, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_VERIFY_WITH_TIMEOUT(panel(), Timeout);
        QCOMPARE(panel()->table()->model()->rowCount(), 2);
        QCOMPARE(cell(0, ForwardListModel::State), u"stopped"_s);
        QTRY_COMPARE_WITH_TIMEOUT(cell(1, ForwardListModel::State), u"ready"_s, 30000);
        const quint16 port = quint16(cell(1, ForwardListModel::Local).section(u':', 1).toUInt());
        QVERIFY(httpGet(port, "/").ok());
    }
};

BINNACLE_UITEST_MAIN(ForwardsTest)
#include "tst_forwards.moc"
