#pragma once

#include "client/logs/logtarget.h"
#include "client/logs/logtypes.h"
#include "models/logs/logsearch.h"
#include "models/logs/logstore.h"
#include "ui/dock/docktab.h"

#include <QDateTime>
#include <QHash>
#include <QPointer>

#include <memory>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QToolButton;

namespace binnacle {

class ClusterSession;
class LogView;
class PodLogSet;

// The logs of a pod or of every pod of a workload, in the bottom dock: a LogView over its own store (within the
// memory budget), the controls over it (container, previous, since, tail, timestamps, wrap, pause, clear, save)
// and a search bar (plain or regex, highlighted matches, next/previous, count, filter and invert). The status line
// says what each stream is doing: streaming, reconnecting and when, ended, or the server's refusal.
class LogTab final : public DockTab
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogTab)

public:
    struct Settings
    {
        QString container; // empty: all containers
        bool initContainers = false;
        bool previous = false;
        qint64 sinceSeconds = 0; // 0: from the start (or sinceTime)
        QDateTime sinceTime; // valid: from this moment on (instead of sinceSeconds)
        int tailLines = -1; // -1: every line
        qsizetype budgetBytes = LogStore::DefaultBudgetBytes;
    };

    LogTab(ClusterSession *session, LogTarget target, Settings settings, QWidget *parent = nullptr);
    ~LogTab() override;

    QString title() const override;
    QString identity() const override;
    QVariantMap savedState() const override;
    void applyPreferences(const Preferences &preferences) override; // the log font and the memory budget
    static QString identityFor(const QString &context, const LogTarget &target);

    LogView *view() const { return m_view; }
    const LogStore &store() const { return m_store; }
    const LogSearch &search() const { return m_search; }
    QString statusText() const;
    void setSettings(const Settings &settings); // restarts the streams

    static constexpr int FlushIntervalMs = 33; // at most ~30 repaints a second however fast lines come

private:
    void buildControls();
    void restart();
    void onLines(int sourceId, const LogBatch &batch);
    void flush();
    void updateStatus();
    void updateSearchCount();
    void applySearch();
    void saveToFile();
    void fillContainers();

    QPointer<ClusterSession> m_session;
    QString m_context;
    LogTarget m_target;
    Settings m_settings;
    LogStore m_store;
    LogSearch m_search;
    PodLogSet *m_set = nullptr;
    struct SourceState
    {
        QString label;
        LogStreamStatus status;
        bool ended = false;
        QString endReason;
    };
    QHash<int, SourceState> m_sources;
    QList<QPair<int, LogBatch>> m_pending; // lines not yet in the store (flushed on a timer)
    bool m_flushScheduled = false;
    QString m_failure;
    QMetaObject::Connection m_waitForSession;

    LogView *m_view = nullptr;
    QComboBox *m_containers = nullptr;
    QCheckBox *m_previous = nullptr;
    QDateTimeEdit *m_sinceTime = nullptr;
    QComboBox *m_since = nullptr;
    QComboBox *m_tail = nullptr;
    QToolButton *m_timestamps = nullptr;
    QToolButton *m_wrap = nullptr;
    QToolButton *m_pause = nullptr;
    QToolButton *m_follow = nullptr;
    QLineEdit *m_searchField = nullptr;
    QCheckBox *m_regex = nullptr;
    QCheckBox *m_caseSensitive = nullptr;
    QCheckBox *m_filter = nullptr;
    QCheckBox *m_invert = nullptr;
    QLabel *m_matchCount = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace binnacle
