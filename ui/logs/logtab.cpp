#include "ui/logs/logtab.h"

#include "client/logs/podlogset.h"
#include "client/session/clustersession.h"
#include "models/preferences/preferences.h"
#include "ui/logs/logview.h"
#include "ui/widgets/clearbutton.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateTimeEdit>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSaveFile>
#include <QShortcut>
#include <QThreadPool>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

constexpr qint64 SinceATime = -1; // the "Since a time…" entry of the since picker

QToolButton *toggleButton(QWidget *parent, const QString &objectName, const QString &text, const QString &tip)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(objectName);
    button->setText(text);
    button->setToolTip(tip);
    button->setAccessibleName(QString(text).remove(u'&'));
    button->setCheckable(true);
    button->setAutoRaise(true);
    return button;
}

QString sizeText(qsizetype bytes)
{
    return QLocale().formattedDataSize(bytes, 0);
}

} // namespace

LogTab::LogTab(ClusterSession *session, LogTarget target, Settings settings, QWidget *parent)
    : DockTab(parent)
    , m_session(session)
    , m_context(session ? session->config().contextName : QString())
    , m_target(std::move(target))
    , m_settings(settings)
    , m_store(settings.budgetBytes)
    , m_search(m_store)
{
    setObjectName(u"logTab"_s);
    setAccessibleName(tr("Logs of %1").arg(title()));
    m_view = new LogView(m_store, m_search, this);
    buildControls();
    connect(&m_search, &LogSearch::resultsChanged, this, [this] {
        m_view->refresh();
        updateSearchCount();
    });
    restart();
}

LogTab::~LogTab() = default;

QString LogTab::title() const
{
    QString what = u"Pods/"_s + m_target.selectorText;
    if (m_target.isSinglePod())
        what = u"Pod/"_s + m_target.pod;
    else if (!m_target.kind.isEmpty())
        what = m_target.kind + u'/' + m_target.name;
    return tr("Logs %1 (%2)").arg(what, m_context);
}

QString LogTab::identityFor(const QString &context, const LogTarget &target)
{
    const QString what = target.isSinglePod() ? QString(u"pod/"_s + target.pod)
                                              : QString(target.kind + u'/' + target.name + u'|' + target.selectorText);
    return u"logs|"_s + context + u'|' + target.namespaceName + u'|' + what;
}

QString LogTab::identity() const
{
    return identityFor(m_context, m_target);
}

QVariantMap LogTab::savedState() const
{
    return {{u"type"_s, u"logs"_s},
            {u"context"_s, m_context},
            {u"namespace"_s, m_target.namespaceName},
            {u"pod"_s, m_target.pod},
            {u"kind"_s, m_target.kind},
            {u"name"_s, m_target.name},
            {u"selector"_s, m_target.selectorText},
            {u"container"_s, m_settings.container},
            {u"initContainers"_s, m_settings.initContainers},
            {u"previous"_s, m_settings.previous},
            {u"sinceSeconds"_s, m_settings.sinceSeconds},
            {u"sinceTime"_s,
             m_settings.sinceTime.isValid() ? m_settings.sinceTime.toUTC().toString(Qt::ISODate) : QString()},
            {u"tailLines"_s, m_settings.tailLines}};
}

