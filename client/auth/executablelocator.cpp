#include "executablelocator.h"

#include <QDir>
#include <QFileInfo>
#include <QMutex>
#include <QProcess>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {
QMutex loginShellMutex;
QStringList loginShellPath;
bool loginShellAsked = false;

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
        if (loginShellAsked)
            return;
        loginShellAsked = true;
    }
    const QString shell = qEnvironmentVariable("SHELL", u"/bin/sh"_s);
    QProcess process;
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(shell, {u"-l"_s, u"-c"_s, u"printf %s \"$PATH\""_s});
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(500);
        return;
    }
    const QStringList dirs = QString::fromLocal8Bit(process.readAllStandardOutput())
                                 .trimmed()
                                 .split(QDir::listSeparator(), Qt::SkipEmptyParts);
    QMutexLocker lock(&loginShellMutex);
    loginShellPath = dirs;
}

bool ExecutableLocator::loginShellPathKnown()
{
    QMutexLocker lock(&loginShellMutex);
    return loginShellAsked;
}

} // namespace binnacle
