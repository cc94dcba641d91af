#include "browserpane.h"

#include "client/session/clustersession.h"
#include "models/namespaces/namespacelistmodel.h"
#include "models/resources/resourcefilterproxy.h"
#include "models/resources/resourcetablemodel.h"
#include "models/workloads/workloadtreemodel.h"
#include "ui/actions/resourceactions.h"
#include "ui/browser/connectionproblemview.h"
#include "ui/browser/namespaceselector.h"
#include "ui/browser/tablelayoutkeeper.h"
#include "ui/browser/usagecolumns.h"
#include "ui/browser/viewmemory.h"
#include "ui/widgets/clearbutton.h"
#include "ui/widgets/messagepage.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProgressBar>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {
// The overview's kinds, owners before what they own.
const QStringList OverviewKinds {u"deployments.apps"_s,
                                 u"statefulsets.apps"_s,
                                 u"daemonsets.apps"_s,
                                 u"cronjobs.batch"_s,
                                 u"jobs.batch"_s,
                                 u"replicasets.apps"_s,
                                 u"pods"_s};
} // namespace

BrowserPane::BrowserPane(QWidget *parent)
    : QWidget(parent)
    , m_heading(new QLabel(this))
    , m_filter(new QLineEdit(this))
    , m_namespaceModel(new NamespaceListModel(this))
    , m_namespaces(new NamespaceSelector(m_namespaceModel, this))
    , m_wide(new QToolButton(this))
    , m_scopeNote(new QLabel(this))
    , m_listProblem(new QLabel(this))
    , m_noMatch(new QLabel(this))
    , m_usageNote(new QLabel(this))
    , m_ageTimer(new QTimer(this))
    , m_progress(new QProgressBar(this))
    , m_stack(new QStackedWidget(this))
    , m_tree(new QTreeView(this))
    , m_table(new QTableView(this))
    , m_message(new MessagePage(this))
    , m_problem(new ConnectionProblemView(this))
    , m_tableModel(new ResourceTableModel(this))
    , m_tableProxy(new ResourceFilterProxy(this))
    , m_treeModel(new WorkloadTreeModel(this))
    , m_treeProxy(new QSortFilterProxyModel(this))
{
    setObjectName(u"browserPane"_s);
    QFont headingFont = m_heading->font();
    headingFont.setBold(true);
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.15);
    m_heading->setFont(headingFont);
    m_heading->setObjectName(u"browserHeading"_s);

    m_filter->setObjectName(u"filter"_s);
    m_filter->setPlaceholderText(tr("Filter: text or labels (app=web,tier!=db)   /"));
    m_filter->setAccessibleName(tr("Filter"));
    ClearButton::enable(m_filter, tr("Clear filter"));
    connect(m_filter, &QLineEdit::textChanged, this, &BrowserPane::applyFilter);

    m_wide->setObjectName(u"wideColumns"_s);
    m_wide->setText(tr("Wide"));
    m_wide->setCheckable(true);
    m_wide->setToolTip(tr("Show the server's wide columns (kubectl get -o wide)"));
    m_wide->setAccessibleName(tr("Wide columns"));
    connect(m_wide, &QToolButton::toggled, m_tableModel, &ResourceTableModel::setWide);
    connect(m_namespaces, &NamespaceSelector::selectionChanged, this, &BrowserPane::applyFilter);
    connect(m_namespaces, &NamespaceSelector::selectionChanged, this, [this](const QStringList &namespaces) {
        if (m_usage && m_scopeNamespace.isEmpty())
            m_usage->setNamespaces(namespaces);
        if (m_namespaceContext.isEmpty())
            return;
        m_namespacesByContext.insert(m_namespaceContext, namespaces);
        if (m_restoreSession)
            ViewMemory::saveNamespaces(m_namespaceContext, namespaces);
    });
    m_usageNote->setObjectName(u"usageNote"_s);
    m_usageNote->setWordWrap(true);
    m_usageNote->setTextFormat(Qt::PlainText);
    m_usageNote->setAccessibleName(tr("CPU and memory"));
    m_usageNote->setForegroundRole(QPalette::PlaceholderText);
    m_usageNote->hide();

    m_scopeNote->setObjectName(u"scopeNote"_s);
    m_scopeNote->setWordWrap(true);
    m_scopeNote->hide();
    m_listProblem->setObjectName(u"listProblem"_s);
    m_listProblem->setWordWrap(true);
    m_listProblem->setTextFormat(Qt::PlainText); // a server's words, never markup
    m_listProblem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_listProblem->hide();
    // Ages tick once a second, for the rows on screen only.
    m_ageTimer->setInterval(1000);
    connect(m_ageTimer, &QTimer::timeout, this, &BrowserPane::refreshVisibleAges);
    m_noMatch->setObjectName(u"noMatchNote"_s);
    m_noMatch->setWordWrap(true);
    m_noMatch->setTextFormat(Qt::RichText);
    m_noMatch->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    m_noMatch->hide();
    connect(m_noMatch, &QLabel::linkActivated, this, [this] {
        m_filter->clear();
        m_filter->setFocus(Qt::OtherFocusReason);
    });
    m_progress->setObjectName(u"loadingProgress"_s);
    m_progress->setRange(0, 0);
    m_progress->setMaximumHeight(6);
    m_progress->setTextVisible(false);
    m_progress->setAccessibleName(tr("Loading"));
    m_progress->hide();

    // When the selected object is deleted, the views move their current row to a neighbour; that is not the person
    // choosing another object, so the details keep showing the deleted one (marked as deleted). These connections
    // are made before the proxies connect, so they run before the views react.
    for (QAbstractItemModel *source :
         {static_cast<QAbstractItemModel *>(m_tableModel), static_cast<QAbstractItemModel *>(m_treeModel)}) {
        connect(source, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this] { ++m_rowsBeingRemoved; });
        connect(source, &QAbstractItemModel::rowsRemoved, this, [this] { --m_rowsBeingRemoved; });
    }
    m_tableProxy->setSourceModel(m_tableModel);
    m_table->setObjectName(u"resourceTable"_s);
    m_table->setAccessibleName(tr("Resources"));
    m_table->setModel(m_tableProxy);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection); // several objects at once, for the actions
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    m_table->setTabKeyNavigation(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setDefaultSectionSize(120);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &BrowserPane::onTableSelection);
    m_tableLayout = new TableLayoutKeeper(m_table);

    m_treeModel->setPodFetcher([this](const QString &ns, const QString &name, QObject *context,
                                      std::function<void(const Result<QJsonObject> &)> done) {
        fetchPod(ns, name, context, std::move(done));
    });
    m_treeProxy->setSourceModel(m_treeModel);
    m_treeProxy->setRecursiveFilteringEnabled(true);
    m_treeProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_treeProxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_treeProxy->setSortRole(WorkloadTreeModel::SortRole);
    m_tree->setObjectName(u"workloadTree"_s);
    m_tree->setAccessibleName(tr("Workloads"));
    m_tree->setModel(m_treeProxy);
    m_tree->setSortingEnabled(true);
    m_tree->sortByColumn(0, Qt::AscendingOrder);
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->resizeSection(0, 320);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &BrowserPane::onTreeSelection);
    // Namespaces open as they appear, so the workloads are visible at once.
    connect(m_treeProxy, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &parent, int first, int last) {
                if (!parent.isValid()) {
                    for (int row = first; row <= last; ++row)
                        m_tree->expand(m_treeProxy->index(row, 0));
                }
            });

    for (QAbstractItemView *view :
         {static_cast<QAbstractItemView *>(m_table), static_cast<QAbstractItemView *>(m_tree)}) {
        connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &BrowserPane::updateActions);
        view->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(view, &QWidget::customContextMenuRequested, this,
                [this, view](const QPoint &position) { showContextMenu(view, position); });
    }

    // Rows come and go under a filter: the note says so when none is left to show.
    for (QAbstractItemModel *proxy :
         {static_cast<QAbstractItemModel *>(m_tableProxy), static_cast<QAbstractItemModel *>(m_treeProxy)}) {
        connect(proxy, &QAbstractItemModel::rowsInserted, this, &BrowserPane::updateNoMatch);
        connect(proxy, &QAbstractItemModel::rowsRemoved, this, &BrowserPane::updateNoMatch);
        connect(proxy, &QAbstractItemModel::modelReset, this, &BrowserPane::updateNoMatch);
        connect(proxy, &QAbstractItemModel::layoutChanged, this, &BrowserPane::updateNoMatch);
    }

    m_message->setObjectName(u"browserMessage"_s);
    m_stack->addWidget(m_tree);
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_message);
    m_stack->addWidget(m_problem);
    connect(m_problem, &ConnectionProblemView::retryRequested, this, &BrowserPane::retryRequested);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_heading);
    bar->addStretch();
    bar->addWidget(m_namespaces);
    bar->addWidget(m_wide);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_filter);
    layout->addWidget(m_scopeNote);
    layout->addWidget(m_listProblem);
    layout->addWidget(m_noMatch);
    layout->addWidget(m_usageNote);
    layout->addWidget(m_progress);
    layout->addWidget(m_stack, 1);
    setTabOrder(m_filter, m_namespaces);
    setTabOrder(m_namespaces, m_wide);
    setTabOrder(m_wide, m_tree);
    setTabOrder(m_tree, m_table);
    clear();
}

