#include "ui/terminal/terminaltab.h"

#include "client/exec/execsession.h"
#include "client/session/clustersession.h"
#include "models/preferences/preferences.h"
#include "models/terminal/terminalsurface.h"
#include "ui/terminal/terminalview.h"
#include "ui/widgets/clearbutton.h"

#include <QComboBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHash>
#include <QJsonArray>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

const QString DefaultContainerAnnotation = u"kubectl.kubernetes.io/default-container"_s;

// The how-many-th terminal on this pod: the second one's title says "2", so that tabs side by side differ.
int nextSerial(const QString &pod)
{
    static QHash<QString, int> opened;
    return ++opened[pod];
}

QString commandText(const QStringList &argv)
{
    QStringList quoted;
    for (const QString &argument : argv)
        quoted << (argument.contains(u' ') ? u'"' + argument + u'"' : argument);
    return quoted.join(u' ');
}

} // namespace

TerminalTab::TerminalTab(ClusterSession *session, Target target, QWidget *parent)
    : DockTab(parent)
    , m_session(session)
    , m_context(session ? session->config().contextName : QString())
    , m_target(std::move(target))
    , m_serial(nextSerial(m_context + u'/' + m_target.namespaceName + u'/' + m_target.pod))
{
    setObjectName(u"terminalTab"_s);
    buildControls();
    m_view->installEventFilter(this);
    connect(m_view->surface(), &TerminalSurface::outputToPty, this, [this](const QByteArray &bytes) {
        if (m_exec)
            m_exec->write(bytes);
    });
    connect(m_view, &TerminalView::sizeChanged, this, [this](int columns, int rows) {
        if (m_exec)
            m_exec->resize(columns, rows);
    });
    start();
}

TerminalTab::~TerminalTab() = default;

