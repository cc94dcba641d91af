#include "detailspanel.h"

#include "client/core/labelselector.h"
#include "client/document/yamlconverter.h"
#include "client/session/clustersession.h"
#include "models/common/statusstyle.h"
#include "models/details/objectsummary.h"
#include "models/events/eventlistmodel.h"
#include "ui/actions/resourceactions.h"
#include "ui/details/usagetab.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace binnacle {

DetailsPanel::DetailsPanel(QWidget *parent)
    : QWidget(parent)
    , m_heading(new QLabel(this))
    , m_actionBar(new QToolBar(this))
    , m_tabs(new QTabWidget(this))
    , m_summary(new QTextBrowser(this))
    , m_yaml(new QPlainTextEdit(this))
    , m_events(new EventListModel(this))
    , m_renderTimer(new QTimer(this))
{
    // Watches may change the object many times a second (a pod under churn): render at most ~8 times a second.
    m_renderTimer->setSingleShot(true);
    m_renderTimer->setInterval(120);
    connect(m_renderTimer, &QTimer::timeout, this, &DetailsPanel::render);
    setObjectName(u"detailsPanel"_s);
    QFont headingFont = m_heading->font();
    headingFont.setBold(true);
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.15);
    m_heading->setFont(headingFont);
    m_heading->setWordWrap(true);
    m_heading->setObjectName(u"detailsHeading"_s);
    m_summary->setObjectName(u"detailsSummary"_s);
    m_summary->setAccessibleName(tr("Summary"));
    m_summary->setOpenLinks(false);
    connect(m_summary, &QTextBrowser::anchorClicked, this, &DetailsPanel::onLinkClicked);
    m_yaml->setObjectName(u"detailsYaml"_s);
    m_yaml->setAccessibleName(tr("YAML"));
    m_yaml->setReadOnly(true);
    m_yaml->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_yaml->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_tabs->addTab(m_summary, tr("Summary"));
    m_tabs->addTab(m_yaml, tr("YAML"));
    m_tabs->setObjectName(u"detailsTabs"_s);
    m_tabs->setAccessibleName(tr("Details: summary or YAML"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_heading);
    m_actionBar->setObjectName(u"detailsActions"_s);
    m_actionBar->setAccessibleName(tr("Actions"));
    m_actionBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_actionBar->setIconSize(QSize(16, 16));
    m_actionBar->hide(); // until there are actions
    layout->addWidget(m_actionBar);
    layout->addWidget(m_tabs, 1);
    clear();
}

void DetailsPanel::clear()
{
    delete m_requests; // cancels requests and releases the watches of the previous object
    m_requests = new QObject(this);
    m_renderTimer->stop();
    delete std::exchange(m_usage, nullptr); // its tab goes with it
    m_session = nullptr;
    m_object = {};
    m_events->setSubscription(nullptr);
    m_related.clear();
    m_relatedTitle.clear();
    m_error.clear();
    m_deleted = false;
    m_secretMask.hideAll(); // a revealed value stays revealed only while its Secret is shown
    m_objectPending = m_eventsPending = m_relatedPending = false;
    m_name.clear();
    m_heading->setText(tr("Details"));
    m_summary->setHtml(tr("<p style=\"color:gray\">Select an object to see its details.</p>"));
    m_yaml->clear();
}

void DetailsPanel::setResourceActions(ResourceActions *actions)
{
    m_actionBar->clear();
    // The toolbar hides the buttons of actions that do not apply (invisible actions) by itself.
    m_actionBar->addActions(actions->objectActions());
    m_actionBar->show();
}

QString DetailsPanel::summaryText() const
{
    return m_summary->toPlainText();
}
QString DetailsPanel::yamlText() const
{
    return m_yaml->toPlainText();
}

