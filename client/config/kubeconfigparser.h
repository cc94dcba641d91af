#pragma once

#include "client/config/kubeconfig.h"
#include "client/core/result.h"

namespace binnacle {

// Reads one kubeconfig document. Errors carry the file, the 1-based line and column, and the parser's message.
class KubeconfigParser final
{
public:
    // `fileName` names the source in errors and anchors relative paths (certificates, token files, exec commands).
    static Result<Kubeconfig> parse(const QByteArray &yaml, const QString &fileName);
    static Result<Kubeconfig> parseFile(const QString &fileName);
};

} // namespace binnacle
