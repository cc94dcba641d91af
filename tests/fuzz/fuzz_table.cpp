// Feeds arbitrary bytes, read as JSON, to the Table parser (meta.k8s.io/v1 Table, what a LIST with
// `as=Table` answers): it accepts exactly the documents whose kind is Table, keeps one column per definition and
// one row per row, and each row's object becomes a cache record.
#include "client/resources/table.h"
#include "fuzzchecks.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>

using namespace Qt::StringLiterals;
using namespace binnacle;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    const Result<Table> table = Table::fromJson(json);
    const bool isTable = json.value(u"kind"_s).toString() == u"Table";
    fuzz::require(table.ok() == isTable, "a Table is accepted, anything else refused");
    if (!table.ok()) {
        (void)table.error().toString();
        return 0;
    }
    fuzz::require(table->columns.size() == json.value(u"columnDefinitions"_s).toArray().size(), "one column each");
    fuzz::require(table->rows.size() == json.value(u"rows"_s).toArray().size(), "one row each");
    for (const TableRow &row : table->rows)
        fuzz::checkRecord(row.object.value(u"metadata"_s).toObject());
    return 0;
}
