#include "ui/portforward/forwarddialog.h"

#include "client/portforward/portforwarder.h"
#include "models/common/statusstyle.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace binnacle {

ForwardDialog::ForwardDialog(const QString &objectName, const QList<DeclaredPort> &ports, Starter starter,
                             QWidget *parent)
    : QDialog(parent)
    , m_starter(std::move(starter))
    , m_remote(new QComboBox(this))
    , m_local(new QSpinBox(this))
    , m_autoStart(new QCheckBox(tr("Start &automatically when Binnacle starts"), this))
    , m_error(new QLabel(this))
{
    setWindowTitle(tr("Forward a port of %1").arg(objectName));
    m_remote->setObjectName(u"forwardRemotePort"_s);
    m_remote->setEditable(true); // a port the spec does not declare can still be typed
    m_remote->setInsertPolicy(QComboBox::NoInsert);
    m_remote->setAccessibleName(tr("Remote port"));
    m_remote->setAccessibleDescription(tr("The port of %1 to forward: a number or a port name").arg(objectName));
    for (const DeclaredPort &port : ports) {
        if (port.protocol != u"TCP")
            continue; // only TCP goes through a port-forward
        m_remote->addItem(port.description(), port.name.isEmpty() ? QString::number(port.number) : port.name);
        m_remote->setItemData(m_remote->count() - 1, port.number, Qt::UserRole + 1);
    }
    m_local->setObjectName(u"forwardLocalPort"_s);
    m_local->setRange(0, 65535);
    m_local->setSpecialValueText(tr("any free port"));
    m_local->setAccessibleName(tr("Local port"));
    m_local->setAccessibleDescription(tr("The port on 127.0.0.1 that forwards to the remote port"));
    m_autoStart->setObjectName(u"forwardAutoStart"_s);
    m_error->setObjectName(u"forwardError"_s);
    m_error->setWordWrap(true);
    m_error->setAccessibleDescription(tr("Why the forward did not start")); // its text is its name
    m_error->setStyleSheet(u"color: %1"_s.arg(StatusStyle::htmlColour(u"error"_s)));
    m_error->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("&Remote port:"), m_remote);
    form->addRow(tr("&Local port:"), m_local);
    form->addRow(QString(), m_autoStart);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *start = buttons->addButton(tr("&Start"), QDialogButtonBox::AcceptRole);
    start->setDefault(true);
    start->setObjectName(u"forwardStartButton"_s);
    connect(buttons, &QDialogButtonBox::accepted, this, &ForwardDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ForwardDialog::reject);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("Connections to 127.0.0.1 on the local port reach %1. A Service or a workload is served by one of its "
           "ready pods, another one when that pod goes.")
            .arg(objectName),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    connect(m_remote, &QComboBox::currentIndexChanged, this, &ForwardDialog::suggestLocalPort);
    // An editable combo box keeps Enter to itself: here it starts the forward, as everywhere else in the dialog.
    connect(m_remote->lineEdit(), &QLineEdit::returnPressed, this, &ForwardDialog::accept);
    suggestLocalPort();
    m_remote->setFocus();
}

QString ForwardDialog::remotePort() const
{
    const int index = m_remote->currentIndex();
    if (index >= 0 && m_remote->currentText() == m_remote->itemText(index))
        return m_remote->itemData(index).toString();
    return m_remote->currentText().trimmed();
}

quint16 ForwardDialog::localPort() const
{
    return quint16(m_local->value());
}

void ForwardDialog::suggestLocalPort()
{
    // The remote port's number (a port name's too), when it is free and needs no privileges; else a free one.
    const int index = m_remote->currentIndex();
    int number = index >= 0 ? m_remote->itemData(index, Qt::UserRole + 1).toInt() : m_remote->currentText().toInt();
    if (number < 1024 || number > 65535)
        number = 0;
    m_local->setValue(PortForwarder::freePort(quint16(number)));
}

void ForwardDialog::accept()
{
    if (remotePort().isEmpty()) {
        m_error->setText(tr("Choose or type the remote port."));
        m_error->show();
        return;
    }
    const Status started = m_starter(remotePort(), localPort(), m_autoStart->isChecked());
    if (started) {
        QDialog::accept();
        return;
    }
    m_error->setText(started.error().message());
    m_error->show();
    // A busy port: offer a free one, so that Enter again starts it.
    const quint16 free = PortForwarder::freePort(localPort());
    if (free != localPort())
        m_local->setValue(free);
    m_local->setFocus();
}

} // namespace binnacle
