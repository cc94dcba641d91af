#include "ui/probe/probetab.h"

#include "client/session/clustersession.h"
#include "models/probe/probeexport.h"
#include "models/probe/proberesultmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTime>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace binnacle {

namespace {

QStringList listOf(const QString &text)
{
    QStringList items;
    for (const QString &item : text.split(u',', Qt::SkipEmptyParts))
        if (!item.trimmed().isEmpty())
            items << item.trimmed();
    return items;
}

// "Name: value; Other: value" as header pairs.
QList<std::pair<QByteArray, QByteArray>> headersOf(const QString &text)
{
    QList<std::pair<QByteArray, QByteArray>> headers;
    for (const QString &header : text.split(u';', Qt::SkipEmptyParts)) {
        const qsizetype colon = header.indexOf(u':');
        if (colon > 0)
            headers.append({header.left(colon).trimmed().toLatin1(), header.mid(colon + 1).trimmed().toUtf8()});
    }
    return headers;
}

QString headersText(const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QStringList parts;
    for (const auto &[name, value] : headers)
        parts << QString::fromLatin1(name) + u": "_s + QString::fromUtf8(value);
    return parts.join(u"; "_s);
}

} // namespace

QVariantMap ProbeTab::Settings::toMap() const
{
    return {{u"kind"_s, target.kind},
            {u"namespace"_s, target.namespaceName},
            {u"name"_s, target.name},
            {u"method"_s, QString::fromLatin1(request.method)},
            {u"path"_s, request.path},
            {u"port"_s, request.port},
            {u"headers"_s, headersText(request.headers)},
            {u"body"_s, QString::fromUtf8(request.body)},
            {u"timeoutMs"_s, request.timeoutMs},
            {u"selector"_s, selector},
            {u"exclusions"_s, exclusions},
            {u"shownHeaders"_s, shownHeaders},
            {u"repeatSeconds"_s, repeatSeconds},
            {u"allClusters"_s, allClusters}};
}

ProbeTab::Settings ProbeTab::Settings::fromMap(const QVariantMap &map)
{
    Settings settings;
    settings.target = {map.value(u"kind"_s).toString(), map.value(u"namespace"_s).toString(),
                       map.value(u"name"_s).toString(), map.value(u"port"_s).toString()};
    settings.request.method = map.value(u"method"_s, u"GET"_s).toString().toLatin1();
    settings.request.path = map.value(u"path"_s, u"/"_s).toString();
    settings.request.port = map.value(u"port"_s).toString();
    settings.request.headers = headersOf(map.value(u"headers"_s).toString());
    settings.request.body = map.value(u"body"_s).toString().toUtf8();
    settings.request.timeoutMs = map.value(u"timeoutMs"_s, 5000).toInt();
    settings.selector = map.value(u"selector"_s).toString();
    settings.exclusions = map.value(u"exclusions"_s).toStringList();
    settings.shownHeaders = map.value(u"shownHeaders"_s).toStringList();
    settings.repeatSeconds = map.value(u"repeatSeconds"_s).toInt();
    settings.allClusters = map.value(u"allClusters"_s).toBool();
    return settings;
}

ProbeTab::ProbeTab(ClusterSession *session, Settings settings, Sessions sessions, QWidget *parent)
    : DockTab(parent)
    , m_session(session)
    , m_context(session ? session->config().contextName : QString())
    , m_settings(std::move(settings))
    , m_sessions(std::move(sessions))
    , m_repeat(new QTimer(this))
    , m_results(new ProbeResultModel(this))
{
    m_repeat->setSingleShot(true);
    connect(m_repeat, &QTimer::timeout, this, &ProbeTab::run);
    buildForm();
}

ProbeTab::~ProbeTab()
{
    stop();
}

