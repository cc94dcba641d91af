#pragma once

#include "client/config/clusterconfig.h"
#include "client/config/kubeconfigloader.h"
#include "client/discovery/apiresource.h"
#include "models/preferences/preferences.h"
#include "ui/dialogs/shortcutsdialog.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>

#include <utility>

class QFileSystemWatcher;
class QSplitter;
class QStackedWidget;
class QTimer;
class QTreeView;

namespace binnacle {

class BottomDock;
class BrowserPane;
class ClusterNavigatorModel;
class ClusterSession;
class CommandPalette;
class ContextSummaryPanel;
class DetailsPanel;
class EditorTab;
class EditorWorkspace;
class LogWorkspace;
class TerminalWorkspace;
class ForwardListModel;
class ForwardWorkspace;
class ProbeWorkspace;
class MessagePage;
class NewResourceTab;
class PreferencesDialog;
class ResourceActions;
class SavedClusters;
class SecretStore;
class SessionRegistry;

// Binnacle's main window. Left: the kubeconfig's clusters, their state and, once connected, the kinds they serve.
// Centre: the workload tree or a kind's table. Right: details. When there is no kubeconfig, or it cannot be read,
// a page says where Binnacle looked or what is wrong, and the window notices when the file is fixed.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    enum class Page { Browser, NoKubeconfig, BrokenKubeconfig };

    explicit MainWindow(KubeconfigSources sources, QWidget *parent = nullptr);
    ~MainWindow() override;

    Page currentPage() const;
    ClusterSession *session(const QString &context) const;
    QString activeContext() const { return m_activeContext; }

    // What the sidebar and the palette do, also for tests.
    void connectContext(const QString &context);
    void showOverview(const QString &context);
    bool showKind(const QString &context, const QString &typedName);

    SavedClusters *savedClusters() const { return m_savedClusters; }
    BottomDock *dock() const { return m_dock; }

    // Opens (or shows) the YAML editor of one object in the bottom dock.
    EditorTab *openEditor(const QString &context, const ApiResource &resource, const QString &namespaceName,
                          const QString &name);
    NewResourceTab *openNewResource(const QString &context, const QString &namespaceName);
    // Every action on the selected objects (context menu, details, Resource menu and palette share them).
    ResourceActions *resourceActions() const { return m_resourceActions; }

    // Edit → Preferences: stored in QSettings and applied at once (theme, fonts, budgets, confirmations).
    const Preferences &preferences() const { return m_preferences; }
    void setPreferences(const Preferences &preferences);
    PreferencesDialog *openPreferences(); // the dialog, open (not modal); OK applies it
    // Help → Keyboard shortcuts: every menu entry's key and the keys without one.
    QList<ShortcutsDialog::Row> shortcutRows() const;
    void openShortcuts();

public slots:
    void reloadKubeconfig();
    void addCluster();
    void openCommandPalette(const QString &initialText = {});

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void showKubeconfig(const Kubeconfig &config);
    void showNoKubeconfig(const QStringList &lookedIn);
    void showBrokenKubeconfig(const Error &error);
    void watchFiles(const QStringList &paths);
    void onNavigatorActivated(const QModelIndex &index);
    void onSessionStateChanged(const QString &context);
    void runCommand(const QString &command);
    void selectContextByNumber(int number);
    void onSessionStarted(const QString &context, ClusterSession *session);
    void onSessionEnding(const QString &context);
    void completeSavedCluster(const ClusterConfig &resolved, QObject *context,
                              std::function<void(const Result<ClusterConfig> &)> done);
    void restoreState();
    void saveState() const;
    bool isConnected(const QString &context) const;
    // The sidebar rows that are open, by name, so that a rebuild of its model (a reload, new kinds) keeps them open.
    QStringList expandedNavigatorRows() const;
    void expandNavigatorRows(const QStringList &open);
    void applyPreferences();
    // The cluster and kind shown, for the next start (session/context, session/kind in QSettings).
    void rememberView(const QString &context, const QString &kind) const;

    KubeconfigSources m_sources;
    Kubeconfig m_kubeconfig;
    SecretStore *m_secrets;
    SavedClusters *m_savedClusters;
    SessionRegistry *m_sessions; // one per context, kept in step with the kubeconfig
    QString m_activeContext;
    QString m_pendingOverview; // a context whose overview opens once its discovery arrives
    std::pair<QString, QString> m_pendingKind; // context, kind: shown with that overview (from the last session)

    ClusterNavigatorModel *m_navigatorModel;
    QStackedWidget *m_pages;
    QSplitter *m_splitter;
    QTreeView *m_navigator;
    BrowserPane *m_browser;
    QStackedWidget *m_right;
    ContextSummaryPanel *m_contextSummary;
    DetailsPanel *m_details;
    CommandPalette *m_palette;
    BottomDock *m_dock;
    EditorWorkspace *m_editors;
    LogWorkspace *m_logs = nullptr;
    TerminalWorkspace *m_terminals = nullptr;
    ForwardListModel *m_forwardList = nullptr;
    ForwardWorkspace *m_forwards = nullptr;
    ProbeWorkspace *m_probes = nullptr;
    ResourceActions *m_resourceActions = nullptr; // made in buildActions()
    MessagePage *m_noKubeconfigPage;
    MessagePage *m_brokenKubeconfigPage;
    QFileSystemWatcher *m_watcher;
    QTimer *m_reloadDebounce;
    Preferences m_preferences;
    QPointer<PreferencesDialog> m_preferencesDialog;
};

} // namespace binnacle
