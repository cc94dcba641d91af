#pragma once

#include "ui/actions/resourceref.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QSpinBox;

namespace binnacle {

// How many replicas: a spin box starting at the current count (read from the object when it arrives). Like
// DeleteDialog it only asks: confirmed(replicas), then the caller closes it or shows the server's answer in place.
class ScaleDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScaleDialog)

public:
    explicit ScaleDialog(const ResourceRef &object, QWidget *parent = nullptr);

    ResourceRef object() const { return m_object; }
    // The current count, once read; -1 with a message when it could not be.
    void setCurrentReplicas(int replicas, const QString &problem = {});
    int replicas() const;
    void setBusy(bool busy);
    void showFailure(const QString &text);

signals:
    void confirmed(int replicas);

private:
    ResourceRef m_object;
    QSpinBox *m_replicas;
    QLabel *m_current;
    QLabel *m_failure;
    QPushButton *m_scale;
    bool m_touched = false; // the person changed the count before the current one arrived: keep theirs
};

} // namespace binnacle