void DetailsPanel::showObject(ClusterSession *session, const ApiResource &resource, const QString &ns,
                              const QString &name)
{
    clear();
    m_session = session;
    m_resource = resource;
    m_namespace = ns;
    m_name = name;
    m_heading->setText(u"%1/%2"_s.arg(resource.kind, name));
    m_summary->setHtml(tr("<p style=\"color:gray\">Loading…</p>"));
    if (UsageTab::appliesTo(resource)) {
        m_usage = new UsageTab(session, resource, ns, name, m_tabs);
        m_tabs->addTab(m_usage, tr("Usage"));
    }
    m_objectPending = true;
    InformerSubscription *watch
        = session->subscribe({resource, ns, Reflector::Mode::Full, u"metadata.name="_s + name}, m_requests);
    connect(watch, &InformerSubscription::changed, m_requests,
            [this](const ChangeBatch &batch) { onObjectChanged(batch); });
    connect(watch, &InformerSubscription::healthChanged, m_requests, [this](const InformerHealth &health) {
        // Synced with nothing to show: there is no such object (an empty list sends no batch, only this).
        if (health.synced && m_object.isEmpty() && m_objectPending)
            m_error = notFoundMessage();
        // Not even the first state arrived (forbidden, unreachable): say why instead of "Loading…".
        if (m_object.isEmpty() && !health.synced && !health.lastError.isEmpty())
            m_error = health.lastError;
        if (health.synced || !m_error.isEmpty())
            settle(m_objectPending);
    });
}

QString DetailsPanel::notFoundMessage() const
{
    return tr("%1 \"%2\" was not found.").arg(m_resource.kind, m_name);
}

void DetailsPanel::onObjectChanged(const ChangeBatch &batch)
{
    ObjectPtr latest;
    for (const QList<ObjectPtr> *objects : {&batch.added, &batch.updated}) {
        for (const ObjectPtr &object : *objects) {
            if (object->name == m_name)
                latest = object;
        }
    }
    const bool gone = batch.removed.contains(m_namespace.isEmpty() ? m_name : m_namespace + u'/' + m_name)
        || (batch.reset && !latest);
    if (latest) {
        const bool first = m_object.isEmpty();
        m_object = latest->object;
        m_deleted = false;
        m_error.clear();
        showYaml();
        if (m_usage)
            m_usage->setObject(m_object);
        if (first) {
            watchEvents();
            fetchRelated();
        }
    } else if (gone && !m_object.isEmpty()) {
        m_deleted = true;
    } else {
        // Nothing about an object we have. Notably the subscription's first batch, the snapshot of the informer's
        // cache, which a new informer sends empty before it has listed anything: that says nothing about the
        // object, and taking it for "not found" showed that (and emitted `loaded`) before the object arrived.
        // Whether there is no such object is for healthChanged to say, once the informer has synced.
        return;
    }
    settle(m_objectPending);
    scheduleRender();
}

void DetailsPanel::showYaml()
{
    // A Secret's values are masked here, before they reach the widget (and so its copy and accessible text).
    const QString yaml
        = QString::fromUtf8(YamlConverter::toYaml(isSecret() ? m_secretMask.masked(m_object) : m_object));
    if (yaml == m_yaml->toPlainText())
        return;
    // Keep the reader's place while the object changes under them.
    const int scroll = m_yaml->verticalScrollBar()->value();
    m_yaml->setPlainText(yaml);
    m_yaml->verticalScrollBar()->setValue(scroll);
}

void DetailsPanel::settle(bool &pendingFlag)
{
    if (!std::exchange(pendingFlag, false))
        return;
    if (!m_objectPending && !m_eventsPending && !m_relatedPending) {
        render(); // at once: this is the moment `loaded` promises
        return;
    }
    scheduleRender();
}

void DetailsPanel::scheduleRender()
{
    if (!m_renderTimer->isActive())
        m_renderTimer->start();
}

void DetailsPanel::watchEvents()
{
    // core/v1 Events: involvedObject.uid is a field selector the server supports (events.k8s.io calls it regarding).
    const std::optional<ApiResource> events = m_session->mapper().forKind(QString(), u"v1"_s, u"Event"_s);
    const QString uid = m_object.value(u"metadata"_s).toObject().value(u"uid"_s).toString();
    if (!events || uid.isEmpty())
        return;
    m_eventsPending = true;
    // A cluster-scoped object's events live in "default"; watch all namespaces for those.
    InformerSubscription *watch = m_session->subscribe(
        {*events, m_namespace, Reflector::Mode::Full, u"involvedObject.uid="_s + uid}, m_requests);
    m_events->setSubscription(watch); // connected first, so the model has the batch when we render
    connect(watch, &InformerSubscription::changed, m_requests, [this] {
        settle(m_eventsPending);
        scheduleRender();
    });
    connect(watch, &InformerSubscription::healthChanged, m_requests, [this](const InformerHealth &health) {
        // Synced (with no events, nothing else says so) or failing (e.g. events forbidden): stop waiting.
        if (health.synced || !health.lastError.isEmpty())
            settle(m_eventsPending);
    });
}