void TerminalTab::buildControls()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 0);

    auto *containerLabel = new QLabel(tr("&Container:"), this);
    m_containers = new QComboBox(this);
    m_containers->setObjectName(u"terminalContainer"_s);
    m_containers->setAccessibleName(tr("Container"));
    m_containers->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    containerLabel->setBuddy(m_containers);
    if (!m_target.container.isEmpty())
        m_containers->addItem(m_target.container, m_target.container);
    connect(m_containers, &QComboBox::activated, this, [this] {
        const QString picked = m_containers->currentData().toString();
        if (picked == m_target.container)
            return;
        m_target.container = picked;
        emit titleChanged();
        reconnect(); // the user asked for another container: this session gives way
    });

    auto *commandLabel = new QLabel(tr("Co&mmand:"), this);
    m_command = new QLineEdit(commandText(m_target.command), this);
    m_command->setObjectName(u"terminalCommand"_s);
    m_command->setAccessibleName(tr("Command"));
    m_command->setAccessibleDescription(tr("Empty: a shell is detected. Enter starts a new session with it."));
    ClearButton::enable(m_command, tr("Clear command"));
    commandLabel->setBuddy(m_command);
    connect(m_command, &QLineEdit::returnPressed, this, [this] {
        m_target.command = QProcess::splitCommand(m_command->text());
        reconnect();
    });

    m_reconnect = new QPushButton(tr("&Reconnect"), this);
    m_reconnect->setObjectName(u"terminalReconnect"_s);
    m_reconnect->setAccessibleName(tr("Reconnect"));
    m_reconnect->setToolTip(tr("End this session, if it runs, and start a new one"));
    connect(m_reconnect, &QPushButton::clicked, this, &TerminalTab::reconnect);

    m_find = new QLineEdit(this);
    m_find->setObjectName(u"terminalFind"_s);
    m_find->setAccessibleName(tr("Find in the terminal"));
    m_find->setPlaceholderText(tr("Find (Enter: older, Shift+Enter: newer)"));
    ClearButton::enable(m_find, tr("Clear search"));
    connect(m_find, &QLineEdit::returnPressed, this, [this] {
        const bool newer = QGuiApplication::keyboardModifiers().testFlag(Qt::ShiftModifier);
        if (!m_view->find(m_find->text(), !newer))
            setStatus(tr("“%1” not found").arg(m_find->text()));
    });

    m_status = new QLabel(this);
    m_status->setObjectName(u"terminalStatus"_s);
    m_status->setAccessibleName(tr("Session status"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    bar->addWidget(containerLabel);
    bar->addWidget(m_containers);
    bar->addWidget(commandLabel);
    bar->addWidget(m_command, 1);
    bar->addWidget(m_reconnect);
    bar->addWidget(m_find, 1);
    layout->addLayout(bar);
    layout->addWidget(m_status);

    m_view = new TerminalView(this);
    m_view->setObjectName(u"terminalView"_s);
    m_view->setAccessibleName(tr("Terminal of %1").arg(m_target.pod));
    layout->addWidget(m_view, 1);
    setFocusProxy(m_view);
    setTabOrder(m_view, m_containers);
    setTabOrder(m_containers, m_command);
    setTabOrder(m_command, m_reconnect);
    setTabOrder(m_reconnect, m_find);
}

QString TerminalTab::title() const
{
    QString name = m_target.pod;
    if (!m_target.container.isEmpty() && m_containers->count() > 1)
        name += u':' + m_target.container;
    QString text = tr("Shell Pod/%1 (%2)").arg(name, m_context);
    if (m_serial > 1)
        text += u' ' + QString::number(m_serial);
    return text;
}

QString TerminalTab::identity() const
{
    return u"terminal|"_s + m_context + u'|' + m_target.namespaceName + u'|' + m_target.pod + u'|'
        + QString::number(m_serial);
}

QVariantMap TerminalTab::savedState() const
{
    return {{u"type"_s, u"terminal"_s},
            {u"context"_s, m_context},
            {u"namespace"_s, m_target.namespaceName},
            {u"pod"_s, m_target.pod},
            {u"container"_s, m_target.container},
            {u"command"_s, m_target.command}};
}

bool TerminalTab::confirmClose()
{
    if (!isRunning())
        return true;
    QMessageBox box(QMessageBox::Question, tr("Close the terminal"),
                    tr("The session in %1 is still running. Close the tab and end it?").arg(m_target.pod),
                    QMessageBox::NoButton, this);
    QPushButton *close = box.addButton(tr("&End session"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(close);
    box.exec();
    return box.clickedButton() == close;
}

bool TerminalTab::isRunning() const
{
    return m_exec && m_exec->state() != ExecSession::State::Finished;
}

QString TerminalTab::statusText() const
{
    return m_status->text();
}

std::optional<ExecResult> TerminalTab::result() const
{
    return m_result;
}

void TerminalTab::reconnect()
{
    if (m_exec) {
        m_exec->disconnect(this);
        m_exec->close();
        m_exec->deleteLater();
        m_exec = nullptr;
    }
    m_result.reset();
    start();
}

void TerminalTab::start()
{
    disconnect(m_waitForSession);
    if (!m_session) {
        writeNotice(tr("The cluster %1 is not connected.").arg(m_context), true);
        setStatus(tr("The cluster %1 is not connected.").arg(m_context));
        return;
    }
    if (m_session->state() != ClusterSession::State::Connected) {
        // Restored at start, before the cluster answered: start once it has.
        setStatus(tr("Waiting for %1 to connect…").arg(m_context));
        m_waitForSession = connect(m_session, &ClusterSession::stateChanged, this, [this](ClusterSession::State state) {
            if (state == ClusterSession::State::Connected)
                start();
        });
        return;
    }
    if (m_podRead)
        openSession();
    else
        readPod();
}

void TerminalTab::readPod()
{
    const std::optional<ApiResource> pods = m_session->mapper().find(u"pods"_s);
    if (!pods) {
        openSession();
        return;
    }
    setStatus(tr("Reading pod %1…").arg(m_target.pod));
    m_session->get(*pods, m_target.namespaceName, m_target.pod, this, [this](const Result<ObjectReply> &reply) {
        if (reply) {
            onPodRead(reply->object);
            return;
        }
        if (reply.error().isNotFound()) {
            // A pod that is gone has no shell to give: say so rather than leave an empty terminal.
            const QString message = tr("Cannot open a shell: %1").arg(reply.error().message());
            writeNotice(message, true);
            setStatus(message);
            return;
        }
        // Not allowed to read the pod is not the same as not allowed to exec into it: let the exec answer.
        m_podRead = true;
        openSession();
    });
}

void TerminalTab::onPodRead(const QJsonObject &pod)
{
    m_podRead = true;
    m_workload = ShellMemory::workloadOf(pod);
    const QJsonObject spec = pod.value(u"spec"_s).toObject();
    m_containers->clear();
    for (const QJsonValue &value : spec.value(u"containers"_s).toArray()) {
        const QString name = value.toObject().value(u"name"_s).toString();
        m_containers->addItem(name, name);
    }
    // Init containers that keep running (sidecars) can be shelled into too.
    for (const QJsonValue &value : spec.value(u"initContainers"_s).toArray()) {
        const QString name = value.toObject().value(u"name"_s).toString();
        m_containers->addItem(tr("%1 (init)").arg(name), name);
    }
    if (m_target.container.isEmpty()) {
        const QString preferred = pod.value(u"metadata"_s)
                                      .toObject()
                                      .value(u"annotations"_s)
                                      .toObject()
                                      .value(DefaultContainerAnnotation)
                                      .toString();
        m_target.container = m_containers->findData(preferred) >= 0 ? preferred
            : m_containers->count() > 0                             ? m_containers->itemData(0).toString()
                                                                    : QString();
    }
    if (m_containers->findData(m_target.container) < 0)
        m_containers->addItem(m_target.container, m_target.container);
    m_containers->setCurrentIndex(m_containers->findData(m_target.container));
    m_containers->setEnabled(m_containers->count() > 1);
    emit titleChanged();
    openSession();
}

ShellMemory::Key TerminalTab::memoryKey() const
{
    return {m_context, m_target.namespaceName, m_workload.isEmpty() ? u"Pod/"_s + m_target.pod : m_workload,
            m_target.container};
}

void TerminalTab::openSession()
{
    ExecRequest request = ExecRequest::shell(m_target.namespaceName, m_target.pod, m_target.container);
    if (!m_target.command.isEmpty())
        request.commands = {m_target.command};
    else
        request.commands = ShellMemory::commandsToTry(m_memory.remembered(memoryKey()), ExecRequest::defaultShells());
    QStringList order;
    for (const QStringList &command : std::as_const(request.commands))
        order << commandText(command);
    m_command->setPlaceholderText(tr("Detect: %1").arg(order.join(tr(", then "))));
    request.columns = m_view->columns();
    request.rows = m_view->rows();

    m_view->surface()->feed("\x1b[?25h"); // the cursor an earlier session's end hid
    m_exec = new ExecSession(m_session, request, this);
    connect(m_exec, &ExecSession::output, this,
            [this](const QByteArray &bytes) { m_view->surface()->feedSoon(bytes); }); // a burst parsed as one
    connect(m_exec, &ExecSession::started, this, &TerminalTab::onStarted);
    connect(m_exec, &ExecSession::finished, this, &TerminalTab::onFinished);
    setStatus(tr("Starting %1 in %2/%3…").arg(order.join(tr(" or ")), m_target.pod, m_target.container));
    m_exec->start();
}

void TerminalTab::onStarted()
{
    const QStringList command = m_exec->command();
    m_memory.remember(memoryKey(), command);
    setStatus(tr("Running %1 in %2/%3").arg(commandText(command), m_target.pod, m_target.container));
    if (isVisible())
        m_view->setFocus();
    emit sessionStarted();
}

void TerminalTab::onFinished(const ExecResult &result)
{
    m_result = result;
    const bool problem = !result.exitCode.has_value();
    writeNotice(result.message + u' ' + tr("Press Enter to start a new session."), problem);
    setStatus(result.message);
    emit sessionFinished(result);
}

void TerminalTab::setStatus(const QString &text)
{
    m_status->setText(text);
    m_status->setAccessibleDescription(text);
}

void TerminalTab::writeNotice(const QString &text, bool problem)
{
    // On a line of its own, grey (an exit) or red (a refusal), as a terminal emulator reports its child's end; the
    // cursor goes, as nothing reads what is typed now but Enter.
    m_view->surface()->feed("\r\n" + QByteArray(problem ? "\x1b[1;31m" : "\x1b[90m") + "[" + text.toUtf8()
                            + "]\x1b[0m\r\n\x1b[?25l");
}

bool TerminalTab::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        // Ctrl+Shift+F, as Ctrl+F belongs to the shell (forward a character).
        if (key->keyCombination() == QKeyCombination(Qt::ControlModifier | Qt::ShiftModifier, Qt::Key_F)) {
            m_find->setFocus();
            m_find->selectAll();
            return true;
        }
        if (!isRunning() && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)) {
            reconnect();
            return true;
        }
    }
    return DockTab::eventFilter(watched, event);
}

void TerminalTab::applyPreferences(const Preferences &preferences)
{
    if (m_view->terminalFont() != preferences.terminalFont)
        m_view->setTerminalFont(preferences.terminalFont);
    m_view->surface()->setScrollbackLimit(preferences.terminalScrollbackLines);
}

} // namespace binnacle
