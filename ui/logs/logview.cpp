#include "ui/logs/logview.h"

#include "models/common/statusstyle.h"
#include "models/logs/logsearch.h"
#include "models/logs/logstore.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QLocale>
#include <QPainter>
#include <QScrollBar>
#include <QTimeZone>
#include <QtMath>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

QString formatTimestamp(qint64 ns)
{
    if (ns <= 0)
        return u"-"_s.repeated(30);
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(ns / 1000000, QTimeZone::utc());
    return time.toString(u"yyyy-MM-ddTHH:mm:ss"_s) + u'.' + u"%1"_s.arg(ns % 1000000000, 9, 10, QLatin1Char('0'))
        + u'Z';
}

} // namespace

LogView::LogView(const LogStore &store, const LogSearch &search, QWidget *parent)
    : QAbstractScrollArea(parent)
    , m_store(store)
    , m_search(search)
    , m_cache(4000)
{
    setObjectName(u"logView"_s);
    setAccessibleName(tr("Log lines"));
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setCursor(Qt::IBeamCursor);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    updateFontMetrics();
    updateScrollBars();
}

LogView::~LogView() = default;

void LogView::setOptions(const Options &options)
{
    if (options == m_options)
        return;
    const qint64 top = m_following ? -1 : lineAtRow(topRow());
    m_options = options;
    m_cache.clear();
    m_anchor = m_cursor = {};
    if (top >= 0)
        m_topLine = top;
    updateScrollBars();
    viewport()->update();
}

void LogView::setSourceLabel(quint16 source, const QString &label)
{
    while (m_sourceLabels.size() <= source)
        m_sourceLabels.append(QString());
    m_sourceLabels[source] = label;
    m_cache.clear();
    viewport()->update();
}

void LogView::setFrozen(bool frozen)
{
    m_frozenEnd = frozen ? m_store.endLine() : -1;
    if (!frozen)
        m_following = true;
    refresh();
}

void LogView::refresh()
{
    if (m_store.lineCount() == 0)
        m_cache.clear(); // cleared: numbering goes on, nothing cached is shown again
    updateScrollBars();
    updateAccessibleDescription();
    viewport()->update();
}

qint64 LogView::rowCount() const
{
    if (m_options.filter && m_search.isActive()) {
        qint64 rows = m_search.filteredRowCount(m_options.invertFilter);
        if (isFrozen())
            rows = std::min(rows, m_search.filteredRowOf(m_frozenEnd, m_options.invertFilter));
        return rows;
    }
    const qint64 end = isFrozen() ? std::min(m_frozenEnd, m_store.endLine()) : m_store.endLine();
    return std::max<qint64>(0, end - m_store.firstLine());
}

qint64 LogView::lineAtRow(qint64 row) const
{
    if (row < 0 || row >= rowCount())
        return -1;
    if (m_options.filter && m_search.isActive())
        return m_search.filteredLine(row, m_options.invertFilter);
    return m_store.firstLine() + row;
}

qint64 LogView::rowOfLine(qint64 line) const
{
    if (m_options.filter && m_search.isActive())
        return m_search.filteredRowOf(std::max(line, m_store.firstLine()), m_options.invertFilter);
    return std::max<qint64>(0, line - m_store.firstLine());
}

qint64 LogView::topRow() const
{
    return verticalScrollBar()->value();
}

const LogView::Rendered &LogView::rendered(qint64 line) const
{
    if (Rendered *cached = m_cache.object(line))
        return *cached;
    auto *out = new Rendered;
    const quint16 source = m_store.source(line);
    if (m_options.showSource && source < m_sourceLabels.size() && !m_sourceLabels[source].isEmpty()) {
        out->text = m_sourceLabels[source] + u' ';
        out->sourceLength = int(m_sourceLabels[source].size());
        out->sourceColor = logSourceColor(m_sourceLabels[source]);
    }
    if (m_options.showTimestamps)
        out->text += formatTimestamp(m_store.timestampNs(line)) + u' ';
    out->contentStart = int(out->text.size());
    out->marker = m_store.flags(line) & LogStore::Marker;
    out->content = LogLineFormatter::format(m_store.text(line), {m_options.compactJson});
    out->text += out->content.text;
    m_cache.insert(line, out, 1);
    return *out;
}

