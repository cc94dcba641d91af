#include "forwardlistmodel.h"

#include "client/portforward/portforwarder.h"
#include "client/session/clustersession.h"
#include "models/common/statusstyle.h"

#include <QLocale>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace binnacle {

struct ForwardListModel::Entry
{
    QString context;
    ForwardTarget target;
    quint16 localPort = 0; // asked for (0: the remote port if free, else any); the last one used once started
    bool autoStart = false;
    std::unique_ptr<PortForwarder> forwarder;
    QString startError; // why the last start failed
};

namespace {

QString bytes(qint64 count)
{
    return QLocale().formattedDataSize(count, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace

ForwardListModel::ForwardListModel(SessionLookup sessions, QObject *parent)
    : QAbstractTableModel(parent)
    , m_sessions(std::move(sessions))
{ }

ForwardListModel::~ForwardListModel() = default;

int ForwardListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int ForwardListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ForwardListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Target:
        return tr("Target");
    case Context:
        return tr("Cluster");
    case Local:
        return tr("Local address");
    case State:
        return tr("State");
    case Connections:
        return tr("Connections");
    case FromPod:
        return tr("In");
    case ToPod:
        return tr("Out");
    case Pod:
        return tr("Serving pod");
    case Detail:
        return tr("Details");
    default:
        return {};
    }
}

QVariant ForwardListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Entry &entry = *m_entries.at(index.row());
    const PortForwarder *forwarder = entry.forwarder.get();
    const PortForwarder::Health health = forwarder ? forwarder->health() : PortForwarder::Health::Stopped;
    if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole) {
        switch (index.column()) {
        case Target:
            return QString(entry.target.namespaceName + u'/' + entry.target.displayName());
        case Context:
            return entry.context;
        case Local:
            return forwarder ? forwarder->localAddress()
                             : (entry.localPort ? u"127.0.0.1:%1"_s.arg(entry.localPort) : tr("(any free port)"));
        case State:
            return PortForwarder::healthName(health);
        case Connections:
            return forwarder
                ? tr("%1 open, %2 in all").arg(forwarder->stats().activeConnections).arg(forwarder->stats().connections)
                : QString();
        case FromPod:
            return forwarder ? bytes(forwarder->stats().bytesFromPod) : QString();
        case ToPod:
            return forwarder ? bytes(forwarder->stats().bytesToPod) : QString();
        case Pod:
            return forwarder ? forwarder->servingPod() : QString();
        case Detail:
            if (!forwarder)
                return entry.startError.isEmpty() ? tr("Stopped.") : entry.startError;
            return forwarder->healthText();
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole)
        return forwarder ? forwarder->healthText()
                + (forwarder->lastError().isEmpty() ? QString() : tr("\nLast error: %1").arg(forwarder->lastError()))
                         : entry.startError;
    if (role == Qt::ForegroundRole && index.column() == State) {
        switch (health) {
        case PortForwarder::Health::Ready:
            return StatusStyle::foreground(u"ok"_s);
        case PortForwarder::Health::Starting:
        case PortForwarder::Health::Stopped:
            return {};
        case PortForwarder::Health::NoReadyPod:
            return StatusStyle::foreground(u"warning"_s);
        default:
            return StatusStyle::foreground(u"error"_s);
        }
    }
    return {};
}

