#include "namespaceselector.h"

#include "models/namespaces/namespacelistmodel.h"
#include "ui/widgets/clearbutton.h"

#include <QFrame>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QScreen>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace binnacle {

NamespaceSelector::NamespaceSelector(NamespaceListModel *model, QWidget *parent)
    : QToolButton(parent)
    , m_model(model)
    , m_filtered(new QSortFilterProxyModel(this))
    , m_popup(new QFrame(this, Qt::Popup))
    , m_find(new QLineEdit(m_popup))
    , m_list(new QListView(m_popup))
    , m_all(new QPushButton(tr("All namespaces"), m_popup))
{
    setObjectName(u"namespaceSelector"_s);
    setAccessibleName(tr("Namespaces"));
    setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(this, &QToolButton::clicked, this, &NamespaceSelector::showPopup);

    m_filtered->setSourceModel(m_model);
    m_filtered->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_popup->setObjectName(u"namespacePopup"_s);
    m_popup->setAccessibleName(tr("Choose namespaces"));
    m_popup->setFrameShape(QFrame::StyledPanel);
    m_find->setObjectName(u"namespaceFind"_s);
    m_find->setPlaceholderText(tr("Find a namespace"));
    m_find->setAccessibleName(tr("Find a namespace"));
    ClearButton::enable(m_find, tr("Clear search"));
    m_find->installEventFilter(this);
    connect(m_find, &QLineEdit::textChanged, m_filtered, &QSortFilterProxyModel::setFilterFixedString);
    m_list->setObjectName(u"namespaceList"_s);
    m_list->setAccessibleName(tr("Namespaces to show"));
    m_list->setModel(m_filtered);
    m_list->setUniformItemSizes(true);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->installEventFilter(this);
    // The whole row toggles, not only the check box (the items are not user-checkable, so nothing toggles twice).
    connect(m_list, &QListView::clicked, this,
            [this](const QModelIndex &index) { m_model->toggle(m_filtered->mapToSource(index)); });
    m_all->setObjectName(u"allNamespaces"_s);
    m_all->setAccessibleName(tr("All namespaces"));
    connect(m_all, &QPushButton::clicked, this, [this] {
        m_model->setSelected({});
        m_popup->hide();
    });
    auto *layout = new QVBoxLayout(m_popup);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_find);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_all);
    QWidget::setTabOrder(m_find, m_list);
    QWidget::setTabOrder(m_list, m_all);

    connect(m_model, &NamespaceListModel::selectionChanged, this, [this](const QStringList &namespaces) {
        updateText();
        emit selectionChanged(namespaces);
    });
    updateText();
}

QStringList NamespaceSelector::selected() const
{
    return m_model->selected();
}

QWidget *NamespaceSelector::popup() const
{
    return m_popup;
}

void NamespaceSelector::showPopup()
{
    m_find->clear();
    m_popup->resize(qMax(width(), 280), 360);
    QPoint at = mapToGlobal(QPoint(width() - m_popup->width(), height())); // right-aligned under the button
    if (const QScreen *screen = this->screen())
        at.setX(qMax(at.x(), screen->availableGeometry().left()));
    m_popup->move(at);
    m_popup->show();
    m_find->setFocus(Qt::PopupFocusReason);
}

void NamespaceSelector::toggleCurrent()
{
    QModelIndex current = m_list->currentIndex();
    if (!current.isValid() && m_filtered->rowCount() > 0)
        current = m_filtered->index(0, 0); // Enter in the find box: the first match
    if (current.isValid())
        m_model->toggle(m_filtered->mapToSource(current));
}

bool NamespaceSelector::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QToolButton::eventFilter(watched, event);
    const int key = static_cast<QKeyEvent *>(event)->key();
    if (watched == m_find) {
        if (key == Qt::Key_Down && m_filtered->rowCount() > 0) {
            m_list->setFocus(Qt::TabFocusReason);
            m_list->setCurrentIndex(m_filtered->index(0, 0));
            return true;
        }
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            m_list->setCurrentIndex({});
            toggleCurrent();
            return true;
        }
    } else if (watched == m_list && (key == Qt::Key_Space || key == Qt::Key_Return || key == Qt::Key_Enter)) {
        toggleCurrent();
        return true;
    }
    return QToolButton::eventFilter(watched, event);
}

void NamespaceSelector::updateText()
{
    const QStringList chosen = selected();
    if (chosen.isEmpty())
        setText(tr("Namespaces: all ▾"));
    else if (chosen.size() <= 2)
        setText(tr("Namespaces: %1 ▾").arg(chosen.join(u", "_s)));
    else
        setText(tr("Namespaces: %1 selected ▾").arg(chosen.size()));
    setAccessibleDescription(text());
}

} // namespace binnacle
