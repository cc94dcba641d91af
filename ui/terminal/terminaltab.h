#pragma once

#include "client/exec/execresult.h"
#include "models/terminal/shellmemory.h"
#include "ui/dock/docktab.h"

#include <QPointer>
#include <QStringList>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace binnacle {

class ClusterSession;
class ExecSession;
class TerminalView;

// A shell (or a command of the user's) in a pod's container, in the bottom dock: a TerminalView over an
// ExecSession, with the container picker, the command, a find field and the session's state above it. The shell is
// detected (the command that worked last in this workload's container, then bash, then sh) unless the user names
// one. When the session ends the tab says how — the exit code, or the server's reason — in the terminal itself and
// in its status line, and Enter (or Reconnect) starts a new one. Closing a running session asks first.
class TerminalTab final : public DockTab
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalTab)

public:
    struct Target
    {
        QString namespaceName;
        QString pod;
        QString container; // empty: the pod's default container
        QStringList command; // empty: detect a shell
    };

    TerminalTab(ClusterSession *session, Target target, QWidget *parent = nullptr);
    ~TerminalTab() override;

    QString title() const override;
    QString identity() const override; // every terminal is its own tab, several per pod included
    QVariantMap savedState() const override;
    bool confirmClose() override;
    void applyPreferences(const Preferences &preferences) override; // the terminal font and scrollback

    TerminalView *view() const { return m_view; }
    const Target &target() const { return m_target; }
    bool isRunning() const;
    QString statusText() const;
    std::optional<ExecResult> result() const; // how the last session ended
    void reconnect(); // a new session with the picked container and command

signals:
    void sessionStarted();
    void sessionFinished(const binnacle::ExecResult &result);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildControls();
    void start();
    void readPod();
    void onPodRead(const QJsonObject &pod);
    void openSession();
    void onStarted();
    void onFinished(const ExecResult &result);
    void setStatus(const QString &text);
    void writeNotice(const QString &text, bool problem); // a line of the tab's own in the terminal, dimmed or red
    ShellMemory::Key memoryKey() const;

    QPointer<ClusterSession> m_session;
    QString m_context;
    Target m_target;
    int m_serial;
    QString m_workload; // ShellMemory::workloadOf the pod, once read
    ShellMemory m_memory;
    ExecSession *m_exec = nullptr;
    std::optional<ExecResult> m_result;
    QMetaObject::Connection m_waitForSession;
    bool m_podRead = false;

    QComboBox *m_containers;
    QLineEdit *m_command;
    QLineEdit *m_find;
    QPushButton *m_reconnect;
    QLabel *m_status;
    TerminalView *m_view;
};

} // namespace binnacle