void ProbeTab::buildForm()
{
    const auto named = [](QWidget *widget, const QString &objectName, const QString &accessibleName) {
        widget->setObjectName(objectName);
        widget->setAccessibleName(accessibleName);
    };
    m_method = new QComboBox(this);
    m_method->addItems({u"GET"_s, u"POST"_s, u"PUT"_s, u"PATCH"_s, u"DELETE"_s, u"HEAD"_s});
    m_method->setCurrentText(QString::fromLatin1(m_settings.request.method));
    named(m_method, u"probeMethod"_s, tr("Method"));
    m_path = new QLineEdit(m_settings.request.path, this);
    named(m_path, u"probePath"_s, tr("Path"));
    m_path->setPlaceholderText(u"/api/notice"_s);
    m_port = new QComboBox(this);
    m_port->setEditable(true);
    m_port->setInsertPolicy(QComboBox::NoInsert);
    m_port->setCurrentText(m_settings.request.port);
    named(m_port, u"probePort"_s, tr("Port"));
    m_timeout = new QSpinBox(this);
    m_timeout->setRange(1, 600000);
    m_timeout->setSuffix(tr(" ms"));
    m_timeout->setValue(m_settings.request.timeoutMs);
    named(m_timeout, u"probeTimeout"_s, tr("Timeout"));
    m_headers = new QLineEdit(headersText(m_settings.request.headers), this);
    m_headers->setPlaceholderText(tr("Accept: application/json; X-Debug: 1"));
    named(m_headers, u"probeHeaders"_s, tr("Request headers"));
    m_body = new QLineEdit(QString::fromUtf8(m_settings.request.body), this);
    named(m_body, u"probeBody"_s, tr("Request body"));
    m_selector = new QLineEdit(m_settings.selector, this);
    m_selector->setPlaceholderText(tr("empty: every ready pod of %1; or a label selector such as app=web,tier!=cache")
                                       .arg(m_settings.target.objectName()));
    named(m_selector, u"probeSelector"_s, tr("Pods matching a label selector"));
    m_exclude = new QLineEdit(m_settings.exclusions.join(u", "_s), this);
    m_exclude->setPlaceholderText(tr("pod, timestamp, /meta/time"));
    named(m_exclude, u"probeExclude"_s, tr("Fields left out of the comparison"));
    m_showHeaders = new QLineEdit(m_settings.shownHeaders.join(u", "_s), this);
    m_showHeaders->setPlaceholderText(u"X-Pod-Name, ETag"_s);
    named(m_showHeaders, u"probeShowHeaders"_s, tr("Response headers to show"));
    m_allClusters = new QCheckBox(tr("Every connected &cluster"), this);
    m_allClusters->setChecked(m_settings.allClusters);
    m_allClusters->setObjectName(u"probeAllClusters"_s);
    m_repeatSeconds = new QSpinBox(this);
    m_repeatSeconds->setRange(0, 3600);
    m_repeatSeconds->setSpecialValueText(tr("once"));
    m_repeatSeconds->setPrefix(tr("every "));
    m_repeatSeconds->setSuffix(tr(" s"));
    m_repeatSeconds->setValue(m_settings.repeatSeconds);
    named(m_repeatSeconds, u"probeRepeat"_s, tr("Repeat"));
    m_run = new QPushButton(tr("&Probe"), this);
    m_run->setObjectName(u"probeRun"_s);
    m_run->setDefault(true);
    m_stop = new QPushButton(tr("S&top"), this);
    m_stop->setObjectName(u"probeStop"_s);
    m_stop->setEnabled(false);

    auto *request = new QHBoxLayout;
    request->addWidget(m_method);
    request->addWidget(m_path, 3);
    request->addWidget(new QLabel(tr("port"), this));
    request->addWidget(m_port, 1);
    request->addWidget(m_timeout);
    request->addWidget(m_repeatSeconds);
    request->addWidget(m_allClusters);
    request->addWidget(m_run);
    request->addWidget(m_stop);
    auto *more = new QFormLayout;
    more->addRow(tr("Pods &matching:"), m_selector);
    more->addRow(tr("&Headers:"), m_headers);
    more->addRow(tr("&Body:"), m_body);
    more->addRow(tr("&Ignore fields:"), m_exclude);
    more->addRow(tr("Show &response headers:"), m_showHeaders);

    m_summary = new QLabel(tr("Press Enter or Probe to ask every ready pod of %1.").arg(m_settings.target.objectName()),
                           this);
    m_summary->setObjectName(u"probeSummary"_s);
    m_summary->setWordWrap(true);
    m_table = new QTableView(this);
    named(m_table, u"probeTable"_s, tr("Answers by pod"));
    m_table->setModel(m_results);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_diff = new QPlainTextEdit(this);
    m_diff->setReadOnly(true);
    m_diff->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    named(m_diff, u"probeDiff"_s, tr("The selected pod's answer against the majority's"));
    m_history = new QListWidget(this);
    named(m_history, u"probeHistory"_s, tr("What changed between runs"));

    auto *rowActions = new QHBoxLayout;
    const QList<std::tuple<QPushButton **, QString, QString>> buttons {
        {&m_logs, tr("&Logs"), u"probeLogs"_s},
        {&m_shell, tr("S&hell"), u"probeShell"_s},
        {&m_yaml, tr("&YAML"), u"probeYaml"_s},
        {&m_restart, tr("&Restart pod…"), u"probeRestart"_s},
        {&m_exportCsv, tr("Export &CSV…"), u"probeExportCsv"_s},
        {&m_exportJson, tr("Export &JSON…"), u"probeExportJson"_s}};
    for (const auto &[button, text, name] : buttons) {
        *button = new QPushButton(text, this);
        (*button)->setObjectName(name);
        rowActions->addWidget(*button);
    }
    rowActions->insertStretch(4);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    auto *side = new QSplitter(Qt::Vertical, split);
    side->addWidget(m_diff);
    side->addWidget(m_history);
    split->addWidget(side);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(request);
    layout->addLayout(more);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);
    layout->addLayout(rowActions);

    connect(m_run, &QPushButton::clicked, this, &ProbeTab::run);
    connect(m_stop, &QPushButton::clicked, this, [this] {
        m_repeat->stop();
        stop();
    });
    for (QLineEdit *edit : {m_path, m_selector, m_headers, m_body, m_exclude, m_showHeaders})
        connect(edit, &QLineEdit::returnPressed, this, &ProbeTab::run);
    connect(m_port->lineEdit(), &QLineEdit::returnPressed, this, &ProbeTab::run);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ProbeTab::showSelected);
    const auto request_ = [this](const QString &what) {
        QString ns, pod;
        const QString context = selectedContext(&ns, &pod);
        if (!pod.isEmpty())
            emit podRequested(context, ns, pod, what);
    };
    connect(m_logs, &QPushButton::clicked, this, [request_] { request_(u"logs"_s); });
    connect(m_shell, &QPushButton::clicked, this, [request_] { request_(u"shell"_s); });
    connect(m_yaml, &QPushButton::clicked, this, [request_] { request_(u"yaml"_s); });
    connect(m_table, &QTableView::doubleClicked, this, [request_] { request_(u"yaml"_s); });
    connect(m_restart, &QPushButton::clicked, this, &ProbeTab::restartSelected);
    connect(m_exportCsv, &QPushButton::clicked, this, [this] { exportAs(false); });
    connect(m_exportJson, &QPushButton::clicked, this, [this] { exportAs(true); });
    showSelected();
    m_path->setFocus();
}

