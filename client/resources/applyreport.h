#pragma once

#include "client/core/error.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace binnacle {

// What happened to one document of a manifest.
struct ApplyOutcome
{
    enum class State {
        NotSent, // never reached the server (an earlier document failed, or it could not be read)
        Checked, // passed the dry run, then nothing was created for real
        Created,
        Failed, // this is the document that stopped the apply: see `error`
        RolledBack, // created, then deleted again because a later document failed
        NotRolledBack, // created, and deleting it again failed: see `rollbackError`; it is still there
    };

    int document = 0; // 1-based
    int line = 0; // where the document starts
    QString kind;
    QString namespaceName;
    QString name; // the created name when the server chose it (generateName)
    State state = State::NotSent;
    std::optional<Error> error; // why this document was refused: parse, mapping or the server's Status
    std::optional<Error> rollbackError;
    QStringList warnings;

    // "ConfigMap shop/settings"
    QString displayName() const;
};

// The outcome of one apply, in file order, and what to tell the user about it.
struct ApplyReport
{
    QList<ApplyOutcome> documents;
    bool created = false; // true when every document was created for real

    QList<const ApplyOutcome *> inState(ApplyOutcome::State state) const;
    const ApplyOutcome *failure() const; // the document that stopped the apply, if any
    // Everything this apply created is gone again (or nothing was created).
    bool leftNothingBehind() const { return !created && inState(ApplyOutcome::State::NotRolledBack).isEmpty(); }

    // What was created, what failed with the server's words, what was rolled back and what could not be.
    QString message() const;
};

} // namespace binnacle
