#pragma once

#include "client/config/kubeconfig.h"
#include "client/core/result.h"

namespace binnacle {

// Where kubeconfigs come from, in kubectl's order of precedence.
struct KubeconfigSources
{
    QString explicitPath; // --kubeconfig FILE: loaded alone, must exist
    QString kubeconfigEnv; // $KUBECONFIG: a ':'-separated list, merged, missing files skipped
    QString homeDir; // ~/.kube/config when neither of the above is set

    static KubeconfigSources fromEnvironment(const QString &explicitPath = {});
};

// Loads and merges kubeconfigs the way kubectl (client-go's clientcmd loading rules) does.
class KubeconfigLoader final
{
public:
    explicit KubeconfigLoader(KubeconfigSources sources);

    // The files Binnacle reads, in precedence order (for messages like "looked in ...").
    QStringList candidatePaths() const;

    // A merged config. When no candidate exists, an empty config with no sourceFiles (not an error, as in kubectl).
    Result<Kubeconfig> load() const;

    // Merges `lower` into `higher`: the first file to define a name wins, and so does its current-context.
    static void mergeInto(Kubeconfig &higher, const Kubeconfig &lower);

private:
    KubeconfigSources m_sources;
};

} // namespace binnacle
