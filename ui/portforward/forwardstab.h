#pragma once

#include "ui/dock/docktab.h"

class QCheckBox;
class QLabel;
class QPushButton;
class QTableView;

namespace binnacle {

class ForwardListModel;

// The port-forward panel: every forward with its target, local address, state, connections, bytes in and out, the
// pod serving it and what went wrong, live; Start, Stop, Remove, Open in the browser, Copy the address, and whether
// it starts automatically. One tab for all forwards (identity "forwards").
class ForwardsTab final : public DockTab
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ForwardsTab)

public:
    explicit ForwardsTab(ForwardListModel *forwards, QWidget *parent = nullptr);

    QString title() const override;
    QString identity() const override { return QStringLiteral("forwards"); }
    QVariantMap savedState() const override;

    QTableView *table() const { return m_table; }
    void selectRow(int row);

private:
    int currentRow() const;
    void updateButtons();
    void openInBrowser(int row);

    ForwardListModel *m_forwards;
    QTableView *m_table;
    QPushButton *m_start;
    QPushButton *m_stop;
    QPushButton *m_remove;
    QPushButton *m_open;
    QPushButton *m_copy;
    QCheckBox *m_autoStart;
    QLabel *m_detail;
};

} // namespace binnacle
