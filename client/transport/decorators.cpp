#include "decorators.h"

#include <QFile>
#include <QFileInfo>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace binnacle {

void UserAgentDecorator::decorate(QNetworkRequest &request)
{
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArray("binnacle/" BINNACLE_VERSION));
}

BearerTokenDecorator::BearerTokenDecorator(QString token, QString tokenFile)
    : m_token(std::move(token))
    , m_tokenFile(std::move(tokenFile))
{ }

QString BearerTokenDecorator::currentToken()
{
    // tokenFile beats token; a rotated file (projected service account tokens) is picked up on the next request.
    if (m_tokenFile.isEmpty())
        return m_token;
    const QDateTime modified = QFileInfo(m_tokenFile).lastModified();
    if (modified != m_fileModified) {
        QFile file(m_tokenFile);
        if (file.open(QIODevice::ReadOnly)) {
            m_token = QString::fromUtf8(file.readAll()).trimmed();
            m_fileModified = modified;
        }
    }
    return m_token;
}

void BearerTokenDecorator::decorate(QNetworkRequest &request)
{
    const QString token = currentToken();
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
}

BasicAuthDecorator::BasicAuthDecorator(const QString &username, const QString &password)
    : m_header("Basic " + (username + u':' + password).toUtf8().toBase64())
{ }

void BasicAuthDecorator::decorate(QNetworkRequest &request)
{
    request.setRawHeader("Authorization", m_header);
}

ImpersonationDecorator::ImpersonationDecorator(Impersonation impersonation)
    : m_impersonation(std::move(impersonation))
{ }

void ImpersonationDecorator::decorate(QNetworkRequest &request)
{
    if (!m_impersonation.user.isEmpty())
        request.setRawHeader("Impersonate-User", m_impersonation.user.toUtf8());
    Q_ASSERT(m_impersonation.groups.size() <= 1); // refused by ClusterConfig::fromKubeconfig
    if (!m_impersonation.groups.isEmpty())
        request.setRawHeader("Impersonate-Group", m_impersonation.groups.first().toUtf8());
    if (!m_impersonation.uid.isEmpty())
        request.setRawHeader("Impersonate-Uid", m_impersonation.uid.toUtf8());
}

} // namespace binnacle
