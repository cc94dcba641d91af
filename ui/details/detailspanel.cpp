#include "detailspanel.h"

#include "client/core/labelselector.h"
#include "client/document/yamlconverter.h"
#include "client/session/clustersession.h"
#include "models/common/statusstyle.h"
#include "models/events/eventlistmodel.h"
#include "models/resources/resourcetablemodel.h"
#include "models/workloads/podcontainer.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString chips(const QJsonObject &map)
{
    QStringList parts;
    for (auto it = map.begin(); it != map.end(); ++it)
        parts << u"<code>"_s + esc(it.key()) + u'=' + esc(it.value().toString()) + u"</code>"_s;
    return parts.isEmpty() ? u"—"_s : parts.join(u"  "_s);
}

QString coloured(const QString &text)
{
    const QString colour = StatusStyle::htmlColour(StatusStyle::classify(text));
    return colour.isEmpty() ? esc(text) : u"<b style=\"color:%1\">%2</b>"_s.arg(colour, esc(text));
}

QString age(const QString &timestamp)
{
    const QDateTime when = QDateTime::fromString(timestamp, Qt::ISODate);
    return when.isValid() ? ResourceTableModel::formatAge(when.secsTo(QDateTime::currentDateTimeUtc())) : QString();
}

// The phase or the most telling status word of an object.
QString statusWord(const QJsonObject &object)
{
    const QJsonObject status = object.value(u"status"_s).toObject();
    for (const QJsonValue &cs : status.value(u"containerStatuses"_s).toArray()) {
        const QJsonObject waiting = cs.toObject().value(u"state"_s).toObject().value(u"waiting"_s).toObject();
        if (!waiting.value(u"reason"_s).toString().isEmpty())
            return waiting.value(u"reason"_s).toString();
    }
    if (status.contains(u"phase"_s))
        return status.value(u"phase"_s).toString();
    if (status.contains(u"replicas"_s))
        return u"%1/%2 ready"_s.arg(status.value(u"readyReplicas"_s).toInt()).arg(status.value(u"replicas"_s).toInt());
    return {};
}

} // namespace

DetailsPanel::DetailsPanel(QWidget *parent)
    : QWidget(parent)
    , m_heading(new QLabel(this))
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
    m_yaml->setObjectName(u"detailsYaml"_s);
    m_yaml->setAccessibleName(tr("YAML"));
    m_yaml->setReadOnly(true);
    m_yaml->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_yaml->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_tabs->addTab(m_summary, tr("Summary"));
    m_tabs->addTab(m_yaml, tr("YAML"));
    m_tabs->setObjectName(u"detailsTabs"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_heading);
    layout->addWidget(m_tabs, 1);
    clear();
}

void DetailsPanel::clear()
{
    delete m_requests; // cancels requests and releases the watches of the previous object
    m_requests = new QObject(this);
    m_renderTimer->stop();
    m_session = nullptr;
    m_object = {};
    m_events->setSubscription(nullptr);
    m_related.clear();
    m_relatedTitle.clear();
    m_error.clear();
    m_deleted = false;
    m_objectPending = m_eventsPending = m_relatedPending = false;
    m_name.clear();
    m_heading->setText(tr("Details"));
    m_summary->setHtml(tr("<p style=\"color:gray\">Select an object to see its details.</p>"));
    m_yaml->clear();
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
        if (first) {
            watchEvents();
            fetchRelated();
        }
    } else if (gone) {
        if (m_object.isEmpty())
            m_error = notFoundMessage();
        m_deleted = true;
    }
    settle(m_objectPending);
    scheduleRender();
}

void DetailsPanel::showYaml()
{
    const QString yaml = QString::fromUtf8(YamlConverter::toYaml(m_object));
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
                    m_related << name + u"  " + statusWord(item);
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
        m_summary->setHtml(tr("<p><b style=\"color:#c62828\">Could not load %1/%2</b></p><p>%3</p>")
                               .arg(esc(m_resource.kind), esc(m_name), esc(m_error)));
    } else {
        m_summary->setHtml(summaryHtml());
    }
    m_summary->verticalScrollBar()->setValue(scroll);
    if (!m_objectPending && !m_eventsPending && !m_relatedPending)
        emit loaded();
}

