#include "resourceoperations.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {
QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject spec(const QString &field, const QJsonValue &value)
{
    return {{u"spec"_s, QJsonObject {{field, value}}}};
}
} // namespace

QByteArray ResourceOperations::scale(int replicas)
{
    return compact(spec(u"replicas"_s, replicas));
}

QByteArray ResourceOperations::restart(const QDateTime &now)
{
    // kubectl writes time.Now().Format(time.RFC3339): seconds, with the offset; UTC reads the same everywhere.
    const QString stamp = now.toUTC().toString(Qt::ISODate);
    const QJsonObject metadata {{u"annotations"_s, QJsonObject {{QString::fromLatin1(RestartedAtAnnotation), stamp}}}};
    return compact(spec(u"template"_s, QJsonObject {{u"metadata"_s, metadata}}));
}

QByteArray ResourceOperations::suspend(bool suspended)
{
    return compact(spec(u"suspend"_s, suspended));
}

QByteArray ResourceOperations::cordon(bool unschedulable)
{
    // unschedulable is omitempty: kubectl's two-way merge patch of an uncordon deletes it (null).
    return compact(spec(u"unschedulable"_s, unschedulable ? QJsonValue(true) : QJsonValue(QJsonValue::Null)));
}

QJsonObject ResourceOperations::jobFromCronJob(const QJsonObject &cronJob, const QString &suffix)
{
    const QJsonObject cronMetadata = cronJob.value(u"metadata"_s).toObject();
    const QJsonObject jobTemplate = cronJob.value(u"spec"_s).toObject().value(u"jobTemplate"_s).toObject();
    const QJsonObject templateMetadata = jobTemplate.value(u"metadata"_s).toObject();
    const QString cronName = cronMetadata.value(u"name"_s).toString();

    // A Job's name ends up in its pods' job-name label: at most 63 characters.
    const QString tail = u"-manual-"_s + suffix;
    const QString name = cronName.left(63 - int(tail.size())) + tail;

    QJsonObject annotations {{u"cronjob.kubernetes.io/instantiate"_s, u"manual"_s}};
    const QJsonObject templateAnnotations = templateMetadata.value(u"annotations"_s).toObject();
    for (auto it = templateAnnotations.begin(); it != templateAnnotations.end(); ++it)
        annotations.insert(it.key(), it.value());

    QJsonObject metadata {{u"name"_s, name},
                          {u"annotations"_s, annotations},
                          {u"ownerReferences"_s,
                           QJsonArray {QJsonObject {{u"apiVersion"_s, u"batch/v1"_s},
                                                    {u"kind"_s, u"CronJob"_s},
                                                    {u"name"_s, cronName},
                                                    {u"uid"_s, cronMetadata.value(u"uid"_s)},
                                                    {u"controller"_s, true}}}}};
    if (const QString ns = cronMetadata.value(u"namespace"_s).toString(); !ns.isEmpty())
        metadata.insert(u"namespace"_s, ns);
    if (const QJsonObject labels = templateMetadata.value(u"labels"_s).toObject(); !labels.isEmpty())
        metadata.insert(u"labels"_s, labels);
    return {{u"apiVersion"_s, u"batch/v1"_s},
            {u"kind"_s, u"Job"_s},
            {u"metadata"_s, metadata},
            {u"spec"_s, jobTemplate.value(u"spec"_s).toObject()}};
}

QString ResourceOperations::randomSuffix()
{
    // The alphabet of the apiserver's generateName (no vowels, no look-alikes), so names read like generated ones.
    static const QString Alphabet = u"bcdfghjklmnpqrstvwxz2456789"_s;
    QString suffix;
    for (int i = 0; i < 5; ++i)
        suffix += Alphabet.at(int(QRandomGenerator::global()->bounded(qsizetype(Alphabet.size()))));
    return suffix;
}

bool ResourceOperations::isScalable(const ApiResource &resource)
{
    return resource.subresources.contains(u"scale"_s);
}

bool ResourceOperations::isRestartable(const ApiResource &resource)
{
    return resource.group == u"apps"
        && (resource.kind == u"Deployment" || resource.kind == u"StatefulSet" || resource.kind == u"DaemonSet");
}

bool ResourceOperations::isCronJob(const ApiResource &resource)
{
    return resource.group == u"batch" && resource.kind == u"CronJob";
}

bool ResourceOperations::isNode(const ApiResource &resource)
{
    return resource.group.isEmpty() && resource.kind == u"Node";
}

bool ResourceOperations::isNamespace(const ApiResource &resource)
{
    return resource.group.isEmpty() && resource.kind == u"Namespace";
}

} // namespace binnacle
