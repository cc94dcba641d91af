#pragma once

#include "client/discovery/apiresource.h"
#include "client/metrics/usagesnapshot.h"

#include <QJsonObject>
#include <QPointer>
#include <QStringList>
#include <QWidget>

namespace binnacle {

class ClusterSession;
class UsageChart;

// The details pane's Usage tab for a pod, a node or a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet,
// Job): it asks the cluster's MetricsPoller for what the object needs while the tab lives, and after every poll
// draws the object's last hour — a workload's summed over the pods its selector picks (listed again at each poll,
// so pods that come and go count while they exist) — with requests and limits from the object itself.
class UsageTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsageTab)

public:
    UsageTab(ClusterSession *session, const ApiResource &resource, const QString &ns, const QString &name,
             QWidget *parent = nullptr);
    ~UsageTab() override;

    // Whether such a tab makes sense for `resource`.
    static bool appliesTo(const ApiResource &resource);

    // The object as the details pane has it now (its requests, limits, selector or allocatable).
    void setObject(const QJsonObject &object);
    UsageChart *chart() const { return m_chart; }
    QStringList podKeys() const { return m_keys; } // a workload's pods, as last listed

signals:
    void drawn(); // the chart shows the newest poll

private:
    UsageSnapshot::Kind kind() const;
    bool isWorkload() const;
    void onPoll();
    void listPods();
    void draw();
    void showAvailability();

    QPointer<ClusterSession> m_session;
    ApiResource m_resource;
    QString m_namespace;
    QString m_name;
    QJsonObject m_object;
    QStringList m_keys;
    QObject *m_listing = nullptr; // the pod list in flight (a workload's), replaced to cancel it
    UsageChart *m_chart;
};

} // namespace binnacle
