#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace binnacle {

// A change the user made to `base` while someone else changed it to `live`: what each side touched, whether they
// collide, and, when they do not, the user's change re-based onto live.
//
// Paths are JSON Pointers. Two changes collide when one path equals or contains the other and the results differ;
// inside an array, a change of the array's length on one side (an element added or removed) collides with any
// change in that array on the other, since indices no longer mean the same element. Server bookkeeping that moves
// on every write (metadata.resourceVersion, managedFields, generation) and status are not "their" changes.
class ThreeWayMerge final
{
public:
    struct Outcome
    {
        QStringList mine; // what the user changed, base → mine
        QStringList theirs; // what changed on the server, base → live
        QStringList collisions; // paths changed on both sides incompatibly (of `mine`), sorted
        // When nothing collides: live with the user's operations applied, and the JSON Patch (with a test of live's
        // resourceVersion first) that turns live into it (empty when live already is what the user wanted).
        std::optional<QJsonObject> rebased;
        QJsonArray rebasedPatch;

        bool canRebase() const { return rebased.has_value(); }
    };

    static Outcome merge(const QJsonObject &base, const QJsonObject &mine, const QJsonObject &live);
};

} // namespace binnacle
