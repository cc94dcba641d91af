#include "apistatus.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace binnacle {

ApiStatus ApiStatus::fromJson(const QJsonObject &object)
{
    ApiStatus status;
    status.code = object.value(u"code"_s).toInt();
    status.status = object.value(u"status"_s).toString();
    status.reason = object.value(u"reason"_s).toString();
    status.message = object.value(u"message"_s).toString();
    const QJsonObject details = object.value(u"details"_s).toObject();
    status.kind = details.value(u"kind"_s).toString();
    status.name = details.value(u"name"_s).toString();
    status.retryAfterSeconds = details.value(u"retryAfterSeconds"_s).toInt();
    for (const QJsonValue &cause : details.value(u"causes"_s).toArray()) {
        const QJsonObject c = cause.toObject();
        status.causes.append(
            {c.value(u"reason"_s).toString(), c.value(u"message"_s).toString(), c.value(u"field"_s).toString()});
    }
    return status;
}

} // namespace binnacle
