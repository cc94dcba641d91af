#pragma once

#include "client/config/kubeconfig.h"

#include <QWidget>

class QFormLayout;
class QLabel;

namespace binnacle {

// The right-hand details of one kubeconfig context: where it points, who it is, where it was defined.
class ContextSummaryPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ContextSummaryPanel)

public:
    explicit ContextSummaryPanel(QWidget *parent = nullptr);

    void showContext(const Kubeconfig &config, const QString &contextName);
    void clear();

private:
    QLabel *addRow(const QString &label, const QString &objectName);
    static QString describeAuth(const KubeUser *user);

    QLabel *m_heading;
    QFormLayout *m_form;
    QLabel *m_server;
    QLabel *m_cluster;
    QLabel *m_user;
    QLabel *m_auth;
    QLabel *m_namespace;
    QLabel *m_tls;
    QLabel *m_source;
};

} // namespace binnacle