void DetailsPanel::fetchRelated()
{
    const bool isPod = m_resource.kind == u"Pod" && m_resource.group.isEmpty();
    const bool isService = m_resource.kind == u"Service" && m_resource.group.isEmpty();
    if (!isPod && !isService)
        return;
    const std::optional<ApiResource> other = m_session->mapper().find(isPod ? u"services"_s : u"pods"_s);
    if (!other)
        return;
    m_relatedPending = true;
    ListOptions options;
    const QJsonObject selector = m_object.value(u"spec"_s).toObject().value(u"selector"_s).toObject();
    if (isService) {
        if (selector.isEmpty()) {
            m_relatedPending = false;
            return;
        }
        QStringList parts;
        for (auto it = selector.begin(); it != selector.end(); ++it)
            parts << it.key() + u'=' + it.value().toString();
        options.labelSelector = parts.join(u',');
    }
    m_relatedTitle = isPod ? tr("Services selecting this pod") : tr("Pods this Service selects");
    const LabelSet podLabels
        = LabelSet::fromJson(m_object.value(u"metadata"_s).toObject().value(u"labels"_s).toObject());
    m_session->withClient<ObjectList>(
        m_requests,
        [resource = *other, ns = m_namespace, options](const ResourceClient &client, QObject *context, auto done) {
            client.list(resource, ns, options, context, done);
        },
        [this, isPod, podLabels](const Result<ObjectList> &list) {
            if (list) {
                for (const QJsonObject &item : list->items) {
                    const QString name = item.value(u"metadata"_s).toObject().value(u"name"_s).toString();
                    if (isPod) {
                        const QJsonObject sel = item.value(u"spec"_s).toObject().value(u"selector"_s).toObject();
                        if (sel.isEmpty())
                            continue;
                        QStringList parts;
                        for (auto it = sel.begin(); it != sel.end(); ++it)
                            parts << it.key() + u'=' + it.value().toString();
                        Result<LabelSelector> selector = LabelSelector::parse(parts.join(u','));
                        if (!selector || !selector->matches(podLabels))
                            continue;
                    }
                    m_related << name + u"  " + ObjectSummary::statusWord(item);
                }
            } else {
                m_related << tr("(could not list: %1)").arg(list.error().message());
            }
            settle(m_relatedPending);
        });
}

void DetailsPanel::render()
{
    m_renderTimer->stop();
    if (m_object.isEmpty() && m_objectPending)
        return; // still "Loading…"
    const int scroll = m_summary->verticalScrollBar()->value();
    if (!m_error.isEmpty() && m_object.isEmpty()) {
        m_summary->setHtml(tr("<p><b style=\"color:%4\">Could not load %1/%2</b></p><p>%3</p>")
                               .arg(m_resource.kind.toHtmlEscaped(), m_name.toHtmlEscaped(), m_error.toHtmlEscaped(),
                                    StatusStyle::htmlColour(u"error"_s)));
    } else {
        m_summary->setHtml(summaryHtml());
    }
    m_summary->verticalScrollBar()->setValue(scroll);
    if (!m_objectPending && !m_eventsPending && !m_relatedPending)
        emit loaded();
}

QString DetailsPanel::summaryHtml() const
{
    ObjectSummary::Input input;
    input.object = m_object;
    input.namespaceName = m_namespace;
    input.deleted = m_deleted;
    input.relatedTitle = m_relatedTitle;
    input.related = m_related;
    input.events = m_events->newest(20);
    input.secretMask = isSecret() ? &m_secretMask : nullptr;
    return ObjectSummary::html(input);
}

bool DetailsPanel::isSecret() const
{
    return SecretMask::isSecret(m_resource, m_object);
}

void DetailsPanel::onLinkClicked(const QUrl &link)
{
    QString key;
    bool reveal = false;
    if (!ObjectSummary::parseRevealLink(link.toString(), &key, &reveal))
        return;
    if (reveal)
        m_secretMask.reveal(key);
    else
        m_secretMask.hide(key);
    showYaml();
    render();
}

} // namespace binnacle