void LogTab::buildControls()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    auto *controls = new QHBoxLayout;
    controls->setContentsMargins(4, 2, 4, 0);
    m_containers = new QComboBox(this);
    m_containers->setObjectName(u"logContainers"_s);
    m_containers->setAccessibleName(tr("Containers"));
    fillContainers();
    connect(m_containers, &QComboBox::activated, this, [this] {
        const QString choice = m_containers->currentData().toString();
        Settings settings = m_settings;
        settings.initContainers = choice == u"*init"_s;
        settings.container = choice.startsWith(u'*') ? QString() : choice;
        setSettings(settings);
    });
    m_previous = new QCheckBox(tr("&Previous"), this);
    m_previous->setObjectName(u"logPrevious"_s);
    m_previous->setAccessibleName(tr("Previous container"));
    m_previous->setToolTip(tr("The logs of the container's last terminated instance"));
    m_previous->setChecked(m_settings.previous);
    connect(m_previous, &QCheckBox::toggled, this, [this](bool on) {
        Settings settings = m_settings;
        settings.previous = on;
        setSettings(settings);
    });
    m_since = new QComboBox(this);
    m_since->setObjectName(u"logSince"_s);
    m_since->setAccessibleName(tr("Since"));
    m_since->addItem(tr("From the start"), 0);
    m_since->addItem(tr("Last 5 minutes"), 300);
    m_since->addItem(tr("Last hour"), 3600);
    m_since->addItem(tr("Last 24 hours"), 86400);
    m_since->addItem(tr("Since a time…"), SinceATime);
    // The moment for "Since a time…", in local time; shown only when that is chosen. Enter (or leaving it) applies.
    m_sinceTime = new QDateTimeEdit(this);
    m_sinceTime->setObjectName(u"logSinceTime"_s);
    m_sinceTime->setAccessibleName(tr("Since time"));
    m_sinceTime->setDisplayFormat(u"yyyy-MM-dd HH:mm:ss"_s);
    m_sinceTime->setCalendarPopup(true);
    m_sinceTime->setDateTime(m_settings.sinceTime.isValid() ? m_settings.sinceTime.toLocalTime()
                                                            : QDateTime::currentDateTime().addSecs(-3600));
    m_sinceTime->setVisible(m_settings.sinceTime.isValid());
    m_since->setCurrentIndex(m_settings.sinceTime.isValid() ? m_since->findData(SinceATime)
                                                            : std::max(0, m_since->findData(m_settings.sinceSeconds)));
    connect(m_since, &QComboBox::activated, this, [this] {
        const qint64 choice = m_since->currentData().toLongLong();
        m_sinceTime->setVisible(choice == SinceATime);
        Settings settings = m_settings;
        settings.sinceSeconds = choice == SinceATime ? 0 : choice;
        settings.sinceTime = choice == SinceATime ? m_sinceTime->dateTime() : QDateTime();
        if (choice == SinceATime)
            m_sinceTime->setFocus();
        setSettings(settings);
    });
    connect(m_sinceTime, &QDateTimeEdit::editingFinished, this, [this] {
        // Also sent when focus leaves the field after another choice hid it: only the time picked counts.
        if (m_since->currentData().toLongLong() != SinceATime || m_settings.sinceTime == m_sinceTime->dateTime())
            return;
        Settings settings = m_settings;
        settings.sinceSeconds = 0;
        settings.sinceTime = m_sinceTime->dateTime();
        setSettings(settings);
    });
    m_tail = new QComboBox(this);
    m_tail->setObjectName(u"logTail"_s);
    m_tail->setAccessibleName(tr("Tail lines"));
    m_tail->addItem(tr("All lines"), -1);
    for (const int n : {100, 1000, 10000})
        m_tail->addItem(tr("Last %1 lines").arg(QLocale().toString(n)), n);
    m_tail->setCurrentIndex(std::max(0, m_tail->findData(m_settings.tailLines)));
    connect(m_tail, &QComboBox::activated, this, [this] {
        Settings settings = m_settings;
        settings.tailLines = m_tail->currentData().toInt();
        setSettings(settings);
    });
    m_timestamps = toggleButton(this, u"logTimestamps"_s, tr("&Timestamps"), tr("Show each line's timestamp"));
    m_wrap = toggleButton(this, u"logWrap"_s, tr("&Wrap"), tr("Wrap long lines"));
    auto *json = toggleButton(this, u"logJson"_s, tr("&JSON"), tr("Show JSON lines compactly"));
    json->setChecked(true);
    m_pause = toggleButton(this, u"logPause"_s, tr("P&ause"), tr("Hold the view; lines go on arriving"));
    m_follow = toggleButton(this, u"logFollow"_s, tr("&Follow"), tr("Keep the newest line in view"));
    m_follow->setChecked(true);
    auto applyOptions = [this, json] {
        LogView::Options options = m_view->options();
        options.showTimestamps = m_timestamps->isChecked();
        options.wrap = m_wrap->isChecked();
        options.compactJson = json->isChecked();
        m_view->setOptions(options);
    };
    for (QToolButton *button : {m_timestamps, m_wrap, json})
        connect(button, &QToolButton::toggled, this, applyOptions);
    connect(m_pause, &QToolButton::toggled, this, [this](bool paused) {
        m_view->setFrozen(paused);
        updateStatus();
    });
    connect(m_follow, &QToolButton::clicked, this, [this](bool on) {
        if (on)
            m_view->scrollToEnd();
        else
            m_view->setFollowing(false);
    });
    connect(m_view, &LogView::followingChanged, m_follow, &QToolButton::setChecked);
    auto *top = new QToolButton(this);
    top->setObjectName(u"logStart"_s);
    top->setText(tr("Start"));
    top->setAccessibleName(tr("Jump to the first line"));
    top->setAutoRaise(true);
    connect(top, &QToolButton::clicked, m_view, &LogView::scrollToStart);
    auto *clear = new QToolButton(this);
    clear->setObjectName(u"logClear"_s);
    clear->setText(tr("C&lear"));
    clear->setAccessibleName(tr("Clear the view"));
    clear->setAutoRaise(true);
    connect(clear, &QToolButton::clicked, this, [this] {
        flush();
        m_store.clear();
        m_search.storeChanged();
        m_view->refresh();
        updateStatus();
    });
    auto *save = new QToolButton(this);
    save->setObjectName(u"logSave"_s);
    save->setText(tr("&Save…"));
    save->setAccessibleName(tr("Save the lines to a file"));
    save->setToolTip(tr("Save every line held, or with the filter on only the lines shown"));
    save->setAutoRaise(true);
    connect(save, &QToolButton::clicked, this, &LogTab::saveToFile);
    for (QWidget *w :
         std::initializer_list<QWidget *> {m_containers, m_previous, m_since, m_sinceTime, m_tail, m_timestamps, m_wrap,
                                           json, m_pause, m_follow, top, clear, save})
        controls->addWidget(w);
    controls->addStretch();
    layout->addLayout(controls);

    auto *searchRow = new QHBoxLayout;
    searchRow->setContentsMargins(4, 0, 4, 0);
    m_searchField = new QLineEdit(this);
    m_searchField->setObjectName(u"logSearch"_s);
    m_searchField->setAccessibleName(tr("Search the logs"));
    m_searchField->setPlaceholderText(tr("Search (Enter: next, Shift+Enter: previous)"));
    ClearButton::enable(m_searchField, tr("Clear search"));
    m_regex = new QCheckBox(tr("Rege&x"), this);
    m_regex->setObjectName(u"logRegex"_s);
    m_regex->setAccessibleName(tr("Regular expression"));
    m_caseSensitive = new QCheckBox(tr("&Case"), this);
    m_caseSensitive->setObjectName(u"logCase"_s);
    m_caseSensitive->setAccessibleName(tr("Match case"));
    m_filter = new QCheckBox(tr("F&ilter"), this);
    m_filter->setObjectName(u"logFilter"_s);
    m_filter->setAccessibleName(tr("Show only matching lines"));
    m_invert = new QCheckBox(tr("In&vert"), this);
    m_invert->setObjectName(u"logInvert"_s);
    m_invert->setAccessibleName(tr("Show only lines that do not match"));
    auto *previous = new QToolButton(this);
    previous->setObjectName(u"logPreviousMatch"_s);
    previous->setArrowType(Qt::UpArrow);
    previous->setAccessibleName(tr("Previous match"));
    auto *next = new QToolButton(this);
    next->setObjectName(u"logNextMatch"_s);
    next->setArrowType(Qt::DownArrow);
    next->setAccessibleName(tr("Next match"));
    m_matchCount = new QLabel(this);
    m_matchCount->setObjectName(u"logMatchCount"_s);
    m_matchCount->setAccessibleName(tr("Matches"));
    connect(m_searchField, &QLineEdit::textChanged, this, &LogTab::applySearch);
    for (QCheckBox *box : {m_regex, m_caseSensitive})
        connect(box, &QCheckBox::toggled, this, &LogTab::applySearch);
    auto applyFilter = [this] {
        LogView::Options options = m_view->options();
        options.filter = m_filter->isChecked() || m_invert->isChecked();
        options.invertFilter = m_invert->isChecked();
        m_view->setOptions(options);
    };
    connect(m_filter, &QCheckBox::toggled, this, applyFilter);
    connect(m_invert, &QCheckBox::toggled, this, applyFilter);
    connect(next, &QToolButton::clicked, this, [this] { m_view->goToMatch(true); });
    connect(previous, &QToolButton::clicked, this, [this] { m_view->goToMatch(false); });
    connect(m_searchField, &QLineEdit::returnPressed, this, [this] { m_view->goToMatch(true); });
    auto *find = new QShortcut(QKeySequence::Find, this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(find, &QShortcut::activated, this, [this] {
        m_searchField->setFocus();
        m_searchField->selectAll();
    });
    auto *findPrevious
        = new QShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Return), m_searchField, nullptr, nullptr, Qt::WidgetShortcut);
    connect(findPrevious, &QShortcut::activated, this, [this] { m_view->goToMatch(false); });
    for (QWidget *w : std::initializer_list<QWidget *> {m_searchField, m_regex, m_caseSensitive, m_filter, m_invert,
                                                        previous, next, m_matchCount})
        searchRow->addWidget(w);
    layout->addLayout(searchRow);

    layout->addWidget(m_view, 1);
    m_status = new QLabel(this);
    m_status->setObjectName(u"logStatus"_s);
    m_status->setAccessibleName(tr("Log stream status"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setContentsMargins(4, 0, 4, 2);
    layout->addWidget(m_status);
    setTabOrder(m_view, m_searchField);
}

void LogTab::fillContainers()
{
    const QString current = m_settings.initContainers ? u"*init"_s
        : m_settings.container.isEmpty()              ? u"*all"_s
                                                      : m_settings.container;
    QStringList names;
    for (int i = 0; i < m_containers->count(); ++i) {
        if (!m_containers->itemData(i).toString().startsWith(u'*'))
            names << m_containers->itemData(i).toString();
    }
    for (const SourceState &source : std::as_const(m_sources)) {
        const QString container = source.label.section(u'/', 1);
        if (!container.isEmpty() && !names.contains(container))
            names << container;
    }
    if (!m_settings.container.isEmpty() && !names.contains(m_settings.container))
        names << m_settings.container;
    names.sort();
    m_containers->clear();
    m_containers->addItem(tr("All containers"), u"*all"_s);
    m_containers->addItem(tr("All, with init containers"), u"*init"_s);
    for (const QString &name : std::as_const(names))
        m_containers->addItem(name, name);
    m_containers->setCurrentIndex(std::max(0, m_containers->findData(current)));
}

void LogTab::applyPreferences(const Preferences &preferences)
{
    m_view->setFont(preferences.logFont);
    if (preferences.logBudgetBytes == m_store.budget())
        return;
    m_settings.budgetBytes = preferences.logBudgetBytes;
    // A smaller budget drops the oldest lines now; the streams go on.
    m_store.setBudget(preferences.logBudgetBytes);
    m_search.storeChanged();
    m_view->refresh();
    updateStatus();
}

void LogTab::setSettings(const Settings &settings)
{
    m_settings = settings;
    m_store.setBudget(settings.budgetBytes);
    emit titleChanged();
    restart();
}

void LogTab::restart()
{
    delete m_set;
    m_set = nullptr;
    m_pending.clear();
    m_sources.clear();
    m_failure.clear();
    m_store.clear();
    m_search.storeChanged();
    m_view->refresh();
    disconnect(m_waitForSession);
    if (!m_session) {
        m_failure = tr("The cluster %1 is not connected.").arg(m_context);
        updateStatus();
        return;
    }
    if (m_session->state() != ClusterSession::State::Connected) {
        // Restored at start, before the cluster answered: start once it has.
        m_failure = tr("Waiting for %1 to connect…").arg(m_context);
        m_waitForSession = connect(m_session, &ClusterSession::stateChanged, this, [this](ClusterSession::State state) {
            if (state == ClusterSession::State::Connected)
                restart();
        });
        updateStatus();
        return;
    }
    PodLogSet::Options options;
    options.container = m_settings.container;
    options.initContainers = m_settings.initContainers;
    options.request.follow = !m_settings.previous;
    options.request.previous = m_settings.previous;
    if (m_settings.tailLines >= 0)
        options.request.tailLines = m_settings.tailLines;
    if (m_settings.sinceTime.isValid())
        options.request.sinceTime = m_settings.sinceTime;
    else if (m_settings.sinceSeconds > 0)
        options.request.sinceSeconds = m_settings.sinceSeconds;
    m_set = new PodLogSet(m_session, m_target, options, this);
    connect(m_set, &PodLogSet::sourceAdded, this, [this](int id, const QString &pod, const QString &container) {
        SourceState &source = m_sources[id];
        source.label = pod + u'/' + container;
        m_view->setSourceLabel(quint16(id), source.label);
        if (!m_target.isSinglePod() || m_sources.size() > 1) {
            LogView::Options options = m_view->options();
            options.showSource = true;
            m_view->setOptions(options);
        }
        fillContainers();
        updateStatus();
    });
    connect(m_set, &PodLogSet::linesArrived, this, &LogTab::onLines);
    connect(m_set, &PodLogSet::sourceStatusChanged, this, [this](int id, const LogStreamStatus &status) {
        m_sources[id].status = status;
        updateStatus();
    });
    connect(m_set, &PodLogSet::sourceEnded, this, [this](int id, const QString &reason) {
        SourceState &source = m_sources[id];
        source.ended = true;
        source.endReason = reason;
        flush(); // the marker goes after the source's last lines
        m_store.appendLine(tr("── %1: %2 ──").arg(source.label, reason).toUtf8(), 0, quint16(id), LogStore::Marker);
        m_search.storeChanged();
        m_view->refresh();
        updateStatus();
    });
    connect(m_set, &PodLogSet::failed, this, [this](const Error &error) {
        m_failure = error.message();
        updateStatus();
    });
    const Status started = m_set->start();
    if (!started)
        m_failure = started.error().message();
    updateStatus();
}

void LogTab::onLines(int sourceId, const LogBatch &batch)
{
    m_pending.append({sourceId, batch});
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        QTimer::singleShot(FlushIntervalMs, this, &LogTab::flush);
    }
}

