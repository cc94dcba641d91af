// The terminal without its widget: real escape sequences in, cells, colours, screens and scrollback out; keys,
// paste and mouse in, the bytes a pty would get out. The last tests drive it with a real local shell on a pty
// (vi, less and `stty size`), the programs the surface exists for.

#include "models/terminal/terminalsurface.h"

#include <QSignalSpy>
#include <QSocketNotifier>
#include <QStandardPaths>
#include <QTest>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <memory>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

QByteArray lines(int from, int to)
{
    QByteArray bytes;
    for (int i = from; i <= to; ++i)
        bytes += "line " + QByteArray::number(i) + "\r\n";
    return bytes;
}

// What the surface sent towards the pty, all of it, since the spy was made.
QByteArray sent(const QSignalSpy &spy)
{
    QByteArray bytes;
    for (const QList<QVariant> &arguments : spy)
        bytes += arguments.at(0).toByteArray();
    return bytes;
}

// A real shell on a local pty, wired to a surface the way a transport is: its output fed in, the surface's bytes
// written to it, a resize passed on as TIOCSWINSZ (what the exec session's resize channel does in the container).
class LocalPty final
{
public:
    explicit LocalPty(TerminalSurface *surface)
        : m_surface(surface)
    {
        QByteArrayList environment {"TERM=xterm-256color", "PS1=ready$ ", "LC_ALL=C.UTF-8", "HOME=" + qgetenv("HOME"),
                                    "PATH=" + qgetenv("PATH")};
        std::vector<char *> envp;
        for (QByteArray &entry : environment)
            envp.push_back(entry.data());
        envp.push_back(nullptr);
        char shell[] = "/bin/sh";
        char *argv[] = {shell, nullptr};
        winsize size {};
        size.ws_col = static_cast<unsigned short>(surface->columns());
        size.ws_row = static_cast<unsigned short>(surface->rows());
        m_child = forkpty(&m_master, nullptr, nullptr, &size);
        if (m_child == 0) {
            execve(shell, argv, envp.data()); // prepared before the fork: nothing allocates in the child
            _exit(127);
        }
        if (m_child < 0)
            qFatal("forkpty failed");
        fcntl(m_master, F_SETFL, fcntl(m_master, F_GETFL) | O_NONBLOCK);
        m_notifier = std::make_unique<QSocketNotifier>(m_master, QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, surface, [this] { read(); });
        QObject::connect(surface, &TerminalSurface::outputToPty, m_notifier.get(),
                         [this](const QByteArray &bytes) { write(bytes); });
    }
    ~LocalPty()
    {
        m_notifier.reset();
        kill(m_child, SIGKILL);
        waitpid(m_child, nullptr, 0);
        close(m_master);
    }
    Q_DISABLE_COPY_MOVE(LocalPty)

    void resize(int columns, int rows)
    {
        m_surface->resize(columns, rows);
        winsize size {};
        size.ws_col = static_cast<unsigned short>(m_surface->columns());
        size.ws_row = static_cast<unsigned short>(m_surface->rows());
        ioctl(m_master, TIOCSWINSZ, &size);
    }

private:
    void read()
    {
        char buffer[65536];
        for (;;) {
            const ssize_t n = ::read(m_master, buffer, sizeof buffer);
            if (n > 0) {
                m_surface->feed(QByteArray(buffer, n));
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            if (n == 0 || errno != EAGAIN)
                m_notifier->setEnabled(false); // the shell is gone (EIO)
            return;
        }
    }
    void write(QByteArray bytes)
    {
        while (!bytes.isEmpty()) {
            const ssize_t n = ::write(m_master, bytes.constData(), static_cast<size_t>(bytes.size()));
            if (n < 0 && errno != EINTR && errno != EAGAIN)
                return;
            bytes.remove(0, std::max<ssize_t>(n, 0));
        }
    }

    TerminalSurface *m_surface;
    int m_master = -1;
    pid_t m_child = -1;
    std::unique_ptr<QSocketNotifier> m_notifier;
};

// Types a line as keys: Enter through sendKey, so the shell sees what a person's Return sends.
void typeLine(TerminalSurface &surface, const QString &line)
{
    surface.sendText(line);
    surface.sendKey(Qt::Key_Return, Qt::NoModifier, u"\r"_s);
}

} // namespace

