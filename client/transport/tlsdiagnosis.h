#pragma once

#include <QList>
#include <QSslError>
#include <QString>

namespace binnacle {

struct ClusterConfig;

// Why a TLS connection to a cluster failed, in words that say what to fix: which CA signed the server's certificate
// when the kubeconfig trusts another, which names the certificate is for, when it expired; or that the server closed
// the connection before answering, which is how a server refuses a client certificate under TLS 1.3.
class TlsDiagnosis final
{
public:
    static QString explain(const QList<QSslError> &errors, const ClusterConfig &config);
    static QString refusedClientCertificate(const ClusterConfig &config);
};

} // namespace binnacle
