#pragma once

#include "client/logs/logstream.h"
#include "client/logs/logtarget.h"
#include "client/watch/objectrecord.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>

namespace binnacle {

class ClusterSession;
class InformerSubscription;

// Every log of a target (LogTarget: one pod, or a workload's, a Service's or a selector's pods), like stern: the
// pods come from the session's informer (whole objects: the containers and their states are needed; one pod is
// watched alone through `metadata.name=`), and each matching pod × container gets a LogStream of its own, a
// "source". A pod that appears later streams from its beginning (the template's tail and since are for the pods that
// were there when the set started, told apart by their creationTimestamp); a container that is not started yet
// (Waiting) starts streaming when it starts, and again from its beginning when it runs once more after its stream
// ended (a restart); a pod that is deleted, or no longer matches, ends its sources with that reason.
// On the GUI thread; the streams share the connection's stream managers.
class PodLogSet final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PodLogSet)

public:
    struct Options
    {
        QString container; // empty: every container of each pod
        bool initContainers = false;
        LogRequest request; // the template: follow, previous, tailLines, since…, limitBytes (pod and container unused)
    };

    struct Source
    {
        int id = 0;
        QString podKey; // namespace/name
        QString pod;
        QString container;
        QString podUid;
        int restartCount = 0;
        LogStream *stream = nullptr; // null once ended
    };

    // `session` must be connected (its mapper knows pods) and outlive the set.
    PodLogSet(ClusterSession *session, LogTarget target, Options options, QObject *parent = nullptr);
    ~PodLogSet() override;

    // Fails only when the session is not connected; while discovery is on its way the set starts after it.
    Status start();
    const LogTarget &target() const { return m_target; }
    QList<Source> sources() const { return m_sources.values(); }
    int activeSourceCount() const;

    static inline const QString PodDeleted = QStringLiteral("the pod was deleted");
    static inline const QString PodUnmatched = QStringLiteral("the pod no longer matches the selector");

signals:
    void sourceAdded(int sourceId, const QString &pod, const QString &container);
    void linesArrived(int sourceId, const binnacle::LogBatch &batch);
    void sourceStatusChanged(int sourceId, const binnacle::LogStreamStatus &status);
    void sourceEnded(int sourceId, const QString &reason);
    void failed(const binnacle::Error &error); // the pods cannot be watched (forbidden, ...)

private:
    void onChanged(const ChangeBatch &batch);
    void consider(const ObjectPtr &pod);
    void openStream(Source &source, const ObjectPtr &pod, bool fromTheBeginning);
    void endPod(const QString &podKey, const QString &reason);
    QStringList containersOf(const QJsonObject &pod) const;

    ClusterSession *m_session;
    LogTarget m_target;
    Options m_options;
    QPointer<InformerSubscription> m_pods;
    QDateTime m_startedAt;
    QMetaObject::Connection m_waitForDiscovery;
    QHash<int, Source> m_sources;
    QHash<QString, QList<int>> m_sourcesByPod; // pod key -> source ids
    int m_nextId = 1;
};

} // namespace binnacle
