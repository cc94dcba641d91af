#pragma once

#include <QObject>

namespace binnacle {

class BottomDock;
class ForwardListModel;
class ForwardsTab;
struct ResourceRef;

// Port-forwards in the dock: `f` ("Forward…") on a pod, Service or workload asks which port (ForwardDialog, with the
// ports its spec declares) and starts it in the list; the panel (ForwardsTab, the "forwards" factory) shows them all.
class ForwardWorkspace final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ForwardWorkspace)

public:
    // `forwards` and `window` (the dialogs' parent) must outlive this object.
    ForwardWorkspace(BottomDock *dock, ForwardListModel *forwards, QWidget *window, QObject *parent = nullptr);

    // Reads the object (its ports), then asks; the forward starts when the dialog's Start works.
    void requestForward(const ResourceRef &object);
    ForwardsTab *showPanel(int selectRow = -1);

signals:
    void message(const QString &text); // for the status bar

private:
    BottomDock *m_dock;
    ForwardListModel *m_forwards;
    QWidget *m_window;
};

} // namespace binnacle