int LogView::columns() const
{
    return std::max(20, viewport()->width() / std::max(1, m_charWidth));
}

int LogView::screenLinesOf(qint64 line) const
{
    if (!m_options.wrap)
        return 1;
    const int length = int(rendered(line).text.size());
    return std::max(1, (length + columns() - 1) / columns());
}

qint64 LogView::endRowForBottom() const
{
    const qint64 rows = rowCount();
    const int visible = std::max(1, viewport()->height() / m_lineHeight);
    if (!m_options.wrap)
        return std::max<qint64>(0, rows - visible);
    int used = 0;
    qint64 row = rows;
    while (row > 0) {
        const int height = screenLinesOf(lineAtRow(row - 1));
        if (used + height > visible)
            break;
        used += height;
        --row;
    }
    return std::min(row, std::max<qint64>(0, rows - 1));
}

void LogView::updateScrollBars()
{
    m_settingScroll = true;
    QScrollBar *vertical = verticalScrollBar();
    const qint64 maximum = endRowForBottom();
    vertical->setRange(0, int(std::min<qint64>(maximum, std::numeric_limits<int>::max())));
    vertical->setPageStep(std::max(1, viewport()->height() / m_lineHeight));
    if (m_following)
        vertical->setValue(vertical->maximum());
    else if (m_topLine >= 0)
        vertical->setValue(int(std::min<qint64>(rowOfLine(m_topLine), vertical->maximum())));

    QScrollBar *horizontal = horizontalScrollBar();
    if (m_options.wrap) {
        horizontal->setRange(0, 0);
    } else {
        const qsizetype prefix
            = (m_options.showTimestamps ? 31 : 0) + (m_options.showSource ? 40 : 0); // labels are rarely longer
        const qint64 width = qint64(m_store.longestLine() + prefix) * m_charWidth;
        horizontal->setRange(0, int(std::clamp<qint64>(width - viewport()->width() + m_charWidth, 0, 1 << 30)));
        horizontal->setPageStep(viewport()->width());
        horizontal->setSingleStep(m_charWidth * 4);
    }
    m_settingScroll = false;
}

void LogView::setTopRow(qint64 row)
{
    verticalScrollBar()->setValue(int(std::clamp<qint64>(row, 0, verticalScrollBar()->maximum())));
}

void LogView::scrollContentsBy(int, int)
{
    if (!m_settingScroll) {
        const bool atEnd = verticalScrollBar()->value() >= verticalScrollBar()->maximum();
        m_topLine = atEnd ? -1 : lineAtRow(topRow());
        if (atEnd != m_following) {
            m_following = atEnd;
            emit followingChanged(m_following);
        }
    }
    viewport()->update();
}

void LogView::setFollowing(bool following)
{
    if (following == m_following)
        return;
    m_following = following;
    if (following)
        m_topLine = -1;
    else
        m_topLine = lineAtRow(topRow());
    updateScrollBars();
    emit followingChanged(m_following);
}

void LogView::scrollToStart()
{
    setFollowing(false);
    setTopRow(0);
}

void LogView::scrollToEnd()
{
    setTopRow(verticalScrollBar()->maximum());
    setFollowing(true);
}

