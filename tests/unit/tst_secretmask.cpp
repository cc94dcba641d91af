// What of a Secret may be shown: keys always, values only when revealed, in data, stringData and the
// last-applied-configuration annotation; and the details summary built from that, never from the values.

#include "client/discovery/apiresource.h"
#include "models/details/objectsummary.h"
#include "models/details/secretmask.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

const QString Password = u"s3ntinel-password"_s;
const QString Token = u"s3ntinel-token"_s;
const QString ApiKey = u"s3ntinel-stringdata"_s;

QString b64(const QString &text)
{
    return QString::fromLatin1(text.toUtf8().toBase64());
}

// A Secret as `kubectl apply` leaves it: data from stringData, and the manifest in the annotation.
QJsonObject appliedSecret()
{
    const QJsonObject manifest {{u"apiVersion"_s, u"v1"_s},
                                {u"kind"_s, u"Secret"_s},
                                {u"metadata"_s, QJsonObject {{u"name"_s, u"creds"_s}}},
                                {u"stringData"_s, QJsonObject {{u"password"_s, Password}, {u"token"_s, Token}}}};
    const QString lastApplied = QString::fromUtf8(QJsonDocument(manifest).toJson(QJsonDocument::Compact));
    return {{u"apiVersion"_s, u"v1"_s},
            {u"kind"_s, u"Secret"_s},
            {u"type"_s, u"Opaque"_s},
            {u"metadata"_s,
             QJsonObject {{u"name"_s, u"creds"_s},
                          {u"namespace"_s, u"shop"_s},
                          {u"labels"_s, QJsonObject {{u"app"_s, u"shop"_s}}},
                          {u"annotations"_s,
                           QJsonObject {{SecretMask::LastAppliedAnnotation.toString(), lastApplied},
                                        {u"team"_s, u"payments"_s}}}}},
            {u"data"_s, QJsonObject {{u"password"_s, b64(Password)}, {u"token"_s, b64(Token)}}},
            {u"stringData"_s, QJsonObject {{u"api-key"_s, ApiKey}}}};
}

QString text(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson());
}

} // namespace

class SecretMaskTest : public QObject
{
    Q_OBJECT

private slots:
    void everyValueIsMaskedByDefault()
    {
        const QJsonObject masked = SecretMask().masked(appliedSecret());
        const QString all = text(masked);
        for (const QString &value : {Password, Token, ApiKey, b64(Password), b64(Token)})
            QVERIFY2(!all.contains(value), qPrintable(value + u" is visible in "_s + all));
        // The keys and everything that is not a value stay as they were.
        QCOMPARE(masked.value(u"data"_s).toObject().keys(), QStringList({u"password"_s, u"token"_s}));
        QCOMPARE(masked.value(u"data"_s).toObject().value(u"password"_s).toString(), SecretMask::placeholder(17));
        QCOMPARE(masked.value(u"stringData"_s).toObject().value(u"api-key"_s).toString(), SecretMask::placeholder(19));
        QCOMPARE(masked.value(u"type"_s), appliedSecret().value(u"type"_s));
        const QJsonObject annotations = masked.value(u"metadata"_s).toObject().value(u"annotations"_s).toObject();
        QCOMPARE(annotations.value(u"team"_s).toString(), u"payments"_s);
        // The applied manifest is still readable, with its values masked the same way.
        const QJsonObject applied
            = QJsonDocument::fromJson(
                  annotations.value(SecretMask::LastAppliedAnnotation.toString()).toString().toUtf8())
                  .object();
        QCOMPARE(applied.value(u"metadata"_s).toObject().value(u"name"_s).toString(), u"creds"_s);
        QCOMPARE(applied.value(u"stringData"_s).toObject().value(u"token"_s).toString(), SecretMask::placeholder(14));
    }

    void anUnreadableLastAppliedAnnotationIsHiddenWhole()
    {
        QJsonObject secret = appliedSecret();
        QJsonObject metadata = secret.value(u"metadata"_s).toObject();
        metadata.insert(
            u"annotations"_s,
            QJsonObject {{SecretMask::LastAppliedAnnotation.toString(), QString(u"{not json "_s + Password)}});
        secret.insert(u"metadata"_s, metadata);
        QVERIFY(!text(SecretMask().masked(secret)).contains(Password));
    }

