#pragma once

#include "client/discovery/apiresource.h"

#include <QJsonObject>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTextBrowser;

namespace binnacle {

class ClusterSession;

// The right-hand details of one object, fetched when it is selected: a readable summary (status, conditions,
// labels, annotations, owners, containers with images and ports), its events, related objects (a pod's Services,
// a Service's pods), and the whole object as read-only YAML.
class DetailsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailsPanel)

public:
    explicit DetailsPanel(QWidget *parent = nullptr);

    void showObject(ClusterSession *session, const ApiResource &resource, const QString &ns, const QString &name);
    void clear();

    QString summaryText() const; // plain text of the summary, for tests and screen readers
    QString yamlText() const;
    QString shownName() const { return m_name; } // the name of the object shown

signals:
    void loaded(); // the object, its events and related objects have arrived

private:
    void render();
    void fetchEvents();
    void fetchRelated();
    QString summaryHtml() const;

    QPointer<ClusterSession> m_session;
    ApiResource m_resource;
    QString m_namespace;
    QString m_name;
    QJsonObject m_object;
    QString m_error;
    QList<QJsonObject> m_events;
    QStringList m_related; // already formatted lines
    QString m_relatedTitle;
    int m_pending = 0;
    QObject *m_requests = nullptr; // parent of the current requests: replaced to cancel them

    QLabel *m_heading;
    QTabWidget *m_tabs;
    QTextBrowser *m_summary;
    QPlainTextEdit *m_yaml;
};

} // namespace binnacle
