#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QsciScintilla;

namespace binnacle {

// Find and replace over a QScintilla editor: Ctrl+F finds, Ctrl+H replaces, Enter finds the next match, Escape
// closes the bar and gives the editor its focus back.
class FindBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FindBar)

public:
    explicit FindBar(QsciScintilla *editor, QWidget *parent = nullptr);

    void showFind();
    void showReplace();

    bool findNext(bool forward = true);
    int replaceAll();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    QsciScintilla *m_editor;
    QLineEdit *m_find;
    QLineEdit *m_replace;
    QWidget *m_replaceRow;
    QLabel *m_status;
};

} // namespace binnacle
