#pragma once

#include "client/metrics/usagesnapshot.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>

class QLabel;

namespace binnacle {

class ClusterSession;
class ResourceLinesIndex;
class UsageHistory;

// Feeds one view's CPU and memory columns from its cluster's MetricsPoller while it lives: it tells the poller
// what the view shows (pods of the selected namespaces, or nodes), attaches the history to the view's model once
// the Metrics API answered and detaches it when the API goes (the columns go with it), refreshes the cells after
// every poll, and says why figures are missing once, in `note`, above the view.
class UsageColumns final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsageColumns)

public:
    using Attach = std::function<void(const UsageHistory *history)>; // nullptr: hide the columns
    using AttachLines = std::function<void(const ResourceLinesIndex *lines)>; // nullptr: hide the percentages
    using Refresh = std::function<void()>;
    using RefreshLines = std::function<void(const QStringList &keys)>; // empty: all

    UsageColumns(ClusterSession *session, UsageSnapshot::Kind kind, QLabel *note, Attach attachHistory, Refresh refresh,
                 QObject *parent);
    ~UsageColumns() override;

    // Pods only: the namespaces the view shows (empty: all).
    void setNamespaces(const QStringList &namespaces);
    // Tables: also what each object asks for (pods' requests and limits) or offers (nodes' allocatable), for the
    // percentage columns. It is listed only while the Metrics API answers: no figures, nothing to divide.
    void followResourceLines(AttachLines attachLines, RefreshLines refreshLines);

private:
    void onAvailability();
    void attach();
    void detach();
    void startResourceLines();
    void subscribeResourceLines();

    QStringList m_namespaces;
    AttachLines m_attachLines;
    RefreshLines m_refreshLines;
    ResourceLinesIndex *m_lines = nullptr; // a child, while attached

    QPointer<ClusterSession> m_session;
    UsageSnapshot::Kind m_kind;
    QPointer<QLabel> m_note;
    Attach m_attach;
    Refresh m_refresh;
    bool m_attached = false;
};

} // namespace binnacle
