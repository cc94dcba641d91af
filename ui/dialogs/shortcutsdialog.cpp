#include "ui/dialogs/shortcutsdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace binnacle {

ShortcutsDialog::ShortcutsDialog(const QList<Row> &rows, QWidget *parent)
    : QDialog(parent)
    , m_table(new QTableWidget(int(rows.size()), 3, this))
{
    setObjectName(u"shortcutsDialog"_s);
    setWindowTitle(tr("Keyboard shortcuts"));
    setAccessibleName(tr("Keyboard shortcuts"));
    m_table->setObjectName(u"shortcutsTable"_s);
    m_table->setAccessibleName(tr("Keyboard shortcuts"));
    m_table->setHorizontalHeaderLabels({tr("Where"), tr("Keys"), tr("What it does")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    for (int row = 0; row < rows.size(); ++row) {
        const Row &entry = rows.at(row);
        const QString columns[] = {entry.where, entry.keys, entry.what};
        for (int column = 0; column < 3; ++column) {
            auto *item = new QTableWidgetItem(columns[column]);
            // A screen reader reads the whole row from any of its cells.
            item->setData(Qt::AccessibleTextRole, u"%1: %2, %3"_s.arg(entry.keys, entry.what, entry.where));
            m_table->setItem(row, column, item);
        }
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(720, 560);
}

} // namespace binnacle
