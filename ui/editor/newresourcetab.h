#pragma once

#include "client/resources/applyreport.h"
#include "ui/dock/docktab.h"

#include <QPointer>

class QLabel;
class QMenu;
class QPushButton;
class QToolButton;

namespace binnacle {

class ClusterSession;
class YamlEditor;

// A new resource from YAML (Ctrl+N): one or more documents, started from a template (the usual kinds, or a custom
// resource's required fields from its CRD), checked by a server dry run, then created in dependency order with
// rollback when one fails (ManifestApplier). A refused document is marked at its line; the text stays.
class NewResourceTab final : public DockTab
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NewResourceTab)

public:
    NewResourceTab(ClusterSession *session, QString context, QString namespaceName, QWidget *parent = nullptr);

    QString title() const override;
    QString identity() const override { return QStringLiteral("new:") + m_context; }
    QVariantMap savedState() const override { return {}; } // a new text is not reopened; its draft would be
    bool isModified() const override;
    bool confirmClose() override;
    void applyPreferences(const Preferences &preferences) override; // the YAML font

    YamlEditor *editor() const { return m_editor; }
    QString resultText() const;
    bool isBusy() const { return m_busy; }

    void insertTemplate(const QString &yaml);

public slots:
    void validate();
    void create();

signals:
    void finished(const binnacle::ApplyReport &report);

private:
    void run(bool checkOnly);
    void showReport(const ApplyReport &report, bool checkOnly);
    void fillCustomResources(QMenu *menu);
    void setBusy(bool busy);

    QPointer<ClusterSession> m_session;
    QString m_context;
    QString m_namespace;
    bool m_busy = false;
    bool m_crdsAsked = false;

    QToolButton *m_templates;
    QPushButton *m_validate;
    QPushButton *m_create;
    QLabel *m_result;
    YamlEditor *m_editor;
};

} // namespace binnacle