void LogTab::flush()
{
    m_flushScheduled = false;
    if (m_pending.isEmpty())
        return;
    for (const auto &[source, batch] : std::as_const(m_pending))
        m_store.append(batch, quint16(source));
    m_pending.clear();
    m_search.storeChanged();
    m_view->refresh();
    updateStatus();
}

void LogTab::applySearch()
{
    m_search.setQuery({m_searchField->text(), m_regex->isChecked(), m_caseSensitive->isChecked()});
    m_searchField->setToolTip(m_search.matcher().errorString());
    updateSearchCount();
}

void LogTab::updateSearchCount()
{
    if (!m_search.matcher().isValid())
        m_matchCount->setText(tr("Invalid expression: %1").arg(m_search.matcher().errorString()));
    else if (!m_search.isActive())
        m_matchCount->clear();
    else if (m_search.isScanning())
        m_matchCount->setText(tr("Searching…"));
    else
        m_matchCount->setText(
            tr("%1 matches in %2 lines")
                .arg(QLocale().toString(m_search.matchCount()), QLocale().toString(m_search.matchingLineCount())));
}

QString LogTab::statusText() const
{
    return m_status->text();
}

void LogTab::updateStatus()
{
    QStringList parts;
    if (!m_failure.isEmpty())
        parts << tr("Error: %1").arg(m_failure);
    int streaming = 0;
    int connecting = 0;
    QStringList ended;
    for (const SourceState &source : std::as_const(m_sources)) {
        switch (source.status.state) {
        case LogStreamStatus::State::Streaming:
            if (!source.ended)
                ++streaming;
            break;
        case LogStreamStatus::State::Connecting:
            if (!source.ended)
                ++connecting;
            break;
        case LogStreamStatus::State::Reconnecting:
            parts << tr("%1 reconnecting at %2: %3")
                         .arg(source.label, source.status.nextAttempt.toLocalTime().toString(u"HH:mm:ss"_s),
                              source.status.message);
            break;
        case LogStreamStatus::State::Ended:
            ended << source.label + u": "_s + (source.status.message.isEmpty() ? tr("ended") : source.status.message);
            break;
        case LogStreamStatus::State::Failed:
            parts << tr("%1: %2").arg(source.label,
                                      source.status.error.message().isEmpty() ? source.status.message
                                                                              : source.status.error.message());
            break;
        }
    }
    if (streaming > 0)
        parts.prepend(streaming == 1 ? tr("Streaming 1 container") : tr("Streaming %1 containers").arg(streaming));
    if (connecting > 0)
        parts << (connecting == 1 ? tr("connecting to 1 container")
                                  : tr("connecting to %1 containers").arg(connecting));
    if (!ended.isEmpty())
        parts << tr("Ended: %1").arg(ended.join(u", "_s));
    if (m_sources.isEmpty() && m_failure.isEmpty())
        parts << tr("Waiting for pods…");
    QString line = parts.join(u" · "_s);
    line += tr(" · %1 lines (%2 held)").arg(QLocale().toString(m_store.lineCount()), sizeText(m_store.bytesUsed()));
    if (m_store.droppedLines() > 0)
        line += tr(" · %1 oldest lines dropped to stay within %2")
                    .arg(QLocale().toString(m_store.droppedLines()), sizeText(m_store.budget()));
    if (m_view->isFrozen())
        line += tr(" · paused, %1 new lines")
                    .arg(QLocale().toString(m_store.endLine() - m_view->lineAtRow(m_view->rowCount() - 1) - 1));
    m_status->setText(line);
}

