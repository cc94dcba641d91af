#pragma once

#include "client/portforward/forwardtarget.h"
#include "client/probe/replicaprobe.h"
#include "ui/dock/docktab.h"

#include <QHash>
#include <QPointer>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;
class QTimer;

namespace binnacle {

class ClusterSession;
class ProbeResultModel;

// The replica probe as a dock tab: the same HTTP request to every ready pod of a workload or Service (in this
// cluster, or in every connected cluster that has it), the answers grouped by body with the majority as the
// reference and every pod that differs highlighted with a diff against it; repeated every N seconds with a history
// of what changed; from a row to its pod's logs, shell or YAML, or a restart of a stale pod; CSV and JSON export.
class ProbeTab final : public DockTab
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProbeTab)

public:
    using Sessions = std::function<QList<ClusterSession *>()>; // the connected sessions, for "every cluster"

    struct Settings
    {
        ForwardTarget target; // kind, namespace, name; `port` is the request's
        QString selector; // when set, the pods of the target's namespace that match it are asked instead
        ProbeRequest request;
        QStringList exclusions; // fields left out of the comparison (key names or JSON pointers)
        QStringList shownHeaders;
        int repeatSeconds = 0; // 0: once
        bool allClusters = false;
        QVariantMap toMap() const;
        static Settings fromMap(const QVariantMap &map);
    };

    ProbeTab(ClusterSession *session, Settings settings, Sessions sessions, QWidget *parent = nullptr);
    ~ProbeTab() override;

    QString title() const override;
    QString identity() const override;
    QVariantMap savedState() const override;

    // The ports the target declares, offered in the port field (the saved one stays chosen).
    void offerPorts(const QList<DeclaredPort> &ports);
    void run();
    void stop();
    bool isRunning() const { return !m_probes.isEmpty(); }
    ProbeResultModel *results() const { return m_results; }
    QTableView *table() const { return m_table; }

signals:
    // A row's pod, for the window to act on: "logs", "shell", "yaml".
    void podRequested(const QString &context, const QString &namespaceName, const QString &pod, const QString &what);
    void message(const QString &text);

private:
    void buildForm();
    Settings settingsFromForm() const;
    ForwardTarget askedTarget() const; // the target, or its namespace's pods matching the selector
    void onAnswered(const ProbeAnswer &answer);
    void onProbeFinished();
    void refresh();
    void recordHistory();
    void showSelected();
    QString selectedContext(QString *namespaceName, QString *pod) const;
    void restartSelected();
    void exportAs(bool json);

    QPointer<ClusterSession> m_session;
    QString m_context;
    Settings m_settings;
    Sessions m_sessions;
    QList<ReplicaProbe *> m_probes;
    QList<ProbeAnswer> m_answers;
    QStringList m_missing; // "cluster: why" for clusters that had nothing to ask
    QHash<QString, QString> m_lastHashes; // cluster/pod -> body hash of the previous run
    int m_runs = 0;
    QTimer *m_repeat;
    ProbeResultModel *m_results;

    QComboBox *m_method;
    QLineEdit *m_path;
    QComboBox *m_port;
    QSpinBox *m_timeout;
    QLineEdit *m_headers;
    QLineEdit *m_body;
    QLineEdit *m_selector;
    QLineEdit *m_exclude;
    QLineEdit *m_showHeaders;
    QCheckBox *m_allClusters;
    QSpinBox *m_repeatSeconds;
    QPushButton *m_run;
    QPushButton *m_stop;
    QLabel *m_summary;
    QTableView *m_table;
    QPlainTextEdit *m_diff;
    QListWidget *m_history;
    QPushButton *m_logs;
    QPushButton *m_shell;
    QPushButton *m_yaml;
    QPushButton *m_restart;
    QPushButton *m_exportCsv;
    QPushButton *m_exportJson;
};

} // namespace binnacle
