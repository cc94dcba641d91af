#pragma once

#include "apistatus.h"

#include <QString>
#include <QStringList>

namespace binnacle {

// A failure as a value. It says what went wrong in words a user can act on, where it happened
// (a file and line for configuration, the server's Status for API calls) and which kind of failure it is.
class Error
{
public:
    enum class Kind {
        Config, // a kubeconfig (or other local file) is missing or malformed
        Network, // could not reach the server
        Tls, // the server's certificate or our client certificate was refused
        Auth, // credentials could not be obtained (exec plugin, token file, ...)
        Api, // the server answered with a Status
        Parse, // the server answered with something we could not read
        Cancelled,
    };

    Error() = default;
    Error(Kind kind, QString message)
        : m_kind(kind)
        , m_message(std::move(message))
    { }

    static Error config(QString message, QString file = {}, int line = -1, int column = -1);
    static Error api(ApiStatus status);

    Kind kind() const { return m_kind; }
    QString message() const { return m_message; }
    QString file() const { return m_file; }
    int line() const { return m_line; } // 1-based, -1 when unknown
    int column() const { return m_column; } // 1-based, -1 when unknown
    const ApiStatus &status() const { return m_status; }

    // "file:line:column: message" for configuration errors, the plain message otherwise.
    QString toString() const;

    bool isNotFound() const { return hasReason(u"NotFound", 404); }
    bool isConflict() const { return hasReason(u"Conflict", 409); }
    bool isForbidden() const { return hasReason(u"Forbidden", 403); }
    bool isGone() const { return hasReason(u"Gone", 410) || hasReason(u"Expired", 410); }
    bool isInvalid() const { return hasReason(u"Invalid", 422); }
    bool isUnauthorized() const { return hasReason(u"Unauthorized", 401); }

private:
    bool hasReason(QStringView reason, int code) const
    {
        return m_kind == Kind::Api
            && (m_status.reason == reason || (m_status.reason.isEmpty() && m_status.code == code));
    }

    Kind m_kind = Kind::Config;
    QString m_message;
    QString m_file;
    int m_line = -1;
    int m_column = -1;
    ApiStatus m_status;
};

} // namespace binnacle