bool LogView::goToMatch(bool forward)
{
    const qint64 count = m_search.matchingLineCount();
    if (!m_search.isActive() || count == 0)
        return false;
    qint64 from = m_currentMatchLine >= m_store.firstLine() ? m_currentMatchLine : lineAtRow(topRow());
    qint64 index;
    if (forward) {
        index = m_search.firstMatchAtOrAfter(from + (m_currentMatchLine >= 0 ? 1 : 0));
        if (index >= count)
            index = 0; // past the last: around to the first
    } else {
        index = m_search.firstMatchAtOrAfter(std::max<qint64>(from, 0)) - 1;
        if (index < 0)
            index = count - 1;
    }
    m_currentMatchLine = m_search.matchingLine(index);
    if (m_options.filter && m_options.invertFilter) {
        viewport()->update();
        return true; // the matching lines are the ones hidden
    }
    const qint64 row = rowOfLine(m_currentMatchLine);
    setFollowing(false);
    const int visible = std::max(1, viewport()->height() / m_lineHeight);
    if (row < topRow() || row >= topRow() + visible - 1)
        setTopRow(row - visible / 2);
    m_topLine = lineAtRow(topRow());
    viewport()->update();
    return true;
}

QList<qint64> LogView::visibleLines() const
{
    QList<qint64> lines;
    int y = 0;
    for (qint64 row = topRow(); row < rowCount() && y < viewport()->height(); ++row) {
        const qint64 line = lineAtRow(row);
        lines.append(line);
        y += screenLinesOf(line) * m_lineHeight;
    }
    return lines;
}

QString LogView::displayedText(qint64 line) const
{
    if (line < m_store.firstLine() || line >= m_store.endLine())
        return QString();
    return rendered(line).text;
}

QColor LogView::levelColor(LogLevel level) const
{
    const bool dark = StatusStyle::isDark(palette());
    switch (level) {
    case LogLevel::Error:
        return QColor(StatusStyle::htmlColour(u"error"_s, dark));
    case LogLevel::Warning:
        return QColor(StatusStyle::htmlColour(u"warning"_s, dark));
    case LogLevel::Info:
        return dark ? QColor(0x64b5f6) : QColor(0x1565c0);
    case LogLevel::Debug:
    case LogLevel::Trace:
        return palette().color(QPalette::PlaceholderText);
    case LogLevel::None:
        break;
    }
    return {};
}

