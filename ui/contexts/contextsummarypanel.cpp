#include "contextsummarypanel.h"

#include "client/core/displayurl.h"
#include "client/session/clustersession.h"
#include "ui/contexts/clusterusageview.h"

#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace binnacle {

ContextSummaryPanel::ContextSummaryPanel(QWidget *parent)
    : QWidget(parent)
    , m_heading(new QLabel(this))
    , m_form(new QFormLayout)
{
    setObjectName(u"contextSummary"_s);
    setAccessibleName(tr("Context details"));
    QFont headingFont = m_heading->font();
    headingFont.setBold(true);
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.2);
    m_heading->setFont(headingFont);
    m_heading->setObjectName(u"contextHeading"_s);

    m_server = addRow(tr("Server"), u"server"_s);
    m_cluster = addRow(tr("Cluster"), u"cluster"_s);
    m_user = addRow(tr("User"), u"user"_s);
    m_auth = addRow(tr("Authentication"), u"auth"_s);
    m_namespace = addRow(tr("Namespace"), u"namespace"_s);
    m_tls = addRow(tr("TLS"), u"tls"_s);
    m_source = addRow(tr("Defined in"), u"source"_s);

    m_layout = new QVBoxLayout(this);
    m_layout->addWidget(m_heading);
    m_layout->addLayout(m_form);
    m_layout->addStretch();
    clear();
}

void ContextSummaryPanel::showUsage(ClusterSession *session)
{
    if (session == m_usageSession && (m_usage != nullptr) == (session != nullptr))
        return;
    delete std::exchange(m_usage, nullptr);
    m_usageSession = session;
    if (!session)
        return;
    m_usage = new ClusterUsageView(session, this);
    m_layout->insertWidget(m_layout->count() - 1, m_usage, 1); // above the stretch
}

QLabel *ContextSummaryPanel::addRow(const QString &label, const QString &objectName)
{
    auto *value = new QLabel(this);
    value->setObjectName(objectName);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    value->setWordWrap(true);
    value->setProperty("fieldName", label);
    m_form->addRow(label + u':', value);
    setValue(value, {});
    return value;
}

void ContextSummaryPanel::setValue(QLabel *value, const QString &text)
{
    const QString field = value->property("fieldName").toString();
    value->setText(text);
    value->setAccessibleName(text.isEmpty() ? field : tr("%1: %2").arg(field, text));
}

void ContextSummaryPanel::clear()
{
    m_contextName.clear();
    showUsage(nullptr);
    m_heading->setText(tr("Select a context"));
    for (QLabel *value : {m_server, m_cluster, m_user, m_auth, m_namespace, m_tls, m_source})
        setValue(value, {});
}

QString ContextSummaryPanel::describeAuth(const KubeUser *user)
{
    if (!user)
        return tr("user not defined in any kubeconfig");
    QStringList ways;
    if (!user->clientCertificate.isEmpty() || !user->clientCertificateData.isEmpty())
        ways << tr("client certificate");
    if (!user->token.isEmpty() || !user->tokenFile.isEmpty())
        ways << tr("bearer token");
    if (!user->username.isEmpty())
        ways << tr("basic auth");
    if (user->exec)
        ways << tr("exec plugin (%1)").arg(user->exec->command);
    if (user->authProvider)
        ways << tr("auth provider (%1)").arg(user->authProvider->name);
    if (!user->impersonate.isEmpty())
        ways << tr("impersonating %1").arg(user->impersonate);
    return ways.isEmpty() ? tr("none (anonymous)") : ways.join(u", "_s);
}

void ContextSummaryPanel::showContext(const Kubeconfig &config, const QString &contextName, bool connected)
{
    const KubeContext *context = config.context(contextName);
    if (!context) {
        clear();
        return;
    }
    const KubeCluster *cluster = config.cluster(context->cluster);
    const KubeUser *user = config.user(context->user);

    m_contextName = context->name;
    m_heading->setText(context->name == config.currentContext ? tr("%1 (current context)").arg(context->name)
                                                              : context->name);
    m_heading->setAccessibleName(m_heading->text());
    setValue(m_server,
             cluster ? displayUrl(cluster->server) : tr("cluster \"%1\" is not defined").arg(context->cluster));
    setValue(m_cluster, context->cluster);
    setValue(m_user, context->user);
    setValue(m_auth, describeAuth(user));
    setValue(m_namespace, context->namespaceName.isEmpty() ? u"default"_s : context->namespaceName);
    QString tls;
    if (!cluster)
        tls.clear();
    else if (cluster->server.startsWith(u"http://"_s, Qt::CaseInsensitive))
        tls = tr("\u26a0 none (plain HTTP)");
    else if (cluster->insecureSkipTlsVerify)
        tls = tr("\u26a0 not verified (insecure-skip-tls-verify)");
    else if (connected)
        tls = tr("verified");
    else // nothing was checked yet: say what will be, not what was
        tls = tr("verification on (not connected yet)");
    setValue(m_tls, tls);
    setValue(m_source, context->sourceFile);
}

} // namespace binnacle
