#include "resourceactions.h"

#include "client/portforward/forwardtarget.h"
#include "client/resources/resourceoperations.h"
#include "client/session/clustersession.h"
#include "ui/actions/deletedialog.h"
#include "ui/actions/scaledialog.h"

#include <QAction>
#include <QDateTime>
#include <QMenu>
#include <QMessageBox>
#include <QMetaEnum>
#include <QPushButton>
#include <QWidget>

#include <memory>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

// Outcomes of a batch of writes, reported once the last one has answered.
struct Batch
{
    int outstanding = 0;
    QStringList failures;
    QStringList successes;
};

QString failureLine(const ResourceRef &object, const Error &error)
{
    return object.displayName() + u": "_s + error.message();
}

QString deleteFailureLine(const ResourceRef &object, const Error &error)
{
    // A conflict on a delete is the UID precondition: say what it means for the person.
    if (error.isConflict() && !object.uid.isEmpty())
        return failureLine(object, error)
            + ResourceActions::tr("\nIt was replaced since you selected it: the new one was left alone.");
    return failureLine(object, error);
}

} // namespace

ResourceActions::ResourceActions(QWidget *window)
    : QObject(window)
    , m_window(window)
{
    setObjectName(u"resourceActions"_s);
    const auto any = [](const ResourceRef &) { return true; };
    makeAction(Kind::Edit, tr("&Edit YAML…"), tr("Edit the object's YAML, review the change and apply it"),
               QKeySequence(Qt::Key_E));
    m_gates.insert(Kind::Edit, {u"patch"_s, {}, true, any, {}});
    // Logs: a pod's, or every pod's of a workload or Service; reading them is `get pods/log` in the namespace.
    static const QStringList withPods {u"Pod"_s, u"Deployment"_s, u"StatefulSet"_s, u"DaemonSet"_s,
                                       u"Job"_s, u"ReplicaSet"_s, u"Service"_s};
    makeAction(Kind::Logs, tr("&Logs"), tr("Follow the logs of the pod, or of every pod of the workload"),
               QKeySequence(Qt::Key_L));
    m_gates.insert(Kind::Logs,
                   {u"get"_s, u"log"_s, true,
                    [](const ResourceRef &o) {
                        return o.resource.group.isEmpty() || o.resource.group == u"apps"_s
                                || o.resource.group == u"batch"_s
                            ? withPods.contains(o.resource.kind)
                            : false;
                    },
                    [](const ResourceRef &o) -> std::optional<ApiResource> {
                        if (!o.session)
                            return std::nullopt;
                        return o.session->mapper().find(u"pods"_s);
                    }});
    // A shell: `create pods/exec` in the pod's namespace, as kubectl exec needs.
    makeAction(Kind::Shell, tr("S&hell"), tr("Open a shell in the pod's container"), QKeySequence(Qt::Key_S));
    m_gates.insert(Kind::Shell,
                   {u"create"_s,
                    u"exec"_s,
                    true,
                    [](const ResourceRef &o) { return o.resource.group.isEmpty() && o.resource.kind == u"Pod"_s; },
                    {}});
    // A port-forward: `create pods/portforward` in the namespace, for a pod or whatever pod serves a Service or a
    // workload (ForwardTarget).
    makeAction(Kind::Forward, tr("&Forward a port…"),
               tr("Forward a local port to the pod, or to a ready pod of the Service or workload"),
               QKeySequence(Qt::Key_F));
    m_gates.insert(Kind::Forward,
                   {u"create"_s, u"portforward"_s, true,
                    [](const ResourceRef &o) {
                        return (o.resource.group.isEmpty() || o.resource.group == u"apps"_s)
                            && ForwardTarget::supportsKind(o.resource.kind);
                    },
                    [](const ResourceRef &o) -> std::optional<ApiResource> {
                        if (!o.session)
                            return std::nullopt;
                        return o.session->mapper().find(u"pods"_s);
                    }});
    // The replica probe asks every ready pod through a port-forward of its own: the same gate, for the kinds with
    // replicas.
    makeAction(Kind::Probe, tr("Pro&be replicas…"),
               tr("Send the same HTTP request to every ready pod and show the ones that answer differently"),
               QKeySequence(Qt::Key_P));
    Gate probe = m_gates.value(Kind::Forward);
    probe.applies
        = [forward = probe.applies](const ResourceRef &o) { return forward(o) && o.resource.kind != u"Pod"_s; };
    m_gates.insert(Kind::Probe, probe);
    makeAction(Kind::Delete, tr("&Delete…"), tr("Delete the selected objects (asks first)"), QKeySequence::Delete);
    m_gates.insert(Kind::Delete, {u"delete"_s, {}, false, any, {}});
    makeAction(Kind::Scale, tr("&Scale…"), tr("Change the number of replicas"), {});
    m_gates.insert(Kind::Scale,
                   {u"patch"_s,
                    u"scale"_s,
                    true,
                    [](const ResourceRef &o) { return ResourceOperations::isScalable(o.resource); },
                    {}});
    makeAction(Kind::Restart, tr("&Restart…"),
               tr("Replace every pod, as the rollout strategy allows "
                  "(kubectl rollout restart)"),
               {});
    m_gates.insert(Kind::Restart,
                   {u"patch"_s,
                    {},
                    false,
                    [](const ResourceRef &o) { return ResourceOperations::isRestartable(o.resource); },
                    {}});
    const auto cronJob = [](const ResourceRef &o) { return ResourceOperations::isCronJob(o.resource); };
    makeAction(Kind::Suspend, tr("Sus&pend"), tr("Stop scheduling new Jobs"), {});
    m_gates.insert(Kind::Suspend, {u"patch"_s, {}, false, cronJob, {}});
    makeAction(Kind::Resume, tr("Res&ume"), tr("Schedule Jobs again"), {});
    m_gates.insert(Kind::Resume, {u"patch"_s, {}, false, cronJob, {}});
    makeAction(Kind::Trigger, tr("&Trigger now"),
               tr("Create a Job from the CronJob's template now "
                  "(kubectl create job --from=cronjob/…)"),
               {});
    m_gates.insert(Kind::Trigger,
                   {u"create"_s, {}, false, cronJob, [](const ResourceRef &o) -> std::optional<ApiResource> {
                        if (!o.session)
                            return std::nullopt;
                        return o.session->mapper().find(u"jobs.batch"_s);
                    }});
    const auto node = [](const ResourceRef &o) { return ResourceOperations::isNode(o.resource); };
    makeAction(Kind::Cordon, tr("&Cordon…"), tr("Schedule no new pods on the node; running pods stay"), {});
    m_gates.insert(Kind::Cordon, {u"patch"_s, {}, false, node, {}});
    makeAction(Kind::Uncordon, tr("U&ncordon"), tr("Let pods be scheduled on the node again"), {});
    m_gates.insert(Kind::Uncordon, {u"patch"_s, {}, false, node, {}});
    makeAction(Kind::NewResource, tr("&New resource…"), tr("Create objects from YAML"), QKeySequence::New);
    refresh();
}