BrowserPane::~BrowserPane()
{
    // Before the models it detaches from (children go in the order they were made, models first).
    delete std::exchange(m_usage, nullptr);
}

bool BrowserPane::isShowingTable() const
{
    return m_stack->currentWidget() == m_table;
}

void BrowserPane::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void BrowserPane::resetSubscriptions()
{
    m_tableLayout->leave(); // while the kind's columns are still there
    m_ageTimer->stop();
    delete std::exchange(m_usage, nullptr);
    qDeleteAll(m_subscriptions);
    m_subscriptions.clear();
    m_health.clear();
    m_tableModel->setSubscription(nullptr);
    m_treeModel->clearSources();
    m_scopeNamespace.clear();
    m_scopeNote->hide();
    m_listProblem->hide();
}

void BrowserPane::saveLayout() const
{
    m_tableLayout->save();
}

void BrowserPane::setRestoreSession(bool restore)
{
    m_restoreSession = restore;
}

void BrowserPane::clear()
{
    resetSubscriptions();
    m_namespaceContext.clear();
    m_namespaceModel->setSubscription(nullptr);
    delete m_namespaceSubscription;
    m_namespaceSubscription = nullptr;
    m_session = nullptr;
    m_title.clear();
    m_heading->setText(tr("Nothing selected"));
    m_message->setTitle(tr("Pick a cluster"));
    m_message->setBody(tr("<p>Choose a cluster on the left to connect to it, then a kind of resource, "
                          "or press <b>Ctrl+K</b> and type a kind (<code>:pods</code>, <code>:deploy</code>).</p>"));
    m_stack->setCurrentWidget(m_message);
    setLoading(false, {});
    updateActions();
}

