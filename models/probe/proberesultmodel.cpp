#include "proberesultmodel.h"

#include "models/common/statusstyle.h"

#include <QBrush>
#include <QColor>

using namespace Qt::StringLiterals;

namespace binnacle {

ProbeResultModel::ProbeResultModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ProbeResultModel::setComparison(ProbeComparison comparison, QStringList headers)
{
    beginResetModel();
    m_comparison = std::move(comparison);
    m_headers = std::move(headers);
    m_rows.clear();
    for (const ProbeComparison::Group &group : m_comparison.groups())
        m_rows += group.members;
    endResetModel();
}

int ProbeResultModel::answerAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : -1;
}

int ProbeResultModel::rowOfPod(const QString &cluster, const QString &pod) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        const ProbeAnswer &answer = m_comparison.answers().at(m_rows.at(row));
        if (answer.pod == pod && answer.cluster == cluster)
            return row;
    }
    return -1;
}

int ProbeResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ProbeResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProbeResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Pod:
        return tr("Pod");
    case Cluster:
        return tr("Cluster");
    case Node:
        return tr("Node");
    case Status:
        return tr("Status");
    case Latency:
        return tr("Latency");
    case Size:
        return tr("Size");
    case Hash:
        return tr("Body hash");
    case Group:
        return tr("Group");
    case Headers:
        return m_headers.isEmpty() ? tr("Headers") : m_headers.join(u", "_s);
    case Error:
        return tr("Error");
    default:
        return {};
    }
}

QString ProbeResultModel::headerValues(const ProbeAnswer &answer) const
{
    QStringList values;
    for (const QString &wanted : m_headers) {
        for (const auto &[name, value] : answer.headers) {
            if (QString::fromLatin1(name).compare(wanted, Qt::CaseInsensitive) == 0)
                values << QString::fromUtf8(value);
        }
    }
    return values.join(u", "_s);
}

QVariant ProbeResultModel::data(const QModelIndex &index, int role) const
{
    const int answerIndex = answerAt(index.row());
    if (!index.isValid() || answerIndex < 0)
        return {};
    const ProbeAnswer &answer = m_comparison.answers().at(answerIndex);
    const ProbeComparison::Verdict &verdict = m_comparison.verdicts().at(answerIndex);
    const bool failed = answer.failed();
    switch (role) {
    case DiffersRole:
        return verdict.differs;
    case FailedRole:
        return failed;
    case AnswerIndexRole:
        return answerIndex;
    case Qt::BackgroundRole:
        // Translucent, so that the row stays readable in a light or a dark palette.
        if (failed)
            return QBrush(QColor(229, 57, 53, 70));
        if (verdict.differs)
            return QBrush(QColor(255, 179, 0, 90));
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Status)
            return StatusStyle::foreground(failed ? u"error"_s : verdict.differs ? u"warning"_s : u"ok"_s);
        return {};
    case Qt::ToolTipRole:
        if (failed)
            return tr("No usable answer: %1").arg(answer.failureReason());
        return verdict.differs ? tr("Differs from the majority (group %1)").arg(verdict.group + 1)
                               : tr("Agrees with the majority");
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole: {
        QString text;
        switch (index.column()) {
        case Pod:
            text = answer.pod;
            // A screen reader hears what the colour shows.
            if (role == Qt::AccessibleTextRole)
                text += failed ? tr(", failed") : verdict.differs ? tr(", differs from the majority") : QString();
            break;
        case Cluster:
            text = answer.cluster;
            break;
        case Node:
            text = answer.node;
            break;
        case Status:
            text = answer.statusCode > 0 ? QString::number(answer.statusCode) : tr("—");
            break;
        case Latency:
            text = answer.statusCode > 0 || answer.latencyMs > 0 ? tr("%1 ms").arg(answer.latencyMs) : QString();
            break;
        case Size:
            text = answer.statusCode > 0 ? QString::number(answer.size) : QString();
            break;
        case Hash:
            text = verdict.hash;
            break;
        case Group:
            text = verdict.group < 0 ? QString()
                : verdict.group == m_comparison.referenceGroup()
                ? (m_comparison.majorityIsTied() ? tr("%1 (tied)").arg(verdict.group + 1)
                                                 : tr("%1 (majority)").arg(verdict.group + 1))
                : QString::number(verdict.group + 1);
            break;
        case Headers:
            text = headerValues(answer);
            break;
        case Error:
            text = failed ? answer.failureReason() : QString();
            break;
        default:
            break;
        }
        return text;
    }
    default:
        return {};
    }
}

} // namespace binnacle
