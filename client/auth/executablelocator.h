#pragma once

#include <QStringList>

namespace binnacle {

// Finds credential plugin binaries the way a login shell would. A GUI started from a desktop menu inherits a
// short PATH, without ~/.local/bin, ~/go/bin, ~/.krew/bin or what ~/.profile adds; so the search also covers those
// folders and, once asked for, the PATH a login shell reports.
class ExecutableLocator final
{
public:
    // PATH, then the well-known user folders, then the login shell's PATH when known.
    static QStringList searchPath();
    // An absolute path, or empty when not found. A command with a '/' is taken as a path.
    static QString find(const QString &command);

    // Asks `$SHELL -l` for its PATH (blocking, at most `timeoutMs`); run it off the GUI thread. Thread-safe: the
    // shell is asked once; a call made while another thread is asking waits for that answer.
    static void learnLoginShellPath(int timeoutMs = 3000);
    // True once the login shell has answered (or failed to): searchPath() then includes its PATH.
    static bool loginShellPathKnown();

private:
    static QStringList askLoginShell(int timeoutMs);
};

} // namespace binnacle
