// The terminal widget as a person uses it: typing reaches the program as the bytes a terminal sends (Tab and
// single letters included, whatever the window's shortcuts), a drag selects and copies, paste and zoom work, the
// wheel reaches the scrollback, and colours reach the pixels.

#include "ui/terminal/terminalview.h"
#include "uitest.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLineEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

QByteArray sent(const QSignalSpy &spy)
{
    QByteArray bytes;
    for (const QList<QVariant> &arguments : spy)
        bytes += arguments.at(0).toByteArray();
    return bytes;
}

} // namespace

class TerminalViewTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QWidget> m_window;
    QLineEdit *m_other = nullptr; // somewhere Tab could move the focus to
    TerminalView *m_view = nullptr;
    QAction *m_letterShortcut = nullptr;

    // The centre of a cell, in viewport coordinates; `boundary` the left edge of the cell instead.
    QPoint at(int row, int column, bool boundary = false) const
    {
        const QSize cell = m_view->cellSize();
        return QPoint(column * cell.width() + (boundary ? 1 : cell.width() / 2),
                      row * cell.height() + cell.height() / 2);
    }

private slots:
    void init()
    {
        m_window = std::make_unique<QWidget>();
        auto *layout = new QVBoxLayout(m_window.get());
        m_other = new QLineEdit(m_window.get());
        m_view = new TerminalView(m_window.get());
        layout->addWidget(m_other);
        layout->addWidget(m_view);
        m_letterShortcut = new QAction(m_window.get());
        m_letterShortcut->setShortcut(QKeySequence(Qt::Key_S)); // as `s` opens a shell on a pod in the browser
        m_window->addAction(m_letterShortcut);
        m_window->resize(900, 500);
        m_window->show();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        m_view->setFocus();
        QTRY_VERIFY(m_view->hasFocus());
    }

    void cleanup() { m_window.reset(); }

    void namedForAssistiveTechnology()
    {
        QCOMPARE(m_view->objectName(), u"terminalView"_s);
        QCOMPARE(m_view->accessibleName(), u"Terminal"_s);
    }

    void typingSendsTerminalBytes()
    {
        QSignalSpy out(m_view->surface(), &TerminalSurface::outputToPty);
        QSignalSpy shortcut(m_letterShortcut, &QAction::triggered);
        QTest::keyClicks(m_view, u"ls -s"_s);
        QTest::keyClick(m_view, Qt::Key_Return);
        QTest::keyClick(m_view, Qt::Key_Tab);
        QTest::keyClick(m_view, Qt::Key_Up);
        QTest::keyClick(m_view, Qt::Key_C, Qt::ControlModifier);
        QTest::keyClick(m_view, Qt::Key_Backspace);
        QCOMPARE(sent(out), QByteArray("ls -s\r\t\x1b[A\x03\x7f"));
        QVERIFY(m_view->hasFocus()); // Tab completed instead of moving on
        QCOMPARE(shortcut.count(), 0); // the letter was the shell's, not the window's
    }

    void resizeAndZoomChangeTheGrid()
    {
        QSignalSpy size(m_view, &TerminalView::sizeChanged);
        const int columns = m_view->columns();
        const int rows = m_view->rows();
        QCOMPARE(columns, m_view->viewport()->width() / m_view->cellSize().width());
        QCOMPARE(rows, m_view->viewport()->height() / m_view->cellSize().height());
        m_window->resize(m_window->width() + 10 * m_view->cellSize().width(), m_window->height());
        QTRY_COMPARE(m_view->columns(), columns + 10);
        QCOMPARE(m_view->surface()->columns(), columns + 10);
        QCOMPARE(size.last().at(0).toInt(), columns + 10);
        QCOMPARE(size.last().at(1).toInt(), rows);

        const int wide = m_view->columns();
        QTest::keyClick(m_view, Qt::Key_Equal, Qt::ControlModifier);
        QVERIFY2(
            m_view->columns() < wide,
            qPrintable(
                u"%1 columns of %2 px, were %3"_s.arg(m_view->columns()).arg(m_view->cellSize().width()).arg(wide)));
        QCOMPARE(size.last().at(0).toInt(), m_view->columns());
        QTest::keyClick(m_view, Qt::Key_Minus, Qt::ControlModifier);
        QTest::keyClick(m_view, Qt::Key_Minus, Qt::ControlModifier);
        QVERIFY(m_view->columns() > wide);
        QTest::keyClick(m_view, Qt::Key_0, Qt::ControlModifier);
        QCOMPARE(m_view->columns(), wide);
    }

    void selectCopyAndPaste()
    {
        QClipboard *clipboard = QGuiApplication::clipboard();
        m_view->surface()->feed("hello world\r\nsecond line");
        QTest::mousePress(m_view->viewport(), Qt::LeftButton, {}, at(0, 0, true));
        QTest::mouseMove(m_view->viewport(), at(0, 3, true));
        QTest::mouseRelease(m_view->viewport(), Qt::LeftButton, {}, at(0, 5, true));
        QVERIFY(m_view->hasSelection());
        QCOMPARE(m_view->selectedText(), u"hello"_s);
        if (clipboard->supportsSelection())
            QTRY_COMPARE(clipboard->text(QClipboard::Selection), u"hello"_s);

        clipboard->setText(u"before"_s);
        QTest::keyClick(m_view, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE(clipboard->text(), u"hello"_s);

        QSignalSpy out(m_view->surface(), &TerminalSurface::outputToPty);
        clipboard->setText(u"echo pasted\n"_s);
        QTest::keyClick(m_view, Qt::Key_V, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(sent(out), QByteArray("echo pasted\r"));
        if (clipboard->supportsSelection()) {
            out.clear();
            QTest::mouseClick(m_view->viewport(), Qt::MiddleButton, {}, at(1, 0));
            QCOMPARE(sent(out), QByteArray("hello"));
        }

        // Across lines, and a double click takes a word.
        QTest::mousePress(m_view->viewport(), Qt::LeftButton, {}, at(0, 6, true));
        QTest::mouseRelease(m_view->viewport(), Qt::LeftButton, {}, at(1, 6, true));
        QCOMPARE(m_view->selectedText(), u"world\nsecond"_s);
        QTest::mouseDClick(m_view->viewport(), Qt::LeftButton, {}, at(1, 8));
        QCOMPARE(m_view->selectedText(), u"line"_s);
    }

    void mouseGoesToProgramsThatAskForIt()
    {
        QSignalSpy out(m_view->surface(), &TerminalSurface::outputToPty);
        m_view->surface()->feed("\x1b[?1000h\x1b[?1006hmouse app");
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, at(2, 4));
        QCOMPARE(sent(out), QByteArray("\x1b[<0;5;3M\x1b[<0;5;3m"));
        QVERIFY(!m_view->hasSelection());
        out.clear();
        // Shift still selects, as in xterm.
        QTest::mousePress(m_view->viewport(), Qt::LeftButton, Qt::ShiftModifier, at(0, 0, true));
        QTest::mouseRelease(m_view->viewport(), Qt::LeftButton, Qt::ShiftModifier, at(0, 5, true));
        QCOMPARE(m_view->selectedText(), u"mouse"_s);
        QCOMPARE(out.count(), 0);
    }

    void wheelScrollsBackAndTypingReturns()
    {
        QByteArray lines;
        for (int i = 0; i < 200; ++i)
            lines += "line " + QByteArray::number(i) + "\r\n";
        m_view->surface()->feed(lines);
        QScrollBar *bar = m_view->verticalScrollBar();
        QTRY_COMPARE(bar->maximum(), m_view->surface()->scrollbackLines());
        QCOMPARE(bar->value(), bar->maximum());
        QVERIFY(!m_view->isScrolledBack());
        const QPoint middle = m_view->viewport()->rect().center();
        QWheelEvent wheel(middle, m_view->viewport()->mapToGlobal(middle), {}, QPoint(0, 120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(m_view->viewport(), &wheel);
        QVERIFY(m_view->isScrolledBack());
        QCOMPARE(bar->value(), bar->maximum() - 3);
        // More output while scrolled back: the view stays on the same text.
        const int top = bar->value() - bar->maximum();
        const QString shown = m_view->surface()->lineText(top);
        m_view->surface()->feed("more\r\nmore\r\n");
        QTRY_COMPARE(bar->maximum(), m_view->surface()->scrollbackLines());
        QCOMPARE(m_view->surface()->lineText(bar->value() - bar->maximum()), shown);
        QVERIFY(m_view->find(u"line 17"_s, true));
        QCOMPARE(m_view->selectedText(), u"line 17"_s);
        QTest::keyClick(m_view, Qt::Key_A);
        QVERIFY(!m_view->isScrolledBack());
    }

    void coloursReachThePixels()
    {
        m_view->surface()->feed("\x1b[48;2;200;30;40m    \x1b[0m \x1b[38;5;46m\xe2\x96\x88\xe2\x96\x88\x1b[0m");
        QTRY_VERIFY(m_view->viewport()->grab().toImage().pixelColor(at(0, 1)) == QColor(200, 30, 40));
        const QImage image = uitest::saveScreenshot(m_view, u"terminal-colours"_s);
        QCOMPARE(image.pixelColor(m_view->viewport()->pos() + at(0, 1)), QColor(200, 30, 40));
        QVERIFY(image.pixelColor(m_view->viewport()->pos() + at(0, 6)).green() > 150); // U+2588 in colour 46
    }
};

BINNACLE_UITEST_MAIN(TerminalViewTest)
#include "tst_terminalview.moc"
