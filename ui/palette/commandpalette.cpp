#include "commandpalette.h"

#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace binnacle {

CommandPalette::CommandPalette(QWidget *parent)
    : QDialog(parent, Qt::Popup | Qt::FramelessWindowHint)
    , m_input(new QLineEdit(this))
    , m_list(new QListWidget(this))
{
    setObjectName(u"commandPalette"_s);
    setAccessibleName(tr("Command palette"));
    m_input->setObjectName(u"paletteInput"_s);
    m_input->setAccessibleName(tr("Command"));
    m_input->setPlaceholderText(tr("Go to a kind (:pods, :deploy), a cluster, or an action"));
    m_list->setObjectName(u"paletteList"_s);
    m_list->setAccessibleName(tr("Matches"));
    m_list->setUniformItemSizes(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_input);
    layout->addWidget(m_list);
    resize(520, 360);
    connect(m_input, &QLineEdit::textChanged, this, &CommandPalette::refilter);
    connect(m_input, &QLineEdit::returnPressed, this, &CommandPalette::choose);
    connect(m_list, &QListWidget::itemActivated, this, &CommandPalette::choose);
    m_input->installEventFilter(this);
}

void CommandPalette::setEntries(const QList<Entry> &entries)
{
    m_entries = entries;
    refilter();
}

void CommandPalette::open(const QString &initialText)
{
    if (QWidget *owner = parentWidget()) {
        const QPoint centre = owner->mapToGlobal(QPoint(owner->width() / 2, owner->height() / 5));
        move(centre.x() - width() / 2, centre.y());
    }
    m_input->setText(initialText);
    refilter();
    show();
    raise();
    activateWindow();
    m_input->setFocus(Qt::PopupFocusReason);
}

void CommandPalette::refilter()
{
    QString typed = m_input->text().trimmed();
    if (typed.startsWith(u':'))
        typed = typed.mid(1).trimmed();
    m_list->clear();
    // Exact key matches first (`po` → Pods), then prefixes, then anything containing the text.
    QList<const Entry *> exact, prefix, contains;
    for (const Entry &entry : m_entries) {
        if (typed.isEmpty()) {
            contains << &entry;
            continue;
        }
        bool isExact = false, isPrefix = false, isContained = false;
        for (const QString &key : entry.keys) {
            isExact = isExact || key.compare(typed, Qt::CaseInsensitive) == 0;
            isPrefix = isPrefix || key.startsWith(typed, Qt::CaseInsensitive);
            isContained = isContained || key.contains(typed, Qt::CaseInsensitive);
        }
        isContained = isContained || entry.title.contains(typed, Qt::CaseInsensitive);
        if (isExact)
            exact << &entry;
        else if (isPrefix)
            prefix << &entry;
        else if (isContained)
            contains << &entry;
    }
    for (const QList<const Entry *> &group : {exact, prefix, contains}) {
        for (const Entry *entry : group) {
            auto *item = new QListWidgetItem(entry->title, m_list);
            item->setData(Qt::UserRole, entry->command);
        }
    }
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
}

void CommandPalette::choose()
{
    QListWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    const QString command = item->data(Qt::UserRole).toString();
    hide();
    emit commandChosen(command);
}

bool CommandPalette::eventFilter(QObject *watched, QEvent *event)
{
    // Up and Down move in the list while the typing stays in the input.
    if (watched == m_input && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Down || key == Qt::Key_Up) {
            const int row = m_list->currentRow() + (key == Qt::Key_Down ? 1 : -1);
            if (row >= 0 && row < m_list->count())
                m_list->setCurrentRow(row);
            return true;
        }
        if (key == Qt::Key_Escape) {
            hide();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

} // namespace binnacle