ResourceActions::~ResourceActions() = default;

QAction *ResourceActions::makeAction(Kind kind, const QString &text, const QString &description,
                                     const QKeySequence &shortcut)
{
    auto *action = new QAction(text, this);
    action->setObjectName(u"action"_s + QString::fromLatin1(QMetaEnum::fromType<Kind>().valueToKey(int(kind))));
    action->setStatusTip(description);
    action->setData(description); // the tooltip when nothing stands in the way
    if (!shortcut.isEmpty())
        action->setShortcut(shortcut);
    connect(action, &QAction::triggered, this, [this, kind] { run(kind); });
    m_actions.insert(kind, action);
    return action;
}

QList<QAction *> ResourceActions::objectActions() const
{
    QList<QAction *> list;
    for (Kind kind : {Kind::Edit, Kind::Logs, Kind::Shell, Kind::Forward, Kind::Probe, Kind::Delete, Kind::Scale,
                      Kind::Restart, Kind::Suspend, Kind::Resume, Kind::Trigger, Kind::Cordon, Kind::Uncordon})
        list << m_actions.value(kind);
    return list;
}

QList<QAction *> ResourceActions::actions() const
{
    return objectActions() << m_actions.value(Kind::NewResource);
}

void ResourceActions::addToMenu(QMenu *menu) const
{
    menu->setToolTipsVisible(true); // a disabled action says why
    menu->addAction(action(Kind::Edit));
    menu->addAction(action(Kind::Logs));
    menu->addAction(action(Kind::Shell));
    menu->addAction(action(Kind::Forward));
    menu->addAction(action(Kind::Probe));
    menu->addSeparator();
    for (Kind kind :
         {Kind::Scale, Kind::Restart, Kind::Suspend, Kind::Resume, Kind::Trigger, Kind::Cordon, Kind::Uncordon})
        menu->addAction(action(kind));
    menu->addSeparator();
    menu->addAction(action(Kind::Delete));
    menu->addSeparator();
    menu->addAction(action(Kind::NewResource));
}

