#pragma once

#include "client/config/kubeconfigloader.h"

#include <QMainWindow>

class QFileSystemWatcher;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTimer;

namespace binnacle {

class ContextListModel;
class ContextSummaryPanel;
class MessagePage;

// Binnacle's main window: the contexts of the user's kubeconfig, or a clear page saying why there are none.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    enum class Page { Contexts, NoKubeconfig, BrokenKubeconfig };

    explicit MainWindow(KubeconfigSources sources, QWidget *parent = nullptr);
    ~MainWindow() override;

    Page currentPage() const;

public slots:
    void reloadKubeconfig();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void showContexts(const Kubeconfig &config);
    void showNoKubeconfig(const QStringList &lookedIn);
    void showBrokenKubeconfig(const Error &error);
    void watchFiles(const QStringList &paths);
    void onContextSelected();
    void restoreState();
    void saveState() const;

    KubeconfigSources m_sources;
    ContextListModel *m_contexts;
    QStackedWidget *m_pages;
    QSplitter *m_splitter;
    QTableView *m_contextView;
    ContextSummaryPanel *m_summary;
    MessagePage *m_noKubeconfigPage;
    MessagePage *m_brokenKubeconfigPage;
    QFileSystemWatcher *m_watcher;
    QTimer *m_reloadDebounce;
};

} // namespace binnacle
