#include "uitest.h"

#include "client/session/clustersession.h"
#include "models/resources/resourcetablemodel.h"
#include "ui/actions/resourceactions.h"
#include "ui/browser/browserpane.h"
#include "ui/mainwindow/mainwindow.h"

#include <QAbstractItemModel>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QComboBox>

#include <QDeadlineTimer>
#include <QDir>
#include <QGuiApplication>
#include <QLineEdit>
#include <QScreen>
#include <QSet>
#include <QTableView>
#include <QTest>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace binnacle::uitest {

void chooseDisplay()
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
}

QImage saveScreenshot(QWidget *widget, const QString &name)
{
    const QString dir = QStringLiteral(BINNACLE_BUILD_DIR "/screenshots");
    QDir().mkpath(dir);
    const QImage image = widget->grab().toImage();
    image.save(dir + u'/' + name + u".png"_s);
    return image;
}

QImage saveScreenScreenshot(const QString &name, const QWidget *window)
{
    const QString dir = QStringLiteral(BINNACLE_BUILD_DIR "/screenshots");
    QDir().mkpath(dir);
    // The screen holds what has been painted so far: let pending paints (after a model change) reach it first.
    for (QDeadlineTimer deadline(300); !deadline.hasExpired();)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    const QRect area = window ? window->frameGeometry() : QRect(0, 0, -1, -1);
    const QImage image
        = QGuiApplication::primaryScreen()->grabWindow(0, area.x(), area.y(), area.width(), area.height()).toImage();
    image.save(dir + u'/' + name + u".png"_s);
    return image;
}

int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < rgb.height(); y += 2) {
        const auto *line = reinterpret_cast<const QRgb *>(rgb.constScanLine(y));
        for (int x = 0; x < rgb.width(); x += 2)
            colours.insert(line[x]);
    }
    return int(colours.size());
}

QModelIndex findRow(const QAbstractItemModel *model, const QString &text, const QModelIndex &parent)
{
    for (int row = 0; row < model->rowCount(parent); ++row) {
        const QModelIndex index = model->index(row, 0, parent);
        if (index.data().toString() == text)
            return index;
        if (const QModelIndex found = findRow(model, text, index); found.isValid())
            return found;
    }
    return {};
}

QString accessibleText(QWidget *widget)
{
    QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(widget);
    if (!accessible)
        return {};
    QString all = accessible->text(QAccessible::Name) + u'\n' + accessible->text(QAccessible::Value);
    if (QAccessibleTextInterface *text = accessible->textInterface())
        all += u'\n' + text->text(0, text->characterCount());
    return all;
}

QStringList unnamedControls(QWidget *root)
{
    QStringList unnamed;
    for (QWidget *widget : root->findChildren<QWidget *>()) {
        if (!widget->isVisible() || widget->focusPolicy() == Qt::NoFocus || !widget->isEnabled())
            continue;
        if (qobject_cast<QLineEdit *>(widget)
            && (qobject_cast<QAbstractSpinBox *>(widget->parentWidget())
                || qobject_cast<QComboBox *>(widget->parentWidget())))
            continue; // the spin box's or combo box's own editor: the box is what is named and read
        QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(widget);
        if (!accessible || accessible->text(QAccessible::Name).trimmed().isEmpty())
            unnamed << u"%1 (%2, parent %3)"_s.arg(
                widget->objectName(), QString::fromLatin1(widget->metaObject()->className()),
                widget->parentWidget() ? widget->parentWidget()->objectName() : QString());
    }
    return unnamed;
}

int rowOfName(const QTableView *table, const QString &name)
{
    const QAbstractItemModel *model = table->model();
    for (int row = 0; model && row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(ResourceTableModel::NameRole).toString() == name)
            return row;
    }
    return -1;
}

QString selectObject(MainWindow *window, const QString &context, const QString &kind, const QString &name)
{
    const auto connected = [&] {
        const ClusterSession *session = window->session(context);
        return session && session->state() == ClusterSession::State::Connected && !session->mapper().isEmpty();
    };
    if (!connected()) {
        window->showOverview(context);
        if (!QTest::qWaitFor(connected, 20000))
            return context + u" did not connect"_s;
    }
    if (!window->showKind(context, kind))
        return context + u" does not serve "_s + kind;
    QTableView *table = window->findChild<BrowserPane *>()->tableView();
    if (!QTest::qWaitFor([&] { return rowOfName(table, name) >= 0; }, 20000))
        return name + u" never appeared in the table"_s;
    // Shortcuts need the window active again after a dialog or message box closed.
    window->activateWindow();
    if (!QTest::qWaitForWindowActive(window))
        return u"the window did not become active"_s;
    table->setFocus();
    table->selectRow(rowOfName(table, name));
    const QList<ResourceRef> selection = window->resourceActions()->selection();
    if (selection.size() != 1 || selection.first().name != name)
        return u"the selection did not reach the actions"_s;
    return {};
}

} // namespace binnacle::uitest
