#pragma once

#include "client/discovery/apiresource.h"
#include "client/watch/objectrecord.h"
#include "models/details/secretmask.h"

#include <QJsonObject>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTextBrowser;
class QTimer;
class QToolBar;

namespace binnacle {

class ClusterSession;
class EventListModel;
class ResourceActions;
class UsageTab;

// The right-hand details of one object, live: a readable summary (status, conditions, labels, annotations, owners,
// containers with images and ports), its events, related objects (a pod's Services, a Service's pods), and the
// whole object as read-only YAML. A Secret's values are masked in both (see SecretMask) until one key is revealed
// with a click on its "Reveal" link. The object and its events are watched while shown (one narrow watch each, by
// field selector), so a restart, a new event or a deletion shows up without a refresh.
class DetailsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailsPanel)

public:
    explicit DetailsPanel(QWidget *parent = nullptr);

    void showObject(ClusterSession *session, const ApiResource &resource, const QString &ns, const QString &name);
    void clear();
    // A row of buttons for the actions on the selection, the same QActions as the menus'.
    void setResourceActions(ResourceActions *actions);
    QToolBar *actionBar() const { return m_actionBar; }

    QString summaryText() const; // plain text of the summary, for tests and screen readers
    QString yamlText() const;
    QString shownName() const { return m_name; } // the name of the object shown
    UsageTab *usageTab() const { return m_usage; } // a pod's, node's or workload's CPU and memory; else null
    QTabWidget *tabs() const { return m_tabs; }

signals:
    void loaded(); // the object, its events and related objects have arrived

private:
    void onObjectChanged(const ChangeBatch &batch);
    QString notFoundMessage() const;
    void showYaml();
    void scheduleRender();
    void render();
    void watchEvents();
    void fetchRelated();
    void settle(bool &pendingFlag);
    QString summaryHtml() const;
    bool isSecret() const;
    void onLinkClicked(const QUrl &link);

    QPointer<ClusterSession> m_session;
    ApiResource m_resource;
    QString m_namespace;
    QString m_name;
    QJsonObject m_object;
    QString m_error;
    bool m_deleted = false; // the object went while shown: its last state stays, marked
    SecretMask m_secretMask; // which of a Secret's values the user revealed: every other one is masked in every view
    QStringList m_related; // already formatted lines
    QString m_relatedTitle;
    // What is still on its way for the object shown; `loaded` follows when all three have arrived once.
    bool m_objectPending = false;
    bool m_eventsPending = false;
    bool m_relatedPending = false;
    QObject *m_requests = nullptr; // parent of the current requests and watches: replaced to cancel them

    QLabel *m_heading;
    QToolBar *m_actionBar;
    QTabWidget *m_tabs;
    QTextBrowser *m_summary;
    QPlainTextEdit *m_yaml;
    EventListModel *m_events;
    UsageTab *m_usage = nullptr;
    QTimer *m_renderTimer;
};

} // namespace binnacle