Result<int> ForwardListModel::add(const QString &context, const ForwardTarget &target, quint16 localPort,
                                  bool autoStart)
{
    int row = findRow(context, target);
    if (row >= 0) {
        Entry &entry = *m_entries.at(row);
        if (entry.forwarder)
            return row;
        entry.localPort = localPort;
        entry.autoStart = autoStart;
        if (Status started = start(row); !started)
            return started.error();
        emit listChanged();
        return row;
    }
    auto entry = std::make_unique<Entry>();
    entry->context = context;
    entry->target = target;
    entry->localPort = localPort;
    entry->autoStart = autoStart;
    row = int(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.push_back(std::move(entry));
    endInsertRows();
    if (Status started = start(row); !started) {
        remove(row);
        return started.error();
    }
    emit listChanged();
    return row;
}

Status ForwardListModel::start(int row)
{
    if (row < 0 || row >= rowCount())
        return Error(Error::Kind::Config, tr("No such forward."));
    Entry &entry = *m_entries.at(row);
    if (entry.forwarder)
        return Done {};
    ClusterSession *session = m_sessions(entry.context);
    Status started = session
        ? Status(Done {})
        : Status(Error(Error::Kind::Config, tr("The cluster %1 is not available.").arg(entry.context)));
    if (started) {
        entry.forwarder = std::make_unique<PortForwarder>(session, entry.target, entry.localPort);
        started = entry.forwarder->start();
        if (started) {
            entry.localPort = entry.forwarder->localPort(); // the same port the next time it starts
            watch(row);
        } else {
            entry.forwarder.reset();
        }
    }
    entry.startError = started ? QString() : started.error().message();
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    return started;
}

void ForwardListModel::watch(int row)
{
    PortForwarder *forwarder = m_entries.at(row)->forwarder.get();
    connect(forwarder, &PortForwarder::changed, this, [this, forwarder] {
        const int at = rowOf(forwarder);
        if (at >= 0)
            emit dataChanged(index(at, 0), index(at, ColumnCount - 1));
    });
}

int ForwardListModel::rowOf(const PortForwarder *forwarder) const
{
    for (size_t row = 0; row < m_entries.size(); ++row) {
        if (m_entries.at(row)->forwarder.get() == forwarder)
            return int(row);
    }
    return -1;
}

void ForwardListModel::stop(int row)
{
    if (row < 0 || row >= rowCount() || !m_entries.at(row)->forwarder)
        return;
    m_entries.at(row)->forwarder.reset(); // closes the listener now: the port is free
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ForwardListModel::remove(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    beginRemoveRows({}, row, row);
    m_entries.erase(m_entries.begin() + row);
    endRemoveRows();
    emit listChanged();
}

void ForwardListModel::setAutoStart(int row, bool autoStart)
{
    if (row < 0 || row >= rowCount() || m_entries.at(row)->autoStart == autoStart)
        return;
    m_entries.at(row)->autoStart = autoStart;
    emit listChanged();
}

const PortForwarder *ForwardListModel::forwarder(int row) const
{
    return row >= 0 && row < rowCount() ? m_entries.at(row)->forwarder.get() : nullptr;
}

ForwardTarget ForwardListModel::target(int row) const
{
    return row >= 0 && row < rowCount() ? m_entries.at(row)->target : ForwardTarget();
}

QString ForwardListModel::context(int row) const
{
    return row >= 0 && row < rowCount() ? m_entries.at(row)->context : QString();
}

bool ForwardListModel::autoStart(int row) const
{
    return row >= 0 && row < rowCount() && m_entries.at(row)->autoStart;
}

QString ForwardListModel::localUrl(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    const Entry &entry = *m_entries.at(row);
    const quint16 port = entry.forwarder ? entry.forwarder->localPort() : entry.localPort;
    return port ? u"http://127.0.0.1:%1"_s.arg(port) : QString();
}

int ForwardListModel::findRow(const QString &context, const ForwardTarget &target) const
{
    for (size_t row = 0; row < m_entries.size(); ++row) {
        if (m_entries.at(row)->context == context && m_entries.at(row)->target == target)
            return int(row);
    }
    return -1;
}

int ForwardListModel::runningCount() const
{
    return int(std::count_if(m_entries.begin(), m_entries.end(),
                             [](const auto &entry) { return entry->forwarder != nullptr; }));
}

void ForwardListModel::save(QSettings &settings) const
{
    settings.beginWriteArray(QLatin1StringView(SettingsKey), rowCount());
    for (int row = 0; row < rowCount(); ++row) {
        const Entry &entry = *m_entries.at(row);
        settings.setArrayIndex(row);
        settings.setValue(u"context"_s, entry.context);
        settings.setValue(u"kind"_s, entry.target.kind);
        settings.setValue(u"namespace"_s, entry.target.namespaceName);
        settings.setValue(u"name"_s, entry.target.name);
        settings.setValue(u"port"_s, entry.target.port);
        settings.setValue(u"localPort"_s, entry.localPort);
        settings.setValue(u"autoStart"_s, entry.autoStart);
    }
    settings.endArray();
}

void ForwardListModel::restore(const QSettings &constSettings)
{
    // QSettings' arrays are read through a non-const object; reading changes nothing.
    QSettings &settings = const_cast<QSettings &>(constSettings);
    const int count = settings.beginReadArray(QLatin1StringView(SettingsKey));
    std::vector<std::unique_ptr<Entry>> restored;
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        auto entry = std::make_unique<Entry>();
        entry->context = settings.value(u"context"_s).toString();
        entry->target = {settings.value(u"kind"_s).toString(), settings.value(u"namespace"_s).toString(),
                         settings.value(u"name"_s).toString(), settings.value(u"port"_s).toString()};
        entry->localPort = quint16(settings.value(u"localPort"_s).toUInt());
        entry->autoStart = settings.value(u"autoStart"_s).toBool();
        if (!entry->context.isEmpty() && ForwardTarget::supportsKind(entry->target.kind)
            && findRow(entry->context, entry->target) < 0)
            restored.push_back(std::move(entry));
    }
    settings.endArray();
    if (restored.empty())
        return;
    const int first = rowCount();
    beginInsertRows({}, first, first + int(restored.size()) - 1);
    for (auto &entry : restored)
        m_entries.push_back(std::move(entry));
    endInsertRows();
    for (int row = first; row < rowCount(); ++row) {
        if (m_entries.at(row)->autoStart)
            (void)start(row); // a failure (port taken meanwhile, cluster gone) is shown in the row
    }
}

} // namespace binnacle
