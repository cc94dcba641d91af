#pragma once

#include <Qsci/qsciscintilla.h>

class QTimer;

namespace binnacle {

// The YAML text widget of editors and review panes: QScintilla with its YAML lexer, the system's monospace font,
// line numbers, folding, brace and indentation guides, and marks for problems (a squiggle at the place and the
// message boxed under the line). It knows nothing of Kubernetes beyond YAML's shape.
class YamlEditor final : public QsciScintilla
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(YamlEditor)

public:
    explicit YamlEditor(QWidget *parent = nullptr);

    // The text's font (every style keeps its weight and slant); the preference, the system's fixed font by default.
    void setEditorFont(const QFont &font);
    QFont editorFont() const;

    // Replaces the whole text as a fresh start: nothing to undo, not modified.
    void setYaml(const QString &text);
    QString yaml() const { return text(); }

    // A problem at a 1-based line and column (column -1: the whole line). Replaces the previous problems.
    struct Problem
    {
        int line = -1;
        int column = -1;
        QString message;
    };
    void showProblems(const QList<Problem> &problems);
    void clearProblems();
    QList<Problem> problems() const { return m_problems; }

    // Tints whole lines (1-based), e.g. what one side of a three-way view changed; replaces the previous tint.
    void highlightLines(const QList<int> &lines);

    // Folds (or unfolds) the blocks the server writes and people rarely edit: metadata.managedFields and status.
    void setServerFieldsFolded(bool folded);
    bool isFolded(int line) const; // 1-based line of a block's first line

    // The 1-based line of a top-level key, or of a key directly under metadata ("managedFields"); -1 when absent.
    int lineOfKey(const QString &key, int indent) const;

protected:
    bool event(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void applyColours(); // from the palette: the theme's ground and text, the lexer's hues made for it
    void foldBlock(int line, bool folded);
    void updateFoldLevels();

    QTimer *m_foldTimer;
    int m_problemIndicator;
    int m_changedMarker;
    QList<Problem> m_problems;
};

} // namespace binnacle