void LogView::paintRow(QPainter &painter, qint64 line, int y, int screenLines) const
{
    const Rendered &row = rendered(line);
    const int length = int(row.text.size());
    const int cols = m_options.wrap ? columns() : std::max(1, length);
    const int xOffset = m_options.wrap ? 0 : -horizontalScrollBar()->value();
    const QColor text = palette().color(QPalette::Text);

    // Backgrounds first: the search's matches, then the selection over them.
    auto fillColumns = [&](int from, int to, const QColor &color) {
        for (int start = from; start < to;) {
            const int screenLine = start / cols;
            const int end = std::min(to, (screenLine + 1) * cols);
            painter.fillRect(xOffset + (start % cols) * m_charWidth, y + screenLine * m_lineHeight,
                             (end - start) * m_charWidth, m_lineHeight, color);
            start = end;
        }
    };
    if (row.marker)
        painter.fillRect(0, y, viewport()->width(), screenLines * m_lineHeight,
                         palette().color(QPalette::AlternateBase));
    if (m_search.isActive() && (!m_options.filter || !m_options.invertFilter)) {
        const QColor highlight = line == m_currentMatchLine ? QColor(0xff9632) : QColor(0xffe066);
        for (const auto &[start, count] : m_search.matcher().matchesIn(row.text))
            fillColumns(start, start + count, highlight);
    }
    if (hasSelection()) {
        const Position from = std::min(m_anchor, m_cursor);
        const Position to = std::max(m_anchor, m_cursor);
        if (line >= from.line && line <= to.line) {
            const int start = line == from.line ? from.column : 0;
            const int end = line == to.line ? to.column : length + 1;
            fillColumns(start, std::max(start, end), palette().color(QPalette::Highlight).lighter(130));
        }
    }

    // Then the text, in runs of one style.
    struct Run
    {
        int start;
        int end;
        QColor color;
        bool bold = false;
        bool italic = false;
        bool underline = false;
        QColor background;
    };
    QList<Run> runs;
    if (row.sourceLength > 0)
        runs.append({0, row.sourceLength, row.sourceColor, true});
    if (row.contentStart > row.sourceLength)
        runs.append({row.sourceLength, row.contentStart, palette().color(QPalette::PlaceholderText)});
    int at = row.contentStart;
    QList<LogTextSpan> spans = row.content.spans;
    if (row.content.levelLength > 0) {
        LogTextSpan level;
        level.start = row.content.levelStart;
        level.length = row.content.levelLength;
        level.foreground = levelColor(row.content.level);
        level.bold = row.content.level == LogLevel::Error || row.content.level == LogLevel::Warning;
        spans.append(level);
        std::sort(spans.begin(), spans.end(), [](const auto &a, const auto &b) { return a.start < b.start; });
    }
    const QColor base = row.marker ? palette().color(QPalette::PlaceholderText) : text;
    for (const LogTextSpan &span : spans) {
        const int start = row.contentStart + span.start;
        if (start < at)
            continue; // overlapping (a level word inside a coloured run): the first wins
        if (start > at)
            runs.append({at, start, base, false, row.marker});
        runs.append({start, start + span.length, span.foreground.isValid() ? span.foreground : base, span.bold,
                     span.italic || row.marker, span.underline, span.background});
        at = start + span.length;
    }
    if (at < length)
        runs.append({at, length, base, false, row.marker});

    QFont font = m_drawFont;
    for (const Run &run : runs) {
        for (int start = run.start; start < run.end;) {
            const int screenLine = start / cols;
            const int end = std::min(run.end, (screenLine + 1) * cols);
            const int x = xOffset + (start % cols) * m_charWidth;
            if (x > viewport()->width())
                break;
            const int top = y + screenLine * m_lineHeight;
            if (run.background.isValid())
                painter.fillRect(x, top, (end - start) * m_charWidth, m_lineHeight, run.background);
            font.setBold(run.bold);
            font.setItalic(run.italic);
            font.setUnderline(run.underline);
            painter.setFont(font);
            painter.setPen(run.color.isValid() ? run.color : base);
            if (x + (end - start) * m_charWidth >= 0)
                painter.drawText(x, top + m_ascent, row.text.mid(start, end - start));
            start = end;
        }
    }
}

void LogView::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    painter.fillRect(viewport()->rect(), palette().color(QPalette::Base));
    int y = 0;
    for (qint64 row = topRow(); row < rowCount() && y < viewport()->height(); ++row) {
        const qint64 line = lineAtRow(row);
        const int lines = screenLinesOf(line);
        paintRow(painter, line, y, lines);
        y += lines * m_lineHeight;
    }
}

void LogView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void LogView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) {
        updateFontMetrics();
        m_cache.clear();
        updateScrollBars();
    }
}

void LogView::updateFontMetrics()
{
    // Glyph advances are rarely whole pixels: letter spacing makes each one exactly a cell, so a run of text drawn
    // as one string ends where the next run's first column starts (or a long run would overlap the next).
    const QFontMetricsF metrics(font());
    const qreal advance = metrics.horizontalAdvance(u'M');
    m_charWidth = std::max(1, qCeil(advance));
    m_lineHeight = std::max(1, qCeil(metrics.height()));
    m_ascent = qRound(metrics.ascent());
    m_drawFont = font();
    m_drawFont.setKerning(false);
    m_drawFont.setLetterSpacing(QFont::AbsoluteSpacing, m_charWidth - advance);
}

