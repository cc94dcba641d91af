#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace binnacle {

// A line diff of two texts (dtl's O(NP) algorithm), for the review before apply: unified, or as rows of a side by
// side view.
class TextDiff final
{
public:
    struct Line
    {
        enum class Kind { Same, Added, Removed };
        Kind kind = Kind::Same;
        int oldLine = -1; // 1-based; -1 for an added line
        int newLine = -1; // 1-based; -1 for a removed line
        QString text;
    };

    static TextDiff compute(const QString &before, const QString &after);

    const QList<Line> &lines() const { return m_lines; }
    bool isEmpty() const; // no line added or removed
    int added() const;
    int removed() const;

    // `diff -u` text with `context` lines around each change and @@ hunk headers.
    QString unified(const QString &beforeName, const QString &afterName, int context = 3) const;

    // One row per line pair of a side by side view: a changed line faces its replacement, an added line faces an
    // empty left cell, a removed one an empty right cell. Unchanged runs longer than 2 * context are folded into a
    // single row with `folded` set (the number of lines it stands for).
    struct Row
    {
        // An empty cell (oldLine / newLine -1) has its side's change kind, so a row reads as one change.
        Line left; // kind Same or Removed; oldLine -1 for an empty cell
        Line right; // kind Same or Added; newLine -1 for an empty cell
        int folded = 0;
    };
    QList<Row> sideBySide(int context = 3) const;

private:
    QList<Line> m_lines;
};

} // namespace binnacle
