#include "informer.h"

#include <QTimer>

namespace binnacle {

Informer::Informer(ClusterConnection *connection, const ApiResource &resource, const QString &namespaceName,
                   Reflector::Mode mode, QObject *parent)
    : QObject(parent)
    , m_resource(resource)
    , m_namespace(namespaceName)
    , m_reflector(connection, resource, namespaceName, mode, &m_store)
    , m_flushTimer(new QTimer(this))
{
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(FlushIntervalMs);
    connect(m_flushTimer, &QTimer::timeout, this, &Informer::flush);
    connect(&m_reflector, &Reflector::eventsApplied, this, &Informer::scheduleFlush);
    connect(&m_reflector, &Reflector::columnsChanged, this, [this](const QList<TableColumn> &columns) {
        m_columns = columns;
        m_columnsPending = true;
        scheduleFlush();
    });
    connect(&m_reflector, &Reflector::synced, this, [this] {
        flush(); // the first full picture goes out at once
        emit synced();
        emit healthChanged(health());
    });
    connect(&m_reflector, &Reflector::failed, this, [this] { emit healthChanged(health()); });
    connect(&m_reflector, &Reflector::recovered, this, [this] { emit healthChanged(health()); });
    m_rateWindow.start();
}

void Informer::scheduleFlush()
{
    if (!m_flushTimer->isActive())
        m_flushTimer->start();
}

void Informer::flush()
{
    m_flushTimer->stop();
    if (!m_store.hasPendingChanges() && !m_columnsPending)
        return;
    ChangeBatch batch = m_store.takeChanges();
    if (std::exchange(m_columnsPending, false))
        batch.columns = m_columns;
    emit changed(batch);

    if (m_rateWindow.elapsed() >= 1000) {
        const quint64 events = m_reflector.eventsReceived();
        m_eventsPerSecond = double(events - m_eventsAtWindowStart) * 1000.0 / double(m_rateWindow.elapsed());
        m_eventsAtWindowStart = events;
        m_rateWindow.restart();
        emit healthChanged(health());
    }
}

ChangeBatch Informer::snapshot() const
{
    ChangeBatch batch;
    batch.reset = true;
    batch.added = m_store.all();
    batch.columns = m_columns;
    return batch;
}

InformerHealth Informer::health() const
{
    InformerHealth health;
    health.synced = m_reflector.isSynced();
    health.objects = m_store.size();
    health.eventsPerSecond = m_eventsPerSecond;
    health.relists = m_reflector.relists();
    health.lastSyncMs = m_reflector.lastListMs();
    health.malformedEvents = m_reflector.malformedEvents();
    if (const std::optional<Error> &error = m_reflector.lastError()) {
        health.lastError = error->message();
        health.forbidden = error->isForbidden();
    }
    return health;
}

} // namespace binnacle
