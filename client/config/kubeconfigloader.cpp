#include "kubeconfigloader.h"

#include "client/config/kubeconfigparser.h"

#include <QDir>
#include <QFileInfo>
#include <QProcessEnvironment>

using namespace Qt::StringLiterals;

namespace binnacle {

KubeconfigSources KubeconfigSources::fromEnvironment(const QString &explicitPath)
{
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    return {explicitPath, env.value(u"KUBECONFIG"_s), QDir::homePath()};
}

KubeconfigLoader::KubeconfigLoader(KubeconfigSources sources)
    : m_sources(std::move(sources))
{ }

QStringList KubeconfigLoader::candidatePaths() const
{
    if (!m_sources.explicitPath.isEmpty())
        return {QFileInfo(m_sources.explicitPath).absoluteFilePath()};
    QStringList paths;
    for (const QString &entry : m_sources.kubeconfigEnv.split(QDir::listSeparator(), Qt::SkipEmptyParts)) {
        const QString path = QFileInfo(entry).absoluteFilePath();
        if (!paths.contains(path))
            paths.append(path);
    }
    if (paths.isEmpty())
        paths.append(QDir(m_sources.homeDir).filePath(u".kube/config"_s));
    return paths;
}

Result<Kubeconfig> KubeconfigLoader::load() const
{
    const QStringList paths = candidatePaths();
    if (!m_sources.explicitPath.isEmpty() && !QFileInfo::exists(paths.first()))
        return Error::config(u"the kubeconfig given with --kubeconfig does not exist"_s, paths.first());

    Kubeconfig merged;
    for (const QString &path : paths) {
        if (!QFileInfo::exists(path))
            continue;
        Result<Kubeconfig> file = KubeconfigParser::parseFile(path);
        if (!file)
            return file.error();
        mergeInto(merged, file.value());
    }
    return merged;
}

namespace {
template<typename Entry> void appendNew(QList<Entry> &into, const QList<Entry> &from)
{
    for (const Entry &entry : from) {
        const bool known
            = std::any_of(into.cbegin(), into.cend(), [&](const Entry &e) { return e.name == entry.name; });
        if (!known)
            into.append(entry);
    }
}
} // namespace

void KubeconfigLoader::mergeInto(Kubeconfig &higher, const Kubeconfig &lower)
{
    appendNew(higher.clusters, lower.clusters);
    appendNew(higher.users, lower.users);
    appendNew(higher.contexts, lower.contexts);
    if (higher.currentContext.isEmpty())
        higher.currentContext = lower.currentContext;
    higher.sourceFiles += lower.sourceFiles;
}

} // namespace binnacle
