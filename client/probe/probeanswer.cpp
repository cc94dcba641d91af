#include "client/probe/probeanswer.h"

using namespace Qt::StringLiterals;

namespace binnacle {

bool ProbeAnswer::failed() const
{
    return !error.isEmpty() || statusCode <= 0 || statusCode >= 500;
}

QString ProbeAnswer::failureReason() const
{
    if (!error.isEmpty())
        return error;
    if (statusCode >= 500)
        return u"HTTP "_s + QString::number(statusCode);
    if (statusCode <= 0)
        return u"No answer"_s;
    return {};
}

} // namespace binnacle
