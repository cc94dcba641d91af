// Feeds arbitrary bytes to the kubeconfig parser: whatever the text, it must answer with a Kubeconfig or an Error,
// never crash, hang or leak.
#include "client/config/kubeconfigparser.h"

#include <cstddef>
#include <cstdint>

using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray yaml(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto result = binnacle::KubeconfigParser::parse(yaml, u"/nonexistent/fuzz/kubeconfig"_s);
    if (!result.ok())
        (void)result.error().toString();
    return 0;
}
