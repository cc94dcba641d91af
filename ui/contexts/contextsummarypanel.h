#pragma once

#include "client/config/kubeconfig.h"

#include <QPointer>
#include <QWidget>

class QFormLayout;
class QLabel;
class QVBoxLayout;

namespace binnacle {

class ClusterSession;
class ClusterUsageView;

// The right-hand details of one kubeconfig context: where it points, who it is, where it was defined.
class ContextSummaryPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ContextSummaryPanel)

public:
    explicit ContextSummaryPanel(QWidget *parent = nullptr);

    // `connected`: a session to it is up, so its certificate was checked (TLS says "verified" only then).
    void showContext(const Kubeconfig &config, const QString &contextName, bool connected = false);
    void clear();
    QString contextName() const { return m_contextName; }
    // The cluster's usage at a glance below the context (ClusterUsageView), for a connected session; null removes it.
    void showUsage(ClusterSession *session);
    ClusterUsageView *usageView() const { return m_usage; }

private:
    QLabel *addRow(const QString &label, const QString &objectName);
    // The value, and "Label: value" as its accessible name, so that a screen reader reads both.
    static void setValue(QLabel *value, const QString &text);
    static QString describeAuth(const KubeUser *user);

    QString m_contextName;
    QLabel *m_heading;
    QFormLayout *m_form;
    QLabel *m_server;
    QLabel *m_cluster;
    QLabel *m_user;
    QLabel *m_auth;
    QLabel *m_namespace;
    QLabel *m_tls;
    QLabel *m_source;
    QVBoxLayout *m_layout;
    ClusterUsageView *m_usage = nullptr;
    QPointer<ClusterSession> m_usageSession; // whose usage m_usage shows
};

} // namespace binnacle
