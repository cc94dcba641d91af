#include "table.h"

using namespace Qt::StringLiterals;

namespace binnacle {

Result<Table> Table::fromJson(const QJsonObject &json)
{
    if (json.value(u"kind"_s).toString() != u"Table")
        return Error(Error::Kind::Parse,
                     u"expected a Table, the server sent a %1"_s.arg(json.value(u"kind"_s).toString()));
    Table table;
    for (const QJsonValue &value : json.value(u"columnDefinitions"_s).toArray()) {
        const QJsonObject c = value.toObject();
        table.columns.append({c.value(u"name"_s).toString(), c.value(u"type"_s).toString(),
                              c.value(u"format"_s).toString(), c.value(u"description"_s).toString(),
                              c.value(u"priority"_s).toInt()});
    }
    for (const QJsonValue &value : json.value(u"rows"_s).toArray()) {
        const QJsonObject r = value.toObject();
        table.rows.append({r.value(u"cells"_s).toArray(), r.value(u"object"_s).toObject()});
    }
    const QJsonObject metadata = json.value(u"metadata"_s).toObject();
    table.resourceVersion = metadata.value(u"resourceVersion"_s).toString();
    table.continueToken = metadata.value(u"continue"_s).toString();
    return table;
}

} // namespace binnacle
