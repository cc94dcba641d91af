#include "textdiff.h"

#include <QHash>

#include <dtl/dtl.hpp>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

// Lines without their terminators; a final "\n" ends the last line rather than starting an empty one.
QList<QStringView> splitLines(const QString &text)
{
    QList<QStringView> lines;
    const QStringView view(text);
    qsizetype start = 0;
    while (start < view.size()) {
        const qsizetype end = view.indexOf(u'\n', start);
        if (end < 0) {
            lines.append(view.mid(start));
            break;
        }
        lines.append(view.mid(start, end - start));
        start = end + 1;
    }
    return lines;
}

// "@@ -a,b" numbers as diff -u writes them: a range of one line is just its number; an empty range names the line
// before it.
QString range(int first, int count)
{
    if (count == 1)
        return QString::number(first);
    return u"%1,%2"_s.arg(count == 0 ? first - 1 : first).arg(count);
}

} // namespace

TextDiff TextDiff::compute(const QString &before, const QString &after)
{
    const QList<QStringView> a = splitLines(before);
    const QList<QStringView> b = splitLines(after);

    // dtl compares elements often; lines are compared as small integers (one id per distinct text) instead.
    QHash<QStringView, int> ids;
    ids.reserve(a.size() + b.size());
    const auto intern = [&ids](const QList<QStringView> &lines) {
        std::vector<int> sequence;
        sequence.reserve(lines.size());
        for (const QStringView line : lines) {
            auto it = ids.constFind(line);
            if (it == ids.constEnd())
                it = ids.insert(line, int(ids.size()));
            sequence.push_back(it.value());
        }
        return sequence;
    };
    const std::vector<int> sa = intern(a);
    const std::vector<int> sb = intern(b);

    TextDiff diff;
    // dtl's O(NP) time grows with the lines changed, not the text's length, but it walks the common prefix and
    // suffix all the same: skip them here, they are the bulk of an edit.
    qsizetype prefix = 0;
    while (prefix < qsizetype(sa.size()) && prefix < qsizetype(sb.size()) && sa[prefix] == sb[prefix])
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < qsizetype(sa.size()) - prefix && suffix < qsizetype(sb.size()) - prefix
           && sa[sa.size() - 1 - suffix] == sb[sb.size() - 1 - suffix])
        ++suffix;

    diff.m_lines.reserve(std::max(a.size(), b.size()) + 8);
    for (qsizetype i = 0; i < prefix; ++i)
        diff.m_lines.append({Line::Kind::Same, int(i + 1), int(i + 1), a.at(i).toString()});

    const std::vector<int> middleA(sa.begin() + prefix, sa.end() - suffix);
    const std::vector<int> middleB(sb.begin() + prefix, sb.end() - suffix);
    if (!middleA.empty() || !middleB.empty()) {
        dtl::Diff<int> engine(middleA, middleB, true); // deletes first: a changed run reads removed, then added
        engine.compose();
        // The script interleaves removals and additions within a run of changes; a run is shown removed lines first,
        // then added ones, which is how diff -u and a side by side view both want it.
        QList<Line> removed;
        QList<Line> added;
        const auto flush = [&] {
            diff.m_lines.append(removed);
            diff.m_lines.append(added);
            removed.clear();
            added.clear();
        };
        const auto script = engine.getSes().getSequence();
        for (const auto &[element, info] : script) {
            Q_UNUSED(element)
            const int oldLine = int(prefix + info.beforeIdx);
            const int newLine = int(prefix + info.afterIdx);
            switch (info.type) {
            case dtl::SES_DELETE:
                removed.append({Line::Kind::Removed, oldLine, -1, a.at(oldLine - 1).toString()});
                break;
            case dtl::SES_ADD:
                added.append({Line::Kind::Added, -1, newLine, b.at(newLine - 1).toString()});
                break;
            default:
                flush();
                diff.m_lines.append({Line::Kind::Same, oldLine, newLine, a.at(oldLine - 1).toString()});
                break;
            }
        }
        flush();
    }

    for (qsizetype k = suffix; k > 0; --k) {
        const qsizetype i = a.size() - k;
        const qsizetype j = b.size() - k;
        diff.m_lines.append({Line::Kind::Same, int(i + 1), int(j + 1), a.at(i).toString()});
    }
    return diff;
}

bool TextDiff::isEmpty() const
{
    return added() == 0 && removed() == 0;
}

int TextDiff::added() const
{
    return int(
        std::count_if(m_lines.begin(), m_lines.end(), [](const Line &l) { return l.kind == Line::Kind::Added; }));
}

int TextDiff::removed() const
{
    return int(
        std::count_if(m_lines.begin(), m_lines.end(), [](const Line &l) { return l.kind == Line::Kind::Removed; }));
}

