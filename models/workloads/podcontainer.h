#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace binnacle {

// One container of a pod as a person reads it: what it runs, and how it is doing right now. Read from the pod's
// spec and status together, because the spec says what exists and the status only what the kubelet has reported.
struct PodContainer
{
    enum class Kind { Init, Regular, Ephemeral };

    QString name;
    QString image;
    Kind kind = Kind::Regular;
    bool ready = false;
    int restarts = 0;
    QString state; // "Running", "Waiting", "Terminated", or "Pending" when the kubelet has not reported it
    QString reason; // "CrashLoopBackOff", "Completed", "OOMKilled", ... (may be empty)
    QString message; // the kubelet's message for waiting/terminated containers
    QStringList ports; // "8080/TCP"

    // The word a status column shows: the reason when there is one ("CrashLoopBackOff"), else the state.
    QString statusWord() const { return reason.isEmpty() ? state : reason; }
    // "1 restart", "3 restarts"; empty when it never restarted.
    QString restartsText() const;

    // Init containers first, then the regular ones, then ephemeral (debug) containers, each in spec order.
    static QList<PodContainer> listFrom(const QJsonObject &pod);
};

} // namespace binnacle
