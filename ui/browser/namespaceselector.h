#pragma once

#include <QToolButton>

class QMenu;

namespace binnacle {

// "Namespaces: all ▾": pick one or several namespaces to show. The list comes from the cluster (setNamespaces).
class NamespaceSelector final : public QToolButton
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NamespaceSelector)

public:
    explicit NamespaceSelector(QWidget *parent = nullptr);

    void setNamespaces(const QStringList &namespaces);
    QStringList selected() const { return m_selected; } // empty: all
    void setSelected(const QStringList &namespaces);

signals:
    void selectionChanged(const QStringList &namespaces);

private:
    void rebuildMenu();
    void updateText();

    QMenu *m_menu;
    QStringList m_namespaces;
    QStringList m_selected;
};

} // namespace binnacle