void BrowserPane::showConnecting(const ClusterConfig &config)
{
    clear();
    m_heading->setText(config.contextName);
    m_problem->showConnecting(config);
    m_stack->setCurrentWidget(m_problem);
}

void BrowserPane::showConnectionFailure(const ClusterConfig &config, const Error &error)
{
    clear();
    m_heading->setText(tr("%1 — not connected").arg(config.contextName));
    m_problem->showFailure(config, error);
    m_stack->setCurrentWidget(m_problem);
}

void BrowserPane::showUnusableContext(const QString &context, const Error &error)
{
    clear();
    m_heading->setText(tr("%1 — not connected").arg(context));
    m_problem->showUnusableContext(context, error);
    m_stack->setCurrentWidget(m_problem);
}

InformerSubscription *BrowserPane::subscribe(const ApiResource &resource, const QString &ns)
{
    InformerSubscription *subscription = m_session->subscribe(resource, ns, Reflector::Mode::Table, this);
    m_subscriptions.append(subscription);
    connect(subscription, &InformerSubscription::healthChanged, this,
            [this, subscription](const InformerHealth &health) { onHealth(subscription, health); });
    return subscription;
}

void BrowserPane::watchNamespaces()
{
    if (m_namespaceSubscription && m_namespaceSession == m_session)
        return;
    delete m_namespaceSubscription;
    m_namespaceSubscription = nullptr;
    m_namespaceSession = m_session;
    // Each context shows the namespaces chosen for it last (in this run, or the last one when the session is
    // restored), not the ones another cluster was left with.
    m_namespaceContext = m_session->config().contextName;
    const auto remembered = m_namespacesByContext.constFind(m_namespaceContext);
    m_namespaceModel->setSelected(remembered != m_namespacesByContext.constEnd() ? *remembered
                                      : m_restoreSession ? ViewMemory::namespaces(m_namespaceContext)
                                                         : QStringList());
    const std::optional<ApiResource> namespaces = m_session->mapper().find(u"namespaces"_s);
    if (namespaces)
        m_namespaceSubscription = m_session->subscribe(*namespaces, {}, Reflector::Mode::Table, this);
    m_namespaceModel->setSubscription(m_namespaceSubscription);
}

