#include "mainwindow.h"

#include "client/auth/secretstore.h"
#include "client/config/clusterconfig.h"
#include "client/config/savedclusters.h"
#include "client/session/clustersession.h"
#include "client/session/sessionregistry.h"
#include "models/clusters/clusternavigatormodel.h"
#include "models/portforward/forwardlistmodel.h"
#include "ui/actions/resourceactions.h"
#include "ui/browser/browserpane.h"
#include "ui/contexts/contextsummarypanel.h"
#include "ui/details/detailspanel.h"
#include "ui/dialogs/addclusterdialog.h"
#include "ui/dialogs/preferencesdialog.h"
#include "ui/dialogs/shortcutsdialog.h"
#include "ui/dock/bottomdock.h"
#include "ui/editor/editortab.h"
#include "ui/editor/editorworkspace.h"
#include "ui/logs/logworkspace.h"
#include "ui/mainwindow/navigatordelegate.h"
#include "ui/palette/commandpalette.h"
#include "ui/palette/paletteentries.h"
#include "ui/portforward/forwardworkspace.h"
#include "ui/probe/probeworkspace.h"
#include "ui/terminal/terminalworkspace.h"
#include "ui/widgets/apptheme.h"
#include "ui/widgets/messagepage.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHeaderView>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {
QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

ClusterNavigatorModel::State navigatorState(ClusterSession::State state)
{
    switch (state) {
    case ClusterSession::State::Connecting:
        return ClusterNavigatorModel::State::Connecting;
    case ClusterSession::State::Connected:
        return ClusterNavigatorModel::State::Connected;
    case ClusterSession::State::Failed:
        return ClusterNavigatorModel::State::Failed;
    default:
        return ClusterNavigatorModel::State::Disconnected;
    }
}
} // namespace

