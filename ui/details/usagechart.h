#pragma once

#include "client/metrics/usagehistory.h"
#include "models/metrics/resourcelines.h"

#include <QList>
#include <QWidget>

class QChart;
class QChartView;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace binnacle {

// Two small line charts, CPU and memory over the last hour, with the object's requests and limits (a node's
// allocatable and capacity) as level lines; hovering a point shows its value and time. Follows the palette (light
// or dark). It only draws what it is given: UsageTab decides what that is.
class UsageChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsageChart)

public:
    explicit UsageChart(QWidget *parent = nullptr);

    void setSeries(const QList<UsageHistory::Point> &points, const ResourceLines &lines);
    // Words instead of (or above) the charts: why there is nothing to draw, or that the first poll is on its way.
    void setNote(const QString &text);

    int pointCount() const; // points drawn per chart
    QList<QPointF> cpuPoints() const; // (ms since the epoch, cores)
    QList<QPointF> memoryPoints() const; // (ms since the epoch, bytes)
    QStringList levelNames() const; // the level lines drawn ("request", "limit", "allocatable", …)
    QString summary() const; // the latest figures in words, also the charts' accessible description

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Panel
    {
        QChart *chart = nullptr;
        QChartView *view = nullptr;
        QLabel *legend = nullptr; // ours: QtCharts 6.4 drew no legend in this layout, and ours says the figures
        QLineSeries *usage = nullptr;
        QList<QLineSeries *> levels;
        QDateTimeAxis *time = nullptr;
        QValueAxis *value = nullptr;
    };
    Panel makePanel(const QString &title, const QString &accessibleName);
    struct Level
    {
        QString key; // "request", "limit", "allocatable", "capacity": what decides its colour
        QString label;
        double value = 0;
    };
    void fill(Panel &panel, const QList<QPointF> &points, const QList<Level> &levels, bool isCpu);
    void applyTheme();

    QLabel *m_note;
    Panel m_cpu;
    Panel m_memory;
    QString m_summary;
    QList<UsageHistory::Point> m_points; // what is drawn, drawn again in a new palette
    ResourceLines m_lines;
};

} // namespace binnacle
