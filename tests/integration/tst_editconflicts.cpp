// The editor's writes against the real local cluster, with someone else writing the same object: a JSON Patch made
// by ObjectEdit applies while nobody else wrote and is refused (422, from its resourceVersion test) once someone did;
// ThreeWayMerge then re-bases the change onto live when the fields differ and refuses when they collide; 100 such
// races with a second writer give no silent overwrite. A stale merge patch is a 409, and a dry run with an unknown
// field is refused with a message whose field FieldLocator finds in the editor's text.

#include "await.h"
#include "testcluster.h"

#include "client/discovery/discovery.h"
#include "client/document/jsonpatch.h"
#include "client/resources/resourceclient.h"
#include "client/transport/clusterconnection.h"
#include "models/edit/fieldlocator.h"
#include "models/edit/objectedit.h"
#include "models/edit/threewaymerge.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <functional>
#include <optional>

using namespace Qt::StringLiterals;
using namespace binnacle;
using namespace binnacle::testing;

namespace {

QByteArray compact(const QJsonArray &array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonValue at(const QJsonObject &object, const QStringList &path)
{
    QJsonValue node = object;
    for (const QString &key : path)
        node = node.toObject().value(key);
    return node;
}

QString imageOf(const QJsonObject &deployment)
{
    return at(deployment, {u"spec"_s, u"template"_s, u"spec"_s, u"containers"_s})
        .toArray()
        .at(0)
        .toObject()
        .value(u"image"_s)
        .toString();
}

QString annotation(const QJsonObject &object, const QString &key)
{
    return at(object, {u"metadata"_s, u"annotations"_s, key}).toString();
}

QString label(const QJsonObject &object, const QString &key)
{
    return at(object, {u"metadata"_s, u"labels"_s, key}).toString();
}

// The editor's text with one annotation set, the way a user types it: a line under metadata.annotations.
QByteArray withAnnotation(QByteArray text, const QByteArray &key, const QByteArray &value)
{
    const QByteArray line = "    " + key + ": \"" + value + "\"";
    const qsizetype existing = text.indexOf(QByteArray("\n    " + key + ": "));
    if (existing >= 0) {
        const qsizetype end = text.indexOf('\n', existing + 1);
        return text.replace(existing + 1, end - existing - 1, line);
    }
    const QByteArray annotations = "\n  annotations:\n";
    const qsizetype at = text.indexOf(annotations);
    if (at < 0)
        return text.replace("\nmetadata:\n", QByteArray("\nmetadata:\n  annotations:\n" + line + '\n'));
    return text.insert(at + annotations.size(), QByteArray(line + '\n'));
}

QByteArray deploymentYaml(const QString &name, const QString &ns)
{
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name.toUtf8() + "\n  namespace: "
        + ns.toUtf8() + "\nspec:\n  replicas: 0\n  selector:\n    matchLabels: {app: " + name.toUtf8()
        + "}\n  template:\n    metadata:\n      labels: {app: " + name.toUtf8()
        + "}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n";
}

// One connected user: connection, discovery, resource client.
struct Session
{
    explicit Session(const ClusterConfig &config)
        : connection(config)
        , discovery(&connection)
        , client(&connection)
    {
        QSignalSpy updated(&discovery, &Discovery::updated);
        QSignalSpy failed(&discovery, &Discovery::failed);
        discovery.refresh();
        if (!QTest::qWaitFor([&] { return !updated.isEmpty() || !failed.isEmpty(); }, 30000) || !failed.isEmpty())
            qWarning("discovery failed for %s", qPrintable(config.contextName));
        deployments = discovery.mapper().find(u"deployments"_s).value_or(ApiResource {});
    }

    Result<ObjectReply> get(const QString &ns, const QString &name)
    {
        return await<ObjectReply>([&](QObject *c, auto d) { client.get(deployments, ns, name, c, d); });
    }
    Result<ObjectReply> patch(const QString &ns, const QString &name, PatchType type, const QByteArray &body,
                              const WriteOptions &options = {})
    {
        return await<ObjectReply>(
            [&](QObject *c, auto d) { client.patch(deployments, ns, name, type, body, options, c, d); });
    }

    ClusterConnection connection;
    Discovery discovery;
    ResourceClient client;
    ApiResource deployments;
};

QString describe(const Error &error)
{
    return u"%1 (%2 %3)"_s.arg(error.message()).arg(error.status().code).arg(error.status().reason);
}

} // namespace

class EditConflictsTest : public QObject
{
    Q_OBJECT

private:
    const TestCluster &cluster = TestCluster::instance();
    QString ns() const { return cluster.limitedNamespace(); }
    QSet<QString> m_created; // deleted at the end: the shared cluster's shop namespace is other tests' too

