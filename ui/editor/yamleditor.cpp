#include "yamleditor.h"

#include <Qsci/qscilexeryaml.h>
#include <Qsci/qscistyle.h>

#include <Qsci/qscicommandset.h>

#include <QFontDatabase>
#include <QKeyEvent>
#include <QPalette>
#include <QRegularExpression>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

// Annotation styles live past Scintilla's predefined ones (0..39 are the lexer's and the default styles).
constexpr int ProblemStyle = 60;

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

} // namespace

YamlEditor::YamlEditor(QWidget *parent)
    : QsciScintilla(parent)
{
    setUtf8(true);
    auto *lexer = new QsciLexerYAML(this);
    lexer->setFoldComments(true);
    setLexer(lexer);
    applyColours();
    setEditorFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    setMarginType(0, QsciScintilla::NumberMargin);
    setMarginLineNumbers(0, true);
    setFolding(QsciScintilla::BoxedTreeFoldStyle, 2);
    // The YAML lexer folds by indentation alone, so a list written at its key's indentation (as kubectl writes
    // managedFields, containers, ...) could not fold. The lexer styles; the fold levels are ours.
    SendScintilla(SCI_SETPROPERTY, "fold", "0");
    m_foldTimer = new QTimer(this);
    m_foldTimer->setSingleShot(true);
    m_foldTimer->setInterval(150);
    connect(m_foldTimer, &QTimer::timeout, this, &YamlEditor::updateFoldLevels);
    connect(this, &QsciScintilla::linesChanged, m_foldTimer, qOverload<>(&QTimer::start));
    setBraceMatching(QsciScintilla::SloppyBraceMatch);
    setIndentationGuides(true);
    setAutoIndent(true);
    setIndentationsUseTabs(false); // YAML forbids tabs for indentation
    setIndentationWidth(2);
    setTabWidth(2);
    setTabIndents(true);
    setBackspaceUnindents(true);
    setCaretLineVisible(true);
    setWrapMode(QsciScintilla::WrapNone);
    setEolMode(QsciScintilla::EolUnix);

    m_changedMarker = markerDefine(QsciScintilla::Background);
    setMarkerBackgroundColor(QColor(255, 214, 10, 70), m_changedMarker);
    m_problemIndicator = indicatorDefine(QsciScintilla::SquiggleIndicator);
    setIndicatorForegroundColor(QColor(0xd0, 0x20, 0x20), m_problemIndicator);
    setAnnotationDisplay(QsciScintilla::AnnotationBoxed);
    SendScintilla(SCI_STYLESETFORE, ProblemStyle, QColor(0xa0, 0x10, 0x10));
    SendScintilla(SCI_STYLESETBACK, ProblemStyle, QColor(0xff, 0xee, 0xee));
}

void YamlEditor::setYaml(const QString &text)
{
    clearProblems();
    setText(text);
    updateFoldLevels();
    SendScintilla(SCI_EMPTYUNDOBUFFER);
    setModified(false);
}

void YamlEditor::showProblems(const QList<Problem> &problems)
{
    clearProblems();
    m_problems = problems;
    for (const Problem &problem : problems) {
        const int line = qBound(0, problem.line - 1, qMax(0, lines() - 1));
        const int length = int(this->text(line).size());
        const int from = problem.column > 0 ? qMin(problem.column - 1, qMax(0, length - 1)) : 0;
        // From the place to the end of the line: a single character is too easy to miss.
        fillIndicatorRange(line, from, line, qMax(from + 1, length), m_problemIndicator);
        const QString existing = annotation(line);
        annotate(line, existing.isEmpty() ? problem.message : existing + u'\n' + problem.message, ProblemStyle);
    }
}

void YamlEditor::clearProblems()
{
    m_problems.clear();
    clearIndicatorRange(0, 0, qMax(0, lines() - 1), int(text(qMax(0, lines() - 1)).size()), m_problemIndicator);
    clearAnnotations();
}

void YamlEditor::highlightLines(const QList<int> &lines)
{
    markerDeleteAll(m_changedMarker);
    for (int line : lines)
        markerAdd(line - 1, m_changedMarker);
}

int YamlEditor::lineOfKey(const QString &key, int indent) const
{
    const QString prefix = QString(indent, u' ') + key + u':';
    for (int line = 0; line < lines(); ++line) {
        const QString content = text(line);
        if (content.startsWith(prefix))
            return line + 1;
    }
    return -1;
}

bool YamlEditor::isFolded(int line) const
{
    return line > 0 && !const_cast<YamlEditor *>(this)->SendScintilla(SCI_GETFOLDEXPANDED, line - 1);
}

void YamlEditor::foldBlock(int line, bool folded)
{
    if (line <= 0)
        return;
    if (m_foldTimer->isActive())
        updateFoldLevels();
    if (isFolded(line) != folded)
        foldLine(line - 1);
}

