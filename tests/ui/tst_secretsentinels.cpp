// R6, the window's half: every way a credential enters Binnacle carries a sentinel (a bearer token, a basic-auth
// password, an exec plugin's token, a password inside a server URL and a proxy URL, a client key, a token saved in
// the keychain), against servers that echo the request back in their error pages and against the real apiserver.
// Each context is opened until the window says why it failed; then every text the window shows is printed, so that
// scan_for_sentinels.sh, which runs this program, finds a leak in the UI as it finds one in logs and settings.
// The sentinels come from the environment (SENTINEL_*), chosen afresh by the script on every run.

#include "scriptedapiserver.h"
#include "testcluster.h"
#include "testpki.h"
#include "uitest.h"

#include "client/config/savedclusters.h"
#include "client/session/clustersession.h"
#include "ui/browser/browserpane.h"
#include "ui/browser/connectionproblemview.h"
#include "ui/mainwindow/mainwindow.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

namespace {

using Answer = ScriptedApiServer::Answer;
using Request = ScriptedApiServer::Request;

QString sentinel(const char *name)
{
    const QString value = qEnvironmentVariable(name);
    if (value.isEmpty())
        qFatal("%s is not set: run this test through scan_for_sentinels.sh", name);
    return value;
}

// Everything the request said, echoed back the way a debugging proxy or a careless server might.
QByteArray echo(const Request &request)
{
    QByteArray text = request.method + ' ' + request.path.toUtf8() + '\n';
    for (auto it = request.headers.cbegin(); it != request.headers.cend(); ++it)
        text += it.key() + ": " + it.value() + '\n';
    return text;
}

// The texts of every widget and every model row the window holds (tool tips and accessible names included).
QStringList textsOf(QWidget *window)
{
    QStringList texts {window->windowTitle()};
    for (QWidget *widget : window->findChildren<QWidget *>()) {
        texts << widget->toolTip() << widget->accessibleName() << widget->accessibleDescription()
              << widget->statusTip();
        if (auto *label = qobject_cast<QLabel *>(widget))
            texts << label->text();
        if (auto *edit = qobject_cast<QLineEdit *>(widget))
            texts << edit->text();
        if (auto *button = qobject_cast<QAbstractButton *>(widget))
            texts << button->text();
        if (auto *status = qobject_cast<QStatusBar *>(widget))
            texts << status->currentMessage();
        if (auto *view = qobject_cast<QAbstractItemView *>(widget); view && view->model()) {
            std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
                const QAbstractItemModel *model = view->model();
                for (int row = 0; row < model->rowCount(parent); ++row) {
                    for (int column = 0; column < model->columnCount(parent); ++column) {
                        const QModelIndex index = model->index(row, column, parent);
                        for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(Qt::AccessibleTextRole)})
                            texts << index.data(role).toString();
                    }
                    walk(model->index(row, 0, parent));
                }
            };
            walk({});
        }
    }
    texts.removeAll(QString());
    return texts;
}

} // namespace

class SecretSentinelsTest : public QObject
{
    Q_OBJECT

private:
    const TestCluster &cluster = TestCluster::instance();
    QTemporaryDir m_dir;
    TestPki m_pki;
    std::vector<std::unique_ptr<ScriptedApiServer>> m_servers;
    std::unique_ptr<MainWindow> m_window;
    QStringList m_sentinels;
    int m_textsScanned = 0;

    ScriptedApiServer *serve(ScriptedApiServer::Script script)
    {
        m_servers.push_back(std::make_unique<ScriptedApiServer>(std::move(script)));
        if (!m_servers.back()->listen())
            qFatal("cannot listen");
        return m_servers.back().get();
    }

