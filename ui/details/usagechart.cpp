#include "usagechart.h"

#include "models/common/statusstyle.h"
#include "models/metrics/usageformat.h"

#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QLabel>
#include <QLineSeries>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

constexpr double MiB = 1024.0 * 1024.0;

// The level lines' colours: requests are what the scheduler reserved, limits where it stops (or a node's
// allocatable and capacity), so a request line reads as "enough" and a limit as "danger".
QColor levelColour(const QString &key, bool dark)
{
    if (key == u"limit" || key == u"capacity")
        return QColor(StatusStyle::htmlColour(u"error"_s, dark));
    return QColor(StatusStyle::htmlColour(u"warning"_s, dark));
}

} // namespace

UsageChart::UsageChart(QWidget *parent)
    : QWidget(parent)
    , m_note(new QLabel(this))
{
    setObjectName(u"usageChart"_s);
    m_note->setObjectName(u"usageChartNote"_s);
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);
    m_note->setAccessibleName(tr("Usage"));
    m_cpu = makePanel(tr("CPU"), tr("CPU over the last hour"));
    m_memory = makePanel(tr("Memory"), tr("Memory over the last hour"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_note);
    for (const Panel *panel : {&m_cpu, &m_memory}) {
        layout->addWidget(panel->view, 1);
        layout->addWidget(panel->legend);
    }
    applyTheme();
}

UsageChart::Panel UsageChart::makePanel(const QString &title, const QString &accessibleName)
{
    Panel panel;
    panel.chart = new QChart;
    panel.chart->setTitle(title);
    panel.chart->legend()->hide();
    panel.chart->setMargins(QMargins(2, 2, 2, 2));
    panel.chart->setAnimationOptions(QChart::NoAnimation); // an update costs one repaint, nothing more
    panel.usage = new QLineSeries(panel.chart);
    panel.usage->setName(tr("used"));
    panel.usage->setPointsVisible(true);
    panel.chart->addSeries(panel.usage);
    panel.time = new QDateTimeAxis(panel.chart);
    panel.time->setFormat(u"HH:mm"_s);
    panel.time->setTickCount(5);
    panel.value = new QValueAxis(panel.chart);
    panel.value->setLabelFormat(u"%.0f"_s);
    panel.value->setMin(0);
    panel.chart->addAxis(panel.time, Qt::AlignBottom);
    panel.chart->addAxis(panel.value, Qt::AlignLeft);
    panel.usage->attachAxis(panel.time);
    panel.usage->attachAxis(panel.value);
    panel.view = new QChartView(panel.chart, this); // the view owns the chart
    panel.view->setRenderHint(QPainter::Antialiasing);
    panel.view->setMinimumHeight(150);
    panel.view->setAccessibleName(accessibleName);
    panel.legend = new QLabel(this);
    panel.legend->setTextFormat(Qt::RichText);
    panel.legend->setWordWrap(true);
    panel.legend->setAccessibleName(accessibleName + tr(": legend"));
    const bool isCpu = title == tr("CPU");
    connect(panel.usage, &QLineSeries::hovered, this, [isCpu](const QPointF &point, bool entered) {
        if (!entered) {
            QToolTip::hideText();
            return;
        }
        const QString when = QDateTime::fromMSecsSinceEpoch(qint64(point.x())).toString(u"HH:mm:ss"_s);
        const QString value
            = isCpu ? UsageFormat::cpuReadable(point.y() / 1000.0) : UsageFormat::memoryReadable(point.y() * MiB);
        QToolTip::showText(QCursor::pos(), u"%1 — %2"_s.arg(when, value));
    });
    return panel;
}

void UsageChart::setSeries(const QList<UsageHistory::Point> &points, const ResourceLines &lines)
{
    m_points = points;
    m_lines = lines;
    // CPU in millicores and memory in MiB on the axes: the units `kubectl top` prints.
    QList<QPointF> cpu;
    QList<QPointF> memory;
    cpu.reserve(points.size());
    memory.reserve(points.size());
    for (const UsageHistory::Point &point : points) {
        cpu.append(QPointF(double(point.timeMs), point.usage.cpuCores * 1000.0));
        memory.append(QPointF(double(point.timeMs), point.usage.memoryBytes / MiB));
    }
    QList<Level> cpuLevels;
    QList<Level> memoryLevels;
    const auto level
        = [](QList<Level> &into, const QString &key, const QString &label, std::optional<double> value, double scale) {
              if (value)
                  into.append(Level {key, label, *value * scale});
          };
    level(cpuLevels, u"request"_s, tr("request"), lines.cpuRequest, 1000.0);
    level(cpuLevels, u"limit"_s, tr("limit"), lines.cpuLimit, 1000.0);
    level(cpuLevels, u"allocatable"_s, tr("allocatable"), lines.cpuAllocatable, 1000.0);
    level(cpuLevels, u"capacity"_s, tr("capacity"), lines.cpuCapacity, 1000.0);
    level(memoryLevels, u"request"_s, tr("request"), lines.memoryRequest, 1.0 / MiB);
    level(memoryLevels, u"limit"_s, tr("limit"), lines.memoryLimit, 1.0 / MiB);
    level(memoryLevels, u"allocatable"_s, tr("allocatable"), lines.memoryAllocatable, 1.0 / MiB);
    level(memoryLevels, u"capacity"_s, tr("capacity"), lines.memoryCapacity, 1.0 / MiB);
    fill(m_cpu, cpu, cpuLevels, true);
    fill(m_memory, memory, memoryLevels, false);

    if (points.isEmpty()) {
        m_summary = tr("No figures yet");
    } else {
        const Usage &last = points.last().usage;
        QString cpuText = UsageFormat::cpu(last.cpuCores);
        QString memoryText = UsageFormat::memory(last.memoryBytes);
        if (lines.cpuRequest)
            cpuText += tr(" (%1 of the request)").arg(UsageFormat::percent(last.cpuCores, *lines.cpuRequest));
        if (lines.memoryRequest)
            memoryText += tr(" (%1 of the request)").arg(UsageFormat::percent(last.memoryBytes, *lines.memoryRequest));
        if (lines.memoryLimit)
            memoryText += tr(", %1 of the limit").arg(UsageFormat::percent(last.memoryBytes, *lines.memoryLimit));
        m_summary = tr("CPU %1, memory %2, %n point(s) over the last hour", nullptr, int(points.size()))
                        .arg(cpuText, memoryText);
    }
    m_cpu.view->setAccessibleDescription(m_summary);
    m_memory.view->setAccessibleDescription(m_summary);
}

