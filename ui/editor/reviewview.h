#pragma once

#include "models/edit/textdiff.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableWidget;

namespace binnacle {

// Review before apply: what the user changed against the version they started from (side by side and unified),
// the exact request body that will be sent, and on request the server's dry run of it, diffed the same way, with
// the server's warnings. Apply and Back are the user's; this view only shows.
class ReviewView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReviewView)

public:
    explicit ReviewView(QWidget *parent = nullptr);

    // `body` is what will be sent, `bodyLabel` what it is ("JSON Patch", "Merge patch", "Server-side apply").
    void setChange(const TextDiff &diff, const QString &baseName, const QString &editedName, const QString &body,
                   const QString &bodyLabel);
    void setDryRunPending();
    void setDryRunResult(const TextDiff &diff, const QStringList &warnings);
    void setDryRunFailed(const QString &message);
    void setBusy(bool busy); // while applying

    QString summaryText() const;
    QString unifiedText() const;
    QString bodyText() const;
    QString dryRunText() const;
    QTabWidget *tabs() const { return m_tabs; }
    QTableWidget *sideBySide() const { return m_sideBySide; }

signals:
    void backRequested();
    void dryRunRequested();
    void applyRequested();

private:
    static void fillSideBySide(QTableWidget *table, const TextDiff &diff);

    QLabel *m_summary;
    QTabWidget *m_tabs;
    QTableWidget *m_sideBySide;
    QPlainTextEdit *m_unified;
    QPlainTextEdit *m_body;
    QWidget *m_dryRunPage;
    QLabel *m_dryRunStatus;
    QPlainTextEdit *m_dryRun;
    QPushButton *m_back;
    QPushButton *m_dryRunButton;
    QPushButton *m_apply;
};

} // namespace binnacle
