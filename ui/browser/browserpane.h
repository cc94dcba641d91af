#pragma once

#include "client/config/clusterconfig.h"
#include "client/core/result.h"
#include "client/discovery/apiresource.h"
#include "client/watch/objectrecord.h"
#include "ui/actions/resourceref.h"

#include <QHash>
#include <QJsonObject>
#include <QPointer>
#include <QSet>
#include <QWidget>

#include <functional>

class QAbstractItemView;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;
class QTimer;
class QToolButton;
class QTreeView;

namespace binnacle {

class ClusterSession;
class ConnectionProblemView;
class InformerSubscription;
class MessagePage;
class NamespaceListModel;
class NamespaceSelector;
class ResourceActions;
class ResourceFilterProxy;
class ResourceTableModel;
class TableLayoutKeeper;
class UsageColumns;
class WorkloadTreeModel;

// The centre of the window: the workload tree or the table of one kind, live, with a filter box and a namespace
// selector above. When a cluster-wide list is forbidden it falls back to the context's namespace and says so;
// when that is forbidden too it shows the server's message instead of an empty table.
class BrowserPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BrowserPane)

public:
    explicit BrowserPane(QWidget *parent = nullptr);
    ~BrowserPane() override;

    void showOverview(ClusterSession *session);
    void showKind(ClusterSession *session, const ApiResource &resource);
    void clear();
    // A cluster that is not connected: that it is connecting, or why it failed (ConnectionProblemView).
    void showConnecting(const ClusterConfig &config);
    void showConnectionFailure(const ClusterConfig &config, const Error &error);
    void showUnusableContext(const QString &context, const Error &error);
    ConnectionProblemView *connectionProblemView() const { return m_problem; }
    void focusFilter();
    // Remembers the table's column widths and sort for its kind now (the window closes).
    void saveLayout() const;
    // Whether the namespaces chosen per context are kept for the next start (Preferences::restoreSession); within
    // a run each context keeps its own either way.
    void setRestoreSession(bool restore);

    QString title() const { return m_title; }
    // The filter text, kept per view (a cluster's workloads, or one kind of one cluster): what filtered Secrets does
    // not empty the workload tree.
    QString filterText() const;
    // "No match for … — clear filter", shown while the filter hides every row there is.
    QLabel *noMatchNote() const { return m_noMatch; }
    // Why CPU and memory are missing (no Metrics API, forbidden, not answering), shown while they are.
    QLabel *usageNote() const { return m_usageNote; }
    QTableView *tableView() const { return m_table; }
    QTreeView *treeView() const { return m_tree; }
    bool isShowingTable() const;

    // The selected objects of the view shown (the table's rows, or the tree's workloads, pods and namespaces).
    QList<ResourceRef> selectedObjects() const;
    // Keeps `actions` told of the selection, and offers them in the views' context menu.
    void setResourceActions(ResourceActions *actions);
    QMenu *contextMenu() const { return m_contextMenu; }

signals:
    void objectSelected(binnacle::ClusterSession *session, const binnacle::ApiResource &resource,
                        const QString &namespaceName, const QString &name);
    void statusChanged(const QString &text);
    // Another view (workloads, or a kind) replaced the one shown: nothing in it is selected yet.
    void viewChanged();
    // The kind shown was listed and holds `count` objects (the sidebar shows it beside the kind).
    void kindCounted(const QString &context, const QString &qualifiedName, int count);
    void retryRequested(const QString &context);

private:
    void resetSubscriptions();
    InformerSubscription *subscribe(const ApiResource &resource, const QString &ns);
    void watchNamespaces();
    void onHealth(InformerSubscription *subscription, const InformerHealth &health);
    void applyFilter();
    void switchFilterTo(const QString &viewKey); // keeps the text of the view being left
    void refreshVisibleAges(); // the Age cells on screen that read differently now
    void updateNoMatch();
    void showUsage(const ApiResource &resource); // CPU and memory columns where the Metrics API has them
    void onTableSelection();
    void onTreeSelection();
    void fetchPod(const QString &ns, const QString &name, QObject *context,
                  std::function<void(const Result<QJsonObject> &)> done);
    void setLoading(bool loading, const QString &what);
    void updateActions();
    void showContextMenu(QAbstractItemView *view, const QPoint &position);

    QPointer<ClusterSession> m_session;
    ApiResource m_resource;
    bool m_overview = false;
    int m_rowsBeingRemoved = 0; // > 0 while a model removes rows (see the constructor)
    QString m_title;
    QString m_viewKey; // whose filter text the box shows
    QHash<QString, QString> m_filters; // view key → its filter text
    QString m_scopeNamespace; // set when we fell back to the context's namespace
    QString m_namespaceContext; // whose namespaces the selector shows
    QHash<QString, QStringList> m_namespacesByContext; // chosen in this run
    bool m_restoreSession = true;

    QLabel *m_heading;
    QLineEdit *m_filter;
    NamespaceListModel *m_namespaceModel;
    NamespaceSelector *m_namespaces;
    QToolButton *m_wide;
    QLabel *m_scopeNote;
    QLabel *m_listProblem; // a list that keeps failing while the view shows what it has
    QLabel *m_noMatch;
    QLabel *m_usageNote;
    UsageColumns *m_usage = nullptr; // the view's CPU and memory columns; deleted with the view
    QTimer *m_ageTimer;
    QProgressBar *m_progress;
    QStackedWidget *m_stack;
    QTreeView *m_tree;
    QTableView *m_table;
    TableLayoutKeeper *m_tableLayout = nullptr; // the table's widths and sort, per kind
    MessagePage *m_message;
    ConnectionProblemView *m_problem;

    ResourceTableModel *m_tableModel;
    ResourceFilterProxy *m_tableProxy;
    WorkloadTreeModel *m_treeModel;
    QSortFilterProxyModel *m_treeProxy;
    QList<InformerSubscription *> m_subscriptions;
    InformerSubscription *m_namespaceSubscription = nullptr;
    QPointer<ClusterSession> m_namespaceSession; // whose namespaces the model shows
    QHash<InformerSubscription *, InformerHealth> m_health;
    ResourceActions *m_actions = nullptr;
    QMenu *m_contextMenu = nullptr;
};

} // namespace binnacle
