#pragma once

#include <QToolButton>

class QFrame;
class QLineEdit;
class QListView;
class QPushButton;
class QSortFilterProxyModel;

namespace binnacle {

class NamespaceListModel;

// "Namespaces: all ▾": opens a small popup to pick one or several namespaces, with a find box, because clusters
// have hundreds. Clicking a namespace (or Space/Enter on it) toggles it and keeps the popup open for the next one;
// Enter in the find box toggles the first match; "All namespaces" clears the choice.
class NamespaceSelector final : public QToolButton
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NamespaceSelector)

public:
    // `model` must outlive the selector.
    explicit NamespaceSelector(NamespaceListModel *model, QWidget *parent = nullptr);

    QStringList selected() const; // empty: all
    QWidget *popup() const; // for tests and accessibility checks

signals:
    void selectionChanged(const QStringList &namespaces);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showPopup();
    void toggleCurrent();
    void updateText();

    NamespaceListModel *m_model;
    QSortFilterProxyModel *m_filtered;
    QFrame *m_popup;
    QLineEdit *m_find;
    QListView *m_list;
    QPushButton *m_all;
};

} // namespace binnacle
