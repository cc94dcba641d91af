#pragma once

#include "client/core/error.h"
#include "usagehistory.h"
#include "usagesnapshot.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

class QTimer;

namespace binnacle {

class ClusterSession;

// Polls one cluster's Metrics API (metrics.k8s.io/v1beta1 PodMetrics and NodeMetrics) for what is on screen, every
// `interval` (metrics-server's own resolution is 15 s), and keeps the last hour in a UsageHistory per kind. Views
// say what they show with watchPods/watchNodes while they live; nothing is polled when nobody watches, and pods are
// asked per namespace when the views show only a few. Requests and parsing run on the session's worker; the GUI
// thread only records the compact snapshot. A cluster without the API, a user who may not read it, or a
// metrics-server that stopped answering is a state (`availability`), re-checked at every interval, never an error
// dialog.
class MetricsPoller final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MetricsPoller)

public:
    enum class Availability {
        Unknown, // not asked yet
        Available,
        Missing, // no metrics.k8s.io here (404): metrics-server is not installed
        Forbidden, // the user may not read it
        Unavailable, // registered but not answering (503, a network failure)
    };
    Q_ENUM(Availability)

    static constexpr int DefaultIntervalMs = 15000;
    // More namespaces than this are asked as one cluster-wide list.
    static constexpr int MaxNamespacedRequests = 8;

    explicit MetricsPoller(ClusterSession *session);
    ~MetricsPoller() override;

    // What `holder` shows: pods of `namespaces` (empty: every namespace), nodes. Calling again replaces the
    // holder's wish; it ends when the holder is destroyed or released. The first wish polls at once.
    void watchPods(QObject *holder, const QStringList &namespaces);
    void watchNodes(QObject *holder);
    void release(QObject *holder);

    void setInterval(int milliseconds);
    int interval() const;
    void pollNow();

    const UsageHistory &history(UsageSnapshot::Kind kind) const;
    Availability availability(UsageSnapshot::Kind kind) const;
    // Why the figures are missing, in words for the place where they would be; empty while available.
    QString problem(UsageSnapshot::Kind kind) const;
    // The namespaces pods are asked for now (empty: all), for tests and the benchmark.
    QStringList podScope() const;

signals:
    void updated(binnacle::UsageSnapshot::Kind kind); // a poll's figures are in history()
    void availabilityChanged(binnacle::UsageSnapshot::Kind kind);

private:
    struct Wish
    {
        QPointer<QObject> holder;
        bool pods = false;
        QStringList namespaces;
        bool nodes = false;
    };
    struct PerKind
    {
        UsageHistory history;
        Availability availability = Availability::Unknown;
        QString problem;
        bool inFlight = false;
    };

    Wish &wishOf(QObject *holder);
    void dropGoneHolders();
    bool wantsPods() const;
    bool wantsNodes() const;
    void poll(UsageSnapshot::Kind kind);
    void onAnswer(UsageSnapshot::Kind kind, const Result<UsageSnapshot> &answer);
    void setAvailability(UsageSnapshot::Kind kind, Availability availability, const QString &problem);
    PerKind &of(UsageSnapshot::Kind kind) { return kind == UsageSnapshot::Kind::Pods ? m_pods : m_nodes; }
    const PerKind &of(UsageSnapshot::Kind kind) const { return kind == UsageSnapshot::Kind::Pods ? m_pods : m_nodes; }

    ClusterSession *m_session;
    QTimer *m_timer;
    QList<Wish> m_wishes;
    PerKind m_pods;
    PerKind m_nodes;
};

} // namespace binnacle