MainWindow::MainWindow(KubeconfigSources sources, QWidget *parent)
    : QMainWindow(parent)
    , m_sources(std::move(sources))
    , m_secrets(new SecretStore(u"Binnacle"_s, this))
    , m_savedClusters(new SavedClusters(m_secrets, this))
    , m_sessions(new SessionRegistry(m_secrets, this))
    , m_navigatorModel(new ClusterNavigatorModel(this))
    , m_pages(new QStackedWidget(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_navigator(new QTreeView(this))
    , m_browser(new BrowserPane(this))
    , m_right(new QStackedWidget(this))
    , m_contextSummary(new ContextSummaryPanel(this))
    , m_details(new DetailsPanel(this))
    , m_palette(new CommandPalette(this))
    , m_dock(new BottomDock(this))
    , m_editors(nullptr)
    , m_noKubeconfigPage(new MessagePage(this))
    , m_brokenKubeconfigPage(new MessagePage(this))
    , m_watcher(new QFileSystemWatcher(this))
    , m_reloadDebounce(new QTimer(this))
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(u"Binnacle"_s);
    setWindowIcon(QIcon(u":/binnacle/icons/binnacle.svg"_s));

    m_navigator->setObjectName(u"navigator"_s);
    m_navigator->setAccessibleName(tr("Clusters and resource kinds"));
    m_navigator->setModel(m_navigatorModel);
    m_navigator->setHeaderHidden(true);
    m_navigator->setUniformRowHeights(true);
    m_navigator->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_navigator->setItemDelegate(new NavigatorDelegate(m_navigator)); // kinds show their count once listed
    connect(m_navigator, &QTreeView::activated, this, &MainWindow::onNavigatorActivated);
    connect(m_navigator, &QTreeView::clicked, this, &MainWindow::onNavigatorActivated);

    m_right->addWidget(m_contextSummary);
    m_right->addWidget(m_details);

    m_splitter->setObjectName(u"mainSplitter"_s);
    m_splitter->addWidget(m_navigator);
    m_splitter->addWidget(m_browser);
    m_splitter->addWidget(m_right);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setStretchFactor(2, 2);
    m_splitter->setSizes({240, 760, 420});
    m_splitter->setChildrenCollapsible(false);

    connect(m_browser, &BrowserPane::objectSelected, this,
            [this](ClusterSession *session, const ApiResource &resource, const QString &ns, const QString &name) {
                m_right->setCurrentWidget(m_details);
                m_details->showObject(session, resource, ns, name);
            });
    // A new view has nothing selected yet: the details do not go on showing an object of the last one.
    connect(m_browser, &BrowserPane::viewChanged, m_details, &DetailsPanel::clear);
    connect(m_browser, &BrowserPane::kindCounted, m_navigatorModel, &ClusterNavigatorModel::setCount);
    connect(m_browser, &BrowserPane::statusChanged, this,
            [this](const QString &text) { statusBar()->showMessage(text); });
    connect(m_browser, &BrowserPane::retryRequested, this, &MainWindow::showOverview);
    connect(m_palette, &CommandPalette::commandChosen, this, &MainWindow::runCommand);

    m_noKubeconfigPage->setObjectName(u"noKubeconfigPage"_s);
    m_noKubeconfigPage->setIcon(style()->standardIcon(QStyle::SP_MessageBoxInformation));
    m_noKubeconfigPage->setActionText(tr("&Reload"));
    m_brokenKubeconfigPage->setObjectName(u"brokenKubeconfigPage"_s);
    m_brokenKubeconfigPage->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
    m_brokenKubeconfigPage->setActionText(tr("&Reload"));
    connect(m_noKubeconfigPage, &MessagePage::actionTriggered, this, &MainWindow::reloadKubeconfig);
    connect(m_brokenKubeconfigPage, &MessagePage::actionTriggered, this, &MainWindow::reloadKubeconfig);

    addDockWidget(Qt::BottomDockWidgetArea, m_dock);
    // A tab restored at start connects its cluster, whichever cluster the window shows first.
    const auto connectedSession = [this](const QString &context) -> ClusterSession * {
        ClusterSession *found = session(context);
        if (!found || found->state() == ClusterSession::State::Disconnected) {
            connectContext(context); // a session starts for a context of the kubeconfig that had none yet
            found = session(context);
        }
        return found;
    };
    m_editors = new EditorWorkspace(m_dock, connectedSession, this);
    m_logs = new LogWorkspace(m_dock, connectedSession, this);
    m_terminals = new TerminalWorkspace(m_dock, connectedSession, this);
    m_forwardList = new ForwardListModel(connectedSession, this);
    m_forwards = new ForwardWorkspace(m_dock, m_forwardList, this, this);
    connect(m_forwards, &ForwardWorkspace::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 10000); });
    connect(m_forwardList, &ForwardListModel::listChanged, this, [this] {
        QSettings settings;
        m_forwardList->save(settings);
    });
    connect(m_logs, &LogWorkspace::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 10000); });
    // A probe of every cluster asks the connected ones.
    const auto connectedSessions = [this] {
        QList<ClusterSession *> sessions;
        for (const QString &context : m_sessions->contexts()) {
            ClusterSession *candidate = session(context);
            if (candidate && candidate->state() == ClusterSession::State::Connected)
                sessions << candidate;
        }
        return sessions;
    };
    m_probes = new ProbeWorkspace(m_dock, connectedSession, connectedSessions, this);
    connect(m_probes, &ProbeWorkspace::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 10000); });
    connect(m_probes, &ProbeWorkspace::podRequested, this,
            [this](const QString &context, const QString &namespaceName, const QString &pod, const QString &what) {
                ClusterSession *found = session(context);
                const std::optional<ApiResource> pods = found ? found->mapper().find(u"pods"_s) : std::nullopt;
                if (!pods)
                    return;
                if (what == u"logs")
                    m_logs->openLogs(found, *pods, namespaceName, pod);
                else if (what == u"shell")
                    m_terminals->openShell(found, namespaceName, pod);
                else
                    openEditor(context, *pods, namespaceName, pod);
            });
    // Saved as they open and close, not only on quitting: after a crash the same tabs come back.
    connect(m_dock, &BottomDock::tabsChanged, this, [this] {
        QSettings settings;
        m_dock->saveTabs(settings);
    });
    // An editor needs room: the dock opens at about half the window's height.
    connect(m_dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && m_dock->height() < height() / 3)
            resizeDocks({m_dock}, {height() * 45 / 100}, Qt::Vertical);
    });

    m_pages->addWidget(m_splitter);
    m_pages->addWidget(m_noKubeconfigPage);
    m_pages->addWidget(m_brokenKubeconfigPage);
    setCentralWidget(m_pages);

    // Editors save by replacing the file; a short pause lets them finish before we read it again.
    m_reloadDebounce->setSingleShot(true);
    m_reloadDebounce->setInterval(250);
    connect(m_reloadDebounce, &QTimer::timeout, this, &MainWindow::reloadKubeconfig);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, m_reloadDebounce, qOverload<>(&QTimer::start));
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_reloadDebounce, qOverload<>(&QTimer::start));
    m_sessions->setCompleter([this](const ClusterConfig &resolved, QObject *context, auto done) {
        completeSavedCluster(resolved, context, std::move(done));
    });
    connect(m_sessions, &SessionRegistry::sessionStarted, this, &MainWindow::onSessionStarted);
    connect(m_sessions, &SessionRegistry::sessionEnding, this, &MainWindow::onSessionEnding);
    connect(m_sessions, &SessionRegistry::contextFailed, this, [this](const QString &context, const Error &error) {
        m_navigatorModel->setState(context, ClusterNavigatorModel::State::Failed, error.toString());
        statusBar()->showMessage(tr("%1: %2").arg(context, error.message()));
        if (context == m_activeContext) // the centre says why, not only the status bar
            m_browser->showUnusableContext(context, error);
    });
    connect(m_secrets, &SecretStore::keychainUnavailable, this, [this](const QString &reason) {
        statusBar()->showMessage(tr("No keychain available (%1): credentials are kept in memory only").arg(reason));
    });

    buildActions();
    restoreState();
    m_preferences = Preferences::load(QSettings());
    applyPreferences(); // before the tabs come back: each opens with the fonts and budgets chosen
    reloadKubeconfig();
    {
        const QSettings settings;
        if (m_preferences.restoreSession)
            m_dock->restoreTabs(settings);
        m_forwardList->restore(settings); // the ones marked "start automatically" start now
    }
    const int recovered = m_editors->recoverDrafts();
    if (recovered > 0)
        statusBar()->showMessage(tr("%n unsaved edit(s) recovered in the editor", nullptr, recovered));
}

