// The logic of editing one object: the text the editor opens with (kubectl's order, a Secret decoded and masked),
// what a text means as an API object (Secret values encoded back, a masked one as it was), the identity checks, and
// the three request bodies (JSON Patch with its resourceVersion test, merge patch, apply configuration).
//
// The fixtures under data/edit are real: `kubectl get -o json` and `-o yaml --show-managed-fields` of a Deployment
// and a Secret of the local cluster (kube-apiserver v1.36).

#include "client/discovery/apiresource.h"
#include "client/document/jsonpatch.h"
#include "client/document/yamlconverter.h"
#include "models/details/secretmask.h"
#include "models/edit/objectedit.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

QByteArray readData(const QString &name)
{
    QFile file(QStringLiteral(BINNACLE_TEST_DATA) + u"/edit/"_s + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(name));
    return file.readAll();
}

QJsonObject readObject(const QString &name)
{
    return QJsonDocument::fromJson(readData(name)).object();
}

ApiResource deployments()
{
    ApiResource r;
    r.group = u"apps"_s;
    r.version = u"v1"_s;
    r.resource = u"deployments"_s;
    r.kind = u"Deployment"_s;
    r.namespaced = true;
    return r;
}

ApiResource secrets()
{
    ApiResource r;
    r.version = u"v1"_s;
    r.resource = u"secrets"_s;
    r.kind = u"Secret"_s;
    r.namespaced = true;
    return r;
}

QJsonObject json(const QByteArray &text)
{
    return QJsonDocument::fromJson(text).object();
}

// RFC 7386 applied, to check what a merge patch does rather than how it is spelled.
QJsonValue mergeApply(const QJsonValue &target, const QJsonValue &patch)
{
    if (!patch.isObject())
        return patch;
    QJsonObject result = target.isObject() ? target.toObject() : QJsonObject();
    const QJsonObject members = patch.toObject();
    for (auto it = members.begin(); it != members.end(); ++it) {
        if (it.value().isNull())
            result.remove(it.key());
        else
            result.insert(it.key(), mergeApply(result.value(it.key()), it.value()));
    }
    return result;
}

QJsonObject withValue(QJsonObject object, const QStringList &path, const QJsonValue &value)
{
    if (path.size() == 1) {
        if (value.isUndefined())
            object.remove(path.first());
        else
            object.insert(path.first(), value);
        return object;
    }
    object.insert(path.first(), withValue(object.value(path.first()).toObject(), path.mid(1), value));
    return object;
}

const QString Password = u"s3ntinel-password"_s;
const QString Token = u"s3ntinel-token"_s;

} // namespace

