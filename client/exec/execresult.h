#pragma once

#include "client/core/error.h"

#include <QByteArrayView>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace binnacle {

// How an exec or attach session ended, from the final Status on the error channel (../shared/PROTOCOL.md) or from a
// failure before or outside it (the upgrade refused, the connection lost).
struct ExecResult
{
    std::optional<int> exitCode; // the command ran and ended with this code
    std::optional<Error> error; // otherwise why not: the server's Status (Error::api) or the transport's failure
    QString message; // in words, for the terminal tab: "exited with code 3", the server's message
    bool commandNotFound = false; // the container has no such command (shell detection tries the next one)
    QStringList triedCommands; // with commandNotFound after shell detection: every command tried, in order

    bool succeeded() const { return exitCode == 0; }

    // Reads the Status the server sends on the error channel before it closes. A real kubelet reports a non-zero
    // exit as reason NonZeroExitCode with an ExitCode cause; kwok (and older runtimes) as a 500 whose message ends
    // in "exit status N" or "exit code N": both give exitCode.
    static ExecResult fromStatus(QByteArrayView json);
    static ExecResult failure(Error error);
};

} // namespace binnacle

Q_DECLARE_METATYPE(binnacle::ExecResult)
