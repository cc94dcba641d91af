#include "tlsdiagnosis.h"

#include "client/config/clusterconfig.h"
#include "client/core/displayurl.h"

#include <QSslCertificate>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

bool isChainError(QSslError::SslError error)
{
    switch (error) {
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::CertificateUntrusted:
    case QSslError::CertificateSignatureFailed:
    case QSslError::UnableToDecryptCertificateSignature:
    case QSslError::UnableToDecodeIssuerPublicKey:
    case QSslError::InvalidCaCertificate:
    case QSslError::CertificateRejected:
        return true;
    default:
        return false;
    }
}

QString namesOf(const QSslCertificate &certificate)
{
    QStringList names;
    const auto alternatives = certificate.subjectAlternativeNames();
    for (auto it = alternatives.cbegin(); it != alternatives.cend(); ++it)
        names << it.value();
    if (names.isEmpty())
        names = certificate.subjectInfo(QSslCertificate::CommonName);
    return names.isEmpty() ? u"no name"_s : names.join(u", "_s);
}

QString day(const QDateTime &time)
{
    return time.toUTC().toString(u"d MMM yyyy hh:mm 'UTC'"_s);
}

} // namespace

QString TlsDiagnosis::explain(const QList<QSslError> &errors, const ClusterConfig &config)
{
    QStringList reasons;
    bool chainExplained = false;
    for (const QSslError &error : errors) {
        const QSslCertificate certificate = error.certificate();
        if (isChainError(error.error())) {
            if (std::exchange(chainExplained, true))
                continue;
            const QString issuer = certificate.isNull() ? QString() : certificate.issuerDisplayName();
            const QString by = issuer.isEmpty() ? QString() : u" (issued by \u201c%1\u201d)"_s.arg(issuer);
            reasons << (config.caCertificates.isEmpty()
                            ? u"the server's certificate%1 is not signed by a certificate authority this computer "
                              "trusts: put the cluster's CA into the kubeconfig (certificate-authority-data)"_s.arg(by)
                            : u"the server's certificate%1 is not signed by the certificate-authority the kubeconfig "
                              "trusts for this cluster: get the cluster's current CA from its provider"_s.arg(by));
            continue;
        }
        switch (error.error()) {
        case QSslError::HostNameMismatch: {
            const QString name = config.tlsServerName.isEmpty() ? config.server.host() : config.tlsServerName;
            reasons << u"the server's certificate is for %1, not %2: use a server address the certificate names, "
                       "or set tls-server-name in the kubeconfig"_s.arg(namesOf(certificate), name);
            break;
        }
        case QSslError::CertificateExpired:
            reasons << u"the server's certificate expired on %1: the cluster's certificates need renewing (or this "
                       "computer's clock is wrong)"_s.arg(day(certificate.expiryDate()));
            break;
        case QSslError::CertificateNotYetValid:
            reasons << u"the server's certificate is not valid before %1: check this computer's clock"_s.arg(
                day(certificate.effectiveDate()));
            break;
        default:
            reasons << error.errorString();
        }
    }
    if (reasons.isEmpty())
        reasons << u"the TLS handshake failed"_s;
    return u"TLS with %1 failed: %2."_s.arg(displayUrl(config.server), reasons.join(u"; "_s));
}

QString TlsDiagnosis::refusedClientCertificate(const ClusterConfig &config)
{
    // A server that restarts closes connections too: say both, the refusal being the lasting case.
    return u"%1 closed the connection without answering. When this happens on every try, the server refuses the "
           "client certificate of user %2 (signed by a CA it does not trust, or expired): get a fresh "
           "client-certificate and client-key for the kubeconfig."_s.arg(
               displayUrl(config.server), config.userName.isEmpty() ? u"(unnamed)"_s : config.userName);
}

} // namespace binnacle
