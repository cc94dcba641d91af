#pragma once

#include "client/config/clusterconfig.h"
#include "client/core/error.h"

#include <QWidget>

class QTimer;

namespace binnacle {

class MessagePage;

// The centre of the window while a cluster is not (yet) connected: "connecting", then "no answer yet" when the
// server keeps silent, or why the connection failed, in full, with what to do about it and a Retry button.
// What is wrong is said here, where the person looks, not only in the status bar; other clusters are unaffected.
class ConnectionProblemView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionProblemView)

public:
    // After this long without an answer, "connecting" becomes "no answer yet" (a request itself waits longer).
    static constexpr int NoAnswerMs = 10000;

    explicit ConnectionProblemView(QWidget *parent = nullptr);

    void showConnecting(const ClusterConfig &config);
    void showFailure(const ClusterConfig &config, const Error &error);
    // A context the kubeconfig describes but that cannot be used as it is (no ClusterConfig could be made).
    void showUnusableContext(const QString &context, const Error &error);

    QString context() const { return m_context; }
    bool isFailure() const { return m_failure; }
    QString title() const;
    QString bodyText() const;

signals:
    void retryRequested(const QString &context);

private:
    void showNoAnswerYet();
    void show(const QString &title, const QString &body, bool failure);

    MessagePage *m_page;
    QTimer *m_noAnswer;
    QString m_context;
    ClusterConfig m_config;
    bool m_failure = false;
};

} // namespace binnacle