    // A fresh Deployment (no replicas: nothing runs), once its controller has written its status: from then on
    // nobody writes it but the test.
    QJsonObject freshDeployment(Session &s, const QString &name)
    {
        m_created.insert(name);
        cluster.kubectl({u"delete"_s, u"deployment"_s, name, u"-n"_s, ns(), u"--ignore-not-found"_s, u"--wait"_s});
        cluster.kubectl({u"apply"_s, u"-f"_s, u"-"_s}, true, deploymentYaml(name, ns()));
        return settled(s, name);
    }

    QJsonObject settled(Session &s, const QString &name)
    {
        QJsonObject object;
        const bool quiet = QTest::qWaitFor(
            [&] {
                const Result<ObjectReply> reply = s.get(ns(), name);
                if (!reply)
                    return false;
                object = reply->object;
                const bool observed = at(object, {u"status"_s, u"observedGeneration"_s}).toInteger()
                    == at(object, {u"metadata"_s, u"generation"_s}).toInteger();
                bool complete = false;
                for (const QJsonValue &condition : at(object, {u"status"_s, u"conditions"_s}).toArray()) {
                    if (condition[u"type"_s] == u"Progressing"_s
                        && condition[u"reason"_s] == u"NewReplicaSetAvailable"_s)
                        complete = true;
                }
                return observed && complete;
            },
            60000);
        if (!quiet)
            qWarning("deployment %s did not settle: %s", qPrintable(name), compact(object).constData());
        return object;
    }

private slots:
    void cleanupTestCase()
    {
        for (const QString &name : std::as_const(m_created))
            cluster.kubectl({u"delete"_s, u"deployment"_s, name, u"-n"_s, ns(), u"--ignore-not-found"_s}, false);
    }

    // (a) Nobody else wrote: the patch ObjectEdit makes from the edited text applies and changes the image.
    void patchAppliesWhenNobodyElseWrote()
    {
        Session s(cluster.config(u"admin"_s));
        const QString name = u"edit-quiet"_s;
        const ObjectEdit edit(s.deployments, freshDeployment(s, name));
        QByteArray text = edit.text();
        QVERIFY(text.contains("- image: nginx:1.27\n"));
        text.replace("- image: nginx:1.27\n", "- image: nginx:1.28\n");
        const Result<ObjectEdit::Parsed> parsed = edit.parse(text);
        QVERIFY(parsed.ok());
        const QJsonArray patch = edit.jsonPatch(parsed->object);
        QCOMPARE(patch.size(), 2); // the resourceVersion test and the image

        const Result<ObjectReply> patched = s.patch(ns(), name, PatchType::Json, compact(patch));
        QVERIFY2(patched.ok(), qPrintable(patched.ok() ? QString() : describe(patched.error())));
        QCOMPARE(imageOf(patched->object), u"nginx:1.28"_s);
        QCOMPARE(imageOf(s.get(ns(), name)->object), u"nginx:1.28"_s);
    }

