#include "paletteentries.h"

#include "models/common/kindicon.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace binnacle {

QList<CommandPalette::Entry> paletteEntries(const QList<ApiResource> &resources, const QList<KubeContext> &contexts)
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("MainWindow", text); };
    QList<CommandPalette::Entry> entries;
    for (const ApiResource &resource : resources) {
        if (!resource.isWatchable())
            continue;
        QStringList keys {resource.resource, resource.singular, resource.kind, resource.qualifiedName()};
        keys += resource.shortNames;
        const QString shortNames
            = resource.shortNames.isEmpty() ? QString() : u"  ("_s + resource.shortNames.join(u", "_s) + u')';
        entries.append({resource.kind + shortNames + u"  — "_s + resource.groupVersion(), keys,
                        u"kind:"_s + resource.qualifiedName(), KindIcon::forKind(resource.kind, resource.group)});
    }
    for (const KubeContext &context : contexts)
        entries.append(
            {tr("Cluster: %1").arg(context.name), {context.name, u"context"_s}, u"context:"_s + context.name});
    entries.append({tr("Reload kubeconfig"), {u"reload"_s}, u"action:reload"_s});
    entries.append({tr("Workloads overview"), {u"overview"_s, u"workloads"_s}, u"action:overview"_s});
    return entries;
}

} // namespace binnacle
