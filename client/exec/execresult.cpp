#include "execresult.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

// How runtimes word a command that is not there: containerd/runc and kwok ("exec: \"bash\": executable file not
// found in $PATH"), CRI-O and runc for a path ("no such file or directory").
bool saysCommandNotFound(const QString &message)
{
    return message.contains(u"executable file not found"_s) || message.contains(u"no such file or directory"_s)
        || message.contains(u"not found in $PATH"_s);
}

std::optional<int> exitCodeInMessage(const QString &message)
{
    // kwok: "… cmd wait: sh -c exit 3: exit status 3"; dockershim: "command terminated with non-zero exit code: …
    // exit code 3". Only a number at the very end counts: a command line may contain anything.
    static const QRegularExpression pattern(u"(?:exit status|exit code) (\\d{1,3})\\s*$"_s);
    const QRegularExpressionMatch match = pattern.match(message);
    if (!match.hasMatch())
        return std::nullopt;
    return match.captured(1).toInt();
}

QString exitMessage(int code)
{
    return code == 0 ? u"The command exited successfully."_s : u"The command exited with code %1."_s.arg(code);
}

} // namespace

ExecResult ExecResult::fromStatus(QByteArrayView json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (!document.isObject()) {
        // v1-style servers sent plain text on the error channel: keep their words.
        const QString text = QString::fromUtf8(json).trimmed();
        ExecResult result = failure(Error(Error::Kind::Parse,
                                          text.isEmpty() ? u"The server ended the session with an empty status."_s
                                                         : u"The server ended the session: %1"_s.arg(text.left(500))));
        result.commandNotFound = saysCommandNotFound(text);
        return result;
    }
    const ApiStatus status = ApiStatus::fromJson(document.object());
    ExecResult result;
    if (status.status == u"Success") {
        result.exitCode = 0;
        result.message = exitMessage(0);
        return result;
    }
    if (status.reason == u"NonZeroExitCode") {
        for (const StatusCause &cause : status.causes) {
            bool ok = false;
            const int code = cause.message.toInt(&ok);
            if (cause.reason == u"ExitCode" && ok) {
                result.exitCode = code;
                result.message = exitMessage(code);
                return result;
            }
        }
    }
    if (const std::optional<int> code = exitCodeInMessage(status.message)) {
        result.exitCode = *code;
        result.message = exitMessage(*code);
        return result;
    }
    result = failure(Error::api(status));
    result.commandNotFound = saysCommandNotFound(status.message);
    return result;
}

ExecResult ExecResult::failure(Error error)
{
    ExecResult result;
    result.message = error.message();
    result.error = std::move(error);
    return result;
}

} // namespace binnacle
