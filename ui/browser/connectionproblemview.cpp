#include "connectionproblemview.h"

#include "client/core/displayurl.h"
#include "ui/widgets/messagepage.h"

#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

QString html(const QString &text)
{
    return text.toHtmlEscaped();
}

QString userOf(const ClusterConfig &config)
{
    return config.userName.isEmpty() ? ConnectionProblemView::tr("this context's user") : config.userName;
}

// What the credentials of this context are, to say which of them the server refused.
QString refusedCredentials(const ClusterConfig &config)
{
    const QString user = html(userOf(config));
    if (config.exec)
        return ConnectionProblemView::tr(
                   "The credential that <code>%1</code> (the exec plugin of <b>%2</b>) returned was refused, also "
                   "after running it again. Log in again with the tool that wrote this kubeconfig.")
            .arg(html(config.exec->command), user);
    if (!config.token.isEmpty() || !config.tokenFile.isEmpty())
        return ConnectionProblemView::tr(
                   "The bearer token of <b>%1</b> is wrong, expired or revoked. Get a new token and put it into "
                   "the kubeconfig.")
            .arg(user);
    if (!config.clientCertificate.isNull())
        return ConnectionProblemView::tr(
                   "The client certificate of <b>%1</b> (\u201c%2\u201d, valid until %3) is not signed by a CA the "
                   "cluster trusts, or has expired. Get a fresh client-certificate and client-key.")
            .arg(user, html(config.clientCertificate.subjectDisplayName()),
                 config.clientCertificate.expiryDate().toUTC().toString(u"d MMM yyyy"_s));
    if (!config.username.isEmpty())
        return ConnectionProblemView::tr("The user name and password of <b>%1</b> were refused.").arg(user);
    return ConnectionProblemView::tr(
               "The kubeconfig gives <b>%1</b> no credentials (no token, client certificate or exec plugin), so "
               "Binnacle asked as an anonymous user.")
        .arg(user);
}

struct Explanation
{
    QString title;
    QString advice; // rich text
};

Explanation explain(const ClusterConfig &config, const Error &error)
{
    using V = ConnectionProblemView;
    const QString server = html(displayUrl(config.server));
    switch (error.kind()) {
    case Error::Kind::Tls:
        return {V::tr("The secure connection to %1 failed").arg(config.contextName),
                V::tr("Binnacle sends nothing to a server whose certificate it cannot verify. Compare the "
                      "kubeconfig's <code>server</code>, <code>certificate-authority</code> and "
                      "<code>tls-server-name</code> with what the cluster's provider gives you now.")};
    case Error::Kind::Network:
        return {V::tr("Cannot reach %1").arg(config.contextName),
                V::tr("Check that the cluster at <code>%1</code> is running and reachable from this computer "
                      "(a VPN, the kubeconfig's <code>proxy-url</code>, a firewall).")
                    .arg(server)};
    case Error::Kind::Parse:
        return {V::tr("%1 did not answer like a Kubernetes API server").arg(config.contextName),
                V::tr("Something else answers at <code>%1</code>: a login page, a proxy, or another service. "
                      "Check the kubeconfig's <code>server</code> and <code>proxy-url</code>; if a login is needed "
                      "first, the cluster's provider has a kubeconfig with an exec plugin for it.")
                    .arg(server)};
    case Error::Kind::Auth:
        return {V::tr("No credentials for %1").arg(config.contextName),
                V::tr("Binnacle could not obtain the credentials of <b>%1</b>. Run the command by hand to see what "
                      "it needs (a login, a missing tool on PATH).")
                    .arg(html(userOf(config)))};
    case Error::Kind::Config:
        return {V::tr("%1 cannot be used").arg(config.contextName),
                V::tr("Fix the kubeconfig: Binnacle reads it again when it changes.")};
    case Error::Kind::Cancelled:
        return {V::tr("Connecting to %1 was cancelled").arg(config.contextName), {}};
    case Error::Kind::Api:
        break;
    }
    const int code = error.status().code;
    if (error.isUnauthorized())
        return {V::tr("%1 did not accept your credentials").arg(config.contextName), refusedCredentials(config)};
    if (error.isForbidden())
        return {V::tr("%1 forbids %2 to read its API").arg(config.contextName, userOf(config)),
                V::tr("The server knows who you are but lets <b>%1</b> read not even the list of its APIs. Ask the "
                      "cluster's administrator for access (for example the <code>view</code> ClusterRole).")
                    .arg(html(userOf(config)))};
    if (code >= 500)
        return {V::tr("%1 failed to answer (%2)").arg(config.contextName).arg(code),
                V::tr("The problem is on the server's side: the API server, or a proxy or load balancer in front of "
                      "it. Retry in a moment; if it lasts, tell the cluster's administrator.")};
    return {V::tr("%1 refused the connection's first request (%2)").arg(config.contextName).arg(code),
            V::tr("Check that <code>%1</code> is the address of a Kubernetes API server.").arg(server)};
}

} // namespace

