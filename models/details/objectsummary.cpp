#include "objectsummary.h"

#include "models/common/statusstyle.h"
#include "models/details/secretmask.h"
#include "models/resources/resourcetablemodel.h"
#include "models/workloads/podcontainer.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QUrl>

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

QString tr(const char *text)
{
    return QCoreApplication::translate("binnacle::ObjectSummary", text);
}

} // namespace

QString ObjectSummary::statusWord(const QJsonObject &object)
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

QString ObjectSummary::revealLink(const QString &key, bool reveal)
{
    return (reveal ? u"reveal:"_s : u"hide:"_s) + QString::fromLatin1(QUrl::toPercentEncoding(key));
}

bool ObjectSummary::parseRevealLink(const QString &link, QString *key, bool *reveal)
{
    for (const bool revealing : {true, false}) {
        const QString prefix = revealing ? u"reveal:"_s : u"hide:"_s;
        if (link.startsWith(prefix)) {
            *key = QUrl::fromPercentEncoding(link.mid(prefix.size()).toLatin1());
            *reveal = revealing;
            return true;
        }
    }
    return false;
}

QString ObjectSummary::html(const Input &input)
{
    // A Secret is only ever read through its mask: nothing below sees a hidden value.
    const QJsonObject object = input.secretMask ? input.secretMask->masked(input.object) : input.object;
    const QJsonObject metadata = object.value(u"metadata"_s).toObject();
    const QJsonObject spec = object.value(u"spec"_s).toObject();
    const QJsonObject status = object.value(u"status"_s).toObject();
    QString html;
    if (input.deleted)
        html += u"<p><b style=\"color:%3\">%1</b> %2</p>"_s.arg(
            tr("Deleted."), tr("This object no longer exists on the server; below is its last known state."),
            StatusStyle::htmlColour(u"error"_s));
    auto row = [&html](const QString &label, const QString &value) {
        html += u"<tr><td style=\"color:gray;padding-right:10px\" valign=\"top\">%1</td><td>%2</td></tr>"_s.arg(label,
                                                                                                                value);
    };
    html += u"<table cellspacing=\"2\">"_s;
    if (!input.namespaceName.isEmpty())
        row(tr("Namespace"), esc(input.namespaceName));
    const QString word = statusWord(object);
    if (!word.isEmpty())
        row(tr("Status"), coloured(word));
    if (input.secretMask && object.contains(u"type"_s))
        row(tr("Type"), esc(object.value(u"type"_s).toString()));
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
    annotations.remove(SecretMask::LastAppliedAnnotation.toString());
    if (!annotations.isEmpty())
        row(tr("Annotations"), chips(annotations));
    QStringList owners;
    for (const QJsonValue &owner : metadata.value(u"ownerReferences"_s).toArray())
        owners << esc(owner.toObject().value(u"kind"_s).toString() + u'/'
                      + owner.toObject().value(u"name"_s).toString());
    if (!owners.isEmpty())
        row(tr("Owners"), owners.join(u", "_s));
    html += u"</table>"_s;

    if (input.secretMask) {
        // The unmasked object is read here only for the keys the user revealed.
        const QList<SecretMask::Entry> entries = input.secretMask->entries(input.object);
        html += u"<h4>%1</h4>"_s.arg(tr("Data"));
        if (entries.isEmpty())
            html += u"<p style=\"color:gray\">%1</p>"_s.arg(tr("none"));
        else
            html += u"<table cellspacing=\"2\">"_s;
        for (const SecretMask::Entry &entry : entries) {
            const QString value = entry.revealed ? u"<code>%1</code>"_s.arg(esc(entry.shown).replace(u'\n', u"<br>"_s))
                                                 : u"<span style=\"color:gray\">%1</span>"_s.arg(esc(entry.shown));
            html += u"<tr><td style=\"padding-right:10px\" valign=\"top\"><code>%1</code></td><td>%2</td>"
                    u"<td style=\"padding-left:10px\" valign=\"top\"><a href=\"%3\">%4</a></td></tr>"_s.arg(
                        esc(entry.key), value, esc(revealLink(entry.key, !entry.revealed)),
                        entry.revealed ? tr("Hide") : tr("Reveal"));
        }
        if (!entries.isEmpty())
            html += u"</table>"_s;
    }

    // Containers with images and ports: a pod's with their state, a workload's from its pod template.
    QList<PodContainer> containers = PodContainer::listFrom(object);
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
                state == u"True"
                    ? coloured(u"True"_s)
                    : u"<b style=\"color:%1\">%2</b>"_s.arg(StatusStyle::htmlColour(u"warning"_s), esc(state)),
                esc(c.value(u"reason"_s).toString() + u' ' + c.value(u"message"_s).toString()));
        }
        html += u"</table>"_s;
    }

    if (!input.relatedTitle.isEmpty()) {
        html += u"<h4>%1</h4>"_s.arg(esc(input.relatedTitle));
        if (input.related.isEmpty())
            html += u"<p style=\"color:gray\">%1</p>"_s.arg(tr("none"));
        else
            html += u"<ul><li>"_s + QStringList(input.related).replaceInStrings(u"&"_s, u"&amp;"_s).join(u"</li><li>"_s)
                + u"</li></ul>"_s;
    }

    html += u"<h4>%1</h4>"_s.arg(tr("Events"));
    if (input.events.isEmpty()) {
        html += u"<p style=\"color:gray\">%1</p>"_s.arg(tr("No events"));
    } else {
        html += u"<table cellspacing=\"2\">"_s;
        for (const EventListModel::Event &event : input.events) {
            const QString count = event.count > 1 ? u" ×%1"_s.arg(event.count) : QString();
            const QString seen = event.lastSeen.isValid()
                ? ResourceTableModel::formatAge(event.lastSeen.secsTo(QDateTime::currentDateTimeUtc()))
                : QString();
            html += u"<tr><td style=\"color:%1\">%2</td><td>%3</td><td style=\"color:gray\">%4</td></tr>"_s.arg(
                event.isWarning() ? StatusStyle::htmlColour(u"error"_s) : u"gray"_s, esc(event.reason),
                esc(event.message), esc(seen + count));
        }
        html += u"</table>"_s;
    }
    return html;
}

} // namespace binnacle