    // (b) The race: kubectl changes the object between the read and the write. The patch is refused and changes
    // nothing; re-based onto live it applies and both changes are there. When kubectl changed the same field, the
    // fields collide and nothing is re-based.
    void raceIsRefusedThenRebased()
    {
        Session s(cluster.config(u"admin"_s));
        const QString name = u"edit-race"_s;
        const ObjectEdit edit(s.deployments, freshDeployment(s, name));
        QByteArray text = edit.text();
        text.replace("- image: nginx:1.27\n", "- image: nginx:1.29\n");
        const Result<ObjectEdit::Parsed> mine = edit.parse(text);
        QVERIFY(mine.ok());
        const QJsonArray patch = edit.jsonPatch(mine->object);

        cluster.kubectl({u"patch"_s, u"deployment"_s, name, u"-n"_s, ns(), u"--type=merge"_s, u"-p"_s,
                         uR"({"spec":{"revisionHistoryLimit":5}})"_s});

        const Result<ObjectReply> stale = s.patch(ns(), name, PatchType::Json, compact(patch));
        QVERIFY(!stale.ok());
        QVERIFY2(stale.error().isInvalid(), qPrintable(describe(stale.error())));
        QCOMPARE(stale.error().status().code, 422);
        const QJsonObject afterRefusal = s.get(ns(), name)->object;
        QCOMPARE(imageOf(afterRefusal), u"nginx:1.27"_s); // unchanged by us
        QCOMPARE(at(afterRefusal, {u"spec"_s, u"revisionHistoryLimit"_s}).toInt(), 5);

        // Re-based onto live. The deployment controller may write its status in between (that is a race too): the
        // re-base is then simply done again on the newer live object.
        std::optional<QJsonObject> result;
        for (int attempt = 0; attempt < 5 && !result; ++attempt) {
            const QJsonObject live = s.get(ns(), name)->object;
            const ThreeWayMerge::Outcome outcome = ThreeWayMerge::merge(edit.base(), mine->object, live);
            QVERIFY2(outcome.canRebase(), qPrintable(outcome.collisions.join(u", "_s)));
            QVERIFY(outcome.theirs.contains(u"/spec/revisionHistoryLimit"_s));
            QCOMPARE(outcome.mine, QStringList {u"/spec/template/spec/containers/0/image"_s});
            const Result<ObjectReply> rebased = s.patch(ns(), name, PatchType::Json, compact(outcome.rebasedPatch));
            if (rebased.ok())
                result = rebased->object;
            else
                QVERIFY2(rebased.error().isInvalid(), qPrintable(describe(rebased.error())));
        }
        QVERIFY(result.has_value());
        QCOMPARE(imageOf(*result), u"nginx:1.29"_s);
        QCOMPARE(at(*result, {u"spec"_s, u"revisionHistoryLimit"_s}).toInt(), 5);

        // The same field on both sides: a collision, and no re-base.
        const ObjectEdit second(s.deployments, settled(s, name));
        QByteArray secondText = second.text();
        QVERIFY(secondText.contains("\n  revisionHistoryLimit: 5\n"));
        secondText.replace("\n  revisionHistoryLimit: 5\n", "\n  revisionHistoryLimit: 7\n");
        const Result<ObjectEdit::Parsed> colliding = second.parse(secondText);
        QVERIFY(colliding.ok());
        cluster.kubectl({u"patch"_s, u"deployment"_s, name, u"-n"_s, ns(), u"--type=merge"_s, u"-p"_s,
                         uR"({"spec":{"revisionHistoryLimit":9}})"_s});
        const Result<ObjectReply> refused
            = s.patch(ns(), name, PatchType::Json, compact(second.jsonPatch(colliding->object)));
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().isInvalid());
        const QJsonObject live = s.get(ns(), name)->object;
        const ThreeWayMerge::Outcome outcome = ThreeWayMerge::merge(second.base(), colliding->object, live);
        QCOMPARE(outcome.collisions, QStringList {u"/spec/revisionHistoryLimit"_s});
        QVERIFY(!outcome.canRebase());
        QVERIFY(outcome.rebasedPatch.isEmpty());
        QCOMPARE(at(s.get(ns(), name)->object, {u"spec"_s, u"revisionHistoryLimit"_s}).toInt(), 9);
    }

