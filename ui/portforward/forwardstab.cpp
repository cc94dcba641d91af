#include "ui/portforward/forwardstab.h"

#include "client/portforward/portforwarder.h"
#include "models/portforward/forwardlistmodel.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDesktopServices>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace binnacle {

ForwardsTab::ForwardsTab(ForwardListModel *forwards, QWidget *parent)
    : DockTab(parent)
    , m_forwards(forwards)
    , m_table(new QTableView(this))
    , m_start(new QPushButton(tr("St&art"), this))
    , m_stop(new QPushButton(tr("S&top"), this))
    , m_remove(new QPushButton(tr("&Remove"), this))
    , m_open(new QPushButton(tr("&Open in browser"), this))
    , m_copy(new QPushButton(tr("&Copy address"), this))
    , m_autoStart(new QCheckBox(tr("Start a&utomatically"), this))
    , m_detail(new QLabel(this))
{
    m_table->setObjectName(u"forwardTable"_s);
    m_table->setAccessibleName(tr("Port forwards"));
    m_table->setModel(m_forwards);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    const QList<std::pair<QPushButton *, QString>> buttons {{m_start, u"forwardStart"_s},
                                                            {m_stop, u"forwardStop"_s},
                                                            {m_remove, u"forwardRemove"_s},
                                                            {m_open, u"forwardOpen"_s},
                                                            {m_copy, u"forwardCopy"_s}};
    auto *bar = new QHBoxLayout;
    for (const auto &[button, name] : buttons) {
        button->setObjectName(name);
        bar->addWidget(button);
    }
    m_autoStart->setObjectName(u"forwardAutoStartToggle"_s);
    bar->addWidget(m_autoStart);
    bar->addStretch();
    m_detail->setObjectName(u"forwardDetail"_s);
    m_detail->setAccessibleDescription(tr("The state of the selected forward")); // its text is its name
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_detail);
    setTabOrder(m_table, m_start);

    connect(m_start, &QPushButton::clicked, this, [this] {
        const Status started = m_forwards->start(currentRow());
        if (!started)
            m_detail->setText(started.error().message());
    });
    connect(m_stop, &QPushButton::clicked, this, [this] { m_forwards->stop(currentRow()); });
    connect(m_remove, &QPushButton::clicked, this, [this] { m_forwards->remove(currentRow()); });
    connect(m_open, &QPushButton::clicked, this, [this] { openInBrowser(currentRow()); });
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_forwards->localUrl(currentRow()).mid(7)); // 127.0.0.1:PORT
    });
    connect(m_autoStart, &QCheckBox::toggled, this,
            [this](bool checked) { m_forwards->setAutoStart(currentRow(), checked); });
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.column() == ForwardListModel::Local)
            openInBrowser(index.row());
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ForwardsTab::updateButtons);
    connect(m_forwards, &QAbstractItemModel::dataChanged, this, &ForwardsTab::updateButtons);
    connect(m_forwards, &QAbstractItemModel::rowsInserted, this, [this] {
        updateButtons();
        emit titleChanged();
    });
    connect(m_forwards, &QAbstractItemModel::rowsRemoved, this, [this] {
        updateButtons();
        emit titleChanged();
    });
    connect(m_forwards, &QAbstractItemModel::dataChanged, this, &DockTab::titleChanged);
    if (m_forwards->rowCount() > 0)
        selectRow(0);
    updateButtons();
}

QString ForwardsTab::title() const
{
    const int running = m_forwards->runningCount();
    return running ? tr("Port forwards (%1 running)").arg(running) : tr("Port forwards");
}

QVariantMap ForwardsTab::savedState() const
{
    return {{u"type"_s, u"forwards"_s}};
}

void ForwardsTab::selectRow(int row)
{
    m_table->selectRow(row);
    m_table->setCurrentIndex(m_forwards->index(row, 0));
}

int ForwardsTab::currentRow() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void ForwardsTab::openInBrowser(int row)
{
    const QString url = m_forwards->localUrl(row);
    if (!url.isEmpty())
        QDesktopServices::openUrl(QUrl(url));
}

void ForwardsTab::updateButtons()
{
    const int row = currentRow();
    const bool selected = row >= 0;
    const PortForwarder *forwarder = m_forwards->forwarder(row);
    m_start->setEnabled(selected && !forwarder);
    m_stop->setEnabled(forwarder != nullptr);
    m_remove->setEnabled(selected);
    m_open->setEnabled(forwarder != nullptr);
    m_copy->setEnabled(forwarder != nullptr);
    m_autoStart->setEnabled(selected);
    {
        const QSignalBlocker blocker(m_autoStart);
        m_autoStart->setChecked(m_forwards->autoStart(row));
    }
    const QString detail = selected ? m_forwards->data(m_forwards->index(row, ForwardListModel::Detail)).toString()
                                    : tr("No forward yet: press f on a pod, Service or workload.");
    m_detail->setText(selected ? m_forwards->data(m_forwards->index(row, ForwardListModel::Target)).toString()
                              + u" — "_s + detail
                               : detail);
}

} // namespace binnacle
