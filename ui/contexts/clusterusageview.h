#pragma once

#include <QHash>
#include <QPointer>
#include <QWidget>

class QLabel;
class QTableWidget;

namespace binnacle {

class ClusterSession;
class InformerSubscription;
struct ChangeBatch;

// A cluster at a glance, from the Metrics API: each node's CPU and memory as bars against its allocatable, and the
// pods using the most CPU and the most memory across the cluster, refreshed at every poll while it is shown. When the
// API is missing or refused it says so in place of the figures.
class ClusterUsageView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterUsageView)

public:
    static constexpr int TopCount = 10;

    ClusterUsageView(ClusterSession *session, QWidget *parent = nullptr);
    ~ClusterUsageView() override;

    QTableWidget *nodes() const { return m_nodes; }
    QTableWidget *topByCpu() const { return m_topCpu; }
    QTableWidget *topByMemory() const { return m_topMemory; }
    QLabel *note() const { return m_note; }

signals:
    void refreshed(); // the tables show the newest poll

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void watchNodeObjects();
    void onNodes(const ChangeBatch &batch);
    void refresh();
    void showAvailability();
    QTableWidget *makeTable(const QString &objectName, const QString &accessibleName, const QStringList &headers);

    QPointer<ClusterSession> m_session;
    InformerSubscription *m_nodeObjects = nullptr; // for allocatable
    QHash<QString, QPair<double, double>> m_allocatable; // node → (cores, bytes)
    QLabel *m_note;
    QTableWidget *m_nodes;
    QTableWidget *m_topCpu;
    QTableWidget *m_topMemory;
};

} // namespace binnacle
