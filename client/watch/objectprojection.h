#pragma once

#include <QJsonObject>
#include <QStringList>

namespace binnacle {

// The parts of an object a cache keeps when it needs a few fields of a large kind, not the whole of it: paths in
// dots, arrays walked element by element ("spec.containers.resources" keeps every container's resources, and only
// them). A cache of 10,000 pods reduced to their containers' resources holds a few MB instead of a copy of etcd.
class ObjectProjection final
{
public:
    ObjectProjection() = default; // keeps everything
    explicit ObjectProjection(const QStringList &paths);

    bool keepsEverything() const { return m_paths.isEmpty(); }
    const QStringList &paths() const { return m_paths; }
    QJsonObject apply(const QJsonObject &object) const;

private:
    QStringList m_paths;
    QList<QStringList> m_split;
};

} // namespace binnacle
