#include "firstpaintprobe.h"

#include <QCoreApplication>
#include <QEvent>
#include <QFile>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {
QByteArray peakRssKb()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return "0";
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0);
    }
    return "0";
}
} // namespace

FirstPaintProbe::FirstPaintProbe(QObject *parent)
    : QObject(parent)
{ }

bool FirstPaintProbe::requested()
{
    return !qEnvironmentVariableIsEmpty("BINNACLE_QUIT_AFTER_FIRST_PAINT");
}

bool FirstPaintProbe::eventFilter(QObject *watched, QEvent *event)
{
    if (!m_reported && event->type() == QEvent::Paint) {
        m_reported = true;
        // Let this paint finish and reach the screen before quitting.
        QTimer::singleShot(0, this, [] {
            std::printf("first_paint peak_rss_kb=%s\n", peakRssKb().constData());
            std::fflush(stdout);
            QCoreApplication::quit();
        });
    }
    return QObject::eventFilter(watched, event);
}