    // (c) 100 races against a second writer (another connection, another user): every stale patch is refused, every
    // re-base keeps the other writer's change, every collision is refused. An overwrite is any of those failing.
    void hundredRacesNoSilentOverwrite()
    {
        Session s(cluster.config(u"admin"_s));
        Session other(cluster.config(u"admin-token"_s));
        const QString name = u"edit-races"_s;
        QJsonObject current = freshDeployment(s, name);

        int overwrites = 0;
        int rebased = 0;
        int collided = 0;
        for (int i = 0; i < 100; ++i) {
            const bool collide = i % 10 == 9;
            const ObjectEdit edit(s.deployments, current);
            const QByteArray key = collide ? "binnacle.dev/shared" : "binnacle.dev/mine";
            const QByteArray mineValue = "m" + QByteArray::number(i);
            const QByteArray text = withAnnotation(edit.text(), key, mineValue);
            const Result<ObjectEdit::Parsed> mine = edit.parse(text);
            QVERIFY2(mine.ok(), mine.ok() ? "" : qPrintable(mine.error().toString() + u'\n' + QString::fromUtf8(text)));
            const QJsonArray patch = edit.jsonPatch(mine->object);

            // The other writer: a blind merge patch (no resourceVersion), like `kubectl patch`, on a field that
            // differs from ours (an annotation, a label, a spec field), or on ours.
            const QString theirValue = u"t%1"_s.arg(i);
            QJsonObject theirs;
            std::function<bool(const QJsonObject &)> hasTheirs;
            if (collide) {
                theirs = {{u"metadata"_s,
                           QJsonObject {{u"annotations"_s, QJsonObject {{u"binnacle.dev/shared"_s, theirValue}}}}}};
                hasTheirs = [theirValue](const QJsonObject &o) {
                    return annotation(o, u"binnacle.dev/shared"_s) == theirValue;
                };
            } else if (i % 3 == 0) {
                theirs = {{u"metadata"_s,
                           QJsonObject {{u"annotations"_s, QJsonObject {{u"binnacle.dev/theirs"_s, theirValue}}}}}};
                hasTheirs = [theirValue](const QJsonObject &o) {
                    return annotation(o, u"binnacle.dev/theirs"_s) == theirValue;
                };
            } else if (i % 3 == 1) {
                theirs = {{u"metadata"_s, QJsonObject {{u"labels"_s, QJsonObject {{u"theirs"_s, theirValue}}}}}};
                hasTheirs = [theirValue](const QJsonObject &o) { return label(o, u"theirs"_s) == theirValue; };
            } else {
                const int limit = 100 + i;
                theirs = {{u"spec"_s, QJsonObject {{u"revisionHistoryLimit"_s, limit}}}};
                hasTheirs = [limit](const QJsonObject &o) {
                    return at(o, {u"spec"_s, u"revisionHistoryLimit"_s}).toInt() == limit;
                };
            }
            const Result<ObjectReply> written = other.patch(ns(), name, PatchType::Merge, compact(theirs));
            QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : describe(written.error())));

            const Result<ObjectReply> stale = s.patch(ns(), name, PatchType::Json, compact(patch));
            if (stale.ok()) {
                ++overwrites; // the precondition let a stale patch through
                current = stale->object;
                continue;
            }
            QVERIFY2(stale.error().isInvalid(), qPrintable(describe(stale.error())));

