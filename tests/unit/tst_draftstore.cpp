// Unsaved editor texts on disk: one file per object, readable by its owner only, written atomically, listed newest
// first, and a file that is not a draft is skipped rather than offered.

#include "models/edit/draftstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

DraftStore::Draft draft(const QString &name, const QDateTime &savedAt, const QString &text = u"kind: ConfigMap\n"_s)
{
    DraftStore::Draft d;
    d.context = u"kind-dev"_s;
    d.group = QString();
    d.version = u"v1"_s;
    d.resource = u"configmaps"_s;
    d.namespaceName = u"shop"_s;
    d.name = name;
    d.baseResourceVersion = u"4711"_s;
    d.text = text;
    d.savedAt = savedAt;
    return d;
}

const QDateTime T0 = QDateTime(QDate(2026, 12, 2), QTime(4, 0, 0, 123), Qt::UTC);

} // namespace

class DraftStoreTest : public QObject
{
    Q_OBJECT

private slots:
    void savedDraftReadsBack()
    {
        QTemporaryDir dir;
        const DraftStore store(dir.filePath(u"drafts"_s)); // created on first save
        const DraftStore::Draft saved = draft(u"web"_s, T0, u"data:\n  ünïcode: \"yes\"\n"_s);
        QVERIFY(store.save(saved));
        const QList<DraftStore::Draft> all = store.all();
        QCOMPARE(all.size(), 1);
        const DraftStore::Draft &read = all.first();
        QCOMPARE(read.context, saved.context);
        QCOMPARE(read.group, saved.group);
        QCOMPARE(read.version, saved.version);
        QCOMPARE(read.resource, saved.resource);
        QCOMPARE(read.namespaceName, saved.namespaceName);
        QCOMPARE(read.name, saved.name);
        QCOMPARE(read.baseResourceVersion, saved.baseResourceVersion);
        QCOMPARE(read.text, saved.text);
        QCOMPARE(read.savedAt, saved.savedAt);
        QCOMPARE(read.key(), saved.key());
    }

    void filesAreTheOwnersOnly()
    {
        QTemporaryDir dir;
        const DraftStore store(dir.filePath(u"drafts"_s));
        const DraftStore::Draft saved = draft(u"web"_s, T0);
        QVERIFY(store.save(saved));
        const QFileInfo file(QDir(store.directory()).filePath(saved.key()));
        QVERIFY(file.exists());
        QCOMPARE(file.permissions() & ~(QFile::ReadUser | QFile::WriteUser), QFile::ReadOwner | QFile::WriteOwner);
        const QFileInfo directory(store.directory());
        QCOMPARE(directory.permissions()
                     & (QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther | QFile::WriteOther
                        | QFile::ExeOther),
                 QFile::Permissions());
        // A second save replaces the file (QSaveFile) and keeps the mode; no temporary file is left beside it.
        QVERIFY(store.save(draft(u"web"_s, T0.addSecs(5), u"changed"_s)));
        QCOMPARE(QDir(store.directory()).entryList(QDir::Files | QDir::Hidden), QStringList {saved.key()});
        QCOMPARE(QFileInfo(file.filePath()).permissions() & ~(QFile::ReadUser | QFile::WriteUser),
                 QFile::ReadOwner | QFile::WriteOwner);
        QCOMPARE(store.all().size(), 1);
        QCOMPARE(store.all().first().text, u"changed"_s);
    }

    void newestFirstAndDiscard()
    {
        QTemporaryDir dir;
        const DraftStore store(dir.path());
        QVERIFY(store.save(draft(u"old"_s, T0)));
        QVERIFY(store.save(draft(u"newest"_s, T0.addSecs(60))));
        QVERIFY(store.save(draft(u"middle"_s, T0.addSecs(30))));
        QStringList names;
        for (const DraftStore::Draft &d : store.all())
            names += d.name;
        QCOMPARE(names, QStringList({u"newest"_s, u"middle"_s, u"old"_s}));

        store.discard(draft(u"middle"_s, {}));
        names.clear();
        for (const DraftStore::Draft &d : store.all())
            names += d.name;
        QCOMPARE(names, QStringList({u"newest"_s, u"old"_s}));
    }

    void unreadableFilesAreSkipped()
    {
        QTemporaryDir dir;
        const DraftStore store(dir.path());
        QVERIFY(store.save(draft(u"good"_s, T0)));
        for (const auto &[name, content] :
             {std::pair {"garbage.json", QByteArray("{not json")}, std::pair {"array.json", QByteArray("[1,2]")},
              std::pair {"other.json", QByteArray(R"({"format":1,"name":"x"})")},
              std::pair {"future.json", QByteArray(R"({"format":99,"text":"t"})")}}) {
            QFile file(dir.filePath(QString::fromLatin1(name)));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        const QList<DraftStore::Draft> all = store.all();
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.first().name, u"good"_s);
    }

    // Stable across runs (a fixed value), different for any other object, and a plain file name whatever the name
    // and context hold.
    void keyIsStableAndSafe_data()
    {
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("group");
        QTest::addColumn<QString>("ns");
        QTest::addColumn<QString>("name");
        QTest::newRow("plain") << u"kind-dev"_s << QString() << u"shop"_s << u"web"_s;
        QTest::newRow("slashes and dots")
            << u"arn:aws:eks:eu-west-1:1/cluster/x"_s << u"apps"_s << u"../.."_s << u"a/b"_s;
        QTest::newRow("cluster scoped") << u"ctx"_s << u"rbac.authorization.k8s.io"_s << QString() << u"system:admin"_s;
        QTest::newRow("long and unicode") << QString(300, u'c') << QString() << u"ns"_s << u"naïve-名前"_s;
    }
    void keyIsStableAndSafe()
    {
        QFETCH(QString, context);
        QFETCH(QString, group);
        QFETCH(QString, ns);
        QFETCH(QString, name);
        DraftStore::Draft d = draft(name, T0);
        d.context = context;
        d.group = group;
        d.namespaceName = ns;
        const QString key = d.key();
        QVERIFY(key.endsWith(u".json"_s));
        QVERIFY(key.size() <= 120);
        QVERIFY(!key.startsWith(u'.'));
        for (const QChar c : key)
            QVERIFY2((c.isLetterOrNumber() && c.unicode() < 128) || c == u'-' || c == u'_' || c == u'.',
                     qPrintable(key));
        // What is not the object's identity does not move the key; each part of the identity does.
        DraftStore::Draft same = d;
        same.text = u"other"_s;
        same.baseResourceVersion = u"1"_s;
        same.version = u"v2"_s;
        same.savedAt = T0.addDays(1);
        QCOMPARE(same.key(), key);
        QSet<QString> keys {key};
        for (int part = 0; part < 5; ++part) {
            DraftStore::Draft other = d;
            QString &field = part == 0 ? other.context
                : part == 1            ? other.group
                : part == 2            ? other.resource
                : part == 3            ? other.namespaceName
                                       : other.name;
            field += u'x';
            keys.insert(other.key());
        }
        QCOMPARE(keys.size(), 6);
    }

    void keyIsAFixedValue()
    {
        // Drafts saved by one version are found by the next: the key must not depend on anything but the object.
        QCOMPARE(draft(u"web"_s, T0).key(), u"configmaps-shop-web-bd55d60b39a0954a98089a40.json"_s);
    }
};

QTEST_GUILESS_MAIN(DraftStoreTest)
#include "tst_draftstore.moc"