    void revealingOneKeyShowsThatKeyOnly()
    {
        SecretMask mask;
        mask.reveal(u"token"_s);
        const QString all = text(mask.masked(appliedSecret()));
        QVERIFY(all.contains(b64(Token))); // data, as stored
        QVERIFY(all.contains(Token)); // in the annotation, as applied
        for (const QString &value : {Password, ApiKey, b64(Password)})
            QVERIFY2(!all.contains(value), qPrintable(value));

        const QList<SecretMask::Entry> entries = mask.entries(appliedSecret());
        QCOMPARE(entries.size(), 3);
        QCOMPARE(entries.at(0).key, u"api-key"_s);
        QCOMPARE(entries.at(0).shown, SecretMask::placeholder(19));
        QCOMPARE(entries.at(1).key, u"password"_s);
        QVERIFY(!entries.at(1).revealed);
        QCOMPARE(entries.at(2).key, u"token"_s);
        QVERIFY(entries.at(2).revealed);
        QCOMPARE(entries.at(2).shown, Token); // decoded for reading

        mask.hide(u"token"_s);
        QVERIFY(!text(mask.masked(appliedSecret())).contains(Token));
    }

    void aBinaryValueIsShownAsBase64WhenRevealed()
    {
        SecretMask mask;
        mask.reveal(u"key"_s);
        const QByteArray binary("\xff\xfe\x00\x01", 4);
        const QJsonObject secret {{u"kind"_s, u"Secret"_s},
                                  {u"data"_s, QJsonObject {{u"key"_s, QString::fromLatin1(binary.toBase64())}}}};
        QCOMPARE(mask.entries(secret).at(0).shown, u"(binary) "_s + QString::fromLatin1(binary.toBase64()));
        QCOMPARE(mask.entries(secret).at(0).bytes, 4);
    }

    void secretsAreKnownByResourceOrKind()
    {
        ApiResource secrets;
        secrets.resource = u"secrets"_s;
        secrets.kind = u"Secret"_s;
        ApiResource configMaps;
        configMaps.resource = u"configmaps"_s;
        QVERIFY(SecretMask::isSecret(secrets, {})); // list items may come without kind
        QVERIFY(SecretMask::isSecret(configMaps, {{u"kind"_s, u"Secret"_s}, {u"apiVersion"_s, u"v1"_s}}));
        QVERIFY(!SecretMask::isSecret(configMaps, {{u"kind"_s, u"ConfigMap"_s}}));
        ApiResource lookalike = secrets;
        lookalike.group = u"example.com"_s;
        QVERIFY(!SecretMask::isSecret(lookalike, {{u"kind"_s, u"Secret"_s}, {u"apiVersion"_s, u"example.com/v1"_s}}));
    }

    void theSummaryListsKeysAndRevealLinksButNoValues()
    {
        SecretMask mask;
        ObjectSummary::Input input;
        input.object = appliedSecret();
        input.namespaceName = u"shop"_s;
        input.secretMask = &mask;
        QString html = ObjectSummary::html(input);
        for (const QString &value : {Password, Token, ApiKey, b64(Password), b64(Token)})
            QVERIFY2(!html.contains(value), qPrintable(value));
        QVERIFY(html.contains(u"Opaque"_s));
        for (const char *key : {"password", "token", "api-key"})
            QVERIFY(html.contains(u"href=\"%1\""_s.arg(ObjectSummary::revealLink(QString::fromLatin1(key), true))));

        mask.reveal(u"password"_s);
        html = ObjectSummary::html(input);
        QVERIFY(html.contains(Password));
        QVERIFY(html.contains(u"href=\"%1\""_s.arg(ObjectSummary::revealLink(u"password"_s, false))));
        QVERIFY(!html.contains(Token) && !html.contains(ApiKey));
    }

    void revealLinksCarryAnyKey_data()
    {
        QTest::addColumn<QString>("key");
        QTest::newRow("dotted") << u".dockerconfigjson"_s;
        QTest::newRow("spaces and slashes") << u"a b/c:d"_s;
        QTest::newRow("quote") << u"it\"s"_s;
    }
    void revealLinksCarryAnyKey()
    {
        QFETCH(QString, key);
        for (const bool reveal : {true, false}) {
            QString parsed;
            bool parsedReveal = !reveal;
            QVERIFY(ObjectSummary::parseRevealLink(ObjectSummary::revealLink(key, reveal), &parsed, &parsedReveal));
            QCOMPARE(parsed, key);
            QCOMPARE(parsedReveal, reveal);
        }
        QString parsed;
        bool reveal = false;
        QVERIFY(!ObjectSummary::parseRevealLink(u"https://example.com"_s, &parsed, &reveal));
    }
};

QTEST_GUILESS_MAIN(SecretMaskTest)
#include "tst_secretmask.moc"
