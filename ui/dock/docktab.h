#pragma once

#include <QString>
#include <QVariantMap>
#include <QWidget>

namespace binnacle {

struct Preferences;

// One tab of the bottom dock: an editor, a log view, a terminal, a port-forward. The dock knows tabs only through
// this: a title (`kind/name (context)`), whether it holds unsaved work, how to reopen it at the next start, and
// whether it may close now.
class DockTab : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DockTab)

public:
    using QWidget::QWidget;

    virtual QString title() const = 0;
    virtual bool isModified() const { return false; }

    // Opening what is already open shows the open tab instead: tabs with the same identity are the same tab.
    virtual QString identity() const = 0;

    // What reopens this tab at the next start, as plain values (never credentials or Secret values). Its "type"
    // names the factory registered with BottomDock::registerFactory. Empty: not restored.
    virtual QVariantMap savedState() const = 0;

    // Asked before the tab closes (Ctrl+W, its close button, quitting); false keeps it open.
    virtual bool confirmClose() { return true; }

    // The user's fonts, memory budgets and the like, given when the tab opens and whenever they change.
    virtual void applyPreferences(const Preferences &preferences) { Q_UNUSED(preferences) }

signals:
    void titleChanged();
    // What savedState() returns changed (a probe's request, say): the dock saves its tabs again.
    void savedStateChanged();
    void modifiedChanged(bool modified);
};

} // namespace binnacle
