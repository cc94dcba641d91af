#include "deletedialog.h"

#include "client/session/clustersession.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {
bool isNamespace(const ResourceRef &object)
{
    return object.resource.group.isEmpty() && object.resource.kind == u"Namespace";
}
} // namespace

DeleteDialog::DeleteDialog(const QList<ResourceRef> &objects, QWidget *parent)
    : QDialog(parent)
    , m_objects(objects)
    , m_policy(new QComboBox(this))
    , m_policyHelp(new QLabel(this))
    , m_failure(new QLabel(this))
    , m_delete(new QPushButton(this))
{
    setObjectName(u"deleteDialog"_s);
    const int count = int(objects.size());
    setWindowTitle(count == 1 ? tr("Delete %1").arg(objects.first().displayName())
                              : tr("Delete %n objects", nullptr, count));

    auto *icon = new QLabel(this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(40, 40));
    auto *heading = new QLabel(this);
    heading->setObjectName(u"deleteHeading"_s);
    heading->setWordWrap(true);
    heading->setTextFormat(Qt::RichText);
    QString where;
    if (ClusterSession *session = objects.first().session)
        where = session->config().contextName.toHtmlEscaped();
    heading->setText(
        count == 1 ? tr("<b>Delete this object from %1?</b><br>This cannot be undone.").arg(where)
                   : tr("<b>Delete these %1 objects from %2?</b><br>This cannot be undone.").arg(count).arg(where));

    auto *list = new QListWidget(this);
    list->setObjectName(u"deleteObjects"_s);
    list->setAccessibleName(tr("Objects to delete"));
    list->setSelectionMode(QAbstractItemView::NoSelection);
    list->setFocusPolicy(Qt::NoFocus);
    for (const ResourceRef &object : objects)
        list->addItem(object.displayName());
    list->setMaximumHeight(qMin(count, 8) * (list->fontMetrics().height() + 6) + 8);

    auto *form = new QFormLayout;
    m_policy->setObjectName(u"propagationPolicy"_s);
    m_policy->setAccessibleName(tr("What happens to what they own"));
    m_policy->addItem(tr("Background — delete now, the garbage collector removes what it owns"), u"Background"_s);
    m_policy->addItem(tr("Foreground — delete what it owns first, then the object"), u"Foreground"_s);
    m_policy->addItem(tr("Orphan — keep what it owns, without an owner"), u"Orphan"_s);
    form->addRow(tr("Owned objects:"), m_policy);

    for (const ResourceRef &object : objects) {
        if (!isNamespace(object))
            continue;
        auto *typed = new QLineEdit(this);
        typed->setObjectName(u"confirmName"_s);
        typed->setAccessibleName(tr("Type %1 to confirm").arg(object.name));
        typed->setPlaceholderText(object.name);
        connect(typed, &QLineEdit::textChanged, this, &DeleteDialog::updateButton);
        m_typedNames.append(typed);
        auto *warning
            = new QLabel(tr("Namespace <b>%1</b> goes with <b>everything in it</b>. Type its name to confirm:")
                             .arg(object.name.toHtmlEscaped()),
                         this);
        warning->setWordWrap(true);
        form->addRow(warning);
        form->addRow(typed);
    }

    m_policyHelp->setObjectName(u"deletePrecondition"_s);
    m_policyHelp->setWordWrap(true);
    m_policyHelp->setText(tr("Only the objects you selected go: if one was replaced meanwhile by another of the same "
                             "name, the server refuses and the new one stays."));
    QPalette muted = m_policyHelp->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_policyHelp->setPalette(muted);

    m_failure->setObjectName(u"deleteFailure"_s);
    m_failure->setAccessibleName(tr("Why the delete failed"));
    m_failure->setWordWrap(true);
    m_failure->setTextFormat(Qt::PlainText); // the server's words, never markup
    m_failure->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette error = m_failure->palette();
    error.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
    m_failure->setPalette(error);
    m_failure->hide();

    auto *buttons = new QDialogButtonBox(this);
    m_delete->setObjectName(u"deleteButton"_s);
    m_delete->setText(count == 1 ? tr("&Delete") : tr("&Delete %1").arg(count));
    m_delete->setIcon(style()->standardIcon(QStyle::SP_TrashIcon));
    buttons->addButton(m_delete, QDialogButtonBox::DestructiveRole);
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(u"cancelButton"_s);
    cancel->setDefault(true); // Enter does not delete
    connect(m_delete, &QPushButton::clicked, this, [this] {
        if (m_delete->isEnabled())
            emit confirmed();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *top = new QHBoxLayout;
    top->addWidget(icon, 0, Qt::AlignTop);
    top->addWidget(heading, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(list);
    layout->addLayout(form);
    layout->addWidget(m_policyHelp);
    layout->addWidget(m_failure);
    layout->addWidget(buttons);
    setMinimumWidth(520);
    updateButton();
}

QString DeleteDialog::propagationPolicy() const
{
    return m_policy->currentData().toString();
}

void DeleteDialog::setBusy(bool busy)
{
    m_busy = busy;
    if (busy)
        m_failure->hide();
    m_policy->setEnabled(!busy);
    updateButton();
}

void DeleteDialog::showFailure(const QString &text)
{
    m_failure->setText(text);
    m_failure->show();
    adjustSize(); // grow to the message rather than clip it
}

void DeleteDialog::updateButton()
{
    bool typed = true;
    int index = 0;
    for (const ResourceRef &object : m_objects) {
        if (isNamespace(object))
            typed = typed && m_typedNames.at(index++)->text() == object.name;
    }
    m_delete->setEnabled(typed && !m_busy);
    if (!typed)
        m_delete->setToolTip(tr("Type the namespace's name to delete it"));
    else
        m_delete->setToolTip({});
}

} // namespace binnacle
