#include "ui/dialogs/preferencesdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace binnacle {

PreferencesDialog::PreferencesDialog(const Preferences &preferences, QWidget *parent)
    : QDialog(parent)
    , m_base(preferences)
    , m_theme(new QComboBox(this))
    , m_logBudget(new QSpinBox(this))
    , m_scrollback(new QSpinBox(this))
    , m_confirmActions(new QCheckBox(tr("&Ask before restarting workloads or cordoning nodes"), this))
    , m_restoreSession(new QCheckBox(tr("Reopen the dock's &tabs at start (editors, logs, terminals, probes)"), this))
{
    setObjectName(u"preferencesDialog"_s);
    setWindowTitle(tr("Preferences"));
    setAccessibleName(tr("Preferences"));

    auto *appearance = new QGroupBox(tr("Appearance"), this);
    auto *appearanceForm = new QFormLayout(appearance);
    m_theme->setObjectName(u"theme"_s);
    m_theme->addItem(tr("Follow the system"), Preferences::themeName(Preferences::Theme::System));
    m_theme->addItem(tr("Light"), Preferences::themeName(Preferences::Theme::Light));
    m_theme->addItem(tr("Dark"), Preferences::themeName(Preferences::Theme::Dark));
    m_theme->setAccessibleName(tr("Theme"));
    appearanceForm->addRow(tr("T&heme:"), m_theme);
    m_editorFont = addFontRow(appearanceForm, tr("&YAML font:"), u"editorFont"_s);
    m_logFont = addFontRow(appearanceForm, tr("&Log font:"), u"logFont"_s);
    m_terminalFont = addFontRow(appearanceForm, tr("Te&rminal font:"), u"terminalFont"_s);

    auto *memory = new QGroupBox(tr("Logs and terminals"), this);
    auto *memoryForm = new QFormLayout(memory);
    m_logBudget->setObjectName(u"logBudget"_s);
    m_logBudget->setRange(int(Preferences::MinLogBudgetBytes / Preferences::MebiByte),
                          int(Preferences::MaxLogBudgetBytes / Preferences::MebiByte));
    m_logBudget->setSingleStep(64);
    m_logBudget->setSuffix(tr(" MB"));
    m_logBudget->setAccessibleName(tr("Memory per log view"));
    m_logBudget->setAccessibleDescription(tr("When a log view holds this much, its oldest lines go"));
    m_logBudget->setToolTip(m_logBudget->accessibleDescription());
    memoryForm->addRow(tr("&Memory per log view:"), m_logBudget);
    m_scrollback->setObjectName(u"terminalScrollback"_s);
    m_scrollback->setRange(0, Preferences::MaxScrollbackLines);
    m_scrollback->setSingleStep(1000);
    m_scrollback->setSuffix(tr(" lines"));
    m_scrollback->setGroupSeparatorShown(true);
    m_scrollback->setAccessibleName(tr("Terminal scrollback"));
    m_scrollback->setAccessibleDescription(tr("Lines a terminal keeps above its screen"));
    m_scrollback->setToolTip(m_scrollback->accessibleDescription());
    memoryForm->addRow(tr("Terminal &scrollback:"), m_scrollback);

    auto *behaviour = new QGroupBox(tr("Behaviour"), this);
    auto *behaviourLayout = new QVBoxLayout(behaviour);
    m_confirmActions->setObjectName(u"confirmActions"_s);
    m_confirmActions->setAccessibleName(tr("Ask before restarting workloads or cordoning nodes"));
    behaviourLayout->addWidget(m_confirmActions);
    auto *deleteNote = new QLabel(tr("Deleting always asks."), behaviour);
    deleteNote->setEnabled(false);
    behaviourLayout->addWidget(deleteNote);
    m_restoreSession->setObjectName(u"restoreSession"_s);
    m_restoreSession->setAccessibleName(tr("Reopen the dock's tabs at start"));
    behaviourLayout->addWidget(m_restoreSession);

    auto *buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    buttons->button(QDialogButtonBox::RestoreDefaults)->setObjectName(u"restoreDefaults"_s);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] { setPreferences(Preferences()); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(appearance);
    layout->addWidget(memory);
    layout->addWidget(behaviour);
    layout->addStretch();
    layout->addWidget(buttons);

    setPreferences(preferences);
}

PreferencesDialog::FontRow PreferencesDialog::addFontRow(QFormLayout *form, const QString &label,
                                                         const QString &objectName)
{
    FontRow row;
    auto *line = new QWidget(this);
    auto *layout = new QHBoxLayout(line);
    layout->setContentsMargins(0, 0, 0, 0);
    row.family = new QFontComboBox(line);
    row.family->setObjectName(objectName + u"Family"_s);
    row.family->setFontFilters(QFontComboBox::MonospacedFonts);
    row.size = new QSpinBox(line);
    row.size->setObjectName(objectName + u"Size"_s);
    row.size->setRange(6, 48);
    row.size->setSuffix(tr(" pt"));
    QString plain = label;
    plain.remove(u'&');
    plain.remove(u':');
    row.family->setAccessibleName(tr("%1 family").arg(plain));
    row.size->setAccessibleName(tr("%1 size").arg(plain));
    layout->addWidget(row.family, 1);
    layout->addWidget(row.size);
    form->addRow(label, line);
    if (auto *buddy = qobject_cast<QLabel *>(form->labelForField(line)))
        buddy->setBuddy(row.family);
    return row;
}

void PreferencesDialog::showFont(const FontRow &row, const QFont &font)
{
    row.family->setCurrentFont(font);
    row.size->setValue(font.pointSize() > 0 ? font.pointSize() : 10);
}

QFont PreferencesDialog::fontOf(const FontRow &row, const QFont &base)
{
    QFont font = base;
    font.setFamily(row.family->currentFont().family());
    font.setPointSize(row.size->value());
    return font;
}

void PreferencesDialog::setPreferences(const Preferences &preferences)
{
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(Preferences::themeName(preferences.theme))));
    showFont(m_editorFont, preferences.editorFont);
    showFont(m_logFont, preferences.logFont);
    showFont(m_terminalFont, preferences.terminalFont);
    m_logBudget->setValue(int(preferences.logBudgetBytes / Preferences::MebiByte));
    m_scrollback->setValue(preferences.terminalScrollbackLines);
    m_confirmActions->setChecked(preferences.confirmActions);
    m_restoreSession->setChecked(preferences.restoreSession);
}

Preferences PreferencesDialog::preferences() const
{
    Preferences preferences = m_base;
    preferences.theme = Preferences::themeFromName(m_theme->currentData().toString());
    preferences.editorFont = fontOf(m_editorFont, m_base.editorFont);
    preferences.logFont = fontOf(m_logFont, m_base.logFont);
    preferences.terminalFont = fontOf(m_terminalFont, m_base.terminalFont);
    preferences.logBudgetBytes = qsizetype(m_logBudget->value()) * Preferences::MebiByte;
    preferences.terminalScrollbackLines = m_scrollback->value();
    preferences.confirmActions = m_confirmActions->isChecked();
    preferences.restoreSession = m_restoreSession->isChecked();
    return preferences;
}

} // namespace binnacle