ConnectionProblemView::ConnectionProblemView(QWidget *parent)
    : QWidget(parent)
    , m_page(new MessagePage(this))
    , m_noAnswer(new QTimer(this))
{
    setObjectName(u"connectionProblem"_s);
    m_page->setActionText(tr("&Retry"));
    connect(m_page, &MessagePage::actionTriggered, this, [this] { emit retryRequested(m_context); });
    m_noAnswer->setSingleShot(true);
    m_noAnswer->setInterval(NoAnswerMs);
    connect(m_noAnswer, &QTimer::timeout, this, &ConnectionProblemView::showNoAnswerYet);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_page);
}

QString ConnectionProblemView::title() const
{
    return m_page->title();
}

QString ConnectionProblemView::bodyText() const
{
    return m_page->bodyText();
}

void ConnectionProblemView::show(const QString &title, const QString &body, bool failure)
{
    m_failure = failure;
    m_page->setIcon(style()->standardIcon(failure ? QStyle::SP_MessageBoxWarning : QStyle::SP_MessageBoxInformation));
    m_page->setTitle(title);
    m_page->setBody(body);
    m_page->setActionText(failure ? tr("&Retry") : QString());
}

void ConnectionProblemView::showConnecting(const ClusterConfig &config)
{
    m_context = config.contextName;
    m_config = config;
    show(tr("Connecting to %1\u2026").arg(config.contextName),
         tr("<p>Asking <code>%1</code> which APIs it serves.</p>").arg(html(displayUrl(config.server))), false);
    m_noAnswer->start();
}

void ConnectionProblemView::showNoAnswerYet()
{
    show(tr("No answer from %1 yet").arg(m_context),
         tr("<p><code>%1</code> has not answered for %2 seconds.</p>"
            "<p>The server may be overloaded, or something on the way (a VPN, a proxy, a firewall) holds the "
            "connection without passing it on. Binnacle keeps waiting for a minute, then says what happened; "
            "other clusters keep working.</p>")
             .arg(html(displayUrl(m_config.server)))
             .arg(NoAnswerMs / 1000),
         false);
}

void ConnectionProblemView::showFailure(const ClusterConfig &config, const Error &error)
{
    m_noAnswer->stop();
    m_context = config.contextName;
    m_config = config;
    const Explanation explanation = explain(config, error);
    QString body = u"<p><b>%1</b></p>"_s.arg(html(error.toString()));
    if (!explanation.advice.isEmpty())
        body += u"<p>"_s + explanation.advice + u"</p>"_s;
    body += tr("<p>Other clusters are not affected. Press Retry, or pick the cluster again, to try once more.</p>");
    show(explanation.title, body, true);
}

void ConnectionProblemView::showUnusableContext(const QString &context, const Error &error)
{
    ClusterConfig config;
    config.contextName = context;
    showFailure(config, error);
}

} // namespace binnacle
