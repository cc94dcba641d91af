// Feeds arbitrary bytes, as an exec plugin's stdout, to the ExecCredential parser for both API versions it asks for:
// it answers with a credential that holds a token or a certificate and key, or with an error; never crashes.
#include "client/auth/execcredentialprovider.h"
#include "fuzzchecks.h"

#include <cstddef>
#include <cstdint>

using namespace Qt::StringLiterals;
using namespace binnacle;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray out(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const QString &apiVersion :
         {u"client.authentication.k8s.io/v1"_s, u"client.authentication.k8s.io/v1beta1"_s}) {
        const Result<ExecCredentialProvider::Credential> credential
            = ExecCredentialProvider::parseOutput(out, apiVersion);
        if (!credential) {
            (void)credential.error().toString();
            continue;
        }
        fuzz::require(!credential->token.isEmpty() || !credential->certificate.isNull(), "a token or a certificate");
        fuzz::require(credential->certificate.isNull() == credential->key.isNull(), "a certificate comes with its key");
    }
    return 0;
}
