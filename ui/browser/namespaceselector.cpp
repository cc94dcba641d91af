#include "namespaceselector.h"

#include <QMenu>

using namespace Qt::StringLiterals;

namespace binnacle {

NamespaceSelector::NamespaceSelector(QWidget *parent)
    : QToolButton(parent)
    , m_menu(new QMenu(this))
{
    setObjectName(u"namespaceSelector"_s);
    setAccessibleName(tr("Namespaces"));
    setPopupMode(QToolButton::InstantPopup);
    setToolButtonStyle(Qt::ToolButtonTextOnly);
    setMenu(m_menu);
    connect(m_menu, &QMenu::aboutToShow, this, &NamespaceSelector::rebuildMenu);
    updateText();
}

void NamespaceSelector::setNamespaces(const QStringList &namespaces)
{
    m_namespaces = namespaces;
    m_namespaces.sort();
}

void NamespaceSelector::setSelected(const QStringList &namespaces)
{
    if (m_selected == namespaces)
        return;
    m_selected = namespaces;
    updateText();
    emit selectionChanged(m_selected);
}

void NamespaceSelector::rebuildMenu()
{
    m_menu->clear();
    QAction *all = m_menu->addAction(tr("All namespaces"));
    all->setCheckable(true);
    all->setChecked(m_selected.isEmpty());
    connect(all, &QAction::triggered, this, [this] { setSelected({}); });
    m_menu->addSeparator();
    for (const QString &ns : m_namespaces) {
        QAction *action = m_menu->addAction(ns);
        action->setCheckable(true);
        action->setChecked(m_selected.contains(ns));
        connect(action, &QAction::triggered, this, [this, ns](bool checked) {
            QStringList next = m_selected;
            if (checked)
                next.append(ns);
            else
                next.removeAll(ns);
            next.sort();
            setSelected(next);
        });
    }
}

void NamespaceSelector::updateText()
{
    if (m_selected.isEmpty())
        setText(tr("Namespaces: all"));
    else if (m_selected.size() <= 2)
        setText(tr("Namespaces: %1").arg(m_selected.join(u", "_s)));
    else
        setText(tr("Namespaces: %1 selected").arg(m_selected.size()));
    setAccessibleDescription(text());
}

} // namespace binnacle