void ResourceActions::setSelection(ClusterSession *session, const QString &namespaceName,
                                   const QList<ResourceRef> &selection)
{
    m_session = session;
    m_namespace = namespaceName;
    m_selection = selection;
    refresh();
}

void ResourceActions::refresh()
{
    for (auto it = m_gates.cbegin(); it != m_gates.cend(); ++it)
        updateAction(it.key());
    QAction *create = action(Kind::NewResource);
    const bool connected = m_session && m_session->state() == ClusterSession::State::Connected;
    create->setEnabled(connected);
    create->setToolTip(connected ? create->data().toString() : tr("Connect to a cluster first"));
}

AccessReview::Question ResourceActions::questionFor(const Gate &gate, const ResourceRef &object) const
{
    ApiResource resource = object.resource;
    if (gate.target) {
        if (const std::optional<ApiResource> target = gate.target(object))
            resource = *target;
    }
    AccessReview::Question question;
    question.verb = gate.verb;
    question.group = resource.group;
    question.resource = resource.resource;
    question.subresource = gate.subresource;
    question.namespaceName = resource.namespaced ? object.namespaceName : QString();
    return question;
}

QString ResourceActions::cacheKey(const ClusterSession *session, const AccessReview::Question &question)
{
    return QString::number(quintptr(session), 16) + u'|' + question.verb + u'|' + question.group + u'|'
        + question.resource + u'|' + question.subresource + u'|' + question.namespaceName;
}

void ResourceActions::updateAction(Kind kind)
{
    QAction *action = m_actions.value(kind);
    const Gate &gate = m_gates[kind];
    const QString description = action->data().toString();
    // Edit and Delete are always there (the menus would look empty otherwise); the others where they apply.
    bool applies = !m_selection.isEmpty();
    for (const ResourceRef &object : m_selection)
        applies = applies && object.session && gate.applies(object);
    action->setVisible(applies || kind == Kind::Edit || kind == Kind::Delete);
    if (!applies) {
        action->setEnabled(false);
        action->setToolTip(m_selection.isEmpty() ? tr("%1 — select an object first").arg(description)
                                                 : tr("%1 — not for this kind").arg(description));
        return;
    }
    if (gate.singleOnly && m_selection.size() > 1) {
        action->setEnabled(false);
        action->setToolTip(tr("%1 — one object at a time").arg(description));
        return;
    }
    // The resource itself must offer the verb (discovery says so): no delete on a read-only kind.
    if (gate.subresource.isEmpty() && !gate.target) {
        for (const ResourceRef &object : m_selection) {
            if (!object.resource.supports(gate.verb)) {
                action->setEnabled(false);
                action->setToolTip(tr("%1 — the server offers no %2 on %3")
                                       .arg(description, gate.verb, object.resource.qualifiedName()));
                return;
            }
        }
    }
    QStringList denied;
    QStringList unchecked;
    bool pending = false;
    for (const ResourceRef &object : m_selection) {
        const AccessReview::Question question = questionFor(gate, object);
        const QString key = cacheKey(object.session, question);
        const auto cached = m_answers.constFind(key);
        if (cached == m_answers.cend()) {
            ask(object.session, question);
            pending = true;
            continue;
        }
        // An old answer stands while a fresh one is on its way, so the actions do not flicker to "checking".
        if (cached->age.hasExpired(AnswerLifetimeMs))
            ask(object.session, question);
        if (!cached->answer)
            unchecked << cached->answer.error().message();
        else if (!cached->answer->allowed) {
            const QString text = deniedText(object.session, question, cached->answer.value());
            if (!denied.contains(text))
                denied << text;
        }
    }
    if (!denied.isEmpty()) {
        action->setEnabled(false);
        action->setToolTip(tr("Not allowed: %1").arg(denied.join(u"; "_s)));
    } else if (pending) {
        action->setEnabled(false);
        action->setToolTip(tr("%1 — checking whether you may…").arg(description));
    } else {
        // A review that failed (not a "no") leaves the decision to the server when the action runs.
        action->setEnabled(true);
        action->setToolTip(unchecked.isEmpty()
                               ? description
                               : tr("%1 (permission not checked: %2)").arg(description, unchecked.first()));
    }
}