QString TextDiff::unified(const QString &beforeName, const QString &afterName, int context) const
{
    if (isEmpty())
        return {};
    context = std::max(context, 0);
    QString out = u"--- "_s + beforeName + u"\n+++ "_s + afterName + u'\n';

    const qsizetype count = m_lines.size();
    qsizetype i = 0;
    while (i < count) {
        // The next change, and the hunk around it: changes closer than 2 * context share one.
        while (i < count && m_lines.at(i).kind == Line::Kind::Same)
            ++i;
        if (i == count)
            break;
        const qsizetype start = std::max<qsizetype>(0, i - context);
        qsizetype end = i; // one past the last change of the hunk
        for (qsizetype j = i; j < count; ++j) {
            if (m_lines.at(j).kind != Line::Kind::Same)
                end = j + 1;
            else if (j - end >= 2 * context)
                break;
        }
        const qsizetype stop = std::min(count, end + context);

        int oldFirst = 0, newFirst = 0, oldCount = 0, newCount = 0;
        // Where the hunk starts in each file: the first line it shows from that file, or (for a side that shows
        // none) the line after the last one before it.
        int oldNext = 1, newNext = 1;
        for (qsizetype j = 0; j < start; ++j) {
            if (m_lines.at(j).oldLine > 0)
                oldNext = m_lines.at(j).oldLine + 1;
            if (m_lines.at(j).newLine > 0)
                newNext = m_lines.at(j).newLine + 1;
        }
        QString body;
        for (qsizetype j = start; j < stop; ++j) {
            const Line &line = m_lines.at(j);
            if (line.oldLine > 0) {
                if (oldCount++ == 0)
                    oldFirst = line.oldLine;
            }
            if (line.newLine > 0) {
                if (newCount++ == 0)
                    newFirst = line.newLine;
            }
            body += line.kind == Line::Kind::Same ? u' ' : line.kind == Line::Kind::Added ? u'+' : u'-';
            body += line.text;
            body += u'\n';
        }
        if (oldCount == 0)
            oldFirst = oldNext;
        if (newCount == 0)
            newFirst = newNext;
        out += u"@@ -"_s + range(oldFirst, oldCount) + u" +"_s + range(newFirst, newCount) + u" @@\n"_s + body;
        i = stop;
    }
    return out;
}

QList<TextDiff::Row> TextDiff::sideBySide(int context) const
{
    context = std::max(context, 0);
    QList<Row> rows;
    const qsizetype count = m_lines.size();
    qsizetype i = 0;
    while (i < count) {
        if (m_lines.at(i).kind == Line::Kind::Same) {
            qsizetype end = i;
            while (end < count && m_lines.at(end).kind == Line::Kind::Same)
                ++end;
            // Keep `context` lines next to each change; what lies beyond folds into one row.
            const qsizetype keepBefore = i == 0 ? 0 : context; // lines after the previous change
            const qsizetype keepAfter = end == count ? 0 : context; // lines before the next change
            const qsizetype length = end - i;
            const bool fold
                = (i == 0 || end == count) ? length > keepBefore + keepAfter : length > 2 * qsizetype(context);
            const qsizetype foldStart = fold ? i + keepBefore : end;
            const qsizetype foldEnd = fold ? end - keepAfter : end;
            for (qsizetype j = i; j < foldStart; ++j)
                rows.append({m_lines.at(j), m_lines.at(j), 0});
            if (fold) {
                Row row;
                row.left = {Line::Kind::Same, m_lines.at(foldStart).oldLine, -1, {}};
                row.right = {Line::Kind::Same, -1, m_lines.at(foldStart).newLine, {}};
                row.folded = int(foldEnd - foldStart);
                rows.append(row);
                for (qsizetype j = foldEnd; j < end; ++j)
                    rows.append({m_lines.at(j), m_lines.at(j), 0});
            }
            i = end;
            continue;
        }
        // A run of changes: removed lines (compute() puts them first) face the added lines that follow, pair by pair.
        qsizetype removedEnd = i;
        while (removedEnd < count && m_lines.at(removedEnd).kind == Line::Kind::Removed)
            ++removedEnd;
        qsizetype addedEnd = removedEnd;
        while (addedEnd < count && m_lines.at(addedEnd).kind == Line::Kind::Added)
            ++addedEnd;
        const qsizetype removedCount = removedEnd - i;
        const qsizetype addedCount = addedEnd - removedEnd;
        for (qsizetype k = 0; k < std::max(removedCount, addedCount); ++k) {
            Row row;
            if (k < removedCount)
                row.left = m_lines.at(i + k);
            else
                row.left.kind = Line::Kind::Removed; // an empty cell: oldLine stays -1
            if (k < addedCount)
                row.right = m_lines.at(removedEnd + k);
            else
                row.right.kind = Line::Kind::Added;
            rows.append(row);
        }
        i = addedEnd;
    }
    return rows;
}

} // namespace binnacle