void UsageChart::fill(Panel &panel, const QList<QPointF> &points, const QList<Level> &levels, bool isCpu)
{
    panel.usage->replace(points);
    const bool dark = StatusStyle::isDark(palette());
    // Level lines are few and change rarely: made again on each update, which keeps them in step with the axis.
    for (QLineSeries *series : std::as_const(panel.levels)) {
        panel.chart->removeSeries(series);
        delete series;
    }
    panel.levels.clear();
    // The newest point at the right edge; at least two minutes shown, so a young history is not stretched thin.
    const double to = points.isEmpty() ? double(QDateTime::currentMSecsSinceEpoch()) : points.last().x();
    const double from = std::min(points.isEmpty() ? to : points.first().x(), to - 120 * 1000.0);
    double top = 0;
    for (const QPointF &point : points)
        top = std::max(top, point.y());
    for (const Level &level : levels) {
        auto *series = new QLineSeries(panel.chart);
        series->setName(level.label);
        series->setProperty("levelKey", level.key);
        series->append(from, level.value);
        series->append(to, level.value);
        QPen pen(levelColour(level.key, dark));
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1.5);
        series->setPen(pen);
        panel.chart->addSeries(series);
        series->attachAxis(panel.time);
        series->attachAxis(panel.value);
        panel.levels.append(series);
        top = std::max(top, level.value);
    }
    // The legend: each line's colour and what it stands for, with the figure (the chart's axis is coarse).
    const auto figure = [isCpu](double value) {
        return isCpu ? UsageFormat::cpuReadable(value / 1000.0) : UsageFormat::memoryReadable(value * MiB);
    };
    QStringList legend;
    legend << u"<span style=\"color:%1\">━━</span> %2%3"_s.arg(
        palette().color(QPalette::Highlight).name(), tr("used"),
        points.isEmpty() ? QString() : u" "_s + figure(points.last().y()).toHtmlEscaped());
    for (const Level &level : levels)
        legend << u"<span style=\"color:%1\">╍╍</span> %2 %3"_s.arg(levelColour(level.key, dark).name(), level.label,
                                                                    figure(level.value).toHtmlEscaped());
    panel.legend->setText(legend.join(u"&nbsp;&nbsp;&nbsp;"_s));
    panel.time->setRange(QDateTime::fromMSecsSinceEpoch(qint64(from)), QDateTime::fromMSecsSinceEpoch(qint64(to)));
    panel.time->setFormat(to - from <= 15 * 60 * 1000.0 ? u"HH:mm:ss"_s : u"HH:mm"_s);
    panel.value->setRange(0, top > 0 ? top * 1.15 : 1.0);
    panel.value->setTitleText(isCpu ? tr("millicores") : tr("MiB"));
}

void UsageChart::setNote(const QString &text)
{
    m_note->setText(text);
    m_note->setVisible(!text.isEmpty());
}

int UsageChart::pointCount() const
{
    return int(m_cpu.usage->count());
}

QList<QPointF> UsageChart::cpuPoints() const
{
    return m_cpu.usage->points();
}

QList<QPointF> UsageChart::memoryPoints() const
{
    return m_memory.usage->points();
}

QStringList UsageChart::levelNames() const
{
    QStringList names;
    for (const QLineSeries *series : m_cpu.levels)
        names << u"cpu "_s + series->property("levelKey").toString();
    for (const QLineSeries *series : m_memory.levels)
        names << u"memory "_s + series->property("levelKey").toString();
    return names;
}

QString UsageChart::summary() const
{
    return m_summary;
}

void UsageChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyTheme();
        setSeries(m_points, m_lines); // the legend's and level lines' colours
    }
}

void UsageChart::applyTheme()
{
    const bool dark = StatusStyle::isDark(palette());
    for (Panel *panel : {&m_cpu, &m_memory}) {
        // The theme sets fonts and colours; the palette's own background keeps the chart part of the window.
        panel->chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        panel->chart->setBackgroundBrush(palette().base());
        panel->chart->setTitleBrush(palette().text());
        panel->chart->legend()->setLabelColor(palette().color(QPalette::Text));
        panel->chart->legend()->hide(); // a theme shows QtCharts' own again; ours is below the chart
        for (QAbstractAxis *axis : panel->chart->axes()) {
            axis->setLabelsColor(palette().color(QPalette::Text));
            axis->setTitleBrush(palette().text());
        }
        QPen pen(palette().color(QPalette::Highlight));
        pen.setWidthF(2);
        panel->usage->setPen(pen);
        for (QLineSeries *series : std::as_const(panel->levels)) {
            // A theme replaces the whole pen: dash and width too.
            QPen level(levelColour(series->property("levelKey").toString(), dark));
            level.setStyle(Qt::DashLine);
            level.setWidthF(1.5);
            series->setPen(level);
        }
    }
}

} // namespace binnacle
