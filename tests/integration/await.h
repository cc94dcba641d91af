#pragma once

#include "client/core/result.h"

#include <QObject>
#include <QTest>

#include <optional>

namespace binnacle::testing {

// Runs an asynchronous call and waits (processing events) for its callback: `start(context, callback)`.
template<typename T, typename Start> Result<T> await(Start &&start, int timeoutMs = 30000)
{
    std::optional<Result<T>> outcome;
    QObject context;
    start(&context, [&outcome](const Result<T> &result) { outcome.emplace(result); });
    if (!QTest::qWaitFor([&] { return outcome.has_value(); }, timeoutMs))
        return Error(Error::Kind::Cancelled, QStringLiteral("no answer within %1 ms").arg(timeoutMs));
    return *outcome;
}

} // namespace binnacle::testing
