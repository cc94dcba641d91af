#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

namespace binnacle {

enum class PatchType {
    Json, // RFC 6902, application/json-patch+json
    Merge, // RFC 7386, application/merge-patch+json
    StrategicMerge, // built-in kinds only (CRDs answer 415)
    Apply, // server-side apply, application/apply-patch+yaml; needs a field manager
};

struct WriteOptions
{
    bool dryRun = false; // dryRun=All: the server validates and admits, stores nothing
    QString fieldValidation; // Strict | Warn | Ignore (server default Warn)
    QString fieldManager; // defaults to "binnacle"
    bool force = false; // server-side apply only
    QString subresource; // patch this subresource of the object ("scale", "status"), not the object itself
    void addTo(QUrlQuery &query, PatchType *patch = nullptr) const;
};

struct ListOptions
{
    QString labelSelector;
    QString fieldSelector;
    int limit = 500; // page size; every page is fetched
    void addTo(QUrlQuery &query) const;
};

struct DeleteOptions
{
    QString propagationPolicy; // Foreground | Background | Orphan
    QString uid; // precondition: delete only this incarnation
    QString resourceVersion; // precondition: delete only if unchanged
    bool dryRun = false;
    int gracePeriodSeconds = -1;
    QByteArray toJson() const;
};

// An object as the server returned it, with any warnings it attached (deprecated APIs, unknown fields).
struct ObjectReply
{
    QJsonObject object;
    QStringList warnings;
};

struct ObjectList
{
    QString kind;
    QString resourceVersion; // of the whole list: where a watch starts
    QList<QJsonObject> items;
    int pages = 0;
    QStringList warnings;
};

} // namespace binnacle
