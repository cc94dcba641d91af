#include "addclusterdialog.h"

#include "models/common/statusstyle.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSslCertificate>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace binnacle {

AddClusterDialog::AddClusterDialog(QWidget *parent)
    : QDialog(parent)
    , m_name(new QLineEdit(this))
    , m_server(new QLineEdit(this))
    , m_token(new QLineEdit(this))
    , m_ca(new QPlainTextEdit(this))
    , m_insecure(new QCheckBox(tr("Skip TLS verification (insecure)"), this))
    , m_namespace(new QLineEdit(this))
    , m_problem(new QLabel(this))
{
    setObjectName(u"addClusterDialog"_s);
    setWindowTitle(tr("Add cluster"));
    m_name->setObjectName(u"clusterName"_s);
    m_name->setAccessibleName(tr("Name"));
    m_server->setObjectName(u"clusterServer"_s);
    m_server->setAccessibleName(tr("Server URL"));
    m_server->setPlaceholderText(u"https://api.example.com:6443"_s);
    m_token->setObjectName(u"clusterToken"_s);
    m_token->setAccessibleName(tr("Token"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("kept in the system keychain only"));
    m_ca->setObjectName(u"clusterCa"_s);
    m_ca->setAccessibleName(tr("Certificate authority (PEM)"));
    m_ca->setPlaceholderText(tr("-----BEGIN CERTIFICATE-----  (empty: the system's trusted roots)"));
    m_ca->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ca->setTabChangesFocus(true);
    m_insecure->setAccessibleName(m_insecure->text());
    m_namespace->setAccessibleName(tr("Namespace"));
    m_namespace->setPlaceholderText(u"default"_s);
    m_problem->setObjectName(u"problem"_s);
    m_problem->setStyleSheet(u"color: %1"_s.arg(StatusStyle::htmlColour(u"error"_s)));
    m_problem->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &AddClusterDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout(this);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Server:"), m_server);
    form->addRow(tr("&Token:"), m_token);
    form->addRow(tr("&CA certificate:"), m_ca);
    form->addRow(QString(), m_insecure);
    form->addRow(tr("Names&pace:"), m_namespace);
    form->addRow(m_problem);
    form->addRow(buttons);
    resize(560, 420);
}

SavedClusters::Entry AddClusterDialog::entry() const
{
    return {m_name->text().trimmed(), m_server->text().trimmed(), m_ca->toPlainText().trimmed().toUtf8(),
            m_insecure->isChecked(), m_namespace->text().trimmed()};
}

QString AddClusterDialog::token() const
{
    return m_token->text().trimmed();
}

void AddClusterDialog::accept()
{
    const SavedClusters::Entry e = entry();
    const QUrl server(e.server, QUrl::StrictMode);
    QString problem;
    if (e.name.isEmpty())
        problem = tr("Give the cluster a name.");
    else if (!server.isValid() || server.scheme() != u"https" || server.host().isEmpty())
        problem = tr("The server must be an https:// URL.");
    else if (token().isEmpty())
        problem = tr("Paste the token to sign in with.");
    else if (!e.certificateAuthorityData.isEmpty() && QSslCertificate::fromData(e.certificateAuthorityData).isEmpty())
        problem = tr("The CA certificate is not PEM (-----BEGIN CERTIFICATE-----).");
    else if (!e.certificateAuthorityData.isEmpty() && e.insecureSkipTlsVerify)
        problem = tr("Give a CA certificate or skip verification, not both.");
    m_problem->setText(problem);
    if (problem.isEmpty())
        QDialog::accept();
}

} // namespace binnacle
