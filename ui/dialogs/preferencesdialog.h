#pragma once

#include "models/preferences/preferences.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QFontComboBox;
class QFormLayout;
class QSpinBox;

namespace binnacle {

// Edit → Preferences: the theme, the fonts of the YAML editor, logs and terminal, a log view's memory budget, the
// terminal's scrollback, whether actions ask first and whether the dock's tabs come back. It only edits a
// Preferences value; the main window stores and applies it.
class PreferencesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreferencesDialog)

public:
    explicit PreferencesDialog(const Preferences &preferences, QWidget *parent = nullptr);

    Preferences preferences() const;
    void setPreferences(const Preferences &preferences);

private:
    struct FontRow
    {
        QFontComboBox *family = nullptr;
        QSpinBox *size = nullptr;
    };
    FontRow addFontRow(QFormLayout *form, const QString &label, const QString &objectName);
    static void showFont(const FontRow &row, const QFont &font);
    static QFont fontOf(const FontRow &row, const QFont &base);

    Preferences m_base; // what the dialog does not edit is kept as it was
    QComboBox *m_theme;
    FontRow m_editorFont;
    FontRow m_logFont;
    FontRow m_terminalFont;
    QSpinBox *m_logBudget;
    QSpinBox *m_scrollback;
    QCheckBox *m_confirmActions;
    QCheckBox *m_restoreSession;
};

} // namespace binnacle
