#pragma once

#include <QDialog>
#include <QList>

class QTableWidget;

namespace binnacle {

// Help → Keyboard shortcuts: every key the window knows, with what it does, grouped by where it works.
class ShortcutsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShortcutsDialog)

public:
    struct Row
    {
        QString where; // "Window", "Selection", "Editor", "Terminal", …
        QString keys; // as shown, e.g. "Ctrl+K" or "Ctrl+1 … Ctrl+9"
        QString what;
    };
    explicit ShortcutsDialog(const QList<Row> &rows, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }

private:
    QTableWidget *m_table;
};

} // namespace binnacle