QString DetailsPanel::summaryHtml() const
{
    const QJsonObject metadata = m_object.value(u"metadata"_s).toObject();
    const QJsonObject spec = m_object.value(u"spec"_s).toObject();
    const QJsonObject status = m_object.value(u"status"_s).toObject();
    QString html;
    if (m_deleted)
        html += u"<p><b style=\"color:#c62828\">%1</b> %2</p>"_s.arg(
            tr("Deleted."), tr("This object no longer exists on the server; below is its last known state."));
    auto row = [&html](const QString &label, const QString &value) {
        html += u"<tr><td style=\"color:gray;padding-right:10px\" valign=\"top\">%1</td><td>%2</td></tr>"_s.arg(label,
                                                                                                                value);
    };
    html += u"<table cellspacing=\"2\">"_s;
    if (!m_namespace.isEmpty())
        row(tr("Namespace"), esc(m_namespace));
    const QString word = statusWord(m_object);
    if (!word.isEmpty())
        row(tr("Status"), coloured(word));
    row(tr("Age"), esc(age(metadata.value(u"creationTimestamp"_s).toString())));
    if (status.contains(u"podIP"_s))
        row(tr("Pod IP"), esc(status.value(u"podIP"_s).toString()));
    if (spec.contains(u"nodeName"_s))
        row(tr("Node"), esc(spec.value(u"nodeName"_s).toString()));
    if (spec.contains(u"replicas"_s))
        row(tr("Replicas"), QString::number(spec.value(u"replicas"_s).toInt()));
    if (spec.contains(u"clusterIP"_s))
        row(tr("Cluster IP"), esc(spec.value(u"clusterIP"_s).toString()));
    if (spec.contains(u"selector"_s) && spec.value(u"selector"_s).isObject()) {
        QJsonObject selector = spec.value(u"selector"_s).toObject();
        if (selector.contains(u"matchLabels"_s))
            selector = selector.value(u"matchLabels"_s).toObject();
        row(tr("Selector"), chips(selector));
    }
    row(tr("Labels"), chips(metadata.value(u"labels"_s).toObject()));
    QJsonObject annotations = metadata.value(u"annotations"_s).toObject();
    annotations.remove(u"kubectl.kubernetes.io/last-applied-configuration"_s);
    if (!annotations.isEmpty())
        row(tr("Annotations"), chips(annotations));
    QStringList owners;
    for (const QJsonValue &owner : metadata.value(u"ownerReferences"_s).toArray())
        owners << esc(owner.toObject().value(u"kind"_s).toString() + u'/'
                      + owner.toObject().value(u"name"_s).toString());
    if (!owners.isEmpty())
        row(tr("Owners"), owners.join(u", "_s));
    html += u"</table>"_s;

    // Containers with images and ports: a pod's with their state, a workload's from its pod template.
    QList<PodContainer> containers = PodContainer::listFrom(m_object);
    const bool live = !containers.isEmpty();
    if (!live)
        containers = PodContainer::listFrom(spec.value(u"template"_s).toObject());
    if (!containers.isEmpty()) {
        html += u"<h4>%1</h4><ul>"_s.arg(tr("Containers"));
        for (const PodContainer &container : std::as_const(containers)) {
            QString line = u"<b>%1</b> <code>%2</code>"_s.arg(esc(container.name), esc(container.image));
            if (container.kind == PodContainer::Kind::Init)
                line += u" <i>%1</i>"_s.arg(tr("init"));
            if (!container.ports.isEmpty())
                line += u" — "_s + esc(container.ports.join(u", "_s));
            if (live) {
                line += u" — "_s + coloured(container.statusWord());
                if (container.restarts > 0)
                    line += u" "_s + esc(u'(' + container.restartsText() + u')');
                if (!container.message.isEmpty())
                    line += u"<br><span style=\"color:gray\">%1</span>"_s.arg(esc(container.message));
            }
            html += u"<li>"_s + line + u"</li>"_s;
        }
        html += u"</ul>"_s;
    }

    const QJsonArray conditions = status.value(u"conditions"_s).toArray();
    if (!conditions.isEmpty()) {
        html += u"<h4>%1</h4><table cellspacing=\"2\">"_s.arg(tr("Conditions"));
        for (const QJsonValue &value : conditions) {
            const QJsonObject c = value.toObject();
            const QString state = c.value(u"status"_s).toString();
            html += u"<tr><td>%1</td><td>%2</td><td style=\"color:gray\">%3</td></tr>"_s.arg(
                esc(c.value(u"type"_s).toString()),
                state == u"True" ? coloured(u"True"_s) : u"<b style=\"color:#b26a00\">%1</b>"_s.arg(esc(state)),
                esc(c.value(u"reason"_s).toString() + u' ' + c.value(u"message"_s).toString()));
        }
        html += u"</table>"_s;
    }

    if (!m_relatedTitle.isEmpty()) {
        html += u"<h4>%1</h4>"_s.arg(esc(m_relatedTitle));
        if (m_related.isEmpty())
            html += u"<p style=\"color:gray\">%1</p>"_s.arg(tr("none"));
        else
            html += u"<ul><li>"_s + QStringList(m_related).replaceInStrings(u"&"_s, u"&amp;"_s).join(u"</li><li>"_s)
                + u"</li></ul>"_s;
    }

    html += u"<h4>%1</h4>"_s.arg(tr("Events"));
    const QList<EventListModel::Event> events = m_events->newest(20);
    if (events.isEmpty()) {
        html += u"<p style=\"color:gray\">%1</p>"_s.arg(tr("No events"));
    } else {
        html += u"<table cellspacing=\"2\">"_s;
        for (const EventListModel::Event &event : events) {
            const QString count = event.count > 1 ? u" ×%1"_s.arg(event.count) : QString();
            const QString seen = event.lastSeen.isValid()
                ? ResourceTableModel::formatAge(event.lastSeen.secsTo(QDateTime::currentDateTimeUtc()))
                : QString();
            html += u"<tr><td style=\"color:%1\">%2</td><td>%3</td><td style=\"color:gray\">%4</td></tr>"_s.arg(
                event.isWarning() ? u"#c62828"_s : u"gray"_s, esc(event.reason), esc(event.message), esc(seen + count));
        }
        html += u"</table>"_s;
    }
    return html;
}

} // namespace binnacle
