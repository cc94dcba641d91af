#include "objectprojection.h"

#include <QJsonArray>

namespace binnacle {

namespace {

QJsonValue project(const QJsonValue &value, const QList<QStringList> &paths);

QJsonObject projectObject(const QJsonObject &object, const QList<QStringList> &paths)
{
    QJsonObject kept;
    QStringList heads;
    for (const QStringList &path : paths) {
        if (!heads.contains(path.first()))
            heads << path.first();
    }
    for (const QString &head : heads) {
        const auto found = object.constFind(head);
        if (found == object.constEnd())
            continue;
        QList<QStringList> tails;
        bool whole = false;
        for (const QStringList &path : paths) {
            if (path.first() != head)
                continue;
            whole = whole || path.size() == 1;
            tails << path.mid(1);
        }
        if (whole) {
            kept.insert(head, *found);
        } else if (const QJsonValue part = project(*found, tails);
                   !part.isUndefined() && !(part.isObject() && part.toObject().isEmpty())) {
            kept.insert(head, part); // a field none of whose parts lie on the paths is left out
        }
    }
    return kept;
}

// Undefined: nothing of `value` lies on the paths.
QJsonValue project(const QJsonValue &value, const QList<QStringList> &paths)
{
    if (value.isObject())
        return projectObject(value.toObject(), paths);
    if (value.isArray()) {
        QJsonArray kept;
        for (const QJsonValue &element : value.toArray())
            kept.append(element.isObject() || element.isArray() ? project(element, paths) : QJsonValue());
        return kept;
    }
    return QJsonValue(QJsonValue::Undefined); // a scalar has no fields to walk into
}

} // namespace

ObjectProjection::ObjectProjection(const QStringList &paths)
    : m_paths(paths)
{
    for (const QString &path : paths)
        m_split << path.split(u'.', Qt::SkipEmptyParts);
    m_split.removeIf([](const QStringList &path) { return path.isEmpty(); });
}

QJsonObject ObjectProjection::apply(const QJsonObject &object) const
{
    if (m_split.isEmpty())
        return object;
    return projectObject(object, m_split);
}

} // namespace binnacle