            bool done = false;
            for (int attempt = 0; attempt < 5 && !done; ++attempt) {
                const QJsonObject live = s.get(ns(), name)->object;
                const ThreeWayMerge::Outcome outcome = ThreeWayMerge::merge(edit.base(), mine->object, live);
                if (collide) {
                    QCOMPARE(outcome.collisions, QStringList {u"/metadata/annotations/binnacle.dev~1shared"_s});
                    QVERIFY(!outcome.canRebase());
                    if (!hasTheirs(live))
                        ++overwrites;
                    ++collided;
                    current = live;
                    done = true;
                    break;
                }
                QVERIFY2(outcome.canRebase(), qPrintable(outcome.collisions.join(u", "_s)));
                const Result<ObjectReply> sent = s.patch(ns(), name, PatchType::Json, compact(outcome.rebasedPatch));
                if (!sent.ok()) {
                    // The controller wrote its status in between: re-base again on the newer object.
                    QVERIFY2(sent.error().isInvalid(), qPrintable(describe(sent.error())));
                    continue;
                }
                if (!hasTheirs(sent->object)
                    || annotation(sent->object, QString::fromLatin1(key)) != QString::fromLatin1(mineValue))
                    ++overwrites;
                ++rebased;
                current = sent->object;
                done = true;
            }
            QVERIFY2(done, qPrintable(u"race %1 never settled"_s.arg(i)));
        }
        QCOMPARE(overwrites, 0);
        QCOMPARE(rebased, 90);
        QCOMPARE(collided, 10);
        // The last state really is on the server: both writers' last changes.
        const QJsonObject last = s.get(ns(), name)->object;
        QCOMPARE(annotation(last, u"binnacle.dev/mine"_s), u"m98"_s);
        QCOMPARE(annotation(last, u"binnacle.dev/shared"_s), u"t99"_s);
    }

    // (d) A merge patch carries base's resourceVersion: stale, it is a 409 Conflict, and nothing changes.
    void staleMergePatchIsAConflict()
    {
        Session s(cluster.config(u"admin"_s));
        const QString name = u"edit-merge"_s;
        const ObjectEdit edit(s.deployments, freshDeployment(s, name));
        const Result<ObjectEdit::Parsed> mine = edit.parse(withAnnotation(edit.text(), "binnacle.dev/merge", "mine"));
        QVERIFY(mine.ok());
        const QJsonObject patch = edit.mergePatch(mine->object);
        QCOMPARE(at(patch, {u"metadata"_s, u"resourceVersion"_s}).toString(), edit.baseResourceVersion());

        cluster.kubectl({u"annotate"_s, u"deployment"_s, name, u"-n"_s, ns(), u"binnacle.dev/other=theirs"_s});
        const Result<ObjectReply> stale = s.patch(ns(), name, PatchType::Merge, compact(patch));
        QVERIFY(!stale.ok());
        QVERIFY2(stale.error().isConflict(), qPrintable(describe(stale.error())));
        QCOMPARE(stale.error().status().code, 409);
        const QJsonObject live = s.get(ns(), name)->object;
        QVERIFY(annotation(live, u"binnacle.dev/merge"_s).isEmpty());
        QCOMPARE(annotation(live, u"binnacle.dev/other"_s), u"theirs"_s);

        // Against live, the same edit goes through.
        const ObjectEdit fresh(s.deployments, live);
        const Result<ObjectEdit::Parsed> again
            = fresh.parse(withAnnotation(fresh.text(), "binnacle.dev/merge", "mine"));
        const Result<ObjectReply> applied
            = s.patch(ns(), name, PatchType::Merge, compact(fresh.mergePatch(again->object)));
        QVERIFY2(applied.ok(), qPrintable(applied.ok() ? QString() : describe(applied.error())));
        QCOMPARE(annotation(applied->object, u"binnacle.dev/merge"_s), u"mine"_s);
    }

    // (e) A dry run under Strict field validation of a text with a misspelt field: the server refuses it (v1.36
    // answers a JSON Patch's strict decoding error with 422 Invalid, quoting the patched object), FieldLocator
    // finds the field in the message and puts it at the line the user typed; nothing is stored.
    void dryRunNamesTheUnknownFieldAtItsLine()
    {
        Session s(cluster.config(u"admin"_s));
        const QString name = u"edit-dryrun"_s;
        const ObjectEdit edit(s.deployments, freshDeployment(s, name));
        QByteArray text = edit.text();
        const QByteArray policy = "        imagePullPolicy: IfNotPresent\n";
        QVERIFY(text.contains(policy));
        text.replace(policy, QByteArray(policy + "        imagePullPolicyy: Always\n"));
        const int typedLine = int(text.left(text.indexOf("imagePullPolicyy")).count('\n')) + 1;
        const Result<ObjectEdit::Parsed> parsed = edit.parse(text);
        QVERIFY(parsed.ok());

        WriteOptions dryRun;
        dryRun.dryRun = true;
        dryRun.fieldValidation = u"Strict"_s;
        const Result<ObjectReply> refused
            = s.patch(ns(), name, PatchType::Json, compact(edit.jsonPatch(parsed->object)), dryRun);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().status().code == 422 || refused.error().status().code == 400,
                 qPrintable(describe(refused.error())));
        const QStringList fields = FieldLocator::fieldsIn(refused.error().message());
        QCOMPARE(fields, QStringList {u"spec.template.spec.containers[0].imagePullPolicyy"_s});

        const FieldLocator::Location location = FieldLocator::locate(text, fields.first());
        QVERIFY(location.exact);
        QCOMPARE(location.line, typedLine);
        QCOMPARE(location.column, 9);
        // In the text as it was opened, the field is not there: its container is shown instead.
        const FieldLocator::Location inBase = FieldLocator::locate(edit.text(), fields.first());
        QVERIFY(!inBase.exact);
        QCOMPARE(edit.text().split('\n').at(inBase.line - 1), "      - image: nginx:1.27"_ba);

        // A dry run stores nothing; without the typo the same dry run passes.
        QCOMPARE(s.get(ns(), name)->object, edit.base());
        text.replace("        imagePullPolicyy: Always\n", "");
        text.replace("nginx:1.27", "nginx:1.30");
        const Result<ObjectReply> clean
            = s.patch(ns(), name, PatchType::Json, compact(edit.jsonPatch(edit.parse(text)->object)), dryRun);
        QVERIFY2(clean.ok(), qPrintable(clean.ok() ? QString() : describe(clean.error())));
        QCOMPARE(imageOf(clean->object), u"nginx:1.30"_s);
        QCOMPARE(imageOf(s.get(ns(), name)->object), u"nginx:1.27"_s);
    }
};

QTEST_GUILESS_MAIN(EditConflictsTest)
#include "tst_editconflicts.moc"