class TerminalSurfaceTest : public QObject
{
    Q_OBJECT

private slots:
    void colours256()
    {
        TerminalSurface surface;
        surface.feed("\x1b[38;5;196mR\x1b[48;5;21mB\x1b[0m\x1b[38;5;244mG\x1b[0mN");
        QCOMPARE(surface.cell(0, 0).text, u"R"_s);
        QCOMPARE(surface.cell(0, 0).foreground, QColor(255, 0, 0));
        QVERIFY(!surface.cell(0, 0).defaultForeground);
        QVERIFY(surface.cell(0, 0).defaultBackground);
        QCOMPARE(surface.cell(0, 1).background, QColor(0, 0, 255));
        QVERIFY(!surface.cell(0, 1).defaultBackground);
        QCOMPARE(surface.cell(0, 2).foreground, QColor(0x85, 0x85, 0x85)); // libvterm's grey ramp
        QVERIFY(surface.cell(0, 3).defaultForeground);
        QCOMPARE(surface.cell(0, 3).foreground, surface.defaultForeground());
    }

    void truecolour()
    {
        TerminalSurface surface;
        surface.feed("\x1b[38;2;1;2;3mT\x1b[48;2;250;128;7mU\x1b[0m");
        QCOMPARE(surface.cell(0, 0).foreground, QColor(1, 2, 3));
        QCOMPARE(surface.cell(0, 1).foreground, QColor(1, 2, 3));
        QCOMPARE(surface.cell(0, 1).background, QColor(250, 128, 7));
    }

    void attributes()
    {
        TerminalSurface surface;
        surface.feed("\x1b[1mB\x1b[0;4mU\x1b[0;3mI\x1b[0;7mR\x1b[0;9mS\x1b[0mN");
        QVERIFY(surface.cell(0, 0).bold);
        QVERIFY(!surface.cell(0, 0).underline);
        QVERIFY(surface.cell(0, 1).underline);
        QVERIFY(!surface.cell(0, 1).bold);
        QVERIFY(surface.cell(0, 2).italic);
        QVERIFY(surface.cell(0, 3).reverse);
        QVERIFY(surface.cell(0, 4).strike);
        const TerminalCell plain = surface.cell(0, 5);
        QVERIFY(!plain.bold && !plain.underline && !plain.italic && !plain.reverse && !plain.strike);
        QCOMPARE(surface.lineText(0), u"BUIRSN"_s);
    }

    void wideCharacters()
    {
        TerminalSurface surface;
        surface.feed("漢x");
        QCOMPARE(surface.cell(0, 0).text, u"漢"_s);
        QCOMPARE(surface.cell(0, 0).width, 2);
        QCOMPARE(surface.cell(0, 1).width, 0);
        QCOMPARE(surface.cell(0, 2).text, u"x"_s);
        QCOMPARE(surface.lineText(0), u"漢x"_s);
        QCOMPARE(surface.cursorPosition(), QPoint(3, 0));
    }