void ResourceActions::ask(ClusterSession *session, const AccessReview::Question &question)
{
    const QString key = cacheKey(session, question);
    if (m_pending.contains(key))
        return;
    m_pending.insert(key);
    learnUserName(session);
    session->canI(question, this, [this, key](const Result<AccessReview::Answer> &answer) {
        m_pending.remove(key);
        CachedAnswer cached {answer, {}};
        cached.age.start();
        m_answers.insert(key, cached);
        refresh();
    });
}

void ResourceActions::learnUserName(ClusterSession *session)
{
    if (m_askedUserName.contains(session))
        return;
    m_askedUserName.insert(session);
    connect(session, &QObject::destroyed, this, [this, session] {
        m_askedUserName.remove(session);
        m_userNames.remove(session);
        // Its answers go with it: another session may be made at the same address.
        const QString prefix = QString::number(quintptr(session), 16) + u'|';
        for (auto it = m_answers.begin(); it != m_answers.end();)
            it = it.key().startsWith(prefix) ? m_answers.erase(it) : std::next(it);
    });
    // Who the server takes us for (SelfSubjectReview): "viewer", not the kubeconfig's name for the credentials.
    const ApiResource reviews {u"authentication.k8s.io"_s,
                               u"v1"_s,
                               u"selfsubjectreviews"_s,
                               u"selfsubjectreview"_s,
                               u"SelfSubjectReview"_s,
                               false,
                               {u"create"_s}};
    const QJsonObject review {{u"apiVersion"_s, u"authentication.k8s.io/v1"_s}, {u"kind"_s, u"SelfSubjectReview"_s}};
    session->create(reviews, {}, review, {}, this, [this, session](const Result<ObjectReply> &reply) {
        if (!reply)
            return; // the kubeconfig's user name stands in
        const QString name = reply->object.value(u"status"_s)
                                 .toObject()
                                 .value(u"userInfo"_s)
                                 .toObject()
                                 .value(u"username"_s)
                                 .toString();
        if (!name.isEmpty()) {
            m_userNames.insert(session, name);
            refresh();
        }
    });
}

QString ResourceActions::userName(ClusterSession *session) const
{
    if (const QString name = m_userNames.value(session); !name.isEmpty())
        return name;
    return session ? session->config().userName : QString();
}

QString ResourceActions::deniedText(ClusterSession *session, const AccessReview::Question &question,
                                    const AccessReview::Answer &answer) const
{
    QString resource = question.group.isEmpty() ? question.resource : question.resource + u'.' + question.group;
    if (!question.subresource.isEmpty())
        resource += u'/' + question.subresource;
    QString text = question.namespaceName.isEmpty()
        ? tr("%1 cannot %2 %3").arg(userName(session), question.verb, resource)
        : tr("%1 cannot %2 %3 in namespace %4").arg(userName(session), question.verb, resource, question.namespaceName);
    if (!answer.reason.isEmpty())
        text += u" ("_s + answer.reason + u')';
    return text;
}