MainWindow::~MainWindow()
{
    // Views hold informer subscriptions into the sessions: let them go first.
    m_details->clear();
    m_browser->clear();
    for (int row = 0; row < m_forwardList->rowCount(); ++row)
        m_forwardList->stop(row); // their connections and pod watches use the sessions
    m_sessions->disconnect(this);
    delete std::exchange(m_sessions, nullptr);
}

ClusterSession *MainWindow::session(const QString &context) const
{
    return m_sessions ? m_sessions->session(context) : nullptr;
}

QStringList MainWindow::expandedNavigatorRows() const
{
    QStringList open; // "context" and "context/group", by the names shown
    for (int row = 0; row < m_navigatorModel->rowCount(); ++row) {
        const QModelIndex context = m_navigatorModel->index(row, 0);
        if (!m_navigator->isExpanded(context))
            continue;
        open << context.data().toString();
        for (int child = 0; child < m_navigatorModel->rowCount(context); ++child) {
            const QModelIndex group = m_navigatorModel->index(child, 0, context);
            if (m_navigator->isExpanded(group))
                open << context.data().toString() + u'/' + group.data().toString();
        }
    }
    return open;
}

void MainWindow::expandNavigatorRows(const QStringList &open)
{
    for (int row = 0; row < m_navigatorModel->rowCount(); ++row) {
        const QModelIndex context = m_navigatorModel->index(row, 0);
        if (!open.contains(context.data().toString()))
            continue;
        m_navigator->expand(context);
        for (int child = 0; child < m_navigatorModel->rowCount(context); ++child) {
            const QModelIndex group = m_navigatorModel->index(child, 0, context);
            if (open.contains(context.data().toString() + u'/' + group.data().toString()))
                m_navigator->expand(group);
        }
    }
}

bool MainWindow::isConnected(const QString &context) const
{
    const ClusterSession *found = session(context);
    return found && found->state() == ClusterSession::State::Connected;
}

EditorTab *MainWindow::openEditor(const QString &context, const ApiResource &resource, const QString &namespaceName,
                                  const QString &name)
{
    return m_editors->openEditor(context, resource, namespaceName, name);
}

