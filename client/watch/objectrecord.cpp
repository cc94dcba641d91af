#include "objectrecord.h"

using namespace Qt::StringLiterals;

namespace binnacle {

const OwnerReference *ObjectRecord::controller() const
{
    for (const OwnerReference &owner : owners) {
        if (owner.controller)
            return &owner;
    }
    return owners.isEmpty() ? nullptr : &owners.first();
}

ObjectRecord ObjectRecord::fromMetadata(const QJsonObject &metadata)
{
    ObjectRecord record;
    record.uid = metadata.value(u"uid"_s).toString();
    record.name = metadata.value(u"name"_s).toString();
    record.namespaceName = metadata.value(u"namespace"_s).toString();
    record.resourceVersion = metadata.value(u"resourceVersion"_s).toString();
    record.creationTimestamp = QDateTime::fromString(metadata.value(u"creationTimestamp"_s).toString(), Qt::ISODate);
    record.deleting = metadata.contains(u"deletionTimestamp"_s);
    record.labels = LabelSet::fromJson(metadata.value(u"labels"_s).toObject());
    for (const QJsonValue &value : metadata.value(u"ownerReferences"_s).toArray()) {
        const QJsonObject owner = value.toObject();
        record.owners.append({owner.value(u"uid"_s).toString(), owner.value(u"kind"_s).toString(),
                              owner.value(u"name"_s).toString(), owner.value(u"controller"_s).toBool()});
    }
    return record;
}

} // namespace binnacle