void ProbeTab::offerPorts(const QList<DeclaredPort> &ports)
{
    const QString chosen = m_port->currentText();
    for (const DeclaredPort &port : ports) {
        if (port.protocol == u"TCP")
            m_port->addItem(port.name.isEmpty() ? QString::number(port.number) : port.name);
    }
    m_port->setCurrentText(chosen.isEmpty() && m_port->count() ? m_port->itemText(0) : chosen);
}

QString ProbeTab::title() const
{
    return tr("Probe %1 (%2)").arg(m_settings.target.objectName(), m_context);
}

QString ProbeTab::identity() const
{
    return u"probe:%1/%2/%3"_s.arg(m_context, m_settings.target.namespaceName, m_settings.target.objectName());
}

QVariantMap ProbeTab::savedState() const
{
    QVariantMap state = settingsFromForm().toMap();
    state.insert(u"type"_s, u"probe"_s);
    state.insert(u"context"_s, m_context);
    return state;
}

ProbeTab::Settings ProbeTab::settingsFromForm() const
{
    Settings settings = m_settings;
    settings.request.method = m_method->currentText().toLatin1();
    settings.request.path = m_path->text().trimmed().isEmpty() ? u"/"_s : m_path->text().trimmed();
    if (!settings.request.path.startsWith(u'/'))
        settings.request.path.prepend(u'/');
    settings.request.port = m_port->currentText().trimmed();
    settings.request.timeoutMs = m_timeout->value();
    settings.request.headers = headersOf(m_headers->text());
    settings.request.body = m_body->text().toUtf8();
    settings.selector = m_selector->text().trimmed();
    settings.exclusions = listOf(m_exclude->text());
    settings.shownHeaders = listOf(m_showHeaders->text());
    settings.repeatSeconds = m_repeatSeconds->value();
    settings.allClusters = m_allClusters->isChecked();
    settings.target.port = settings.request.port;
    return settings;
}

