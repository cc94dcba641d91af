#pragma once

#include "client/core/result.h"

#include <QJsonArray>
#include <QJsonValue>

namespace binnacle {

// RFC 6902 JSON Patch: computes the operations that turn one document into another, and applies them.
class JsonPatch final
{
public:
    // kube-apiserver refuses a JSON Patch with more operations than this; past it, send a merge patch or a PUT.
    static constexpr qsizetype MaxServerOperations = 10000;

    enum class Precondition {
        None,
        // Start with {"op":"test","path":"/metadata/resourceVersion","value":<from's>}, so that the server refuses
        // the patch (422 Invalid) when someone else changed the object since `from` was read. Nothing is added when
        // `from` has no resourceVersion.
        ResourceVersion,
    };

    // Operations (add, remove, replace) that turn `from` into `to` when applied in order. Objects are compared member
    // by member; arrays keep their common prefix and suffix and align the middle on a longest common subsequence,
    // so an insertion or removal anywhere costs one operation and a changed element is patched in place.
    static QJsonArray diff(const QJsonValue &from, const QJsonValue &to,
                           Precondition precondition = Precondition::None);

    // Applies all six operations (add, remove, replace, move, copy, test) in order. Fails on the first operation that
    // is malformed, names a missing location or whose test does not match; the error says which one.
    static Result<QJsonValue> apply(const QJsonValue &document, const QJsonArray &patch);

    static qsizetype operationCount(const QJsonArray &patch) { return patch.size(); }
    static bool fitsServerLimit(const QJsonArray &patch) { return patch.size() <= MaxServerOperations; }
};

} // namespace binnacle
