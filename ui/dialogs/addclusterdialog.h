#pragma once

#include "client/config/savedclusters.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace binnacle {

// "Add cluster": a server URL, a token and optionally a CA, for clusters that come without a kubeconfig.
// The token goes to the OS keychain only.
class AddClusterDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddClusterDialog)

public:
    explicit AddClusterDialog(QWidget *parent = nullptr);

    SavedClusters::Entry entry() const;
    QString token() const;

    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *serverEdit() const { return m_server; }
    QLineEdit *tokenEdit() const { return m_token; }
    QPlainTextEdit *caEdit() const { return m_ca; }

    void accept() override;

private:
    QLineEdit *m_name;
    QLineEdit *m_server;
    QLineEdit *m_token;
    QPlainTextEdit *m_ca;
    QCheckBox *m_insecure;
    QLineEdit *m_namespace;
    QLabel *m_problem;
};

} // namespace binnacle
