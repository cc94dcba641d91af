#pragma once

#include "ui/actions/resourceref.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace binnacle {

// "Delete these?" naming every object that goes, with the propagation policy (what happens to what they own) and
// the promise that only these incarnations go: the request carries each object's UID as a precondition. A Namespace
// takes everything in it, so its name must be typed before the Delete button wakes up.
//
// The dialog does not delete: it emits confirmed(), stays open while the caller works (setBusy) and either closes
// (accept) or shows the server's answer in place (showFailure), so nothing the person chose is lost.
class DeleteDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeleteDialog)

public:
    DeleteDialog(const QList<ResourceRef> &objects, QWidget *parent = nullptr);

    QList<ResourceRef> objects() const { return m_objects; }
    QString propagationPolicy() const; // Background, Foreground or Orphan
    void setBusy(bool busy);
    void showFailure(const QString &text);

signals:
    void confirmed();

private:
    void updateButton();

    QList<ResourceRef> m_objects;
    QList<QLineEdit *> m_typedNames; // one per Namespace, in order
    QComboBox *m_policy;
    QLabel *m_policyHelp;
    QLabel *m_failure;
    QPushButton *m_delete;
    bool m_busy = false;
};

} // namespace binnacle