ForwardTarget ProbeTab::askedTarget() const
{
    if (m_settings.selector.isEmpty())
        return m_settings.target;
    return {u"Selector"_s, m_settings.target.namespaceName, m_settings.selector, m_settings.request.port};
}

void ProbeTab::run()
{
    stop();
    m_repeat->stop();
    m_settings = settingsFromForm();
    if (m_settings.request.port.isEmpty()) {
        m_summary->setText(tr("Choose the port to ask."));
        return;
    }
    QList<ClusterSession *> sessions;
    if (m_settings.allClusters && m_sessions)
        sessions = m_sessions();
    if (m_session && !sessions.contains(m_session.data()))
        sessions.prepend(m_session.data());
    m_answers.clear();
    m_missing.clear();
    for (ClusterSession *session : std::as_const(sessions)) {
        auto *probe = new ReplicaProbe(session, askedTarget(), m_settings.request, this);
        connect(probe, &ReplicaProbe::answered, this, &ProbeTab::onAnswered);
        connect(probe, &ReplicaProbe::finished, this, &ProbeTab::onProbeFinished);
        m_probes << probe;
        probe->start();
    }
    m_run->setEnabled(false);
    m_stop->setEnabled(true);
    refresh();
    emit savedStateChanged(); // the request as run is what comes back at the next start
}

void ProbeTab::stop()
{
    const QList<ReplicaProbe *> probes = std::exchange(m_probes, {});
    for (ReplicaProbe *probe : probes) {
        probe->disconnect(this);
        probe->cancel();
        probe->deleteLater();
    }
    if (m_run) {
        m_run->setEnabled(true);
        m_stop->setEnabled(m_repeat->isActive());
    }
}

void ProbeTab::onAnswered(const ProbeAnswer &answer)
{
    m_answers << answer;
    refresh();
}

void ProbeTab::onProbeFinished()
{
    auto *probe = qobject_cast<ReplicaProbe *>(sender());
    if (!probe)
        return;
    if (!probe->problem().isEmpty())
        m_missing << tr("%1: %2").arg(probe->cluster(), probe->problem());
    m_probes.removeAll(probe);
    probe->deleteLater();
    if (!m_probes.isEmpty()) {
        refresh();
        return;
    }
    ++m_runs;
    refresh();
    recordHistory();
    m_run->setEnabled(true);
    m_stop->setEnabled(m_settings.repeatSeconds > 0);
    if (m_settings.repeatSeconds > 0)
        m_repeat->start(m_settings.repeatSeconds * 1000);
}

void ProbeTab::refresh()
{
    QString selectedNs, selectedPod;
    const QString selectedCluster = selectedContext(&selectedNs, &selectedPod);
    m_results->setComparison(ProbeComparison::compare(m_answers, m_settings.exclusions), m_settings.shownHeaders);
    const int row = m_results->rowOfPod(selectedCluster, selectedPod);
    if (row >= 0)
        m_table->selectRow(row);
    QString summary
        = m_answers.isEmpty() && !m_probes.isEmpty() ? tr("Asking the pods…") : m_results->comparison().summary();
    if (!m_probes.isEmpty() && !m_answers.isEmpty())
        summary += tr(" (more on the way)");
    for (const QString &missing : std::as_const(m_missing))
        summary += u"\n"_s + missing;
    m_summary->setText(summary);
    showSelected();
}