    QString write(const QString &name, const QByteArray &content, bool executable = false)
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(name));
        file.write(content);
        if (executable)
            file.setPermissions(file.permissions() | QFile::ExeOwner);
        return file.fileName();
    }

    ConnectionProblemView *problem() const { return m_window->findChild<BrowserPane *>()->connectionProblemView(); }

    // Opens `context` and waits until the centre says why it failed.
    void openUntilItFails(const QString &context)
    {
        // As a person does: a click on the context in the sidebar (its summary shows on the right).
        auto *navigator = m_window->findChild<QTreeView *>(u"navigator"_s);
        QModelIndex row;
        for (int r = 0; r < navigator->model()->rowCount(); ++r) {
            if (navigator->model()->index(r, 0).data().toString() == context)
                row = navigator->model()->index(r, 0);
        }
        QVERIFY2(row.isValid(), qPrintable(context));
        navigator->scrollTo(row);
        QTest::mouseClick(navigator->viewport(), Qt::LeftButton, {}, navigator->visualRect(row).center());
        QTRY_VERIFY2_WITH_TIMEOUT(problem()->context() == context && problem()->isFailure(),
                                  qPrintable(context + u": "_s + problem()->title()), 30000);
        const QString shown = problem()->title() + u'\n' + problem()->bodyText();
        qInfo().noquote() << "shown for" << context << ":" << shown;
        for (const QString &secret : std::as_const(m_sentinels))
            QVERIFY2(!shown.contains(secret), qPrintable(context + u" shows a credential: "_s + shown));
        checkWindowTexts();
    }

    void checkWindowTexts()
    {
        const QStringList texts = textsOf(m_window.get());
        m_textsScanned += texts.size();
        for (const QString &text : texts) {
            qInfo().noquote() << "window text:" << text; // for the script's scan, too
            for (const QString &secret : std::as_const(m_sentinels))
                QVERIFY2(!text.contains(secret), qPrintable(u"a widget shows a credential: "_s + text));
        }
    }

