#include "executablelocator.h"

#include <QDir>
#include <QFileInfo>
#include <QMutex>
#include <QProcess>
#include <QStandardPaths>
#include <QWaitCondition>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {
// The login shell is asked once per process. Whoever comes while it is being asked waits for its answer: taking
// "asked" for "known" let a second cluster's plugin fail with "not found" while the first was still asking.
enum class LoginShell { NotAsked, Asking, Known };
QMutex loginShellMutex;
QWaitCondition loginShellAnswered;
QStringList loginShellPath;
LoginShell loginShellState = LoginShell::NotAsked;

void appendUnique(QStringList &into, const QStringList &dirs)
{
    for (const QString &dir : dirs) {
        if (!dir.isEmpty() && !into.contains(dir))
            into.append(dir);
    }
}
} // namespace

QStringList ExecutableLocator::searchPath()
{
    QStringList dirs;
    appendUnique(dirs, qEnvironmentVariable("PATH").split(QDir::listSeparator(), Qt::SkipEmptyParts));
    const QString home = QDir::homePath();
    appendUnique(dirs,
                 {home + u"/.local/bin"_s, home + u"/bin"_s, home + u"/go/bin"_s, home + u"/.krew/bin"_s,
                  home + u"/google-cloud-sdk/bin"_s, u"/usr/local/bin"_s, u"/opt/homebrew/bin"_s, u"/snap/bin"_s,
                  u"/usr/bin"_s, u"/bin"_s});
    QMutexLocker lock(&loginShellMutex);
    appendUnique(dirs, loginShellPath);
    return dirs;
}

QString ExecutableLocator::find(const QString &command)
{
    if (command.contains(u'/')) {
        const QFileInfo info(command);
        return info.isFile() && info.isExecutable() ? info.absoluteFilePath() : QString();
    }
    return QStandardPaths::findExecutable(command, searchPath());
}

void ExecutableLocator::learnLoginShellPath(int timeoutMs)
{
    {
        QMutexLocker lock(&loginShellMutex);
        if (loginShellState == LoginShell::Asking) {
            // Someone else is asking: their answer is ours. The asker is bounded by its own timeout.
            while (loginShellState != LoginShell::Known)
                loginShellAnswered.wait(&loginShellMutex);
            return;
        }
        if (loginShellState == LoginShell::Known)
            return;
        loginShellState = LoginShell::Asking;
    }
    const QStringList dirs = askLoginShell(timeoutMs);
    QMutexLocker lock(&loginShellMutex);
    loginShellPath = dirs;
    loginShellState = LoginShell::Known; // even when the shell did not answer: asking again would not help
    loginShellAnswered.wakeAll();
}

QStringList ExecutableLocator::askLoginShell(int timeoutMs)
{
    const QString shell = qEnvironmentVariable("SHELL", u"/bin/sh"_s);
    QProcess process;
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(shell, {u"-l"_s, u"-c"_s, u"printf %s \"$PATH\""_s});
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(500);
        return {};
    }
    return QString::fromLocal8Bit(process.readAllStandardOutput())
        .trimmed()
        .split(QDir::listSeparator(), Qt::SkipEmptyParts);
}

bool ExecutableLocator::loginShellPathKnown()
{
    QMutexLocker lock(&loginShellMutex);
    return loginShellState == LoginShell::Known;
}

} // namespace binnacle