void ResourceActions::run(Kind kind)
{
    QAction *action = m_actions.value(kind);
    if (!action->isEnabled())
        return; // a shortcut or the palette may fire what the menus show disabled
    const QList<ResourceRef> objects = m_selection;
    switch (kind) {
    case Kind::Edit:
        emit editRequested(objects.first());
        break;
    case Kind::Logs:
        emit logsRequested(objects.first());
        break;
    case Kind::Shell:
        emit shellRequested(objects.first());
        break;
    case Kind::Forward:
        emit forwardRequested(objects.first());
        break;
    case Kind::Probe:
        emit probeRequested(objects.first());
        break;
    case Kind::NewResource:
        emit newResourceRequested(m_session, m_namespace);
        break;
    case Kind::Delete:
        runDelete();
        break;
    case Kind::Scale:
        runScale();
        break;
    case Kind::Restart: {
        QStringList names;
        for (const ResourceRef &object : objects)
            names << object.displayName();
        confirm(tr("Restart"),
                tr("Restart %1?\n\nEvery pod is replaced by a new one, as the rollout strategy allows.")
                    .arg(names.join(u", "_s)),
                tr("&Restart"), [this, objects] {
                    const QByteArray body = ResourceOperations::restart(QDateTime::currentDateTimeUtc());
                    patchEach(objects, int(PatchType::StrategicMerge), body, tr("Restart"), tr("Restarted %1"));
                });
        break;
    }
    case Kind::Suspend:
        patchEach(objects, int(PatchType::Merge), ResourceOperations::suspend(true), tr("Suspend"), tr("Suspended %1"));
        break;
    case Kind::Resume:
        patchEach(objects, int(PatchType::Merge), ResourceOperations::suspend(false), tr("Resume"), tr("Resumed %1"));
        break;
    case Kind::Trigger:
        triggerJobs(objects);
        break;
    case Kind::Cordon: {
        QStringList names;
        for (const ResourceRef &object : objects)
            names << object.name;
        confirm(tr("Cordon"),
                tr("Cordon %1?\n\nNo new pods are scheduled there; the pods running there keep running.")
                    .arg(names.join(u", "_s)),
                tr("&Cordon"), [this, objects] {
                    patchEach(objects, int(PatchType::StrategicMerge), ResourceOperations::cordon(true), tr("Cordon"),
                              tr("Cordoned %1"));
                });
        break;
    }
    case Kind::Uncordon:
        patchEach(objects, int(PatchType::StrategicMerge), ResourceOperations::cordon(false), tr("Uncordon"),
                  tr("Uncordoned %1"));
        break;
    }
}

void ResourceActions::runDelete()
{
    auto *dialog = new DeleteDialog(m_selection, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &DeleteDialog::confirmed, this, [this, dialog] {
        dialog->setBusy(true);
        auto batch = std::make_shared<Batch>();
        const QList<ResourceRef> objects = dialog->objects();
        batch->outstanding = int(objects.size());
        QPointer<DeleteDialog> guard(dialog);
        for (const ResourceRef &object : objects) {
            if (!object.session) {
                --batch->outstanding;
                batch->failures << object.displayName() + tr(": its cluster is gone");
                continue;
            }
            DeleteOptions options;
            options.propagationPolicy = dialog->propagationPolicy();
            options.uid = object.uid;
            object.session->remove(object.resource, object.namespaceName, object.name, options, this,
                                   [this, object, batch, guard](const Result<ObjectReply> &reply) {
                                       if (reply)
                                           batch->successes << object.displayName();
                                       else
                                           batch->failures << deleteFailureLine(object, reply.error());
                                       if (--batch->outstanding > 0)
                                           return;
                                       if (!batch->successes.isEmpty())
                                           emit message(tr("Deleted %1").arg(batch->successes.join(u", "_s)));
                                       if (!guard) { // closed meanwhile: say what failed another way
                                           report(tr("Delete"), batch->failures, {});
                                           return;
                                       }
                                       guard->setBusy(false);
                                       if (batch->failures.isEmpty())
                                           guard->accept();
                                       else
                                           guard->showFailure(batch->failures.join(u'\n'));
                                   });
        }
        if (batch->outstanding == 0 && guard) {
            guard->setBusy(false);
            guard->showFailure(batch->failures.join(u'\n'));
        }
    });
    dialog->open();
}

