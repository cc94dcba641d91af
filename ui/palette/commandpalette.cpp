#include "commandpalette.h"

#include <QAction>
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

void CommandPalette::setActions(const QList<QAction *> &actions)
{
    m_actions.clear();
    for (QAction *action : actions)
        m_actions.append(action);
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
    // The actions on the selection are entries too, as they are now: hidden ones left out, disabled ones greyed
    // with their tooltip (why not), matched on their words ("delete", "scale", "restart").
    QList<Entry> entries = m_entries;
    QList<QAction *> actionOf(entries.size(), nullptr);
    for (const QPointer<QAction> &action : m_actions) {
        if (!action || !action->isVisible())
            continue;
        const QString text = action->text().remove(u'&').remove(u'…');
        QString title = tr("Action: %1").arg(text);
        if (!action->shortcut().isEmpty())
            title += u"  ("_s + action->shortcut().toString(QKeySequence::NativeText) + u')';
        entries.append({title, text.split(u' ', Qt::SkipEmptyParts) << text, {}});
        actionOf.append(action.data());
    }
    // Exact key matches first (`po` → Pods), then prefixes, then anything containing the text.
    QList<qsizetype> exact, prefix, contains;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const Entry &entry = entries.at(i);
        if (typed.isEmpty()) {
            contains << i;
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
            exact << i;
        else if (isPrefix)
            prefix << i;
        else if (isContained)
            contains << i;
    }
    for (const QList<qsizetype> &group : {exact, prefix, contains}) {
        for (qsizetype i : group) {
            auto *item = new QListWidgetItem(entries.at(i).title, m_list);
            item->setData(Qt::UserRole, entries.at(i).command);
            item->setIcon(entries.at(i).icon);
            if (QAction *action = actionOf.at(i)) {
                item->setData(Qt::UserRole + 1, QVariant::fromValue(action));
                item->setToolTip(action->toolTip());
                if (!action->isEnabled())
                    item->setFlags(item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable));
            }
        }
    }
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->flags() & Qt::ItemIsEnabled) {
            m_list->setCurrentRow(row);
            break;
        }
    }
}

void CommandPalette::choose()
{
    QListWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    if (!(item->flags() & Qt::ItemIsEnabled))
        return;
    if (auto *action = item->data(Qt::UserRole + 1).value<QAction *>()) {
        hide();
        action->trigger();
        return;
    }
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
