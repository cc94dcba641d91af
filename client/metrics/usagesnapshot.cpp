#include "usagesnapshot.h"

#include "quantity.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

Usage usageOf(const QJsonObject &usage)
{
    return Usage {Quantity::parse(usage.value(u"cpu"_s).toString()).value_or(0),
                  Quantity::parse(usage.value(u"memory"_s).toString()).value_or(0)};
}

} // namespace

UsageSnapshot UsageSnapshot::fromItems(Kind kind, const QList<QJsonObject> &items)
{
    UsageSnapshot snapshot;
    snapshot.kind = kind;
    snapshot.objects.reserve(items.size());
    for (const QJsonObject &item : items) {
        const QJsonObject metadata = item.value(u"metadata"_s).toObject();
        const QString name = metadata.value(u"name"_s).toString();
        if (name.isEmpty())
            continue;
        Usage total;
        if (kind == Kind::Nodes) {
            total = usageOf(item.value(u"usage"_s).toObject());
        } else {
            // A pod's usage is its containers' sum, as `kubectl top pod` prints it.
            for (const QJsonValue &container : item.value(u"containers"_s).toArray()) {
                const Usage one = usageOf(container.toObject().value(u"usage"_s).toObject());
                total.cpuCores += one.cpuCores;
                total.memoryBytes += one.memoryBytes;
            }
        }
        const QString ns = metadata.value(u"namespace"_s).toString();
        snapshot.objects.insert(ns.isEmpty() ? name : ns + u'/' + name, total);
    }
    return snapshot;
}

bool UsageSnapshot::covers(const QString &key) const
{
    if (kind == Kind::Nodes || namespaces.isEmpty())
        return true;
    const qsizetype slash = key.indexOf(u'/');
    return slash > 0 && namespaces.contains(QStringView(key).first(slash));
}

} // namespace binnacle
