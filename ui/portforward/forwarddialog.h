#pragma once

#include "client/core/result.h"
#include "client/portforward/forwardtarget.h"

#include <QDialog>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;

namespace binnacle {

// "Forward…" on a pod, Service or workload: which of its ports (from the spec: name, number, protocol; or typed),
// which local port (the remote one when it is free, else a free one), and whether the forward starts by itself at
// the next start. Enter starts it; a refusal (a busy port) is said in place, with another port offered, and the
// dialog stays open.
class ForwardDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ForwardDialog)

public:
    // Starts the forward; an error keeps the dialog open and is shown in it.
    using Starter = std::function<Status(const QString &remotePort, quint16 localPort, bool autoStart)>;

    ForwardDialog(const QString &objectName, const QList<DeclaredPort> &ports, Starter starter,
                  QWidget *parent = nullptr);

    QString remotePort() const;
    quint16 localPort() const;

    void accept() override; // starts; closes only when it worked

private:
    void suggestLocalPort();

    Starter m_starter;
    QComboBox *m_remote;
    QSpinBox *m_local;
    QCheckBox *m_autoStart;
    QLabel *m_error;
};

} // namespace binnacle
