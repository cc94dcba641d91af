// Where a field the server names sits in the editor's text, and which fields a server message names. The messages
// are kube-apiserver v1.36's own, provoked on the local cluster (a Deployment "web" in "default") with
// fieldValidation=Strict and dryRun=All.

#include "models/edit/fieldlocator.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

// Line numbers are in the comments on the right.
const QByteArray Deployment = "apiVersion: apps/v1\n" // 1
                              "kind: Deployment\n" // 2
                              "metadata:\n" // 3
                              "  annotations:\n" // 4
                              "    deployment.kubernetes.io/revision: \"1\"\n" // 5
                              "  name: web\n" // 6
                              "spec:\n" // 7
                              "  replicas: 1\n" // 8
                              "  template:\n" // 9
                              "    spec:\n" // 10
                              "      containers:\n" // 11
                              "      - image: nginx:1.27\n" // 12
                              "        imagePullPolicy: IfNotPresent\n" // 13
                              "        name: nginx\n" // 14
                              "      - image: busybox\n" // 15
                              "        name: sidecar\n" // 16
                              "        env:\n" // 17
                              "        - name: A\n" // 18
                              "          value: \"1\"\n"; // 19

QString readStatusMessage(const QString &name)
{
    QFile file(QStringLiteral(BINNACLE_TEST_DATA) + u"/edit/"_s + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(name));
    return QJsonDocument::fromJson(file.readAll()).object().value(u"message"_s).toString();
}

} // namespace

class FieldLocatorTest : public QObject
{
    Q_OBJECT

private slots:
    void locate_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<bool>("exact");

        QTest::newRow("field path") << u"spec.template.spec.containers[0].imagePullPolicy"_s << 13 << 9 << true;
        QTest::newRow("JSON Pointer") << u"/spec/template/spec/containers/0/imagePullPolicy"_s << 13 << 9 << true;
        QTest::newRow("apply's leading dot") << u".spec.replicas"_s << 8 << 3 << true;
        QTest::newRow("second element") << u"spec.template.spec.containers[1].name"_s << 16 << 9 << true;
        QTest::newRow("nested list") << u"spec.template.spec.containers[1].env[0].value"_s << 19 << 11 << true;
        QTest::newRow("element itself") << u"spec.template.spec.containers[1]"_s << 15 << 9 << true;
        QTest::newRow("map key in brackets")
            << u"metadata.annotations[deployment.kubernetes.io/revision]"_s << 5 << 5 << true;
        QTest::newRow("element by key") << u".spec.template.spec.containers[name=\"sidecar\"].image"_s << 15 << 9
                                        << true;
        // A field that is not in the text: the nearest ancestor that is.
        QTest::newRow("unknown field") << u"spec.template.spec.containers[0].imagePullPolicyy"_s << 12 << 9 << false;
        QTest::newRow("index beyond the list") << u"spec.template.spec.containers[7].image"_s << 11 << 7 << false;
        QTest::newRow("missing section") << u"spec.strategy.type"_s << 7 << 1 << false;
        QTest::newRow("top level missing") << u"status.replicas"_s << 1 << 1 << false;
        QTest::newRow("pointer with escape")
            << u"/metadata/annotations/deployment.kubernetes.io~1revision"_s << 5 << 5 << true;
    }
    void locate()
    {
        QFETCH(QString, field);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(bool, exact);
        const FieldLocator::Location location = FieldLocator::locate(Deployment, field);
        QCOMPARE(location.line, line);
        QCOMPARE(location.column, column);
        QCOMPARE(location.exact, exact);
    }

    void locateWhatCannotBeFound()
    {
        QCOMPARE(FieldLocator::locate("a: [1, 2\n", u"a"_s).line, -1); // not YAML
        QCOMPARE(FieldLocator::locate("", u"a"_s).line, -1);
        QCOMPARE(FieldLocator::locate(Deployment, u"/bad~2escape"_s).line, -1);
    }

    // "duplicate field" names the key written twice: the second one is the culprit.
    void duplicateKeyIsTheLastOne()
    {
        const FieldLocator::Location location
            = FieldLocator::locate("spec:\n  replicas: 1\n  paused: false\n  replicas: 2\n", u"spec.replicas"_s);
        QCOMPARE(location.line, 4);
        QVERIFY(location.exact);
    }

    void fieldsIn_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QStringList>("fields");

        // PATCH application/json-patch+json adding imagePullPolicyy: 422, the whole patched object quoted first.
        QTest::newRow("json patch, unknown field")
            << readStatusMessage(u"jsonpatch-unknown-field.status.json"_s)
            << QStringList {u"spec.template.spec.containers[0].imagePullPolicyy"_s};
        QTest::newRow("strategic merge patch, unknown field")
            << uR"( "" is invalid: patch: Invalid value: "map[spec:map[foo:1]]": strict decoding error: unknown field "spec.foo")"_s
            << QStringList {u"spec.foo"_s};
        // POST of a JSON body with three problems: 400.
        QTest::newRow("create, duplicate and unknown fields")
            << uR"(Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: duplicate field "spec.replicas", unknown field "spec.foo", unknown field "spec.template.spec.containers[0].imagePullPolicyy")"_s
            << QStringList {u"spec.replicas"_s, u"spec.foo"_s, u"spec.template.spec.containers[0].imagePullPolicyy"_s};
        // The same body as YAML: go-yaml names the duplicate by line only.
        QTest::newRow("create from YAML")
            << u"Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: yaml: "
               "unmarshal errors:\n  line 7: key \"replicas\" already set in map, unknown field \"spec.foo\", unknown "
               "field \"spec.template.spec.containers[0].imagePullPolicyy\""_s
            << QStringList {u"spec.foo"_s, u"spec.template.spec.containers[0].imagePullPolicyy"_s};
        QTest::newRow("invalid value")
            << uR"(Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0)"_s
            << QStringList {u"spec.replicas"_s};
        QTest::newRow("two causes")
            << uR"(Deployment.apps "web" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.template.spec.containers[0].image: Required value])"_s
            << QStringList {u"spec.replicas"_s, u"spec.template.spec.containers[0].image"_s};
        // Server-side apply (a 500 from v1.36 for this one).
        QTest::newRow("apply, not in schema")
            << u"failed to create typed patch object (/web; apps/v1, Kind=Deployment): .spec.foo: field not declared in schema"_s
            << QStringList {u"spec.foo"_s};
        QTest::newRow("conflict names no field")
            << uR"(Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again)"_s
            << QStringList();
        QTest::newRow("failed test names no field")
            << u"the server rejected our request due to an error in our request"_s << QStringList();
    }
    void fieldsIn()
    {
        QFETCH(QString, message);
        QFETCH(QStringList, fields);
        QCOMPARE(FieldLocator::fieldsIn(message), fields);
    }
};

QTEST_GUILESS_MAIN(FieldLocatorTest)
#include "tst_fieldlocator.moc"