void BrowserPane::showOverview(ClusterSession *session)
{
    resetSubscriptions();
    m_session = session;
    m_overview = true;
    switchFilterTo(session->config().contextName + u"|workloads"_s);
    emit viewChanged();
    m_title = tr("Workloads — %1").arg(session->config().contextName);
    m_heading->setText(m_title);
    m_wide->setEnabled(false);
    m_stack->setCurrentWidget(m_tree);
    watchNamespaces();
    for (const QString &name : OverviewKinds) {
        const std::optional<ApiResource> resource = session->mapper().find(name);
        if (!resource)
            continue;
        m_treeModel->addSource(resource->kind, subscribe(*resource, {}));
    }
    showUsage({});
    m_ageTimer->start();
    setLoading(true, tr("workloads"));
    applyFilter();
    updateActions();
}

void BrowserPane::showKind(ClusterSession *session, const ApiResource &resource)
{
    resetSubscriptions();
    m_session = session;
    m_overview = false;
    m_resource = resource;
    switchFilterTo(session->config().contextName + u'|' + resource.group + u'/' + resource.resource);
    emit viewChanged();
    m_title = tr("%1 — %2").arg(resource.kind, session->config().contextName);
    m_heading->setText(m_title);
    m_wide->setEnabled(true);
    m_stack->setCurrentWidget(m_table);
    watchNamespaces();
    m_tableModel->setShowNamespaceColumn(resource.namespaced);
    m_tableModel->setKind(resource.kind, resource.group);
    m_tableModel->setSubscription(subscribe(resource, {}));
    showUsage(resource);
    m_ageTimer->start();
    m_tableLayout->showKind(resource.group + u'/' + resource.resource);
    setLoading(true, resource.resource);
    applyFilter();
    updateActions();
}

void BrowserPane::showUsage(const ApiResource &resource)
{
    const auto hideTreeColumns = [this](bool hide) {
        for (int column = WorkloadTreeModel::CpuColumn; column <= WorkloadTreeModel::MemoryOfLimitColumn; ++column)
            m_tree->setColumnHidden(column, hide);
    };
    if (m_overview) {
        hideTreeColumns(true);
        m_usage = new UsageColumns(
            m_session, UsageSnapshot::Kind::Pods, m_usageNote,
            [this, hideTreeColumns](const UsageHistory *history) {
                m_treeModel->setUsage(history);
                hideTreeColumns(!history);
            },
            [this] { m_treeModel->usageUpdated(); }, this);
    } else if (resource.group.isEmpty() && (resource.resource == u"pods" || resource.resource == u"nodes")) {
        m_usage = new UsageColumns(
            m_session, resource.resource == u"pods" ? UsageSnapshot::Kind::Pods : UsageSnapshot::Kind::Nodes,
            m_usageNote, [this](const UsageHistory *history) { m_tableModel->setUsage(history); },
            [this] { m_tableModel->usageUpdated(); }, this);
    } else {
        return;
    }
    // The namespaces first: the requests-and-limits cache is then listed for them, not for the whole cluster.
    m_usage->setNamespaces(m_namespaces->selected());
    if (m_overview) {
        m_usage->followResourceLines([this](const ResourceLinesIndex *lines) { m_treeModel->setResourceLines(lines); },
                                     [this](const QStringList &) { m_treeModel->usageUpdated(); });
    } else {
        m_usage->followResourceLines([this](const ResourceLinesIndex *lines) { m_tableModel->setResourceLines(lines); },
                                     [this](const QStringList &keys) { m_tableModel->resourceLinesUpdated(keys); });
    }
}

