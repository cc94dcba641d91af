#include "findbar.h"

#include "ui/widgets/clearbutton.h"

#include <Qsci/qsciscintilla.h>

#include <QAction>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace binnacle {

FindBar::FindBar(QsciScintilla *editor, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor)
    , m_find(new QLineEdit(this))
    , m_replace(new QLineEdit(this))
    , m_replaceRow(new QWidget(this))
    , m_status(new QLabel(this))
{
    setObjectName(u"findBar"_s);
    m_find->setObjectName(u"findText"_s);
    m_find->setAccessibleName(tr("Find"));
    m_find->setPlaceholderText(tr("Find"));
    ClearButton::enable(m_find, tr("Clear search"));
    m_replace->setObjectName(u"replaceText"_s);
    m_replace->setAccessibleName(tr("Replace with"));
    m_replace->setPlaceholderText(tr("Replace with"));
    m_status->setObjectName(u"findStatus"_s);
    m_status->setAccessibleName(tr("Find result"));

    auto *previous = new QToolButton(this);
    previous->setText(tr("Previous"));
    previous->setAccessibleName(tr("Find previous"));
    auto *next = new QToolButton(this);
    next->setText(tr("Next"));
    next->setAccessibleName(tr("Find next"));
    auto *replaceOne = new QPushButton(tr("Replace"), m_replaceRow);
    replaceOne->setAccessibleName(tr("Replace this match"));
    auto *replaceEvery = new QPushButton(tr("Replace all"), m_replaceRow);
    replaceEvery->setObjectName(u"replaceAll"_s);
    replaceEvery->setAccessibleName(tr("Replace all matches"));
    auto *closeButton = new QToolButton(this);
    closeButton->setText(u"\u2715"_s);
    closeButton->setAccessibleName(tr("Close find bar"));

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_find, 0, 0);
    layout->addWidget(previous, 0, 1);
    layout->addWidget(next, 0, 2);
    layout->addWidget(m_status, 0, 3);
    layout->addWidget(closeButton, 0, 4);
    auto *replaceLayout = new QHBoxLayout(m_replaceRow);
    replaceLayout->setContentsMargins(0, 0, 0, 0);
    replaceLayout->addWidget(m_replace, 1);
    replaceLayout->addWidget(replaceOne);
    replaceLayout->addWidget(replaceEvery);
    layout->addWidget(m_replaceRow, 1, 0, 1, 5);
    layout->setColumnStretch(0, 1);

    connect(m_find, &QLineEdit::returnPressed, this, [this] { findNext(true); });
    connect(m_find, &QLineEdit::textEdited, this, [this] {
        // As you type, from where the match started, so the selection grows instead of jumping ahead.
        int fromLine = 0, fromIndex = 0, toLine = 0, toIndex = 0;
        m_editor->getSelection(&fromLine, &fromIndex, &toLine, &toIndex);
        if (fromLine >= 0 && m_editor->hasSelectedText())
            m_editor->setCursorPosition(fromLine, fromIndex);
        findNext(true);
    });
    connect(previous, &QToolButton::clicked, this, [this] { findNext(false); });
    connect(next, &QToolButton::clicked, this, [this] { findNext(true); });
    connect(replaceOne, &QPushButton::clicked, this, [this] {
        if (m_editor->hasSelectedText() && m_editor->selectedText() == m_find->text())
            m_editor->replaceSelectedText(m_replace->text());
        findNext(true);
    });
    connect(replaceEvery, &QPushButton::clicked, this, &FindBar::replaceAll);
    connect(closeButton, &QToolButton::clicked, this, [this] {
        hide();
        m_editor->setFocus();
    });
    setTabOrder(m_find, m_replace);
    hide();
}

void FindBar::showFind()
{
    m_replaceRow->hide();
    show();
    if (m_editor->hasSelectedText() && !m_editor->selectedText().contains(u'\n'))
        m_find->setText(m_editor->selectedText());
    m_find->selectAll();
    m_find->setFocus();
}

void FindBar::showReplace()
{
    showFind();
    m_replaceRow->show();
}

bool FindBar::findNext(bool forward)
{
    const QString needle = m_find->text();
    if (needle.isEmpty()) {
        m_status->clear();
        return false;
    }
    int line = -1, index = -1;
    if (!forward && m_editor->hasSelectedText()) {
        // Backwards from the start of the current match, not from its end (which would find it again).
        int toLine = 0, toIndex = 0;
        m_editor->getSelection(&line, &index, &toLine, &toIndex);
    }
    const bool found = m_editor->findFirst(needle, false, false, false, true, forward, line, index);
    m_status->setText(found ? QString() : tr("Not found"));
    return found;
}

int FindBar::replaceAll()
{
    const QString needle = m_find->text();
    if (needle.isEmpty())
        return 0;
    int replaced = 0;
    m_editor->beginUndoAction(); // one Ctrl+Z undoes them all
    bool found = m_editor->findFirst(needle, false, false, false, false, true, 0, 0, false);
    while (found) {
        m_editor->replace(m_replace->text());
        ++replaced;
        found = m_editor->findNext();
    }
    m_editor->endUndoAction();
    m_status->setText(tr("%n replaced", nullptr, replaced));
    return replaced;
}

void FindBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        hide();
        m_editor->setFocus();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace binnacle
