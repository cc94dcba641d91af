#include "bottomdock.h"

#include "models/common/kindicon.h"

#include "docktab.h"

#include <QAction>
#include <QSettings>
#include <QTabBar>
#include <QTabWidget>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

const auto SettingsKey = u"dock/tabs"_s;
const auto CurrentKey = u"dock/current"_s;

// The marker of unsaved work, after the title as IDEs show it.
QString tabText(const DockTab *tab)
{
    return tab->isModified() ? tab->title() + u" \u25cf"_s : tab->title();
}

// The icon of the kind a tab's title names ("Logs Pod/web-1 (ctx)", "Deployment/web (ctx)"); none for a title that
// names no object.
QIcon tabIcon(const DockTab *tab)
{
    const QString title = tab->title();
    const qsizetype slash = title.indexOf(u'/');
    if (slash <= 0)
        return {};
    const QString kind = KindIcon::canonicalKind(title.left(slash).section(u' ', -1));
    return kind.isEmpty() ? QIcon() : KindIcon::forKind(kind);
}

} // namespace

BottomDock::BottomDock(QWidget *parent)
    : QDockWidget(tr("Tools"), parent)
    , m_tabs(new QTabWidget(this))
{
    setObjectName(u"bottomDock"_s);
    setAccessibleName(tr("Editors, logs and terminals"));
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    m_tabs->setObjectName(u"dockTabs"_s);
    m_tabs->setAccessibleName(tr("Open tools"));
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    m_tabs->tabBar()->setElideMode(Qt::ElideMiddle);
    setWidget(m_tabs);
    connect(m_tabs->tabBar(), &QTabBar::tabMoved, this, &BottomDock::tabsChanged);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        if (auto *tab = qobject_cast<DockTab *>(m_tabs->widget(index)))
            close(tab);
    });

    // Ctrl+W closes the tab that has focus in the dock; the window's own Ctrl+W (if any) is not shadowed elsewhere.
    auto *closeTab = new QAction(tr("Close tab"), this);
    closeTab->setShortcut(QKeySequence::Close);
    closeTab->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(closeTab, &QAction::triggered, this, &BottomDock::closeCurrent);
    addAction(closeTab);
    hide();
}

void BottomDock::registerFactory(const QString &type, Factory factory)
{
    m_factories.insert(type, std::move(factory));
}

DockTab *BottomDock::find(const QString &identity) const
{
    for (DockTab *tab : tabs()) {
        if (tab->identity() == identity)
            return tab;
    }
    return nullptr;
}

DockTab *BottomDock::open(DockTab *tab)
{
    if (DockTab *existing = find(tab->identity()); existing && existing != tab) {
        delete tab;
        tab = existing;
    } else if (m_tabs->indexOf(tab) < 0) {
        tab->applyPreferences(m_preferences);
        m_tabs->addTab(tab, tabIcon(tab), tabText(tab));
        m_tabs->setTabToolTip(m_tabs->indexOf(tab), tab->title());
        connect(tab, &DockTab::titleChanged, this, [this, tab] { refreshTab(tab); });
        connect(tab, &DockTab::modifiedChanged, this, [this, tab] { refreshTab(tab); });
        connect(tab, &DockTab::savedStateChanged, this, &BottomDock::tabsChanged);
        emit tabsChanged();
    }
    m_tabs->setCurrentWidget(tab);
    updateVisibility();
    raise();
    return tab;
}

void BottomDock::setPreferences(const Preferences &preferences)
{
    m_preferences = preferences;
    for (DockTab *tab : tabs())
        tab->applyPreferences(m_preferences);
}

QList<DockTab *> BottomDock::tabs() const
{
    QList<DockTab *> all;
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *tab = qobject_cast<DockTab *>(m_tabs->widget(i)))
            all.append(tab);
    }
    return all;
}

DockTab *BottomDock::currentTab() const
{
    return qobject_cast<DockTab *>(m_tabs->currentWidget());
}

bool BottomDock::close(DockTab *tab)
{
    if (!tab || !tab->confirmClose())
        return false;
    m_tabs->removeTab(m_tabs->indexOf(tab));
    tab->deleteLater();
    updateVisibility();
    emit tabsChanged();
    return true;
}

bool BottomDock::closeCurrent()
{
    return close(currentTab());
}

bool BottomDock::confirmCloseAll()
{
    for (DockTab *tab : tabs()) {
        m_tabs->setCurrentWidget(tab); // so that what it asks about is in view
        if (!tab->confirmClose())
            return false;
    }
    return true;
}

void BottomDock::saveTabs(QSettings &settings) const
{
    QVariantList saved;
    for (const DockTab *tab : tabs()) {
        const QVariantMap state = tab->savedState();
        if (!state.isEmpty())
            saved.append(state);
    }
    settings.setValue(SettingsKey, saved);
    settings.setValue(CurrentKey, m_tabs->currentIndex());
}

void BottomDock::restoreTabs(const QSettings &settings)
{
    for (const QVariant &entry : settings.value(SettingsKey).toList()) {
        const QVariantMap state = entry.toMap();
        const auto factory = m_factories.constFind(state.value(u"type"_s).toString());
        if (factory == m_factories.constEnd())
            continue;
        if (DockTab *tab = (*factory)(state))
            open(tab);
    }
    const int current = settings.value(CurrentKey, 0).toInt();
    if (current >= 0 && current < m_tabs->count())
        m_tabs->setCurrentIndex(current);
}

void BottomDock::refreshTab(DockTab *tab)
{
    const int index = m_tabs->indexOf(tab);
    if (index < 0)
        return;
    m_tabs->setTabText(index, tabText(tab));
    m_tabs->setTabIcon(index, tabIcon(tab));
    m_tabs->setTabToolTip(index, tab->isModified() ? tr("%1 (unsaved changes)").arg(tab->title()) : tab->title());
}

void BottomDock::updateVisibility()
{
    setVisible(m_tabs->count() > 0);
}

} // namespace binnacle
