#pragma once

#include "client/config/clusterconfig.h"
#include "client/transport/requestdecorator.h"

#include <QDateTime>

namespace binnacle {

// `User-Agent: binnacle/<version>`, so server logs and audit entries name us.
class UserAgentDecorator final : public RequestDecorator
{
public:
    void decorate(QNetworkRequest &request) override;
};

// `Authorization: Bearer`, from the kubeconfig's token or its tokenFile (re-read when the file changes).
class BearerTokenDecorator final : public RequestDecorator
{
public:
    BearerTokenDecorator(QString token, QString tokenFile);
    void decorate(QNetworkRequest &request) override;

private:
    QString currentToken();

    QString m_token;
    QString m_tokenFile;
    QDateTime m_fileModified;
};

class BasicAuthDecorator final : public RequestDecorator
{
public:
    BasicAuthDecorator(const QString &username, const QString &password);
    void decorate(QNetworkRequest &request) override;

private:
    QByteArray m_header;
};

// Impersonate-User / -Group / -Uid. Qt 6.4 sends one value per header name, so at most one group can be sent:
// ClusterConfig refuses a context with more (sending fewer groups than asked would act as another identity).
class ImpersonationDecorator final : public RequestDecorator
{
public:
    explicit ImpersonationDecorator(Impersonation impersonation);
    void decorate(QNetworkRequest &request) override;

private:
    Impersonation m_impersonation;
};

} // namespace binnacle