    void alternateScreen()
    {
        TerminalSurface surface(40, 10);
        QSignalSpy changed(&surface, &TerminalSurface::alternateScreenChanged);
        surface.feed("$ less file\r\n");
        surface.feed("\x1b[?1049h\x1b[H\x1b[2Jfull screen");
        QVERIFY(surface.isAlternateScreen());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toBool(), true);
        QCOMPARE(surface.lineText(0), u"full screen"_s);
        surface.feed("\x1b[?1049l");
        QVERIFY(!surface.isAlternateScreen());
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed.at(1).at(0).toBool(), false);
        QCOMPARE(surface.lineText(0), u"$ less file"_s); // the shell's screen, as it was
        QCOMPARE(surface.scrollbackLines(), 0); // the full-screen program left nothing in the scrollback
    }

    void scrollbackKeepsWhatScrolledOff()
    {
        TerminalSurface surface(20, 5);
        surface.feed("\x1b[1;31mred line\x1b[0m\r\n" + lines(0, 29));
        // 31 lines written and the cursor on an empty 32nd: 27 left the 5-row screen.
        QCOMPARE(surface.scrollbackLines(), 27);
        QCOMPARE(surface.lineText(-27), u"red line"_s);
        QCOMPARE(surface.cell(-27, 0).foreground, QColor(0xe0, 0, 0)); // libvterm's ANSI red
        QVERIFY(surface.cell(-27, 0).bold);
        QCOMPARE(surface.lineText(-1), u"line 25"_s);
        QCOMPARE(surface.lineText(0), u"line 26"_s);
        QCOMPARE(surface.text(TerminalPosition {-2, 0}, TerminalPosition {1, 4}), u"line 24\nline 25\nline 26\nline"_s);
    }

    void scrollbackStaysBounded()
    {
        TerminalSurface surface(20, 5);
        QCOMPARE(surface.scrollbackLimit(), TerminalSurface::DefaultScrollbackLines);
        surface.setScrollbackLimit(100);
        surface.feed(lines(0, 229));
        QCOMPARE(surface.scrollbackLines(), 100);
        QCOMPARE(surface.lineText(-100), u"line 126"_s); // the oldest kept
        QCOMPARE(surface.lineText(-1), u"line 225"_s);
        surface.setScrollbackLimit(10);
        QCOMPARE(surface.scrollbackLines(), 10);
        QCOMPARE(surface.lineText(-10), u"line 216"_s);
    }

    void findInScrollback()
    {
        TerminalSurface surface(20, 5);
        surface.feed(lines(0, 29) + "the end");
        const TerminalPosition top {-surface.scrollbackLines(), 0};
        const auto first = surface.find(u"LINE 1"_s, top);
        QVERIFY(first);
        QCOMPARE(first->start, (TerminalPosition {-25, 0})); // line 0 is at -26
        QCOMPARE(first->length, 6);
        const auto next = surface.find(u"line 1"_s, TerminalPosition {first->start.line, first->start.column + 1});
        QVERIFY(next);
        QCOMPARE(surface.lineText(next->start.line), u"line 10"_s);
        const auto last = surface.find(u"line"_s, TerminalPosition {surface.rows(), 0}, true);
        QVERIFY(last);
        QCOMPARE(surface.lineText(last->start.line), u"line 29"_s);
        const auto end = surface.find(u"end"_s, top);
        QVERIFY(end);
        QCOMPARE(end->start, (TerminalPosition {4, 4}));
        QVERIFY(!surface.find(u"LINE 1"_s, top, false, Qt::CaseSensitive));
        QVERIFY(!surface.find(u"nowhere"_s, top));
    }

    void resizeKeepsContent()
    {
        TerminalSurface surface(20, 5);
        surface.feed("alpha\r\nbeta\r\ngamma");
        surface.resize(40, 3);
        QCOMPARE(surface.columns(), 40);
        QCOMPARE(surface.screenText(), u"alpha\nbeta\ngamma"_s);
        surface.resize(40, 2); // the top line goes to the scrollback...
        QCOMPARE(surface.lineText(-1), u"alpha"_s);
        QCOMPARE(surface.screenText(), u"beta\ngamma"_s);
        QCOMPARE(surface.cursorPosition(), QPoint(5, 1));
        surface.resize(40, 6); // ...and comes back
        QCOMPARE(surface.scrollbackLines(), 0);
        QCOMPARE(surface.lineText(0), u"alpha"_s);
        QCOMPARE(surface.lineText(2), u"gamma"_s);
        surface.feed("\x1b[30Cfar");
        QCOMPARE(surface.lineText(2), u"gamma"_s + QString(30, u' ') + u"far"_s);
    }

    void keys()
    {
        TerminalSurface surface;
        QSignalSpy out(&surface, &TerminalSurface::outputToPty);
        const auto press = [&](int key, Qt::KeyboardModifiers modifiers, const QString &text) {
            out.clear();
            surface.sendKey(key, modifiers, text);
            return sent(out);
        };
        QCOMPARE(press(Qt::Key_Return, Qt::NoModifier, u"\r"_s), QByteArray("\r"));
        QCOMPARE(press(Qt::Key_Up, Qt::NoModifier, {}), QByteArray("\x1b[A"));
        QCOMPARE(press(Qt::Key_C, Qt::ControlModifier, u"\x03"_s), QByteArray("\x03"));
        QCOMPARE(press(Qt::Key_D, Qt::ControlModifier, u"\x04"_s), QByteArray("\x04"));
        QCOMPARE(press(Qt::Key_Tab, Qt::NoModifier, u"\t"_s), QByteArray("\t"));
        QCOMPARE(press(Qt::Key_Backtab, Qt::ShiftModifier, {}), QByteArray("\x1b[Z"));
        QCOMPARE(press(Qt::Key_Backspace, Qt::NoModifier, u"\b"_s), QByteArray("\x7f"));
        QCOMPARE(press(Qt::Key_Escape, Qt::NoModifier, u"\x1b"_s), QByteArray("\x1b"));
        QCOMPARE(press(Qt::Key_B, Qt::AltModifier, u"b"_s),
                 QByteArray("\x1b"
                            "b"));
        QCOMPARE(press(Qt::Key_A, Qt::ShiftModifier, u"A"_s), QByteArray("A"));
        QCOMPARE(press(Qt::Key_Space, Qt::ShiftModifier, u" "_s), QByteArray(" "));
        QCOMPARE(press(Qt::Key_Eacute, Qt::NoModifier, u"é"_s), QByteArray("é"));
        QCOMPARE(press(Qt::Key_F1, Qt::NoModifier, {}), QByteArray("\x1bOP"));
        QCOMPARE(press(Qt::Key_Up, Qt::ControlModifier, {}), QByteArray("\x1b[1;5A"));
        QVERIFY(press(Qt::Key_Shift, Qt::ShiftModifier, {}).isEmpty());
        QVERIFY(!surface.sendKey(Qt::Key_Control, Qt::ControlModifier));
        surface.feed("\x1b[?1h"); // DECCKM, as vi and less set it: cursor keys in application mode
        QCOMPARE(press(Qt::Key_Up, Qt::NoModifier, {}), QByteArray("\x1bOA"));
        out.clear();
        surface.sendText(u"ls -l"_s);
        QCOMPARE(sent(out), QByteArray("ls -l"));
    }

    void bracketedPaste()
    {
        TerminalSurface surface;
        QSignalSpy out(&surface, &TerminalSurface::outputToPty);
        surface.paste(u"echo one\necho two"_s);
        QCOMPARE(sent(out), QByteArray("echo one\recho two"));
        surface.feed("\x1b[?2004h"); // what bash's readline sends when it starts
        out.clear();
        surface.paste(u"rm -rf /tmp/x\r\n"_s);
        QCOMPARE(sent(out), QByteArray("\x1b[200~rm -rf /tmp/x\r\x1b[201~"));
        out.clear();
        surface.paste(u"a\x1b[201~b"_s); // cannot close the bracket early
        QCOMPARE(sent(out), QByteArray("\x1b[200~a[201~b\x1b[201~"));
        surface.feed("\x1b[?2004l");
        out.clear();
        surface.paste(u"plain"_s);
        QCOMPARE(sent(out), QByteArray("plain"));
    }

    void mouseReportsOnlyWhenAsked()
    {
        TerminalSurface surface;
        QSignalSpy out(&surface, &TerminalSurface::outputToPty);
        surface.sendMouseButton(2, 4, Qt::LeftButton, true, Qt::NoModifier);
        QVERIFY(!surface.wantsMouse());
        QCOMPARE(out.count(), 0);
        surface.feed("\x1b[?1000h\x1b[?1006h"); // button reports, SGR encoding (htop, mc, vim with mouse=a)
        QVERIFY(surface.wantsMouse());
        surface.sendMouseButton(2, 4, Qt::LeftButton, true, Qt::NoModifier);
        surface.sendMouseButton(2, 4, Qt::LeftButton, false, Qt::NoModifier);
        surface.sendWheel(0, 0, true, Qt::NoModifier);
        QCOMPARE(sent(out), QByteArray("\x1b[<0;5;3M\x1b[<0;5;3m\x1b[<64;1;1M"));
        surface.feed("\x1b[?1000l");
        QVERIFY(!surface.wantsMouse());
    }

    void answersQueries()
    {
        TerminalSurface surface;
        QSignalSpy out(&surface, &TerminalSurface::outputToPty);
        surface.feed("ab\x1b[6n"); // where is the cursor? (readline and vim ask)
        QCOMPARE(sent(out), QByteArray("\x1b[1;3R"));
    }

    void titleAndBell()
    {
        TerminalSurface surface;
        QSignalSpy title(&surface, &TerminalSurface::titleChanged);
        QSignalSpy bell(&surface, &TerminalSurface::bell);
        surface.feed("\x1b]0;root@web-0: /app\x07");
        QCOMPARE(title.count(), 1);
        QCOMPARE(surface.title(), u"root@web-0: /app"_s);
        surface.feed("\x07");
        QCOMPARE(bell.count(), 1);
    }

    void cursor()
    {
        TerminalSurface surface;
        surface.feed("\x1b[5;10H");
        QCOMPARE(surface.cursorPosition(), QPoint(9, 4));
        QVERIFY(surface.isCursorVisible());
        surface.feed("\x1b[?25l");
        QVERIFY(!surface.isCursorVisible());
        surface.feed("\x1b[?25h\x1b[6 q"); // DECSCUSR: steady bar
        QVERIFY(surface.isCursorVisible());
        QCOMPARE(surface.cursorShape(), TerminalSurface::CursorShape::Bar);
        QVERIFY(!surface.cursorBlinks());
    }

    void damageIsBatched()
    {
        TerminalSurface surface(80, 24);
        QSignalSpy damaged(&surface, &TerminalSurface::damaged);
        QVERIFY(damaged.wait()); // the reset's own damage
        damaged.clear();
        // Many writes within one turn of the event loop: one signal with their union.
        surface.feed("\x1b[3;1Hthird");
        surface.feed("\x1b[10;5Htenth");
        surface.feed("\x1b[24;1H" + lines(0, 2));
        QCOMPARE(damaged.count(), 0);
        QVERIFY(damaged.wait());
        QCOMPARE(damaged.count(), 1);
        const QRect cells = damaged.at(0).at(0).toRect();
        QVERIFY(cells.contains(QPoint(0, 2)) && cells.contains(QPoint(8, 9)) && cells.contains(QPoint(0, 23)));
        QCOMPARE(damaged.at(0).at(1).toInt(), 3);
    }
    void realShellFollowsResize()
    {
        TerminalSurface surface(80, 24);
        LocalPty pty(&surface);
        QTRY_VERIFY(surface.screenText().contains(u"ready$"_s));
        // stty's answer as a line of its own, on the screen or (a shrunk screen pushes lines out) in the scrollback.
        const auto answered = [&](const QString &size) {
            for (int line = -surface.scrollbackLines(); line < surface.rows(); ++line) {
                if (surface.lineText(line) == size)
                    return true;
            }
            return false;
        };
        for (const auto &[columns, rows] : {std::pair {80, 24}, {100, 30}, {57, 11}}) {
            if (columns != surface.columns())
                pty.resize(columns, rows);
            typeLine(surface, u"stty size"_s);
            const QString size = u"%1 %2"_s.arg(rows).arg(columns);
            QTRY_VERIFY2(answered(size), qPrintable(u"no \"%1\" in:\n"_s.arg(size) + surface.screenText()));
        }
    }

    void realFullScreenPrograms_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("shows"); // text the program puts on its screen
        QTest::addColumn<QByteArray>("quit");
        QTest::newRow("less") << u"less /etc/passwd"_s << u"root:"_s << QByteArray("q");
        QTest::newRow("vi") << u"vi -u NONE /etc/passwd"_s << u"root:"_s << QByteArray("\x1b:q!\r");
    }

    void realFullScreenPrograms()
    {
        QFETCH(QString, command);
        QFETCH(QString, shows);
        QFETCH(QByteArray, quit);
        const QString program = command.section(u' ', 0, 0);
        if (QStandardPaths::findExecutable(program).isEmpty())
            QSKIP("not installed here");
        TerminalSurface surface(80, 24);
        QSignalSpy alternate(&surface, &TerminalSurface::alternateScreenChanged);
        LocalPty pty(&surface);
        QTRY_VERIFY(surface.screenText().contains(u"ready$"_s));
        typeLine(surface, u"echo before-"_s + program);
        QTRY_VERIFY(surface.screenText().contains(u"\nbefore-"_s + program));
        typeLine(surface, command);
        QTRY_VERIFY(surface.isAlternateScreen());
        QTRY_VERIFY(surface.screenText().contains(shows));
        QVERIFY(!surface.screenText().contains(u"before-"_s + program)); // the shell's screen is put away
        surface.sendText(QString::fromLatin1(quit));
        QTRY_VERIFY(!surface.isAlternateScreen());
        QTRY_VERIFY(surface.screenText().contains(u"\nbefore-"_s + program)); // and back
        QVERIFY(!surface.screenText().contains(shows));
        QCOMPARE(alternate.count(), 2);
    }

    // A burst of plain lines goes to the scrollback without libvterm scrolling the screen once per line: the
    // surface must end exactly as libvterm would have left it (every line's text and every cell's colours), which
    // a surface fed one line at a time (always libvterm's way) shows.
    void plainLinesInBulkEndAsLibvtermWouldLeaveThem_data()
    {
        QTest::addColumn<QByteArray>("before");
        QTest::addColumn<int>("lines");
        QTest::addColumn<int>("scrollbackLimit");
        QTest::addColumn<bool>("bulk");
        const QByteArray prompt = "\x1b[31mred\x1b[0m and \x1b[1;44mbold on blue\x1b[0m\r\n$ cat file\r\n";
        QTest::newRow("after coloured lines") << prompt << 500 << 10000 << true;
        QTest::newRow("more lines than the scrollback holds") << prompt << 500 << 50 << true;
        QTest::newRow("fewer lines than a screen") << prompt << 7 << 10000 << false;
        QTest::newRow("a scroll region") << QByteArray("\x1b[2;5r\x1b[10;1H") + prompt << 300 << 10000 << false;
        QTest::newRow("a region set and cleared")
            << QByteArray("\x1b[2;5r\x1b[r\x1b[10;1H") + prompt << 300 << 10000 << true;
        QTest::newRow("a coloured pen left on") << prompt + "\x1b[32m" << 300 << 10000 << false;
    }
    void plainLinesInBulkEndAsLibvtermWouldLeaveThem()
    {
        QFETCH(QByteArray, before);
        QFETCH(int, lines);
        QFETCH(int, scrollbackLimit);
        QFETCH(bool, bulk);
        QByteArray output;
        for (int i = 0; i < lines; ++i)
            output += "line " + QByteArray::number(i) + ' ' + QByteArray(i % 37, 'x') + "\r\n";
        output += "$ "; // the next prompt, after the burst

        TerminalSurface oneByOne(40, 10);
        TerminalSurface inBulk(40, 10);
        for (TerminalSurface *surface : {&oneByOne, &inBulk}) {
            surface->setScrollbackLimit(scrollbackLimit);
            for (int i = 0; i < 30; ++i)
                surface->feed("\r\n"); // the cursor on the bottom row
            surface->feed(before);
        }
        qsizetype at = 0;
        while (at < output.size()) { // one line per feed(): never a screenful at once
            const qsizetype end = output.indexOf('\n', at) < 0 ? output.size() : output.indexOf('\n', at) + 1;
            oneByOne.feed(output.mid(at, end - at));
            at = end;
        }
        inBulk.feed(output);

        QCOMPARE(oneByOne.bulkScrolledLines(), 0);
        QCOMPARE(inBulk.bulkScrolledLines() > 0, bulk);
        QCOMPARE(inBulk.scrollbackLines(), oneByOne.scrollbackLines());
        QCOMPARE(inBulk.cursorPosition(), oneByOne.cursorPosition());
        for (int line = -inBulk.scrollbackLines(); line < inBulk.rows(); ++line) {
            QCOMPARE(inBulk.lineText(line), oneByOne.lineText(line));
            for (int column = 0; column < inBulk.columns(); ++column) {
                const TerminalCell a = inBulk.cell(line, column);
                const TerminalCell b = oneByOne.cell(line, column);
                QVERIFY2(a.text == b.text && a.foreground == b.foreground && a.background == b.background
                             && a.bold == b.bold && a.defaultForeground == b.defaultForeground
                             && a.defaultBackground == b.defaultBackground,
                         qPrintable(u"line %1 column %2"_s.arg(line).arg(column)));
            }
        }
    }

    // feedSoon() gathers a burst and feeds it on the next turn of the event loop; feed() takes it first.
    void feedSoonGathersABurst()
    {
        TerminalSurface surface(40, 10);
        for (int i = 0; i < 30; ++i)
            surface.feed("\r\n");
        for (int i = 0; i < 100; ++i)
            surface.feedSoon("burst " + QByteArray::number(i) + "\r\n");
        QCOMPARE(surface.lineText(8), QString());
        QTRY_COMPARE(surface.lineText(8), u"burst 99"_s);
        QVERIFY(surface.bulkScrolledLines() > 0); // 100 small messages became one screenful and more
        surface.feedSoon("queued\r\n");
        surface.feed("fed\r\n");
        QCOMPARE(surface.lineText(7), u"queued"_s);
        QCOMPARE(surface.lineText(8), u"fed"_s);
    }
};

QTEST_GUILESS_MAIN(TerminalSurfaceTest)
#include "tst_terminalsurface.moc"
