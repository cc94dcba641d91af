#include "scaledialog.h"

#include "client/session/clustersession.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace binnacle {

ScaleDialog::ScaleDialog(const ResourceRef &object, QWidget *parent)
    : QDialog(parent)
    , m_object(object)
    , m_replicas(new QSpinBox(this))
    , m_current(new QLabel(this))
    , m_failure(new QLabel(this))
    , m_scale(new QPushButton(this))
{
    setObjectName(u"scaleDialog"_s);
    setWindowTitle(tr("Scale %1").arg(object.displayName()));
    auto *heading = new QLabel(this);
    heading->setWordWrap(true);
    heading->setText(
        tr("<b>Scale %1</b>").arg(object.displayName().toHtmlEscaped())
        + (object.session ? tr(" in %1").arg(object.session->config().contextName.toHtmlEscaped()) : QString()));

    m_replicas->setObjectName(u"replicas"_s);
    m_replicas->setAccessibleName(tr("Replicas"));
    m_replicas->setRange(0, 10000);
    connect(m_replicas, &QSpinBox::valueChanged, this, [this] { m_touched = true; });
    m_current->setObjectName(u"currentReplicas"_s);
    m_current->setText(tr("reading…"));

    m_failure->setObjectName(u"scaleFailure"_s);
    m_failure->setAccessibleName(tr("Why scaling failed"));
    m_failure->setWordWrap(true);
    m_failure->setTextFormat(Qt::PlainText);
    m_failure->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette error = m_failure->palette();
    error.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
    m_failure->setPalette(error);
    m_failure->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("Replicas:"), m_replicas);
    form->addRow(tr("Now:"), m_current);

    auto *buttons = new QDialogButtonBox(this);
    m_scale->setObjectName(u"scaleButton"_s);
    m_scale->setText(tr("&Scale"));
    m_scale->setDefault(true);
    buttons->addButton(m_scale, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel)->setObjectName(u"cancelButton"_s);
    // Not connected to accept(): the caller closes the dialog once the server agreed.
    connect(m_scale, &QPushButton::clicked, this, [this] { emit confirmed(m_replicas->value()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addLayout(form);
    layout->addWidget(m_failure);
    layout->addWidget(buttons);
    setMinimumWidth(380);
    m_touched = false;
}

void ScaleDialog::setCurrentReplicas(int replicas, const QString &problem)
{
    if (replicas < 0) {
        m_current->setText(tr("unknown (%1)").arg(problem));
        return;
    }
    m_current->setText(replicas == 1 ? tr("1 replica") : tr("%1 replicas").arg(replicas));
    if (!m_touched) {
        m_replicas->setValue(replicas);
        m_touched = false;
        m_replicas->selectAll();
    }
}

int ScaleDialog::replicas() const
{
    return m_replicas->value();
}

void ScaleDialog::setBusy(bool busy)
{
    if (busy)
        m_failure->hide();
    m_scale->setEnabled(!busy);
    m_replicas->setEnabled(!busy);
}

void ScaleDialog::showFailure(const QString &text)
{
    m_failure->setText(text);
    m_failure->show();
    adjustSize(); // grow to the message rather than clip it
}

} // namespace binnacle
