#pragma once

#include "client/core/result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace binnacle {

// The server's own columns for a kind (meta.k8s.io/v1 Table): what `kubectl get` prints, CRDs included.
struct TableColumn
{
    QString name;
    QString type; // string, integer, number, boolean, date
    QString format; // "name" marks the name column
    QString description;
    int priority = 0; // 0: default view; higher: wide
};

struct TableRow
{
    QJsonArray cells;
    QJsonObject object; // PartialObjectMetadata (includeObject=Metadata) or the full object
};

struct Table
{
    QList<TableColumn> columns;
    QList<TableRow> rows;
    QString resourceVersion;
    QString continueToken;

    static Result<Table> fromJson(const QJsonObject &json);
};

} // namespace binnacle