void YamlEditor::updateFoldLevels()
{
    m_foldTimer->stop();
    // One pass over the document's own bytes (no copy): a line's depth is its indentation, plus one when it is a
    // list item ("- "), so that items nest under a key at the same column; a line is a fold header when the next
    // non-blank line is deeper. Blank lines take the depth of what follows, so they fold with their block.
    const auto *text = reinterpret_cast<const char *>(SendScintilla(SCI_GETCHARACTERPOINTER));
    const long length = SendScintilla(SCI_GETLENGTH);
    const int count = lines();
    QList<int> depth(count, -1);
    long position = 0;
    for (int line = 0; line < count && position <= length; ++line) {
        long at = position;
        while (at < length && text[at] == ' ')
            ++at;
        const bool blank = at >= length || text[at] == '\n' || text[at] == '\r';
        if (!blank)
            depth[line] = int(at - position) + ((text[at] == '-' && (at + 1 >= length || text[at + 1] == ' ')) ? 1 : 0);
        while (at < length && text[at] != '\n')
            ++at;
        position = at + 1;
    }
    int next = 0;
    for (int line = count - 1; line >= 0; --line) {
        const bool blank = depth[line] < 0;
        const int own = blank ? next : depth[line];
        int level = SC_FOLDLEVELBASE + qMin(own, SC_FOLDLEVELNUMBERMASK - SC_FOLDLEVELBASE);
        if (blank)
            level |= SC_FOLDLEVELWHITEFLAG;
        else if (next > own && line < count - 1)
            level |= SC_FOLDLEVELHEADERFLAG;
        if (SendScintilla(SCI_GETFOLDLEVEL, line) != level)
            SendScintilla(SCI_SETFOLDLEVEL, line, level);
        if (!blank)
            next = own;
    }
}

void YamlEditor::setEditorFont(const QFont &font)
{
    QsciLexer *lexer = this->lexer();
    lexer->setDefaultFont(font);
    lexer->setFont(font, -1);
    QFont delimiter = font;
    delimiter.setBold(true);
    lexer->setFont(delimiter, QsciLexerYAML::DocumentDelimiter);
    setMarginsFont(font);
    setMarginWidth(0, u"000000"_s);
    recolor(); // Scintilla takes the lexer's styles again
}

QFont YamlEditor::editorFont() const
{
    return lexer()->defaultFont();
}

void YamlEditor::applyColours()
{
    QsciLexer *lexer = this->lexer();
    const QPalette palette = this->palette();
    // "---" between documents: the lexer's default is white on navy across the whole line, which shouts; a quiet
    // bold grey on the page's own ground says "next document" well enough.
    lexer->setColor(QColor(0x80, 0x80, 0x80), QsciLexerYAML::DocumentDelimiter);
    lexer->setPaper(palette.color(QPalette::Base), QsciLexerYAML::DocumentDelimiter);
    lexer->setEolFill(false, QsciLexerYAML::DocumentDelimiter);
    // The lexer's colours are made for a white page; on a dark one keep its hues but the palette's ground.
    const QsciLexerYAML defaults;
    lexer->setDefaultPaper(palette.color(QPalette::Base));
    lexer->setPaper(palette.color(QPalette::Base), -1);
    lexer->setDefaultColor(palette.color(QPalette::Text));
    lexer->setColor(palette.color(QPalette::Text), QsciLexerYAML::Default);
    const bool dark = isDark(palette);
    lexer->setColor(dark ? QColor(0x9c, 0xdc, 0xfe) : defaults.color(QsciLexerYAML::Identifier),
                    QsciLexerYAML::Identifier);
    lexer->setColor(dark ? QColor(0x6a, 0x99, 0x55) : defaults.color(QsciLexerYAML::Comment), QsciLexerYAML::Comment);
    lexer->setColor(dark ? QColor(0xb5, 0xce, 0xa8) : defaults.color(QsciLexerYAML::Number), QsciLexerYAML::Number);
    setCaretLineBackgroundColor(palette.color(QPalette::AlternateBase));
    setCaretForegroundColor(palette.color(QPalette::Text));
    setMarginsBackgroundColor(palette.color(QPalette::Window));
    setMarginsForegroundColor(palette.color(QPalette::WindowText));
    recolor();
}

void YamlEditor::changeEvent(QEvent *event)
{
    QsciScintilla::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyColours(); // the theme changed while the editor was open
}

bool YamlEditor::event(QEvent *event)
{
    // Who gets a key while the text has focus: plain keys are typing and editing (`e`, Delete and the rest are
    // the window's shortcuts elsewhere, never here); a combination Scintilla has a command for is Scintilla's; other
    // combinations (Ctrl+S, Ctrl+W, Ctrl+N, Ctrl+K …) belong to the window's shortcuts.
    if (event->type() == QEvent::ShortcutOverride) {
        auto *key = static_cast<QKeyEvent *>(event);
        const Qt::KeyboardModifiers modifiers
            = key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::ShiftModifier | Qt::MetaModifier);
        const bool combination = modifiers & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier);
        if (!combination || standardCommands()->boundTo(key->key() | int(modifiers))) {
            event->accept();
            return true;
        }
        event->ignore();
        return false;
    }
    return QsciScintilla::event(event);
}

void YamlEditor::setServerFieldsFolded(bool folded)
{
    foldBlock(lineOfKey(u"managedFields"_s, 2), folded);
    foldBlock(lineOfKey(u"status"_s, 0), folded);
}

} // namespace binnacle
