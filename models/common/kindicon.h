#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

namespace binnacle::KindIcon {

// What a kind's icon shows: the family's colour (workloads, network, configuration, storage, access, cluster, or a
// custom resource) and one to three letters, in the manner of the community Kubernetes icons ("pod", "deploy",
// "svc"), drawn at any size rather than shipped as files.
struct Style
{
    QString letters;
    QColor colour; // white letters on it read at 4.5:1 or better
    QString family; // "Workloads", "Network", …: also the icon's accessible description
};

Style styleOf(const QString &kind, const QString &group = {});
// A built-in kind as its API names it, from how titles write it ("deployment", "Pods" → "Deployment", "Pod"); any
// other name as it is.
QString canonicalKind(const QString &name);
// A heptagon in the family's colour with the kind's letters; the same QIcon for the same kind (GUI thread only).
QIcon forKind(const QString &kind, const QString &group = {});

} // namespace binnacle::KindIcon