void LogTab::saveToFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save logs"),
                                                      title().section(u' ', 1, 1).replace(u'/', u'-') + u".log"_s);
    if (path.isEmpty())
        return;
    flush();
    std::vector<qint64> lines; // with the filter on: only those shown
    const bool filtered = m_view->options().filter && m_search.isActive();
    if (filtered) {
        for (qint64 row = 0; row < m_view->rowCount(); ++row)
            lines.push_back(m_view->lineAtRow(row));
    }
    QStringList labels;
    for (auto it = m_sources.cbegin(); it != m_sources.cend(); ++it) {
        while (labels.size() <= it.key())
            labels << QString();
        labels[it.key()] = it.value().label;
    }
    const bool prefix = m_view->options().showSource;
    QPointer<LogTab> guard(this);
    QThreadPool::globalInstance()->start(
        [guard, path, filtered, lines = std::move(lines), labels, prefix, snapshot = m_store.snapshot()] {
            QSaveFile file(path);
            qint64 written = 0;
            if (file.open(QIODevice::WriteOnly)) {
                auto write = [&](const LogBlock &block, qsizetype i) {
                    const quint16 source = block.sources[size_t(i)];
                    if (prefix && source < labels.size())
                        file.write(labels[source].toUtf8() + ' ');
                    file.write(block.line(i).toByteArray());
                    file.write("\n");
                    ++written;
                };
                size_t next = 0;
                for (const auto &block : snapshot.blocks) {
                    for (qsizetype i = std::max<qint64>(0, snapshot.firstLine - block->firstLine);
                         i < block->lineCount(); ++i) {
                        const qint64 line = block->firstLine + i;
                        if (filtered) {
                            while (next < lines.size() && lines[next] < line)
                                ++next;
                            if (next >= lines.size() || lines[next] != line)
                                continue;
                        }
                        write(*block, i);
                    }
                }
            }
            const bool ok = file.commit();
            const QString message = ok ? LogTab::tr("Saved %1 lines to %2").arg(written).arg(path)
                                       : LogTab::tr("Could not save %1: %2").arg(path, file.errorString());
            QMetaObject::invokeMethod(qApp, [guard, message] {
                if (guard)
                    guard->m_status->setText(message);
            });
        });
}

} // namespace binnacle