void ResourceActions::runScale()
{
    const ResourceRef object = m_selection.first();
    auto *dialog = new ScaleDialog(object, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<ScaleDialog> guard(dialog);
    object.session->get(
        object.resource, object.namespaceName, object.name, dialog, [guard](const Result<ObjectReply> &reply) {
            if (!guard)
                return;
            if (reply)
                guard->setCurrentReplicas(reply->object.value(u"spec"_s).toObject().value(u"replicas"_s).toInt(1));
            else
                guard->setCurrentReplicas(-1, reply.error().message());
        });
    connect(dialog, &ScaleDialog::confirmed, this, [this, guard, object](int replicas) {
        if (!object.session || !guard)
            return;
        guard->setBusy(true);
        WriteOptions options;
        options.subresource = u"scale"_s;
        object.session->patch(
            object.resource, object.namespaceName, object.name, PatchType::Merge, ResourceOperations::scale(replicas),
            options, guard, [this, guard, object, replicas](const Result<ObjectReply> &reply) {
                guard->setBusy(false);
                if (!reply) {
                    guard->showFailure(reply.error().message());
                    return;
                }
                emit message(tr("Scaled %1 to %n replica(s)", nullptr, replicas).arg(object.displayName()));
                guard->accept();
            });
    });
    dialog->open();
}

void ResourceActions::confirm(const QString &title, const QString &text, const QString &button,
                              std::function<void()> then)
{
    if (!m_confirmActions) {
        then();
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Question, title, text, QMessageBox::Cancel, m_window);
    box->setObjectName(u"actionConfirmation"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *yes = box->addButton(button, QMessageBox::AcceptRole);
    yes->setObjectName(u"confirmButton"_s);
    box->setDefaultButton(yes);
    connect(box, &QMessageBox::buttonClicked, this, [yes, then = std::move(then)](QAbstractButton *clicked) {
        if (clicked == yes)
            then();
    });
    box->open();
}

void ResourceActions::patchEach(const QList<ResourceRef> &objects, int patchType, const QByteArray &body,
                                const QString &title, const QString &done)
{
    auto batch = std::make_shared<Batch>();
    batch->outstanding = int(objects.size());
    for (const ResourceRef &object : objects) {
        if (!object.session) {
            --batch->outstanding;
            continue;
        }
        object.session->patch(object.resource, object.namespaceName, object.name, PatchType(patchType), body, {}, this,
                              [this, batch, object, done, title](const Result<ObjectReply> &reply) {
                                  if (reply)
                                      batch->successes << object.displayName();
                                  else
                                      batch->failures << failureLine(object, reply.error());
                                  if (--batch->outstanding == 0) {
                                      if (!batch->successes.isEmpty())
                                          emit message(done.arg(batch->successes.join(u", "_s)));
                                      report(title, batch->failures, batch->successes);
                                  }
                              });
    }
}

void ResourceActions::triggerJobs(const QList<ResourceRef> &objects)
{
    auto batch = std::make_shared<Batch>();
    batch->outstanding = int(objects.size());
    for (const ResourceRef &object : objects) {
        const std::optional<ApiResource> jobs
            = object.session ? object.session->mapper().find(u"jobs.batch"_s) : std::nullopt;
        if (!jobs) {
            --batch->outstanding;
            batch->failures << object.displayName() + tr(": the cluster serves no Jobs");
            continue;
        }
        auto finish = [this, batch] {
            if (--batch->outstanding > 0)
                return;
            if (!batch->successes.isEmpty())
                emit message(tr("Created %1").arg(batch->successes.join(u", "_s)));
            report(tr("Trigger"), batch->failures, batch->successes);
        };
        // The template as it is now, not as the selection saw it.
        object.session->get(
            object.resource, object.namespaceName, object.name, this,
            [this, object, jobs, batch, finish](const Result<ObjectReply> &cron) {
                if (!cron || !object.session) {
                    batch->failures << failureLine(object, cron ? Error() : cron.error());
                    finish();
                    return;
                }
                const QJsonObject job
                    = ResourceOperations::jobFromCronJob(cron->object, ResourceOperations::randomSuffix());
                object.session->create(
                    *jobs, object.namespaceName, job, {}, this,
                    [object, batch, finish](const Result<ObjectReply> &created) {
                        if (created)
                            batch->successes
                                << tr("Job %1/%2")
                                       .arg(
                                           object.namespaceName,
                                           created->object.value(u"metadata"_s).toObject().value(u"name"_s).toString());
                        else
                            batch->failures << failureLine(object, created.error());
                        finish();
                    });
            });
    }
    if (batch->outstanding == 0)
        report(tr("Trigger"), batch->failures, {});
}

void ResourceActions::report(const QString &title, const QStringList &failures, const QStringList &successes)
{
    if (failures.isEmpty())
        return;
    QString text
        = failures.size() == 1 ? tr("It did not work:") : tr("%n did not work:", nullptr, int(failures.size()));
    text += u"\n\n"_s + failures.join(u"\n"_s);
    if (!successes.isEmpty())
        text += u"\n\n"_s + tr("Done: %1").arg(successes.join(u", "_s));
    showError(title, text);
}

void ResourceActions::showError(const QString &title, const QString &text)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("%1 failed").arg(title), text, QMessageBox::Close, m_window);
    box->setObjectName(u"actionError"_s);
    box->setTextFormat(Qt::PlainText); // the server's words, never markup
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace binnacle
