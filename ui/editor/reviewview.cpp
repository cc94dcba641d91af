#include "reviewview.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

QPlainTextEdit *readOnlyText(const QString &objectName, const QString &accessibleName, QWidget *parent)
{
    auto *text = new QPlainTextEdit(parent);
    text->setObjectName(objectName);
    text->setAccessibleName(accessibleName);
    text->setReadOnly(true);
    text->setLineWrapMode(QPlainTextEdit::NoWrap);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return text;
}

// Colours that read on light and dark palettes alike: a tint, not a fill.
QColor addedTint()
{
    return QColor(40, 167, 69, 60);
}
QColor removedTint()
{
    return QColor(220, 53, 69, 60);
}

QString describe(const TextDiff &diff)
{
    if (diff.isEmpty())
        return QObject::tr("No line changes.");
    return QObject::tr("%1 added, %2 removed").arg(diff.added()).arg(diff.removed());
}

} // namespace

ReviewView::ReviewView(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_sideBySide(new QTableWidget(this))
    , m_unified(readOnlyText(u"reviewUnified"_s, tr("Unified diff"), this))
    , m_body(readOnlyText(u"reviewBody"_s, tr("Request body"), this))
    , m_dryRunPage(new QWidget(this))
    , m_dryRunStatus(new QLabel(m_dryRunPage))
    , m_dryRun(readOnlyText(u"reviewDryRun"_s, tr("Dry run result"), m_dryRunPage))
    , m_back(new QPushButton(tr("Back to editing"), this))
    , m_dryRunButton(new QPushButton(tr("Dry run on server"), this))
    , m_apply(new QPushButton(tr("Apply"), this))
{
    setObjectName(u"reviewView"_s);
    m_summary->setObjectName(u"reviewSummary"_s);
    m_summary->setAccessibleName(tr("Change summary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tabs->setObjectName(u"reviewTabs"_s);
    m_tabs->setAccessibleName(tr("Review"));

    m_sideBySide->setObjectName(u"reviewSideBySide"_s);
    m_sideBySide->setAccessibleName(tr("Side by side diff"));
    m_sideBySide->setColumnCount(4);
    m_sideBySide->setHorizontalHeaderLabels({tr("Line"), tr("Before"), tr("Line"), tr("After")});
    m_sideBySide->verticalHeader()->hide();
    m_sideBySide->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_sideBySide->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_sideBySide->setShowGrid(false);
    m_sideBySide->setWordWrap(false);
    m_sideBySide->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_sideBySide->verticalHeader()->setDefaultSectionSize(m_sideBySide->fontMetrics().height() + 4);
    m_sideBySide->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_sideBySide->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_sideBySide->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_sideBySide->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);

    m_dryRunStatus->setObjectName(u"dryRunStatus"_s);
    m_dryRunStatus->setAccessibleName(tr("Dry run status"));
    m_dryRunStatus->setWordWrap(true);
    m_dryRunStatus->setTextFormat(Qt::PlainText);
    m_dryRunStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dryRunStatus->setText(tr("Not run yet. A dry run sends the change with dryRun=All and strict field validation: "
                               "the server checks, defaults and admits it, and stores nothing."));
    auto *dryRunLayout = new QVBoxLayout(m_dryRunPage);
    dryRunLayout->setContentsMargins(0, 0, 0, 0);
    dryRunLayout->addWidget(m_dryRunStatus);
    dryRunLayout->addWidget(m_dryRun, 1);

    m_tabs->addTab(m_sideBySide, tr("Side by side"));
    m_tabs->addTab(m_unified, tr("Unified"));
    m_tabs->addTab(m_body, tr("Request"));
    m_tabs->addTab(m_dryRunPage, tr("Dry run"));

    m_back->setObjectName(u"reviewBack"_s);
    m_dryRunButton->setObjectName(u"reviewDryRun"_s);
    m_dryRunButton->setToolTip(tr("Ask the server to validate and admit the change without storing it"));
    m_apply->setObjectName(u"reviewApply"_s);
    m_apply->setDefault(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_back);
    buttons->addStretch();
    buttons->addWidget(m_dryRunButton);
    buttons->addWidget(m_apply);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(buttons);
    setTabOrder(m_tabs, m_back);
    setTabOrder(m_back, m_dryRunButton);
    setTabOrder(m_dryRunButton, m_apply);

    connect(m_back, &QPushButton::clicked, this, &ReviewView::backRequested);
    connect(m_dryRunButton, &QPushButton::clicked, this, &ReviewView::dryRunRequested);
    connect(m_apply, &QPushButton::clicked, this, &ReviewView::applyRequested);
}

void ReviewView::setChange(const TextDiff &diff, const QString &baseName, const QString &editedName,
                           const QString &body, const QString &bodyLabel)
{
    m_summary->setText(tr("%1. %2 to send: %3 bytes.").arg(describe(diff), bodyLabel).arg(body.toUtf8().size()));
    fillSideBySide(m_sideBySide, diff);
    m_unified->setPlainText(diff.unified(baseName, editedName));
    m_body->setPlainText(body);
    m_tabs->setTabText(m_tabs->indexOf(m_body), bodyLabel);
    m_dryRunStatus->setText(tr("Not run yet. A dry run sends the change with dryRun=All and strict field "
                               "validation: the server checks, defaults and admits it, and stores nothing."));
    m_dryRun->clear();
    setBusy(false);
    m_tabs->setCurrentIndex(0);
}

void ReviewView::setDryRunPending()
{
    m_tabs->setCurrentWidget(m_dryRunPage);
    m_dryRunStatus->setText(tr("Asking the server…"));
    m_dryRun->clear();
    m_dryRunButton->setEnabled(false);
}

void ReviewView::setDryRunResult(const TextDiff &diff, const QStringList &warnings)
{
    m_dryRunButton->setEnabled(true);
    QString status = tr("The server accepts the change. What it would store, against what you started from: %1.")
                         .arg(describe(diff));
    for (const QString &warning : warnings)
        status += u"\n\u26a0 "_s + warning;
    m_dryRunStatus->setText(status);
    m_dryRun->setPlainText(diff.unified(tr("before"), tr("after the server's dry run")));
    m_tabs->setCurrentWidget(m_dryRunPage);
}

void ReviewView::setDryRunFailed(const QString &message)
{
    m_dryRunButton->setEnabled(true);
    m_dryRunStatus->setText(tr("\u2716 The server refuses the change: %1").arg(message));
    m_dryRun->clear();
    m_tabs->setCurrentWidget(m_dryRunPage);
}

void ReviewView::setBusy(bool busy)
{
    m_apply->setEnabled(!busy);
    m_dryRunButton->setEnabled(!busy);
    m_back->setEnabled(!busy);
    m_apply->setText(busy ? tr("Applying…") : tr("Apply"));
}

QString ReviewView::summaryText() const
{
    return m_summary->text();
}
QString ReviewView::unifiedText() const
{
    return m_unified->toPlainText();
}
QString ReviewView::bodyText() const
{
    return m_body->toPlainText();
}
QString ReviewView::dryRunText() const
{
    return m_dryRunStatus->text() + u'\n' + m_dryRun->toPlainText();
}

void ReviewView::fillSideBySide(QTableWidget *table, const TextDiff &diff)
{
    const QList<TextDiff::Row> rows = diff.sideBySide();
    table->clearContents();
    table->setRowCount(int(rows.size()));
    auto cell = [table](int row, int column, const QString &text, const QColor &tint) {
        auto *item = new QTableWidgetItem(text);
        if (tint.isValid())
            item->setBackground(tint);
        table->setItem(row, column, item);
    };
    for (int row = 0; row < rows.size(); ++row) {
        const TextDiff::Row &pair = rows.at(row);
        if (pair.folded > 0) {
            cell(row, 0, {}, {});
            cell(row, 1, tr("⋯ %n unchanged lines", nullptr, pair.folded), {});
            cell(row, 2, {}, {});
            cell(row, 3, {}, {});
            continue;
        }
        const bool removed = pair.left.kind == TextDiff::Line::Kind::Removed;
        const bool added = pair.right.kind == TextDiff::Line::Kind::Added;
        cell(row, 0, pair.left.oldLine > 0 ? QString::number(pair.left.oldLine) : QString(), {});
        cell(row, 1, pair.left.oldLine > 0 ? pair.left.text : QString(), removed ? removedTint() : QColor());
        cell(row, 2, pair.right.newLine > 0 ? QString::number(pair.right.newLine) : QString(), {});
        cell(row, 3, pair.right.newLine > 0 ? pair.right.text : QString(), added ? addedTint() : QColor());
    }
}

} // namespace binnacle