NewResourceTab *MainWindow::openNewResource(const QString &context, const QString &namespaceName)
{
    return m_editors->openNewResource(context, namespaceName);
}

void MainWindow::buildActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Add cluster…"), this, &MainWindow::addCluster);
    QAction *reload = file->addAction(tr("&Reload kubeconfig"), this, &MainWindow::reloadKubeconfig);
    reload->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *preferences = edit->addAction(tr("&Preferences…"), this, [this] { openPreferences(); });
    preferences->setObjectName(u"preferencesAction"_s);
    preferences->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    preferences->setMenuRole(QAction::PreferencesRole);

    QMenu *go = menuBar()->addMenu(tr("&Go"));
    QAction *palette = go->addAction(tr("&Command palette…"), this, [this] { openCommandPalette(); });
    palette->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    QAction *filter = go->addAction(tr("&Filter"), m_browser, &BrowserPane::focusFilter);
    filter->setShortcut(QKeySequence(Qt::Key_Slash));
    QAction *refresh = go->addAction(tr("&Refresh discovery"), this, [this] {
        if (ClusterSession *session = this->session(m_activeContext))
            session->refreshDiscovery();
    });
    refresh->setShortcut(QKeySequence::Refresh);
    for (int n = 1; n <= 9; ++n) {
        auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + n)), this);
        connect(shortcut, &QShortcut::activated, this, [this, n] { selectContextByNumber(n); });
    }
    auto *colon = new QShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Colon), this);
    connect(colon, &QShortcut::activated, this, [this] { openCommandPalette(u":"_s); });

    // Actions on the selection: one set of QActions in the Resource menu, the views' context menu, the details'
    // buttons and the palette, so their state and tooltips agree everywhere.
    m_resourceActions = new ResourceActions(this);
    m_resourceActions->addToMenu(menuBar()->addMenu(tr("&Resource")));
    // The common verbs within a click, their keys in their tooltips and in the menus.
    QToolBar *verbs = addToolBar(tr("Actions"));
    verbs->setObjectName(u"actionsToolBar"_s);
    verbs->setAccessibleName(tr("Actions on the selection"));
    verbs->setMovable(false);
    verbs->setToolButtonStyle(Qt::ToolButtonTextOnly);
    for (const ResourceActions::Kind kind :
         {ResourceActions::Kind::Edit, ResourceActions::Kind::Logs, ResourceActions::Kind::Shell,
          ResourceActions::Kind::Forward, ResourceActions::Kind::Probe, ResourceActions::Kind::Delete,
          ResourceActions::Kind::Scale})
        verbs->addAction(m_resourceActions->action(kind));
    m_browser->setResourceActions(m_resourceActions);
    m_details->setResourceActions(m_resourceActions);
    m_palette->setActions(m_resourceActions->actions());
    connect(m_resourceActions, &ResourceActions::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 10000); });
    // Editing and creating open in the bottom dock.
    connect(m_resourceActions, &ResourceActions::editRequested, this, [this](const ResourceRef &object) {
        if (object.session)
            openEditor(object.session->config().contextName, object.resource, object.namespaceName, object.name);
    });
    connect(m_resourceActions, &ResourceActions::logsRequested, this, [this](const ResourceRef &object) {
        m_logs->openLogs(object.session, object.resource, object.namespaceName, object.name);
    });
    connect(m_resourceActions, &ResourceActions::shellRequested, this, [this](const ResourceRef &object) {
        m_terminals->openShell(object.session, object.namespaceName, object.name);
    });
    connect(m_resourceActions, &ResourceActions::forwardRequested, m_forwards, &ForwardWorkspace::requestForward);
    connect(m_resourceActions, &ResourceActions::probeRequested, m_probes, &ProbeWorkspace::requestProbe);
    connect(m_resourceActions, &ResourceActions::newResourceRequested, this,
            [this](ClusterSession *session, const QString &namespaceName) {
                if (session)
                    openNewResource(session->config().contextName, namespaceName);
            });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *keys = help->addAction(tr("&Keyboard shortcuts"), this, [this] { openShortcuts(); });
    keys->setObjectName(u"shortcutsAction"_s);
    keys->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&About Binnacle"), this, [this] {
        QMessageBox::about(this, tr("About Binnacle"),
                           tr("<b>Binnacle %1</b><p>A native Kubernetes cluster explorer.</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

MainWindow::Page MainWindow::currentPage() const
{
    if (m_pages->currentWidget() == m_noKubeconfigPage)
        return Page::NoKubeconfig;
    if (m_pages->currentWidget() == m_brokenKubeconfigPage)
        return Page::BrokenKubeconfig;
    return Page::Browser;
}

void MainWindow::reloadKubeconfig()
{
    const KubeconfigLoader loader(m_sources);
    const QStringList candidates = loader.candidatePaths();
    Result<Kubeconfig> config = loader.load();
    if (config)
        m_savedClusters->mergeInto(config.value()); // clusters added in Binnacle, beside the kubeconfig's
    if (!config)
        showBrokenKubeconfig(config.error());
    else if (config->contexts.isEmpty() && config->sourceFiles.isEmpty())
        showNoKubeconfig(candidates);
    else
        showKubeconfig(config.value());
    watchFiles(candidates);
}

void MainWindow::showKubeconfig(const Kubeconfig &config)
{
    const bool first = m_kubeconfig.contexts.isEmpty();
    m_kubeconfig = config;
    const QStringList open = expandedNavigatorRows(); // a reload rebuilds the sidebar: what was open stays open
    m_navigatorModel->setContexts(config);
    // Changed contexts reconnect, removed ones disconnect, the others keep their sessions untouched.
    m_sessions->setKubeconfig(config);
    for (const QString &context : m_sessions->contexts()) {
        onSessionStateChanged(context); // the sidebar learns their state again
        m_navigatorModel->setResources(context, session(context)->mapper().preferredResources());
    }
    expandNavigatorRows(open);
    m_pages->setCurrentWidget(m_splitter);
    statusBar()->showMessage(
        tr("%n context(s) from %1", nullptr, int(config.contexts.size())).arg(config.sourceFiles.join(u", "_s)));
    const QString current = config.currentContext;
    if (config.context(current)) {
        m_navigator->setCurrentIndex(m_navigatorModel->contextIndex(current));
        m_right->setCurrentWidget(m_contextSummary);
        m_contextSummary->showContext(config, current, isConnected(current));
        m_contextSummary->showUsage(isConnected(current) ? session(current) : nullptr);
    }
    if (!first)
        return;
    // Where the person was last time, when it still exists (and they want it); else journey 1: the current
    // context's workloads.
    QString start = config.context(current) ? current : QString();
    if (m_preferences.restoreSession) {
        const QSettings settings;
        const QString saved = settings.value(u"session/context"_s).toString();
        if (config.context(saved)) {
            start = saved;
            m_pendingKind = {saved, settings.value(u"session/kind"_s).toString()};
        }
    }
    if (!start.isEmpty())
        showOverview(start);
}

void MainWindow::rememberView(const QString &context, const QString &kind) const
{
    QSettings settings;
    settings.setValue(u"session/context"_s, context);
    settings.setValue(u"session/kind"_s, kind);
}

void MainWindow::connectContext(const QString &context)
{
    m_sessions->connectContext(context);
}

void MainWindow::completeSavedCluster(const ClusterConfig &resolved, QObject *context,
                                      std::function<void(const Result<ClusterConfig> &)> done)
{
    const KubeContext *entry = m_kubeconfig.context(resolved.contextName);
    if (!entry || entry->sourceFile != SavedClusters::SourceName) {
        done(resolved);
        return;
    }
    // Added in Binnacle: the token comes from the keychain.
    m_navigatorModel->setState(resolved.contextName, ClusterNavigatorModel::State::Connecting,
                               tr("Reading the token…"));
    m_savedClusters->token(resolved.contextName, context, [resolved, done = std::move(done)](const QString &token) {
        if (token.isEmpty()) {
            done(Error(Error::Kind::Auth,
                       tr("The keychain has no token for %1: add the cluster again").arg(resolved.contextName)));
            return;
        }
        ClusterConfig config = resolved;
        config.token = token;
        done(config);
    });
}

void MainWindow::onSessionStarted(const QString &context, ClusterSession *session)
{
    connect(session, &ClusterSession::stateChanged, this, [this, context] { onSessionStateChanged(context); });
    connect(session, &ClusterSession::resourcesChanged, this, [this, context, session] {
        // New kinds (a CRD came or went) rebuild the context's rows: the groups that were open stay open.
        const QStringList open = expandedNavigatorRows();
        m_navigatorModel->setResources(context, session->mapper().preferredResources());
        expandNavigatorRows(open);
        m_navigator->expand(m_navigatorModel->contextIndex(context));
        if (m_pendingOverview == context) {
            m_pendingOverview.clear();
            showOverview(context);
        }
    });
}

void MainWindow::onSessionEnding(const QString &context)
{
    m_navigatorModel->setResources(context, {});
    m_navigatorModel->setState(context, ClusterNavigatorModel::State::Disconnected, tr("Disconnected"));
    if (context != m_activeContext)
        return;
    // The views hold subscriptions into the session that is going away.
    m_details->clear();
    m_browser->clear();
    if (m_kubeconfig.context(context))
        m_pendingOverview = context; // it reconnects with new settings: show it again once it is back
}

void MainWindow::onSessionStateChanged(const QString &context)
{
    ClusterSession *session = this->session(context);
    if (!session)
        return;
    m_navigatorModel->setState(context, navigatorState(session->state()), session->stateMessage());
    if (m_contextSummary->contextName() == context) { // its TLS line says "verified" once a handshake succeeded
        m_contextSummary->showContext(m_kubeconfig, context, isConnected(context));
        m_contextSummary->showUsage(isConnected(context) ? session : nullptr);
    }
    if (context == m_activeContext || m_activeContext.isEmpty())
        statusBar()->showMessage(u"%1: %2"_s.arg(context, session->stateMessage()));
    // The centre says what is happening to the cluster it is waiting for, or why that cluster failed.
    if (m_pendingOverview == context && session->state() == ClusterSession::State::Connecting)
        m_browser->showConnecting(session->config());
    if (session->state() == ClusterSession::State::Failed && m_pendingOverview == context) {
        m_pendingOverview.clear();
        m_browser->showConnectionFailure(session->config(), session->lastError());
    }
}

void MainWindow::showOverview(const QString &context)
{
    m_activeContext = context;
    connectContext(context);
    ClusterSession *session = this->session(context);
    if (!session) {
        m_pendingOverview = context; // a saved cluster's session starts once its token is read
        return;
    }
    if (session->mapper().isEmpty()) {
        m_pendingOverview = context; // opens when discovery arrives
        if (session->state() == ClusterSession::State::Failed)
            m_browser->showConnectionFailure(session->config(), session->lastError());
        else
            m_browser->showConnecting(session->config());
        return;
    }
    m_browser->showOverview(session);
    m_navigator->setCurrentIndex(m_navigatorModel->overviewIndex(context));
    rememberView(context, {});
    // The kind shown when the window closed last time, once its cluster's kinds are known.
    if (const auto [pendingContext, kind] = std::exchange(m_pendingKind, {});
        pendingContext == context && !kind.isEmpty())
        showKind(context, kind);
}

bool MainWindow::showKind(const QString &context, const QString &typedName)
{
    ClusterSession *session = this->session(context);
    if (!session)
        return false;
    const std::optional<ApiResource> resource = session->mapper().find(typedName);
    if (!resource) {
        statusBar()->showMessage(tr("%1 does not serve \"%2\"").arg(context, typedName));
        return false;
    }
    m_activeContext = context;
    m_browser->showKind(session, *resource);
    rememberView(context, resource->qualifiedName());
    m_navigator->setCurrentIndex(m_navigatorModel->kindIndex(context, resource->qualifiedName()));
    m_browser->tableView()->setFocus();
    return true;
}

void MainWindow::onNavigatorActivated(const QModelIndex &index)
{
    const auto type = ClusterNavigatorModel::ItemType(index.data(ClusterNavigatorModel::ItemTypeRole).toInt());
    const QString context = index.data(ClusterNavigatorModel::ContextRole).toString();
    switch (type) {
    case ClusterNavigatorModel::ItemType::Context:
        m_right->setCurrentWidget(m_contextSummary);
        m_contextSummary->showContext(m_kubeconfig, context, isConnected(context));
        m_contextSummary->showUsage(isConnected(context) ? session(context) : nullptr);
        showOverview(context);
        break;
    case ClusterNavigatorModel::ItemType::Overview:
        showOverview(context);
        break;
    case ClusterNavigatorModel::ItemType::Kind:
        m_activeContext = context;
        if (ClusterSession *session = this->session(context))
            m_browser->showKind(session, index.data(ClusterNavigatorModel::ResourceRole).value<ApiResource>());
        break;
    case ClusterNavigatorModel::ItemType::Category:
        m_navigator->setExpanded(index, !m_navigator->isExpanded(index));
        break;
    }
}

void MainWindow::openCommandPalette(const QString &initialText)
{
    const ClusterSession *session = this->session(m_activeContext);
    m_palette->setEntries(paletteEntries(session ? session->mapper().preferredResources() : QList<ApiResource> {},
                                         m_kubeconfig.contexts));
    m_palette->open(initialText);
}

void MainWindow::runCommand(const QString &command)
{
    if (command.startsWith(u"kind:"))
        showKind(m_activeContext, command.mid(5));
    else if (command.startsWith(u"context:"))
        showOverview(command.mid(8));
    else if (command == u"action:reload")
        reloadKubeconfig();
    else if (command == u"action:overview" && !m_activeContext.isEmpty())
        showOverview(m_activeContext);
}

void MainWindow::addCluster()
{
    AddClusterDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const SavedClusters::Entry entry = dialog.entry();
    m_savedClusters->add(entry, dialog.token(), this, [this, name = entry.name](const QString &error) {
        if (!error.isEmpty())
            statusBar()->showMessage(tr("The token could not be stored: %1").arg(error));
        reloadKubeconfig();
        showOverview(name);
    });
}

void MainWindow::selectContextByNumber(int number)
{
    if (number <= m_kubeconfig.contexts.size())
        showOverview(m_kubeconfig.contexts.at(number - 1).name);
}

void MainWindow::showNoKubeconfig(const QStringList &lookedIn)
{
    QString places;
    for (const QString &path : lookedIn)
        places += u"<li><code>"_s + escaped(path) + u"</code></li>"_s;
    m_noKubeconfigPage->setTitle(tr("No kubeconfig found"));
    m_noKubeconfigPage->setBody(
        tr("<p>Binnacle looked for a kubeconfig in:</p><ul>%1</ul>"
           "<p>To add one, save the kubeconfig your cluster provider gives you as <code>~/.kube/config</code> "
           "(for example with <code>kind export kubeconfig</code>, <code>minikube update-context</code> or "
           "<code>gcloud container clusters get-credentials</code>), point the <code>KUBECONFIG</code> variable at it, "
           "or start Binnacle with <code>--kubeconfig FILE</code>.</p>"
           "<p>Binnacle notices when the file appears.</p>")
            .arg(places));
    m_pages->setCurrentWidget(m_noKubeconfigPage);
    statusBar()->showMessage(tr("No kubeconfig found"));
}

void MainWindow::showBrokenKubeconfig(const Error &error)
{
    QString where = u"<code>"_s + escaped(error.file()) + u"</code>"_s;
    if (error.line() > 0)
        where += tr(", line %1").arg(error.line());
    if (error.column() > 0)
        where += tr(", column %1").arg(error.column());
    m_brokenKubeconfigPage->setTitle(tr("Binnacle could not read your kubeconfig"));
    m_brokenKubeconfigPage->setBody(tr("<p>In %1:</p><p><b>%2</b></p>"
                                       "<p>Nothing was changed. Fix the file and Binnacle reloads it, "
                                       "or press Reload.</p>")
                                        .arg(where, escaped(error.message())));
    m_pages->setCurrentWidget(m_brokenKubeconfigPage);
    statusBar()->showMessage(error.toString());
}

void MainWindow::watchFiles(const QStringList &paths)
{
    if (const QStringList watched = m_watcher->files() + m_watcher->directories(); !watched.isEmpty())
        m_watcher->removePaths(watched);
    for (const QString &path : paths) {
        const QFileInfo info(path);
        if (info.exists())
            m_watcher->addPath(path);
        // Watch the nearest existing folder too, to notice a file (or its folder) that appears or is replaced.
        QString dir = info.absolutePath();
        while (!QFileInfo::exists(dir) && dir != QDir::rootPath())
            dir = QFileInfo(dir).absolutePath();
        m_watcher->addPath(dir);
    }
}

QList<ShortcutsDialog::Row> MainWindow::shortcutRows() const
{
    QList<ShortcutsDialog::Row> rows;
    // Every menu entry with a key, as the menus show it.
    for (QAction *top : menuBar()->actions()) {
        if (!top->menu())
            continue;
        const QString where = QString(top->text()).remove(u'&');
        for (QAction *action : top->menu()->actions()) {
            if (action->shortcut().isEmpty())
                continue;
            rows.append({where, action->shortcut().toString(QKeySequence::NativeText),
                         QString(action->text()).remove(u'&').remove(u'…')});
        }
    }
    // Keys that work without a menu entry.
    rows.append({tr("Go"), u":"_s, tr("Command palette, typing a kind")});
    rows.append({tr("Go"), tr("Ctrl+1 … Ctrl+9"), tr("Show the n-th cluster")});
    rows.append({tr("Dock"), QKeySequence(Qt::CTRL | Qt::Key_W).toString(QKeySequence::NativeText),
                 tr("Close the current tab")});
    rows.append({tr("Editor"), QKeySequence(Qt::CTRL | Qt::Key_S).toString(QKeySequence::NativeText),
                 tr("Review the change; again: apply it")});
    rows.append({tr("Editor"), QKeySequence(Qt::CTRL | Qt::Key_F).toString(QKeySequence::NativeText), tr("Find")});
    rows.append({tr("Editor"), QKeySequence(Qt::CTRL | Qt::Key_H).toString(QKeySequence::NativeText), tr("Replace")});
    rows.append({tr("Logs"), tr("Enter / Shift+Enter"), tr("Next / previous match")});
    rows.append({tr("Terminal"), tr("Ctrl+Shift+C / Ctrl+Shift+V"), tr("Copy / paste (middle click pastes too)")});
    rows.append({tr("Terminal"), tr("Ctrl+= / Ctrl+- / Ctrl+0"), tr("Zoom in / out / reset")});
    rows.append({tr("Terminal"), tr("Ctrl+Shift+F"), tr("Find in the scrollback")});
    return rows;
}

void MainWindow::openShortcuts()
{
    auto *dialog = new ShortcutsDialog(shortcutRows(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::setPreferences(const Preferences &preferences)
{
    m_preferences = preferences;
    QSettings settings;
    m_preferences.save(settings);
    applyPreferences();
}

void MainWindow::applyPreferences()
{
    AppTheme::apply(m_preferences.theme);
    m_dock->setPreferences(m_preferences);
    m_browser->setRestoreSession(m_preferences.restoreSession);
    m_resourceActions->setConfirmActions(m_preferences.confirmActions);
}

PreferencesDialog *MainWindow::openPreferences()
{
    if (m_preferencesDialog) {
        m_preferencesDialog->raise();
        m_preferencesDialog->activateWindow();
        return m_preferencesDialog;
    }
    m_preferencesDialog = new PreferencesDialog(m_preferences, this);
    m_preferencesDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_preferencesDialog, &QDialog::accepted, this,
            [this, dialog = m_preferencesDialog] { setPreferences(dialog->preferences()); });
    m_preferencesDialog->open();
    return m_preferencesDialog;
}

void MainWindow::restoreState()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(u"mainWindow/geometry"_s).toByteArray()))
        resize(1420, 820);
    m_splitter->restoreState(settings.value(u"mainWindow/splitter"_s).toByteArray());
}

void MainWindow::saveState() const
{
    m_browser->saveLayout();
    QSettings settings;
    settings.setValue(u"mainWindow/geometry"_s, saveGeometry());
    settings.setValue(u"mainWindow/splitter"_s, m_splitter->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // An editor with changes asks first; cancelling keeps the window open.
    if (!m_dock->confirmCloseAll()) {
        event->ignore();
        return;
    }
    saveState();
    QSettings settings;
    m_dock->saveTabs(settings);
    QMainWindow::closeEvent(event);
}

} // namespace binnacle
