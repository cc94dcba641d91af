#include "models/preferences/preferences.h"

#include <QFontDatabase>
#include <QSettings>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

QFont fixedFont()
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setStyleHint(QFont::TypeWriter);
    return font;
}

// A font stored by QFont::toString(); anything that does not parse is the default.
QFont readFont(const QSettings &settings, const QString &key)
{
    QFont font = fixedFont();
    const QString stored = settings.value(key).toString();
    if (!stored.isEmpty()) {
        QFont parsed = font;
        if (parsed.fromString(stored))
            font = parsed;
    }
    return font;
}

template<typename Number>
Number readNumber(const QSettings &settings, const QString &key, Number fallback, Number low, Number high)
{
    bool ok = false;
    const qlonglong value = settings.value(key).toLongLong(&ok);
    if (!ok)
        return fallback;
    return Number(std::clamp<qlonglong>(value, low, high));
}

bool readBool(const QSettings &settings, const QString &key, bool fallback)
{
    const QVariant value = settings.value(key);
    if (!value.isValid())
        return fallback;
    const QString text = value.toString().toLower();
    if (text == u"true" || text == u"1")
        return true;
    if (text == u"false" || text == u"0")
        return false;
    return fallback;
}

} // namespace

Preferences::Preferences()
    : editorFont(fixedFont())
    , logFont(fixedFont())
    , terminalFont(fixedFont())
{ }

QString Preferences::themeName(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return u"light"_s;
    case Theme::Dark:
        return u"dark"_s;
    case Theme::System:
        break;
    }
    return u"system"_s;
}

Preferences::Theme Preferences::themeFromName(const QString &name)
{
    if (name == u"light")
        return Theme::Light;
    if (name == u"dark")
        return Theme::Dark;
    return Theme::System;
}

Preferences Preferences::load(const QSettings &settings)
{
    Preferences preferences;
    preferences.theme = themeFromName(settings.value(u"preferences/theme"_s).toString());
    preferences.editorFont = readFont(settings, u"preferences/editorFont"_s);
    preferences.logFont = readFont(settings, u"preferences/logFont"_s);
    preferences.terminalFont = readFont(settings, u"preferences/terminalFont"_s);
    preferences.logBudgetBytes
        = readNumber<qsizetype>(settings, u"preferences/logBudgetMiB"_s, DefaultLogBudgetBytes / MebiByte,
                                MinLogBudgetBytes / MebiByte, MaxLogBudgetBytes / MebiByte)
        * MebiByte;
    preferences.terminalScrollbackLines = readNumber<int>(settings, u"preferences/terminalScrollbackLines"_s,
                                                          DefaultScrollbackLines, 0, MaxScrollbackLines);
    preferences.confirmActions = readBool(settings, u"preferences/confirmActions"_s, true);
    preferences.restoreSession = readBool(settings, u"preferences/restoreSession"_s, true);
    return preferences;
}

void Preferences::save(QSettings &settings) const
{
    settings.setValue(u"preferences/theme"_s, themeName(theme));
    settings.setValue(u"preferences/editorFont"_s, editorFont.toString());
    settings.setValue(u"preferences/logFont"_s, logFont.toString());
    settings.setValue(u"preferences/terminalFont"_s, terminalFont.toString());
    settings.setValue(u"preferences/logBudgetMiB"_s, qlonglong(logBudgetBytes / MebiByte));
    settings.setValue(u"preferences/terminalScrollbackLines"_s, terminalScrollbackLines);
    settings.setValue(u"preferences/confirmActions"_s, confirmActions);
    settings.setValue(u"preferences/restoreSession"_s, restoreSession);
}

} // namespace binnacle