LogView::Position LogView::positionAt(const QPoint &point) const
{
    int y = 0;
    qint64 row = topRow();
    for (; row < rowCount(); ++row) {
        const qint64 line = lineAtRow(row);
        const int lines = screenLinesOf(line);
        if (point.y() < y + lines * m_lineHeight || row == rowCount() - 1) {
            const int length = int(rendered(line).text.size());
            const int screenLine = std::clamp((point.y() - y) / m_lineHeight, 0, lines - 1);
            const int x = point.x() + (m_options.wrap ? 0 : horizontalScrollBar()->value());
            const int column
                = (m_options.wrap ? screenLine * columns() : 0) + std::max(0, (x + m_charWidth / 2) / m_charWidth);
            return {line, std::clamp(column, 0, length)};
        }
        y += lines * m_lineHeight;
    }
    return {};
}

void LogView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::MiddleButton) {
        event->ignore();
        return;
    }
    if (event->button() != Qt::LeftButton)
        return QAbstractScrollArea::mousePressEvent(event);
    const Position at = positionAt(event->position().toPoint());
    if (event->modifiers() & Qt::ShiftModifier && m_anchor.line >= 0)
        m_cursor = at;
    else
        m_anchor = m_cursor = at;
    m_selecting = true;
    viewport()->update();
}

void LogView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_selecting)
        return;
    const QPoint point = event->position().toPoint();
    if (point.y() < 0)
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepSub);
    else if (point.y() > viewport()->height())
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepAdd);
    m_cursor = positionAt(point);
    viewport()->update();
}

void LogView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_selecting)
        return;
    m_selecting = false;
    if (hasSelection() && QApplication::clipboard()->supportsSelection())
        QApplication::clipboard()->setText(selectedText(), QClipboard::Selection);
    emit selectionChanged();
}

void LogView::mouseDoubleClickEvent(QMouseEvent *event)
{
    const Position at = positionAt(event->position().toPoint());
    if (at.line < 0)
        return;
    const QString &text = rendered(at.line).text;
    int start = at.column;
    int end = at.column;
    auto isWord = [&text](int i) { return i >= 0 && i < text.size() && !text[i].isSpace(); };
    while (isWord(start - 1))
        --start;
    while (isWord(end))
        ++end;
    m_anchor = {at.line, start};
    m_cursor = {at.line, end};
    viewport()->update();
    emit selectionChanged();
}

QString LogView::selectedText() const
{
    if (!hasSelection())
        return QString();
    const Position from = std::min(m_anchor, m_cursor);
    const Position to = std::max(m_anchor, m_cursor);
    QString out;
    for (qint64 row = rowOfLine(from.line); row < rowCount(); ++row) {
        const qint64 line = lineAtRow(row);
        if (line > to.line)
            break;
        const QString &text = rendered(line).text;
        const int start = line == from.line ? from.column : 0;
        const int end = line == to.line ? to.column : int(text.size());
        out += QStringView(text).sliced(std::min<qsizetype>(start, text.size()),
                                        std::max(0, std::min(end, int(text.size())) - start));
        if (line != to.line)
            out += u'\n';
    }
    return out;
}

void LogView::selectAll()
{
    if (rowCount() == 0)
        return;
    m_anchor = {lineAtRow(0), 0};
    const qint64 last = lineAtRow(rowCount() - 1);
    m_cursor = {last, int(rendered(last).text.size())};
    viewport()->update();
    emit selectionChanged();
}

void LogView::copy() const
{
    if (hasSelection())
        QApplication::clipboard()->setText(selectedText());
}

void LogView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        copy();
    } else if (event->matches(QKeySequence::SelectAll)) {
        selectAll();
    } else if (event->key() == Qt::Key_Home && event->modifiers() & Qt::ControlModifier) {
        scrollToStart();
    } else if (event->key() == Qt::Key_End && event->modifiers() & Qt::ControlModifier) {
        scrollToEnd();
    } else {
        QAbstractScrollArea::keyPressEvent(event);
    }
}

void LogView::updateAccessibleDescription()
{
    setAccessibleDescription(tr("%1 lines").arg(QLocale().toString(rowCount()))
                             + (m_following ? tr(", following the end") : QString()));
}

} // namespace binnacle
