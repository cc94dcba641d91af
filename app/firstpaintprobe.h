#pragma once

#include <QObject>

// For benchmarks: when BINNACLE_QUIT_AFTER_FIRST_PAINT is set, reports the peak RSS once the main window has
// painted for the first time and quits. The benchmark times the whole process from outside.
class FirstPaintProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstPaintProbe)

public:
    explicit FirstPaintProbe(QObject *parent = nullptr);

    static bool requested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool m_reported = false;
};
