#pragma once

#include "models/preferences/preferences.h"

#include <QDockWidget>
#include <QHash>
#include <QList>
#include <QVariantMap>

#include <functional>

class QSettings;
class QTabWidget;

namespace binnacle {

class DockTab;

// The bottom dock, like an IDE's tool area: editors, logs, terminals, port-forwards and probes as tabs, each titled
// `kind/name (context)` with a marker while it holds unsaved work; closable (Ctrl+W), reorderable, and reopened at
// the next start. Panels plug in by subclassing DockTab and registering a factory for their saved state's "type".
class BottomDock final : public QDockWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BottomDock)

public:
    using Factory = std::function<DockTab *(const QVariantMap &state)>;

    explicit BottomDock(QWidget *parent = nullptr);

    void registerFactory(const QString &type, Factory factory);

    // Given to every open tab now and to each tab as it opens (DockTab::applyPreferences).
    void setPreferences(const Preferences &preferences);
    const Preferences &preferences() const { return m_preferences; }

    // Shows `tab` (taking ownership), or, when a tab with the same identity is open, shows that one and deletes
    // `tab`. Returns the tab shown.
    DockTab *open(DockTab *tab);
    DockTab *find(const QString &identity) const;
    QList<DockTab *> tabs() const;
    DockTab *currentTab() const;
    QTabWidget *tabWidget() const { return m_tabs; }

    // Closes after asking the tab (DockTab::confirmClose); false when it stayed open.
    bool close(DockTab *tab);
    bool closeCurrent();
    // Asks every tab, as when the window closes; false when one refused (nothing is closed then).
    bool confirmCloseAll();

    void saveTabs(QSettings &settings) const;
    // Reopens the tabs saved last time through their factories; unknown types and failed factories are skipped.
    void restoreTabs(const QSettings &settings);

signals:
    void tabsChanged(); // a tab opened, closed or moved, or what one saves changed

private:
    void refreshTab(DockTab *tab);
    void updateVisibility();

    QTabWidget *m_tabs;
    QHash<QString, Factory> m_factories;
    Preferences m_preferences;
};

} // namespace binnacle
