#pragma once

#include "client/core/result.h"
#include "client/document/keyorder.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>

namespace binnacle {

// One document of a YAML text, as the API server would see it, with what is needed to write it back the same way.
struct YamlDocument
{
    QJsonValue value;
    KeyOrder keyOrder;
    int line = 1; // where the document starts in the text, 1-based
};

// YAML <-> JSON with the semantics of sigs.k8s.io/yaml (go-yaml v2, YAML 1.1), which kubectl and the API machinery
// use, so that a manifest means here what it means to kubectl:
//
//  - Plain scalars resolve as go-yaml v2 resolves them: null, ~, Null, NULL and empty are null; true/false, and YAML
//    1.1's y/n/yes/no/on/off in their three spellings (yes, Yes, YES), are booleans (that is why `value: yes` in an
//    env var is a classic manifest error); integers in decimal, 0x hex, 0o and leading-0 octal, 0b binary, with
//    underscores; floats like 1.5, .5, 1e3 (a number, 1000); timestamps stay strings. Quoted and block scalars (|, >)
//    are always strings.
//  - Integers are kept exactly (as 64-bit integers, not doubles). One that does not fit in 64 bits is an error with
//    its position, where go-yaml would turn it into a lossy float (or an unsigned 64-bit value that JSON consumers
//    round): quoting it keeps it as a string. .inf and .nan are errors, as JSON has no such numbers.
//  - Mapping keys become strings the way sigs.k8s.io/yaml does it (`1: a` has key "1", `yes: a` has key "true");
//    null, mapping and sequence keys are errors. A duplicated key is an error (the server's strict field validation
//    refuses it too), where go-yaml would silently keep the last one.
//  - Anchors and aliases are expanded; merge keys (<<) are supported, explicit keys winning over merged ones.
//  - Unknown tags (!foo) are ignored; !!str, !!int, !!float, !!bool, !!null and !!binary (decoded, as go-yaml does)
//    are honoured.
//
// Errors carry the file name given, and the 1-based line and column.
class YamlConverter final
{
public:
    // The text holds exactly one document (or none: that is null).
    static Result<YamlDocument> parseDocument(const QByteArray &yaml, const QString &fileName = {});

    // Every document of a multi-document text ("---"). Each is parsed on its own, so one broken document does not
    // hide the others and each has its own error. Documents with nothing but comments are left out.
    static QList<Result<YamlDocument>> parseDocuments(const QByteArray &yaml, const QString &fileName = {});

    static Result<QJsonValue> toJson(const QByteArray &yaml, const QString &fileName = {});

    // Block-style YAML that reads back as the same JSON: strings that would read as something else ("1", "true",
    // "yes", "null", "", " padded", "a: b") are quoted, multi-line strings are literal blocks (|). Keys come in the
    // order of `keyOrder`, then in conventional order (see KeyOrder::arrange).
    static QByteArray toYaml(const QJsonValue &value, const KeyOrder &keyOrder = {});
    static QByteArray toYaml(const QList<QJsonValue> &documents);
};

} // namespace binnacle
