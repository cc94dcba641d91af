#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace binnacle {

// One entry of metav1.Status.details.causes: which field failed and why.
struct StatusCause
{
    QString reason;
    QString message;
    QString field;
};

// The server's own account of a failure (metav1.Status), kept whole so the user sees the server's words.
struct ApiStatus
{
    int code = 0;
    QString status; // "Failure" or "Success"
    QString reason; // NotFound, Conflict, Forbidden, Expired, Invalid, ...
    QString message;
    QString kind; // details.kind
    QString name; // details.name
    QList<StatusCause> causes;
    int retryAfterSeconds = 0;

    static ApiStatus fromJson(const QJsonObject &object);
    bool isEmpty() const { return code == 0 && reason.isEmpty() && message.isEmpty(); }
};

} // namespace binnacle
