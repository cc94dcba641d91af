#include "resourceoptions.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace binnacle {

void WriteOptions::addTo(QUrlQuery &query, PatchType *patch) const
{
    if (dryRun)
        query.addQueryItem(u"dryRun"_s, u"All"_s);
    if (!fieldValidation.isEmpty())
        query.addQueryItem(u"fieldValidation"_s, fieldValidation);
    query.addQueryItem(u"fieldManager"_s, fieldManager.isEmpty() ? u"binnacle"_s : fieldManager);
    if (force && patch && *patch == PatchType::Apply)
        query.addQueryItem(u"force"_s, u"true"_s);
}

void ListOptions::addTo(QUrlQuery &query) const
{
    if (!labelSelector.isEmpty())
        query.addQueryItem(u"labelSelector"_s, labelSelector);
    if (!fieldSelector.isEmpty())
        query.addQueryItem(u"fieldSelector"_s, fieldSelector);
    if (limit > 0)
        query.addQueryItem(u"limit"_s, QString::number(limit));
}

QByteArray DeleteOptions::toJson() const
{
    QJsonObject options {{u"kind"_s, u"DeleteOptions"_s}, {u"apiVersion"_s, u"v1"_s}};
    if (!propagationPolicy.isEmpty())
        options.insert(u"propagationPolicy"_s, propagationPolicy);
    QJsonObject preconditions;
    if (!uid.isEmpty())
        preconditions.insert(u"uid"_s, uid);
    if (!resourceVersion.isEmpty())
        preconditions.insert(u"resourceVersion"_s, resourceVersion);
    if (!preconditions.isEmpty())
        options.insert(u"preconditions"_s, preconditions);
    if (dryRun)
        options.insert(u"dryRun"_s, QJsonArray {u"All"_s});
    if (gracePeriodSeconds >= 0)
        options.insert(u"gracePeriodSeconds"_s, gracePeriodSeconds);
    return QJsonDocument(options).toJson(QJsonDocument::Compact);
}

} // namespace binnacle