private slots:
    void initTestCase()
    {
        QSettings().clear();
        const QString token = sentinel("SENTINEL_TOKEN");
        const QString password = sentinel("SENTINEL_PASSWORD");
        const QString execToken = sentinel("SENTINEL_EXEC_TOKEN");
        const QString urlPassword = sentinel("SENTINEL_URL_PASSWORD");
        const QString proxyPassword = sentinel("SENTINEL_PROXY_PASSWORD");
        m_sentinels = {token, password, execToken, urlPassword, proxyPassword, sentinel("SENTINEL_KEYCHAIN_TOKEN")};

        // A client key is a sentinel too: its PEM body is written where the script finds it.
        const TestPki::Issued ca = m_pki.authority(u"stranger-ca"_s);
        const TestPki::Issued stranger = m_pki.issue(ca, u"admin"_s, TestPki::Use::Client);
        QVERIFY2(m_pki.isValid(), qPrintable(m_pki.error()));
        const QList<QByteArray> keyLines = TestPki::pem(stranger.keyFile).split('\n');
        QVERIFY(keyLines.size() > 3);
        QFile keySentinel(qEnvironmentVariable("SENTINEL_OUT") + u"/client-key-line"_s);
        QVERIFY(keySentinel.open(QIODevice::WriteOnly));
        keySentinel.write(keyLines.at(1) + '\n');
        m_sentinels << QString::fromLatin1(keyLines.at(1));

        ScriptedApiServer *html = serve([](const Request &r) { return Answer {200, "<html>" + echo(r), "text/html"}; });
        ScriptedApiServer *failing = serve([](const Request &r) { return Answer {500, echo(r), "text/plain"}; });
        ScriptedApiServer *unauthorized = serve([](const Request &r) { return Answer {401, echo(r), "text/plain"}; });
        ScriptedApiServer *forbidden = serve([](const Request &r) { return Answer {403, echo(r), "text/plain"}; });
        QTcpServer closed; // a port where nothing listens, for the proxy
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 closedPort = closed.serverPort();
        closed.close();

        const QString plugin
            = write(u"plugin.sh"_s,
                    "#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                    "\"status\":{\"token\":\""
                        + execToken.toUtf8() + "\"}}'\n",
                    true);
        auto url = [](const ScriptedApiServer *server) -> QByteArray { return server->url().toString().toUtf8(); };
        QByteArray yaml = "apiVersion: v1\nkind: Config\ncurrent-context: " + cluster.context(u"admin"_s).toUtf8()
            + "\nclusters:\n"
              "- name: echo-html\n  cluster: {server: '"
            + url(html)
            + "'}\n"
              "- name: echo-500\n  cluster: {server: '"
            + url(failing)
            + "'}\n"
              "- name: echo-401\n  cluster: {server: '"
            + url(unauthorized) + "'}\n- name: url-password\n  cluster: {server: 'http://someone:"
            + urlPassword.toUtf8() + "@127.0.0.1:" + QByteArray::number(forbidden->port())
            + "'}\n- name: behind-proxy\n  cluster: {server: '" + url(html) + "', proxy-url: 'http://someone:"
            + proxyPassword.toUtf8() + "@127.0.0.1:" + QByteArray::number(closedPort) + "'}\n";
        yaml += "users:\n- name: bearer\n  user: {token: " + token.toUtf8()
            + "}\n- name: basic\n  user: {username: someone, password: " + password.toUtf8()
            + "}\n- name: plugin\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
              "      command: "
            + plugin.toUtf8()
            + "\n      interactiveMode: Never\n"
              "- name: stranger\n  user:\n    client-certificate-data: "
            + TestPki::pem(stranger.certificateFile).toBase64()
            + "\n    client-key-data: " + TestPki::pem(stranger.keyFile).toBase64() + "\n";
        const QByteArray realCluster = cluster.config(u"admin"_s).clusterName.toUtf8();
        yaml += "contexts:\n"
                "- name: leak-bearer\n  context: {cluster: echo-html, user: bearer}\n"
                "- name: leak-basic\n  context: {cluster: echo-500, user: basic}\n"
                "- name: leak-exec\n  context: {cluster: echo-401, user: plugin}\n"
                "- name: leak-url\n  context: {cluster: url-password, user: bearer}\n"
                "- name: leak-proxy\n  context: {cluster: behind-proxy, user: basic}\n"
                "- name: leak-real-token\n  context: {cluster: "
            + realCluster + ", user: bearer}\n- name: leak-client-key\n  context: {cluster: " + realCluster
            + ", user: stranger}\n";
        const QString kubeconfig = write(u"sentinels.kubeconfig"_s, yaml);

        m_window = std::make_unique<MainWindow>(
            KubeconfigSources {{}, kubeconfig + u':' + cluster.kubeconfig(), QDir::homePath()});
        // Every status bar message, however briefly shown, goes to the output the script scans.
        connect(m_window->statusBar(), &QStatusBar::messageChanged, this, [](const QString &message) {
            if (!message.isEmpty())
                qInfo().noquote() << "status bar:" << message;
        });
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void everyContextFailsWithoutShowingItsCredentials_data()
    {
        QTest::addColumn<QString>("context");
        for (const char *context :
             {"leak-bearer", "leak-basic", "leak-exec", "leak-url", "leak-proxy", "leak-real-token", "leak-client-key"})
            QTest::newRow(context) << QString::fromLatin1(context);
    }
    void everyContextFailsWithoutShowingItsCredentials()
    {
        QFETCH(QString, context);
        openUntilItFails(context);
    }

    // A cluster added in the app: its token goes to the real keychain, its server to the settings.
    void aSavedClustersTokenStaysInTheKeychain()
    {
        SavedClusters::Entry entry;
        entry.name = u"leak-keychain"_s;
        entry.server = m_servers.front()->url().toString(); // the echoing HTML server
        bool stored = false;
        QString error;
        m_window->savedClusters()->add(entry, sentinel("SENTINEL_KEYCHAIN_TOKEN"), this,
                                       [&](const QString &e) { stored = true, error = e; });
        QTRY_VERIFY_WITH_TIMEOUT(stored, 20000);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_window->reloadKubeconfig();
        openUntilItFails(u"leak-keychain"_s);
        // The server saw the token (so it came out of the keychain) and echoed it into its page.
        QVERIFY(m_servers.front()
                    ->requests()
                    .last()
                    .headers.value("authorization")
                    .contains(sentinel("SENTINEL_KEYCHAIN_TOKEN").toUtf8()));
    }

    void theWindowShowsNoCredential()
    {
        checkWindowTexts();
        qInfo() << "window texts checked:" << m_textsScanned;
    }

    void cleanupTestCase()
    {
        if (m_window)
            m_window->close(); // saves the window's settings, which the script scans
        m_window.reset();
        QSettings().sync();
        qInfo().noquote() << "settings file:" << QSettings().fileName();
    }
};

BINNACLE_UITEST_MAIN(SecretSentinelsTest)
#include "tst_secretsentinels.moc"
