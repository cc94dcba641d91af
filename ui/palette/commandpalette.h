#pragma once

#include <QDialog>
#include <QIcon>
#include <QPointer>

class QAction;

class QLineEdit;
class QListWidget;

namespace binnacle {

// Ctrl+K: type a kind (`:po`, `deploy`, a CRD's name), a context or an action and press Enter, as in k9s.
class CommandPalette final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandPalette)

public:
    struct Entry
    {
        QString title; // what is shown: "Pods  (po, pod)"
        QStringList keys; // what matches: "pods", "po", "pod", "Pod"
        QString command; // what is emitted: "kind:pods", "context:demo-admin", "action:reload"
        QIcon icon; // a kind's icon; none for the rest
    };

    explicit CommandPalette(QWidget *parent = nullptr);

    void setEntries(const QList<Entry> &entries);
    // Actions offered beside the entries, as they are when the palette filters: hidden ones are left out, disabled
    // ones shown greyed with their tooltip (why not). Choosing one triggers it.
    void setActions(const QList<QAction *> &actions);
    void open(const QString &initialText);
    // QDialog::open() too, so that this overload does not hide it (clang's -Woverloaded-virtual, an error in CI).
    void open() override { open(QString()); }
    QLineEdit *input() const { return m_input; }
    QListWidget *list() const { return m_list; }

signals:
    void commandChosen(const QString &command);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refilter();
    void choose();

    QLineEdit *m_input;
    QListWidget *m_list;
    QList<Entry> m_entries;
    QList<QPointer<QAction>> m_actions;
};

} // namespace binnacle