void BrowserPane::onHealth(InformerSubscription *subscription, const InformerHealth &health)
{
    if (health.synced)
        setLoading(false, {});
    if (health.forbidden && !health.synced) {
        const InformerSubscription::Key key = subscription->key();
        const QString contextNamespace = m_session ? m_session->config().namespaceName : QString();
        if (key.namespaceName.isEmpty() && key.resource.namespaced && m_session) {
            // Not allowed cluster-wide: show the context's namespace instead, as kubectl would.
            m_scopeNamespace = contextNamespace;
            m_scopeNote->setText(tr("You may not list %1 in all namespaces; showing namespace <b>%2</b>.")
                                     .arg(key.resource.resource, contextNamespace.toHtmlEscaped()));
            m_scopeNote->show();
            if (m_usage)
                m_usage->setNamespaces({contextNamespace});
            const int index = int(m_subscriptions.indexOf(subscription));
            InformerSubscription *scoped = subscribe(key.resource, contextNamespace);
            if (m_overview)
                m_treeModel->addSource(key.resource.kind, scoped);
            else
                m_tableModel->setSubscription(scoped);
            if (index >= 0)
                m_subscriptions.removeAt(index);
            subscription->deleteLater();
            return;
        }
        if (!m_overview) {
            setLoading(false, {});
            m_message->setTitle(tr("Forbidden"));
            m_message->setBody(
                tr("<p>The server does not let <b>%1</b> list <b>%2</b>%3:</p><p><i>%4</i></p>")
                    .arg(m_session ? m_session->config().userName.toHtmlEscaped() : QString(), key.resource.resource,
                         key.namespaceName.isEmpty() ? QString() : tr(" in namespace %1").arg(key.namespaceName),
                         health.lastError.toHtmlEscaped()));
            m_stack->setCurrentWidget(m_message);
        }
    }
    // The status bar sums what this view's informers hold.
    m_health.insert(subscription, health);
    int objects = 0;
    int relists = 0;
    quint64 malformed = 0;
    double eventsPerSecond = 0;
    bool synced = true;
    QString lastError;
    QString listError; // of a list that has not synced and is not merely forbidden (that has its own message)
    for (auto it = m_health.cbegin(); it != m_health.cend(); ++it) {
        if (!m_subscriptions.contains(it.key()))
            continue;
        objects += it->objects;
        relists += it->relists;
        malformed += it->malformedEvents;
        eventsPerSecond += it->eventsPerSecond;
        synced = synced && it->synced;
        if (!it->lastError.isEmpty())
            lastError = it->lastError;
        if (!it->synced && !it->forbidden && !it->lastError.isEmpty())
            listError = it->lastError;
    }
    // Said above the view, not only in the status bar: what failed, and that what is shown stays.
    m_listProblem->setText(tr("\u26a0 Listing failed: %1 Binnacle keeps what it has and tries again.")
                               .arg(listError.endsWith(u'.') ? listError : listError + u'.'));
    m_listProblem->setVisible(!listError.isEmpty());
    QString status = (objects == 1 ? tr("1 object cached") : tr("%1 objects cached").arg(objects));
    if (eventsPerSecond > 0.05)
        status += tr(", %1 events/s").arg(eventsPerSecond, 0, 'f', 1);
    if (relists > 0)
        status += (relists == 1 ? tr(", 1 relist") : tr(", %1 relists").arg(relists));
    if (malformed > 0)
        status += (malformed == 1 ? tr(", 1 malformed watch event") : tr(", %1 malformed watch events").arg(malformed));
    if (!synced)
        status += tr(", loading…");
    else if (!m_overview && m_session)
        emit kindCounted(m_session->config().contextName, m_resource.qualifiedName(), objects);
    if (!lastError.isEmpty())
        status += tr(" — last error: %1").arg(lastError);
    emit statusChanged(status);
}

void BrowserPane::setLoading(bool loading, const QString &what)
{
    m_progress->setVisible(loading);
    m_progress->setToolTip(loading ? tr("Loading %1…").arg(what) : QString());
}

void BrowserPane::refreshVisibleAges()
{
    if (!isVisible())
        return;
    if (m_stack->currentWidget() == m_tree) {
        // The rows on screen, top to bottom, as the tree shows them (collapsed branches hold none).
        QList<QModelIndex> shown;
        const int bottom = m_tree->viewport()->height();
        for (QModelIndex row = m_tree->indexAt(QPoint(0, 0)); row.isValid(); row = m_tree->indexBelow(row)) {
            if (m_tree->visualRect(row).top() > bottom)
                break;
            shown << m_treeProxy->mapToSource(row);
        }
        m_treeModel->refreshAges(shown);
        return;
    }
    if (m_stack->currentWidget() != m_table || !m_tableModel->hasAges())
        return;
    const int rows = m_tableProxy->rowCount();
    if (rows == 0)
        return;
    int first = m_table->rowAt(0);
    int last = m_table->rowAt(m_table->viewport()->height() - 1);
    if (first < 0)
        first = 0;
    if (last < 0)
        last = rows - 1;
    QList<int> sourceRows;
    sourceRows.reserve(last - first + 1);
    for (int row = first; row <= last; ++row)
        sourceRows << m_tableProxy->mapToSource(m_tableProxy->index(row, 0)).row();
    m_tableModel->refreshAges(sourceRows);
}