class ObjectEditTest : public QObject
{
    Q_OBJECT

private slots:
    // The editor shows what `kubectl get -o yaml` shows, byte for byte: keys sorted at every level (apiVersion,
    // kind, metadata, spec, status; "image" before "name" in a container), managedFields included.
    void textIsKubectlsYaml_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<ApiResource>("resource");
        QTest::newRow("deployment") << u"deployment"_s << deployments();
        QTest::newRow("secret, revealed") << u"secret"_s << secrets();
    }
    void textIsKubectlsYaml()
    {
        QFETCH(QString, name);
        QFETCH(ApiResource, resource);
        const QJsonObject object = readObject(name + u".json"_s);
        QByteArray expected = readData(name + u".yaml"_s);
        SecretMask mask;
        if (name == u"secret") {
            // Revealed, the editor shows text where kubectl shows base64; the binary value stays masked.
            mask.reveal(u"password"_s);
            mask.reveal(u"token"_s);
            mask.reveal(u"blob"_s);
            expected.replace(QByteArray("password: " + Password.toUtf8().toBase64()),
                             QByteArray("password: " + Password.toUtf8()));
            expected.replace(QByteArray("token: " + Token.toUtf8().toBase64()), QByteArray("token: " + Token.toUtf8()));
            expected.replace("blob: //4K", QByteArray("blob: " + SecretMask::placeholder(3).toUtf8()));
        }
        const ObjectEdit edit(resource, object);
        const QByteArray text = edit.text(mask);
        if (name == u"secret") {
            // The annotation is masked as SecretMask masks it (re-serialised, its values base64 when revealed):
            // compare all the rest.
            const auto withoutAnnotation = [](const QByteArray &yaml) {
                QList<QByteArray> lines;
                for (const QByteArray &line : yaml.split('\n')) {
                    if (!line.contains("last-applied-configuration") && !line.startsWith("      {\"apiVersion"))
                        lines.append(line);
                }
                return lines;
            };
            QCOMPARE(withoutAnnotation(text), withoutAnnotation(expected));
            QVERIFY(text.contains("kubectl.kubernetes.io/last-applied-configuration: "));
            return;
        }
        QCOMPARE(text, expected);
    }

    void textRoundTrips()
    {
        for (const QString &name : {u"deployment"_s, u"secret"_s}) {
            const ObjectEdit edit(name == u"secret" ? secrets() : deployments(), readObject(name + u".json"_s));
            for (const bool revealed : {false, true}) {
                SecretMask mask;
                if (revealed) {
                    for (const QString &key : {u"password"_s, u"token"_s, u"blob"_s})
                        mask.reveal(key);
                }
                const auto parsed = edit.parse(edit.text(mask));
                QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
                QCOMPARE(parsed->object, edit.base());
                QVERIFY(parsed->identityChanges.isEmpty());
                QVERIFY(edit.jsonPatch(parsed->object).isEmpty());
                QVERIFY(edit.mergePatch(parsed->object).isEmpty());
            }
        }
    }

    // Nothing of a hidden value reaches the text: not the value, not its base64, not in the annotation either.
    void secretValuesAreMaskedUntilRevealed()
    {
        const ObjectEdit edit(secrets(), readObject(u"secret.json"_s));
        QVERIFY(edit.isSecret());
        SecretMask mask;
        const QByteArray hidden = edit.text(mask);
        for (const QString &secret : {Password, Token})
            for (const QByteArray &form : {secret.toUtf8(), secret.toUtf8().toBase64()})
                QVERIFY2(!hidden.contains(form), hidden.constData());
        QVERIFY(hidden.contains(QByteArray("password: " + SecretMask::placeholder(Password.size()).toUtf8())));
        QVERIFY(hidden.contains(QByteArray("blob: " + SecretMask::placeholder(3).toUtf8())));

        mask.reveal(u"password"_s);
        const QByteArray one = edit.text(mask);
        QVERIFY(one.contains(QByteArray("password: " + Password.toUtf8() + '\n')));
        QVERIFY(!one.contains(Token.toUtf8()));
        QVERIFY(!one.contains(Token.toUtf8().toBase64()));

        // A value that is not text is never shown, revealed or not: no text written for it would encode back.
        mask.reveal(u"blob"_s);
        QVERIFY(edit.text(mask).contains(QByteArray("blob: " + SecretMask::placeholder(3).toUtf8())));
    }

    void secretIsEncodedBack()
    {
        const QJsonObject base = readObject(u"secret.json"_s);
        const ObjectEdit edit(secrets(), base);
        SecretMask mask;
        mask.reveal(u"token"_s);
        QByteArray text = edit.text(mask);
        // A revealed value changed, a new key, a hidden one and the binary one left masked.
        text.replace(QByteArray("token: " + Token.toUtf8()), "token: new-token");
        text.replace("\ndata:\n", "\ndata:\n  added: fresh value\n");
        const auto parsed = edit.parse(text);
        QVERIFY(parsed.ok());
        const QJsonObject data = parsed->object.value(u"data"_s).toObject();
        QCOMPARE(data.value(u"token"_s).toString(), QString::fromLatin1("new-token"_ba.toBase64()));
        QCOMPARE(data.value(u"added"_s).toString(), QString::fromLatin1("fresh value"_ba.toBase64()));
        const QJsonObject baseData = base.value(u"data"_s).toObject();
        QCOMPARE(data.value(u"password"_s), baseData.value(u"password"_s));
        QCOMPARE(data.value(u"blob"_s), baseData.value(u"blob"_s));
        // The annotation is base's, exactly.
        const auto annotation = [](const QJsonObject &o) {
            return o.value(u"metadata"_s)
                .toObject()
                .value(u"annotations"_s)
                .toObject()
                .value(SecretMask::LastAppliedAnnotation.toString());
        };
        QCOMPARE(annotation(parsed->object), annotation(base));

        // The patch carries only what changed, and never a placeholder.
        const QJsonArray patch = edit.jsonPatch(parsed->object);
        const QByteArray patchText = QJsonDocument(patch).toJson(QJsonDocument::Compact);
        QVERIFY2(!patchText.contains("hidden"), patchText.constData());
        QCOMPARE(patch.size(), 3); // test, replace token, add added
        QCOMPARE(JsonPatch::apply(base, patch).value(), QJsonValue(parsed->object));
    }

    // Revealed values of every shape come back as the same bytes: YAML's special words, numbers, blanks, line
    // breaks (a certificate), tabs, carriage returns and non-ASCII text.
    void revealedValuesRoundTrip_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("yes") << "yes"_ba;
        QTest::newRow("number") << "0123"_ba;
        QTest::newRow("null") << "null"_ba;
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("padded") << "  padded  "_ba;
        QTest::newRow("pem") << "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"_ba;
        QTest::newRow("trailing lines") << "a\n\n\n"_ba;
        QTest::newRow("crlf") << "a\r\nb\r\n"_ba;
        QTest::newRow("tab") << "a\tb"_ba;
        QTest::newRow("colon") << "key: value"_ba;
        QTest::newRow("unicode") << "pässwörd 🔑"_ba;
        QTest::newRow("looks like a placeholder") << SecretMask::placeholder(3).toUtf8();
    }
    void revealedValuesRoundTrip()
    {
        QFETCH(QByteArray, value);
        QJsonObject secret = readObject(u"secret.json"_s);
        QJsonObject data = secret.value(u"data"_s).toObject();
        data.insert(u"odd"_s, QString::fromLatin1(value.toBase64()));
        secret.insert(u"data"_s, data);
        const ObjectEdit edit(secrets(), secret);
        SecretMask mask;
        mask.reveal(u"odd"_s);
        const auto parsed = edit.parse(edit.text(mask));
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
        QCOMPARE(
            QByteArray::fromBase64(parsed->object.value(u"data"_s).toObject().value(u"odd"_s).toString().toLatin1()),
            value);
        QVERIFY(edit.jsonPatch(parsed->object).isEmpty());
    }

    // A value written in the text equal to a placeholder of another size is the user's text, not a mask.
    void aPlaceholderOfAnotherSizeIsText()
    {
        const ObjectEdit edit(secrets(), readObject(u"secret.json"_s));
        QByteArray text = edit.text();
        const QByteArray other = SecretMask::placeholder(2).toUtf8();
        text.replace(QByteArray("password: " + SecretMask::placeholder(Password.size()).toUtf8()),
                     QByteArray("password: " + other));
        const auto parsed = edit.parse(text);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->object.value(u"data"_s).toObject().value(u"password"_s).toString(),
                 QString::fromLatin1(other.toBase64()));
    }

    void parseErrorsHaveLineAndColumn_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::newRow("syntax") << "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: [1, 2\n"_ba << 5 << 1;
        QTest::newRow("duplicate key") << "apiVersion: v1\nkind: ConfigMap\nkind: Secret\n"_ba << 3 << 1;
        QTest::newRow("a list") << "- a\n- b\n"_ba << 1 << 1;
        QTest::newRow("a scalar") << "just text\n"_ba << 1 << 1;
    }
    void parseErrorsHaveLineAndColumn()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        QFETCH(int, column);
        const ObjectEdit edit(deployments(), readObject(u"deployment.json"_s));
        const auto parsed = edit.parse(text);
        QVERIFY(!parsed.ok());
        QVERIFY(!parsed.error().message().isEmpty());
        QCOMPARE(parsed.error().line(), line);
        QCOMPARE(parsed.error().column(), column);
    }

    void identityChanges_data()
    {
        QTest::addColumn<QStringList>("path");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("change");
        QTest::newRow("kind") << QStringList {u"kind"_s} << QJsonValue(u"StatefulSet"_s)
                              << u"kind: Deployment → StatefulSet"_s;
        QTest::newRow("group") << QStringList {u"apiVersion"_s} << QJsonValue(u"extensions/v1beta1"_s)
                               << u"apiVersion: apps/v1 → extensions/v1beta1"_s;
        QTest::newRow("version") << QStringList {u"apiVersion"_s} << QJsonValue(u"apps/v1beta2"_s)
                                 << u"apiVersion: apps/v1 → apps/v1beta2"_s;
        QTest::newRow("name") << QStringList {u"metadata"_s, u"name"_s} << QJsonValue(u"web2"_s)
                              << u"metadata.name: web → web2"_s;
        QTest::newRow("namespace") << QStringList {u"metadata"_s, u"namespace"_s} << QJsonValue(u"shop"_s)
                                   << u"metadata.namespace: default → shop"_s;
        QTest::newRow("namespace removed")
            << QStringList {u"metadata"_s, u"namespace"_s} << QJsonValue() << u"metadata.namespace: default → (none)"_s;
    }
    void identityChanges()
    {
        QFETCH(QStringList, path);
        QFETCH(QJsonValue, value);
        QFETCH(QString, change);
        const ObjectEdit edit(deployments(), readObject(u"deployment.json"_s));
        const QJsonObject changed = withValue(edit.base(), path, value);
        const auto parsed = edit.parse(YamlConverter::toYaml(changed));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->identityChanges, QStringList {change});

        // Other fields, metadata's included, are no identity change.
        const auto labels
            = edit.parse(YamlConverter::toYaml(withValue(edit.base(), {u"metadata"_s, u"labels"_s, u"x"_s}, u"y"_s)));
        QVERIFY(labels->identityChanges.isEmpty());
    }

    void jsonPatchTestsTheResourceVersion()
    {
        const ObjectEdit edit(deployments(), readObject(u"deployment.json"_s));
        QCOMPARE(edit.baseResourceVersion(),
                 edit.base().value(u"metadata"_s).toObject().value(u"resourceVersion"_s).toString());
        QByteArray text = edit.text();
        QVERIFY(text.contains("- image: nginx:1.27\n"));
        text.replace("- image: nginx:1.27\n", "- image: nginx:1.28\n");
        const auto parsed = edit.parse(text);
        QVERIFY(parsed.ok());
        const QJsonArray patch = edit.jsonPatch(parsed->object);
        const QJsonArray expected {
            QJsonObject {{u"op"_s, u"test"_s},
                         {u"path"_s, u"/metadata/resourceVersion"_s},
                         {u"value"_s, edit.baseResourceVersion()}},
            QJsonObject {{u"op"_s, u"replace"_s},
                         {u"path"_s, u"/spec/template/spec/containers/0/image"_s},
                         {u"value"_s, u"nginx:1.28"_s}},
        };
        QCOMPARE(patch, expected);
        QCOMPARE(JsonPatch::apply(edit.base(), patch).value(), QJsonValue(parsed->object));
        // Applied to a newer version of the object, the test refuses it.
        const QJsonObject newer = withValue(edit.base(), {u"metadata"_s, u"resourceVersion"_s}, u"999999"_s);
        QVERIFY(!JsonPatch::apply(newer, patch).ok());
    }

    void mergePatch()
    {
        const QJsonObject base = json(R"({"apiVersion":"v1","kind":"ConfigMap",
            "metadata":{"name":"c","resourceVersion":"42","labels":{"a":"1","b":"2"}},
            "data":{"keep":"x","drop":"y","change":"z"},"list":[1,2,3]})");
        const QJsonObject edited = json(R"({"apiVersion":"v1","kind":"ConfigMap",
            "metadata":{"name":"c","resourceVersion":"42","labels":{"a":"1","c":"3"}},
            "data":{"keep":"x","change":"Z","new":"n"},"list":[1,3]})");
        const ObjectEdit edit(ApiResource {}, base);
        const QJsonObject patch = edit.mergePatch(edited);
        QCOMPARE(patch, json(R"({"metadata":{"resourceVersion":"42","labels":{"b":null,"c":"3"}},
                          "data":{"drop":null,"change":"Z","new":"n"},"list":[1,3]})"));
        QCOMPARE(mergeApply(base, patch), QJsonValue(edited));
    }

    void applyConfigurationLeavesServerFieldsOut()
    {
        const ObjectEdit edit(deployments(), readObject(u"deployment.json"_s));
        const QByteArray yaml = edit.applyConfiguration(edit.base());
        const QJsonObject configuration = YamlConverter::toJson(yaml).value().toObject();
        QVERIFY(!configuration.contains(u"status"_s));
        const QJsonObject metadata = configuration.value(u"metadata"_s).toObject();
        for (const char *owned : {"managedFields", "resourceVersion", "uid", "creationTimestamp", "generation"})
            QVERIFY2(!metadata.contains(QLatin1StringView(owned)), owned);
        QCOMPARE(metadata.value(u"name"_s).toString(), u"web"_s);
        QCOMPARE(configuration.value(u"spec"_s), edit.base().value(u"spec"_s));
        QVERIFY(yaml.startsWith("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"));
    }
};

QTEST_GUILESS_MAIN(ObjectEditTest)
#include "tst_objectedit.moc"
