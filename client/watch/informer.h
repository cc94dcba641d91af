#pragma once

#include "client/watch/objectrecord.h"
#include "client/watch/objectstore.h"
#include "client/watch/reflector.h"

#include <QElapsedTimer>
#include <QObject>

class QTimer;

namespace binnacle {

// One watched collection (a resource in one namespace, or all): a Reflector filling an ObjectStore, and the
// store's changes handed out in coalesced batches at most every `FlushIntervalMs`, never one signal per event.
// Lives on its cluster's worker thread; views receive `changed` through queued connections.
class Informer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Informer)

public:
    static constexpr int FlushIntervalMs = 33; // ≤ 30 flushes a second

    Informer(ClusterConnection *connection, const ApiResource &resource, const QString &namespaceName,
             Reflector::Mode mode, QObject *parent = nullptr);

    void setFieldSelector(const QString &selector) { m_reflector.setFieldSelector(selector); } // before start()
    void setProjection(const ObjectProjection &projection) { m_reflector.setProjection(projection); } // before start()
    void start() { m_reflector.start(); }
    void stop() { m_reflector.stop(); }

    const ApiResource &resource() const { return m_resource; }
    QString namespaceName() const { return m_namespace; }
    const ObjectStore &store() const { return m_store; }
    QList<TableColumn> columns() const { return m_columns; }
    bool isSynced() const { return m_reflector.isSynced(); }
    InformerHealth health() const;

    // Everything cached now, as one reset batch, with the columns: what a view that subscribes late starts from.
    ChangeBatch snapshot() const;
    // Sends the changes not sent yet now, rather than at the next tick.
    void flush();

signals:
    void changed(const binnacle::ChangeBatch &batch);
    void healthChanged(const binnacle::InformerHealth &health);
    void synced();

private:
    void scheduleFlush();

    ApiResource m_resource;
    QString m_namespace;
    ObjectStore m_store;
    Reflector m_reflector;
    QList<TableColumn> m_columns;
    bool m_columnsPending = false;
    QTimer *m_flushTimer;
    QElapsedTimer m_rateWindow;
    quint64 m_eventsAtWindowStart = 0;
    double m_eventsPerSecond = 0;
};

} // namespace binnacle
