#pragma once

#include <QImage>
#include <QModelIndex>
#include <QString>
#include <QStringList>

class QAbstractItemModel;
class QTableView;
class QWidget;

namespace binnacle {
class MainWindow;
}

namespace binnacle::uitest {

// Picks a display before QApplication exists: the session's X server if there is one, offscreen otherwise.
void chooseDisplay();

// Grabs the widget, saves it as <build>/screenshots/<name>.png and returns the image.
QImage saveScreenshot(QWidget *widget, const QString &name);

// Grabs the screen (popups such as the command palette are separate windows), saved like saveScreenshot: the
// part under `window` when given, else all of it.
QImage saveScreenScreenshot(const QString &name, const QWidget *window = nullptr);

// The first row, depth first, whose first column shows `text`.
QModelIndex findRow(const QAbstractItemModel *model, const QString &text, const QModelIndex &parent = {});

// What assistive technology reads from the widget: its name, value and whole text.
QString accessibleText(QWidget *widget);

// The interactive widgets under `root` (visible, enabled, taking focus) that a screen reader would announce without
// a name, as "objectName (class, parent parentName)"; empty when every one has a name.
QStringList unnamedControls(QWidget *root);

// How many distinct colours the image has: a blank or single-colour window has very few.
int distinctColours(const QImage &image);

// The row of the resource table whose object is named `name`, or -1.
int rowOfName(const QTableView *table, const QString &name);

// Shows `kind` of `context` in the window (connecting the context first) and selects the row of `name`, as a person
// clicks it, then waits until the selection reached the actions. Empty when done; otherwise what went wrong.
QString selectObject(MainWindow *window, const QString &context, const QString &kind, const QString &name);

} // namespace binnacle::uitest

// QTEST_MAIN, but choosing the display first and keeping settings out of the user's real configuration.
#define BINNACLE_UITEST_MAIN(TestObject)                                                                               \
    int main(int argc, char **argv)                                                                                    \
    {                                                                                                                  \
        binnacle::uitest::chooseDisplay();                                                                             \
        QApplication app(argc, argv);                                                                                  \
        QStandardPaths::setTestModeEnabled(true);                                                                      \
        QCoreApplication::setOrganizationName(QStringLiteral("BinnacleTests"));                                        \
        QCoreApplication::setApplicationName(QStringLiteral(#TestObject));                                             \
        TestObject test;                                                                                               \
        return QTest::qExec(&test, argc, argv);                                                                        \
    }