void ProbeTab::recordHistory()
{
    // What changed since the last run, per pod: a body that is not the one it had, a pod that is new or gone.
    const ProbeComparison &comparison = m_results->comparison();
    QHash<QString, QString> hashes;
    QStringList changes;
    for (int i = 0; i < comparison.answers().size(); ++i) {
        const ProbeAnswer &answer = comparison.answers().at(i);
        const ProbeComparison::Verdict &verdict = comparison.verdicts().at(i);
        const QString key = answer.cluster + u'/' + answer.pod;
        const QString hash = answer.failed() ? answer.failureReason() : verdict.hash;
        hashes.insert(key, hash);
        if (m_runs > 1 && m_lastHashes.value(key) != hash)
            changes << tr("%1 %2 (%3)")
                           .arg(answer.pod, m_lastHashes.contains(key) ? tr("changed") : tr("appeared"),
                                verdict.differs ? tr("differs from the majority") : tr("agrees"));
    }
    for (auto it = m_lastHashes.cbegin(); m_runs > 1 && it != m_lastHashes.cend(); ++it) {
        if (!hashes.contains(it.key()))
            changes << tr("%1 is gone").arg(it.key().section(u'/', 1));
    }
    m_lastHashes = hashes;
    const QString time = QTime::currentTime().toString(u"HH:mm:ss"_s);
    if (m_runs == 1)
        m_history->addItem(tr("%1  first run: %2").arg(time, comparison.summary()));
    else if (!changes.isEmpty())
        m_history->addItem(tr("%1  %2").arg(time, changes.join(u"; "_s)));
    m_history->scrollToBottom();
}

QString ProbeTab::selectedContext(QString *namespaceName, QString *pod) const
{
    const int answer = m_results->answerAt(m_table->currentIndex().row());
    if (answer < 0)
        return {};
    const ProbeAnswer &selected = m_results->comparison().answers().at(answer);
    *namespaceName = selected.namespaceName;
    *pod = selected.pod;
    return selected.cluster;
}

void ProbeTab::showSelected()
{
    const int answer = m_results->answerAt(m_table->currentIndex().row());
    for (QPushButton *button : {m_logs, m_shell, m_yaml, m_restart})
        button->setEnabled(answer >= 0);
    m_exportCsv->setEnabled(!m_answers.isEmpty());
    m_exportJson->setEnabled(!m_answers.isEmpty());
    if (answer < 0) {
        m_diff->setPlainText(m_answers.isEmpty() ? QString() : tr("Select a pod to see its answer."));
        return;
    }
    const ProbeComparison &comparison = m_results->comparison();
    const ProbeAnswer &selected = comparison.answers().at(answer);
    const ProbeComparison::Verdict &verdict = comparison.verdicts().at(answer);
    QString text;
    if (selected.failed())
        text = tr("%1 gave no usable answer: %2\n\n").arg(selected.pod, selected.failureReason())
            + QString::fromUtf8(selected.body);
    else if (!verdict.differs)
        text = tr("%1 agrees with the majority:\n\n").arg(selected.pod) + comparison.groups().at(verdict.group).pretty;
    else
        text = verdict.diff.unified(tr("majority"), selected.pod);
    m_diff->setPlainText(text);
}

void ProbeTab::restartSelected()
{
    QString ns, pod;
    const QString context = selectedContext(&ns, &pod);
    ClusterSession *session = nullptr;
    const QList<ClusterSession *> sessions = m_sessions ? m_sessions() : QList<ClusterSession *> {};
    for (ClusterSession *candidate : sessions) {
        if (candidate->config().contextName == context)
            session = candidate;
    }
    if (!session && m_session && m_context == context)
        session = m_session;
    const std::optional<ApiResource> pods = session ? session->mapper().find(u"pods"_s) : std::nullopt;
    if (!pods)
        return;
    if (QMessageBox::question(this, tr("Restart pod"),
                              tr("Delete pod %1/%2 in %3? Its controller starts a new one.").arg(ns, pod, context),
                              QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        != QMessageBox::Yes)
        return;
    session->remove(*pods, ns, pod, {}, this, [this, pod](const Result<ObjectReply> &result) {
        emit message(result ? tr("Deleted pod %1: its controller replaces it").arg(pod)
                            : tr("Could not delete pod %1: %2").arg(pod, result.error().message()));
    });
}

void ProbeTab::exportAs(bool json)
{
    const QString suggested = u"probe-%1.%2"_s.arg(m_settings.target.name, json ? u"json"_s : u"csv"_s);
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the answers"), suggested,
                                                      json ? tr("JSON (*.json)") : tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)
        || file.write(json ? ProbeExport::json(m_results->comparison()) : ProbeExport::csv(m_results->comparison()))
            < 0) {
        emit message(tr("Could not write %1: %2").arg(path, file.errorString()));
        return;
    }
    emit message(tr("Saved %1").arg(path));
}

} // namespace binnacle
