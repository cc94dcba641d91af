#pragma once
// Checks the fuzz targets share: what the parsers make of server JSON must be internally consistent. A broken
// invariant aborts, so libFuzzer saves the input as a crash.
#include "client/watch/objectrecord.h"

#include <QJsonObject>

#include <cstdio>
#include <cstdlib>

namespace binnacle::fuzz {

[[noreturn]] inline void fail(const char *what)
{
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
}

inline void require(bool condition, const char *what)
{
    if (!condition)
        fail(what);
}

// An object's metadata becomes a cache record: every label the server sent is found with its value, the set is
// sorted and unique (lookups are binary searches), and a record's key is never ambiguous about its namespace.
inline void checkRecord(const QJsonObject &metadata)
{
    const ObjectRecord record = ObjectRecord::fromMetadata(metadata);
    const QJsonObject labels = metadata.value(u"labels").toObject();
    require(record.labels.size() == labels.size(), "one label per JSON key");
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        const QString *value = record.labels.find(it.key());
        require(value && *value == it.value().toString(), "every label is found with its value");
    }
    const LabelSet::Label *previous = nullptr;
    for (const LabelSet::Label &label : record.labels) {
        require(!previous || previous->first < label.first, "labels sorted by key, keys unique");
        previous = &label;
    }
    require(record.owners.size() == metadata.value(u"ownerReferences").toArray().size(), "one owner per reference");
    if (!record.namespaceName.isEmpty())
        require(record.key().startsWith(record.namespaceName + u'/'), "a namespaced key starts with its namespace");
    (void)record.controller();
}

} // namespace binnacle::fuzz
