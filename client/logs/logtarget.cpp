#include "logtarget.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

QString equalities(const QJsonObject &labels)
{
    QStringList parts;
    for (auto it = labels.begin(); it != labels.end(); ++it) // QJsonObject keys are sorted: a stable text
        parts << it.key() + u'=' + it.value().toString();
    return parts.join(u',');
}

} // namespace

bool LogTarget::matches(const ObjectRecord &record) const
{
    if (record.namespaceName != namespaceName)
        return false;
    return isSinglePod() ? record.name == pod : selector.matches(record.labels);
}

LogTarget LogTarget::forPod(const QString &namespaceName, const QString &pod)
{
    LogTarget target;
    target.namespaceName = namespaceName;
    target.pod = pod;
    target.kind = u"Pod"_s;
    target.name = pod;
    return target;
}

Result<LogTarget> LogTarget::forSelector(const QString &namespaceName, const QString &selectorText)
{
    Result<LabelSelector> selector = LabelSelector::parse(selectorText);
    if (!selector)
        return selector.error();
    if (selector->isEmpty())
        return Error(Error::Kind::Parse, u"an empty selector would follow every pod of the namespace"_s);
    LogTarget target;
    target.namespaceName = namespaceName;
    target.selector = std::move(selector.value());
    target.selectorText = selectorText.trimmed();
    return target;
}

Result<QString> LogTarget::selectorTextOf(const QJsonObject &labelSelector)
{
    QStringList parts;
    if (const QString labels = equalities(labelSelector.value(u"matchLabels"_s).toObject()); !labels.isEmpty())
        parts << labels;
    for (const QJsonValue &value : labelSelector.value(u"matchExpressions"_s).toArray()) {
        const QJsonObject expression = value.toObject();
        const QString key = expression.value(u"key"_s).toString();
        const QString op = expression.value(u"operator"_s).toString();
        QStringList values;
        for (const QJsonValue &v : expression.value(u"values"_s).toArray())
            values << v.toString();
        if (op == u"In")
            parts << u"%1 in (%2)"_s.arg(key, values.join(u','));
        else if (op == u"NotIn")
            parts << u"%1 notin (%2)"_s.arg(key, values.join(u','));
        else if (op == u"Exists")
            parts << key;
        else if (op == u"DoesNotExist")
            parts << u'!' + key;
        else
            return Error(Error::Kind::Parse, u"unknown selector operator \"%1\""_s.arg(op));
    }
    return parts.join(u',');
}

Result<LogTarget> LogTarget::forObject(const QString &kind, const QJsonObject &object)
{
    const QJsonObject metadata = object.value(u"metadata"_s).toObject();
    const QString ns = metadata.value(u"namespace"_s).toString();
    const QString name = metadata.value(u"name"_s).toString();
    if (kind == u"Pod")
        return forPod(ns, name);

    const QJsonObject spec = object.value(u"spec"_s).toObject();
    QString text;
    if (kind == u"Service") {
        text = equalities(spec.value(u"selector"_s).toObject());
        if (text.isEmpty())
            return Error(Error::Kind::Parse,
                         u"Service %1 has no selector: its endpoints are not pods it selects"_s.arg(name));
    } else if (kind == u"Deployment" || kind == u"StatefulSet" || kind == u"DaemonSet" || kind == u"Job"
               || kind == u"ReplicaSet") {
        Result<QString> selector = selectorTextOf(spec.value(u"selector"_s).toObject());
        if (!selector)
            return selector.error();
        text = selector.value();
        if (text.isEmpty())
            return Error(Error::Kind::Parse, u"%1 %2 has no pod selector"_s.arg(kind, name));
    } else {
        return Error(Error::Kind::Parse, u"a %1 has no pods to show logs of"_s.arg(kind));
    }
    Result<LogTarget> target = forSelector(ns, text);
    if (target) {
        target->kind = kind;
        target->name = name;
    }
    return target;
}

} // namespace binnacle