QString BrowserPane::filterText() const
{
    return m_filter->text();
}

void BrowserPane::switchFilterTo(const QString &viewKey)
{
    if (viewKey == m_viewKey)
        return;
    if (!m_viewKey.isEmpty())
        m_filters.insert(m_viewKey, m_filter->text());
    m_viewKey = viewKey;
    const QSignalBlocker quiet(m_filter); // the view applies it once it is set up
    m_filter->setText(m_filters.value(viewKey));
}

void BrowserPane::updateNoMatch()
{
    const QString text = m_filter->text().trimmed();
    bool hidesEverything = false;
    if (!text.isEmpty() && m_session) {
        if (m_stack->currentWidget() == m_table)
            hidesEverything = m_tableModel->rowCount() > 0 && m_tableProxy->rowCount() == 0;
        else if (m_stack->currentWidget() == m_tree)
            hidesEverything = m_treeModel->rowCount() > 0 && m_treeProxy->rowCount() == 0;
    }
    if (hidesEverything) {
        m_noMatch->setText(tr("No match for <b>%1</b> — <a href=\"clear\">clear filter</a>").arg(text.toHtmlEscaped()));
        m_noMatch->setAccessibleName(tr("No match for %1").arg(text));
    }
    m_noMatch->setVisible(hidesEverything);
}

void BrowserPane::applyFilter()
{
    const QString expression = m_filter->text();
    const QString error = m_tableProxy->setFilterExpression(expression);
    m_filter->setToolTip(error);
    m_tableProxy->setNamespaces(m_namespaces->selected());
    // The tree filters on names (and kinds); label selectors apply to tables.
    QStringList words;
    for (const QString &word : expression.split(u' ', Qt::SkipEmptyParts)) {
        if (!word.contains(u'=') && !word.startsWith(u'!'))
            words << QRegularExpression::escape(word);
    }
    const QString pattern = words.join(u".*"_s);
    m_treeProxy->setFilterRegularExpression(QRegularExpression(pattern, QRegularExpression::CaseInsensitiveOption));
    m_treeProxy->setFilterKeyColumn(-1);
    for (int row = 0; row < m_treeProxy->rowCount(); ++row) {
        const QModelIndex ns = m_treeProxy->index(row, 0);
        const bool hidden = !m_namespaces->selected().isEmpty()
            && !m_namespaces->selected().contains(ns.data(WorkloadTreeModel::NameRole).toString());
        m_tree->setRowHidden(row, {}, hidden);
        // Down to the pods (namespace → workload → ReplicaSet or Job): opening the pods too would fetch every
        // matching pod's containers.
        if (!pattern.isEmpty())
            m_tree->expandRecursively(ns, 2);
    }
    updateNoMatch();
}

QList<ResourceRef> BrowserPane::selectedObjects() const
{
    QList<ResourceRef> objects;
    if (!m_session)
        return objects;
    if (m_stack->currentWidget() == m_table) {
        for (const QModelIndex &row : m_table->selectionModel()->selectedRows())
            objects.append({m_session, m_resource, row.data(ResourceTableModel::NamespaceRole).toString(),
                            row.data(ResourceTableModel::NameRole).toString(),
                            row.data(ResourceTableModel::UidRole).toString()});
    } else if (m_stack->currentWidget() == m_tree) {
        QSet<QString> seen; // a pod and one of its containers are one object
        for (const QModelIndex &row : m_tree->selectionModel()->selectedRows()) {
            const QString kind = row.data(WorkloadTreeModel::KindRole).toString();
            const QString ns = row.data(WorkloadTreeModel::NamespaceRole).toString();
            std::optional<ApiResource> resource;
            QString name = row.data(WorkloadTreeModel::NameRole).toString();
            QString uid = row.data(WorkloadTreeModel::UidRole).toString();
            if (kind == u"Namespace") {
                resource = m_session->mapper().find(u"namespaces"_s);
            } else if (kind == u"Container") {
                resource = m_session->mapper().find(u"pods"_s);
                name = row.data(WorkloadTreeModel::PodNameRole).toString();
                uid = row.parent().data(WorkloadTreeModel::UidRole).toString();
            } else if (kind != u"Notice") {
                resource = m_session->mapper().forKind(
                    kind == u"Pod" ? QString() : (kind.endsWith(u"Job") ? u"batch"_s : u"apps"_s), QString(), kind);
            }
            const QString key = (kind == u"Container" ? u"Pod"_s : kind) + u'|' + ns + u'/' + name;
            if (!resource || seen.contains(key))
                continue;
            seen.insert(key);
            objects.append({m_session, *resource, kind == u"Namespace" ? QString() : ns, name, uid});
        }
    }
    return objects;
}

