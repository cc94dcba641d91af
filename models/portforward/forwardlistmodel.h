#pragma once

#include "client/core/result.h"
#include "client/portforward/forwardtarget.h"

#include <QAbstractTableModel>

#include <functional>
#include <memory>
#include <vector>

class QSettings;

namespace binnacle {

class ClusterSession;
class PortForwarder;

// Every port-forward the person set up, running or stopped, across clusters: the port-forward panel's table, and
// what is saved (per context, with "start automatically") and restored at the next start. Each running entry owns
// its PortForwarder; stopping one frees its local port at once. On the GUI thread.
class ForwardListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ForwardListModel)

public:
    enum Column { Target, Context, Local, State, Connections, FromPod, ToPod, Pod, Detail, ColumnCount };
    using SessionLookup = std::function<ClusterSession *(const QString &context)>;

    static constexpr const char *SettingsKey = "portForwards";

    explicit ForwardListModel(SessionLookup sessions, QObject *parent = nullptr);
    ~ForwardListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Adds a forward and starts it. The same target in the same context is not added twice: its row is started
    // (and given the new local port when it was stopped). A busy local port fails with its number and adds nothing.
    Result<int> add(const QString &context, const ForwardTarget &target, quint16 localPort, bool autoStart);
    Status start(int row);
    void stop(int row);
    void remove(int row);
    void setAutoStart(int row, bool autoStart);

    const PortForwarder *forwarder(int row) const; // null while stopped
    ForwardTarget target(int row) const;
    QString context(int row) const;
    bool autoStart(int row) const;
    QString localUrl(int row) const; // "http://127.0.0.1:8080" (the running port, else the last one)
    int findRow(const QString &context, const ForwardTarget &target) const;
    int runningCount() const;

    // QSettings: every entry (never credentials); restore() starts the ones marked to start automatically.
    void save(QSettings &settings) const;
    void restore(const QSettings &settings);

signals:
    void listChanged(); // an entry added, removed, or its saved settings changed (time to save)

private:
    struct Entry;
    void watch(int row);
    int rowOf(const PortForwarder *forwarder) const;

    SessionLookup m_sessions;
    std::vector<std::unique_ptr<Entry>> m_entries;
};

} // namespace binnacle
