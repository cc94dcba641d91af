#include "mainwindow.h"

#include "models/contexts/contextlistmodel.h"
#include "ui/contexts/contextsummarypanel.h"
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
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {
QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}
} // namespace

MainWindow::MainWindow(KubeconfigSources sources, QWidget *parent)
    : QMainWindow(parent)
    , m_sources(std::move(sources))
    , m_contexts(new ContextListModel(this))
    , m_pages(new QStackedWidget(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_contextView(new QTableView(this))
    , m_summary(new ContextSummaryPanel(this))
    , m_noKubeconfigPage(new MessagePage(this))
    , m_brokenKubeconfigPage(new MessagePage(this))
    , m_watcher(new QFileSystemWatcher(this))
    , m_reloadDebounce(new QTimer(this))
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(u"Binnacle"_s);
    setWindowIcon(QIcon(u":/binnacle/icons/binnacle.svg"_s));

    m_contextView->setObjectName(u"contextView"_s);
    m_contextView->setAccessibleName(tr("Kubeconfig contexts"));
    m_contextView->setModel(m_contexts);
    m_contextView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_contextView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_contextView->setAlternatingRowColors(true);
    m_contextView->setShowGrid(false);
    m_contextView->setSortingEnabled(false);
    m_contextView->setTabKeyNavigation(false); // Tab moves to the next control, arrows move between rows
    m_contextView->verticalHeader()->hide();
    m_contextView->horizontalHeader()->setStretchLastSection(true);
    m_contextView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_contextView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::onContextSelected);

    m_splitter->setObjectName(u"mainSplitter"_s);
    m_splitter->addWidget(m_contextView);
    m_splitter->addWidget(m_summary);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);

    m_noKubeconfigPage->setObjectName(u"noKubeconfigPage"_s);
    m_noKubeconfigPage->setIcon(style()->standardIcon(QStyle::SP_MessageBoxInformation));
    m_noKubeconfigPage->setActionText(tr("&Reload"));
    m_brokenKubeconfigPage->setObjectName(u"brokenKubeconfigPage"_s);
    m_brokenKubeconfigPage->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
    m_brokenKubeconfigPage->setActionText(tr("&Reload"));
    connect(m_noKubeconfigPage, &MessagePage::actionTriggered, this, &MainWindow::reloadKubeconfig);
    connect(m_brokenKubeconfigPage, &MessagePage::actionTriggered, this, &MainWindow::reloadKubeconfig);

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

    buildActions();
    restoreState();
    reloadKubeconfig();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *reload = file->addAction(tr("&Reload kubeconfig"), this, &MainWindow::reloadKubeconfig);
    reload->setShortcut(QKeySequence::Refresh);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
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
    return Page::Contexts;
}

void MainWindow::reloadKubeconfig()
{
    const KubeconfigLoader loader(m_sources);
    const QStringList candidates = loader.candidatePaths();
    Result<Kubeconfig> config = loader.load();
    if (!config)
        showBrokenKubeconfig(config.error());
    else if (config->sourceFiles.isEmpty())
        showNoKubeconfig(candidates);
    else
        showContexts(config.value());
    watchFiles(candidates);
}

void MainWindow::showContexts(const Kubeconfig &config)
{
    const QModelIndex previous = m_contextView->currentIndex();
    const QString previousName = previous.data(ContextListModel::ContextNameRole).toString();
    m_contexts->setKubeconfig(config);
    m_pages->setCurrentWidget(m_splitter);

    int row = m_contexts->rowOfContext(previousName);
    if (row < 0)
        row = m_contexts->rowOfContext(config.currentContext);
    if (row < 0 && m_contexts->rowCount() > 0)
        row = 0;
    if (row >= 0)
        m_contextView->setCurrentIndex(m_contexts->index(row, ContextListModel::NameColumn));
    else
        m_summary->clear();

    statusBar()->showMessage(
        tr("%n context(s) from %1", nullptr, int(config.contexts.size())).arg(config.sourceFiles.join(u", "_s)));
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

void MainWindow::onContextSelected()
{
    const QString name = m_contextView->currentIndex().data(ContextListModel::ContextNameRole).toString();
    m_summary->showContext(m_contexts->kubeconfig(), name);
}

void MainWindow::restoreState()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(u"mainWindow/geometry"_s).toByteArray()))
        resize(1100, 700);
    m_splitter->restoreState(settings.value(u"mainWindow/splitter"_s).toByteArray());
}

void MainWindow::saveState() const
{
    QSettings settings;
    settings.setValue(u"mainWindow/geometry"_s, saveGeometry());
    settings.setValue(u"mainWindow/splitter"_s, m_splitter->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveState();
    QMainWindow::closeEvent(event);
}

} // namespace binnacle