void BrowserPane::setResourceActions(ResourceActions *actions)
{
    m_actions = actions;
    delete m_contextMenu;
    m_contextMenu = new QMenu(this);
    m_contextMenu->setObjectName(u"resourceContextMenu"_s);
    m_contextMenu->setAccessibleName(tr("Actions"));
    actions->addToMenu(m_contextMenu);
    updateActions();
}

void BrowserPane::updateActions()
{
    if (!m_actions)
        return;
    const QList<ResourceRef> objects = selectedObjects();
    // Where New resource creates: the one namespace shown, else the selection's.
    QString ns = m_namespaces->selected().size() == 1 ? m_namespaces->selected().first() : m_scopeNamespace;
    if (ns.isEmpty() && !objects.isEmpty())
        ns = objects.first().namespaceName;
    m_actions->setSelection(m_session, ns, objects);
}

void BrowserPane::showContextMenu(QAbstractItemView *view, const QPoint &position)
{
    if (!m_contextMenu)
        return;
    // A right click on an unselected row acts on that row, as in file managers; on a selected one, on the selection.
    const QModelIndex index = view->indexAt(position);
    if (index.isValid() && !view->selectionModel()->isRowSelected(index.row(), index.parent())) {
        view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    updateActions();
    m_contextMenu->popup(view->viewport()->mapToGlobal(position));
}

void BrowserPane::onTableSelection()
{
    if (m_rowsBeingRemoved > 0) {
        // The selected row went: unselect the neighbour it fell to, so that clicking it selects it for real.
        QTimer::singleShot(0, m_table, [this] { m_table->selectionModel()->clear(); });
        return;
    }
    const QModelIndex index = m_table->currentIndex();
    if (!index.isValid() || !m_session)
        return;
    emit objectSelected(m_session, m_resource, index.data(ResourceTableModel::NamespaceRole).toString(),
                        index.data(ResourceTableModel::NameRole).toString());
}

void BrowserPane::fetchPod(const QString &ns, const QString &name, QObject *context,
                           std::function<void(const Result<QJsonObject> &)> done)
{
    const std::optional<ApiResource> pods = m_session ? m_session->mapper().find(u"pods"_s) : std::nullopt;
    if (!pods) {
        done(Error(Error::Kind::Config, tr("Not connected to a cluster that serves pods")));
        return;
    }
    m_session->get(*pods, ns, name, context, [done = std::move(done)](const Result<ObjectReply> &reply) {
        if (reply)
            done(reply->object);
        else
            done(reply.error());
    });
}

void BrowserPane::onTreeSelection()
{
    if (m_rowsBeingRemoved > 0) {
        QTimer::singleShot(0, m_tree, [this] { m_tree->selectionModel()->clear(); });
        return;
    }
    const QModelIndex index = m_tree->currentIndex();
    if (!index.isValid() || !m_session)
        return;
    QString kind = index.data(WorkloadTreeModel::KindRole).toString();
    QString name = index.data(WorkloadTreeModel::NameRole).toString();
    if (kind == u"Container") { // its pod's details, which list the containers
        kind = u"Pod"_s;
        name = index.data(WorkloadTreeModel::PodNameRole).toString();
    }
    if (kind == u"Namespace" || kind == u"Notice")
        return;
    const std::optional<ApiResource> resource = m_session->mapper().forKind(
        kind == u"Pod" ? QString() : (kind.endsWith(u"Job") ? u"batch"_s : u"apps"_s), QString(), kind);
    if (resource)
        emit objectSelected(m_session, *resource, index.data(WorkloadTreeModel::NamespaceRole).toString(), name);
}

} // namespace binnacle
