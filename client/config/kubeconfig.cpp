#include "kubeconfig.h"

#include <algorithm>

namespace binnacle {

namespace {
template<typename Entry> const Entry *findByName(const QList<Entry> &entries, const QString &name)
{
    const auto it = std::find_if(entries.cbegin(), entries.cend(), [&](const Entry &e) { return e.name == name; });
    return it == entries.cend() ? nullptr : &*it;
}
} // namespace

const KubeCluster *Kubeconfig::cluster(const QString &name) const
{
    return findByName(clusters, name);
}
const KubeUser *Kubeconfig::user(const QString &name) const
{
    return findByName(users, name);
}
const KubeContext *Kubeconfig::context(const QString &name) const
{
    return findByName(contexts, name);
}

} // namespace binnacle
