// Preferences as stored in QSettings: defaults on a fresh start, a round trip, and a hand-edited file whose values
// are missing, mistyped or out of range reading back as defaults or the nearest bound.

#include "models/preferences/preferences.h"

#include <QFontInfo>
#include <QGuiApplication>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace binnacle;

class PreferencesTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString file(const QString &name) const { return m_dir.filePath(name); }

private slots:
    void defaultsOnAFreshStart()
    {
        const QSettings empty(file(u"empty.ini"_s), QSettings::IniFormat);
        const Preferences preferences = Preferences::load(empty);
        QCOMPARE(preferences.theme, Preferences::Theme::System);
        QCOMPARE(preferences.logBudgetBytes, qsizetype(256) << 20);
        QCOMPARE(preferences.terminalScrollbackLines, 10000);
        QVERIFY(preferences.confirmActions);
        QVERIFY(preferences.restoreSession);
        QVERIFY(QFontInfo(preferences.logFont).fixedPitch());
        QVERIFY(preferences == Preferences());
    }

    void roundTrip()
    {
        Preferences chosen;
        chosen.theme = Preferences::Theme::Dark;
        chosen.editorFont.setPointSize(15);
        chosen.logFont.setPointSize(9);
        chosen.terminalFont.setPointSize(13);
        chosen.logBudgetBytes = qsizetype(64) << 20;
        chosen.terminalScrollbackLines = 2500;
        chosen.confirmActions = false;
        chosen.restoreSession = false;
        {
            QSettings settings(file(u"chosen.ini"_s), QSettings::IniFormat);
            chosen.save(settings);
        }
        const QSettings reread(file(u"chosen.ini"_s), QSettings::IniFormat);
        const Preferences loaded = Preferences::load(reread);
        QCOMPARE(loaded.theme, Preferences::Theme::Dark);
        QCOMPARE(loaded.editorFont.pointSize(), 15);
        QCOMPARE(loaded.logFont.pointSize(), 9);
        QCOMPARE(loaded.terminalFont.pointSize(), 13);
        QCOMPARE(loaded.logBudgetBytes, qsizetype(64) << 20);
        QCOMPARE(loaded.terminalScrollbackLines, 2500);
        QVERIFY(!loaded.confirmActions);
        QVERIFY(!loaded.restoreSession);
        QVERIFY(loaded == chosen);
        // Only preferences are written, each under preferences/.
        for (const QString &key : reread.allKeys())
            QVERIFY2(key.startsWith(u"preferences/"_s), qPrintable(key));
    }

    void handEditedValuesFallBack()
    {
        {
            QSettings settings(file(u"edited.ini"_s), QSettings::IniFormat);
            settings.setValue(u"preferences/theme"_s, u"purple"_s);
            settings.setValue(u"preferences/logBudgetMiB"_s, u"lots"_s);
            settings.setValue(u"preferences/terminalScrollbackLines"_s, 99999999);
            settings.setValue(u"preferences/confirmActions"_s, u"maybe"_s);
            settings.setValue(u"preferences/restoreSession"_s, u"false"_s);
            settings.setValue(u"preferences/logFont"_s, u",,,"_s);
        }
        const QSettings edited(file(u"edited.ini"_s), QSettings::IniFormat);
        const Preferences loaded = Preferences::load(edited);
        QCOMPARE(loaded.theme, Preferences::Theme::System);
        QCOMPARE(loaded.logBudgetBytes, Preferences::DefaultLogBudgetBytes);
        QCOMPARE(loaded.terminalScrollbackLines, Preferences::MaxScrollbackLines);
        QVERIFY(loaded.confirmActions);
        QVERIFY(!loaded.restoreSession);
        QCOMPARE(loaded.logFont, Preferences().logFont);

        {
            QSettings settings(file(u"small.ini"_s), QSettings::IniFormat);
            settings.setValue(u"preferences/logBudgetMiB"_s, 1);
            settings.setValue(u"preferences/terminalScrollbackLines"_s, -5);
        }
        const QSettings small(file(u"small.ini"_s), QSettings::IniFormat);
        QCOMPARE(Preferences::load(small).logBudgetBytes, Preferences::MinLogBudgetBytes);
        QCOMPARE(Preferences::load(small).terminalScrollbackLines, 0);
    }

    void themeNames()
    {
        for (const Preferences::Theme theme :
             {Preferences::Theme::System, Preferences::Theme::Light, Preferences::Theme::Dark})
            QCOMPARE(Preferences::themeFromName(Preferences::themeName(theme)), theme);
    }
};

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv); // fonts
    PreferencesTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_preferencevalues.moc"
