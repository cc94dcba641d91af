#pragma once

#include "client/core/error.h"
#include "client/resources/resourceoptions.h"
#include "models/edit/objectedit.h"
#include "models/edit/textdiff.h"

#include <optional>

namespace binnacle {

// What one state of an editor's text means: whether it parses, whether it still names the object, what request
// would carry it and the diff against the text the editor opened with. A value computed off the GUI thread (a
// 20,000-line object takes tens of milliseconds) and handed back whole.
struct EditAnalysis
{
    QByteArray text; // what was analysed
    std::optional<Error> error; // the text does not parse (line and column set)
    ObjectEdit::Parsed parsed;
    bool unchanged = false; // the text means exactly the base object
    PatchType type = PatchType::Json;
    QByteArray body; // the request body for `type`
    QString bodyText; // the same, readable (indented JSON, or the YAML of a server-side apply)
    QString bodyLabel; // "JSON Patch (3 operations)"
    TextDiff diff; // opening text → text, when asked for

    bool canApply() const { return !error && parsed.identityChanges.isEmpty() && !unchanged; }

    static EditAnalysis run(const ObjectEdit &edit, const QByteArray &openingText, const QByteArray &text,
                            PatchType type, bool withDiff);
};

} // namespace binnacle
