// browse_bench: the measuring half of `./dev.sh bench browse` (tests/bench/browse.sh prepares the cluster).
//
// In one process, on the cluster of --kubeconfig, side by side with kubectl:
//   sync       connect → the pod table (all namespaces, ResourceTableModel) holds every pod, vs
//              `kubectl get pods -A -o json > /dev/null` (median of --sync-runs each, fresh session per run);
//   window     the real MainWindow (its workload-tree overview) plus a BrowserPane showing the pod table;
//   rss        VmRSS with the pod table and the workload tree fully cached;
//   stall      a 10 ms timer on the GUI thread measures its own lateness while `cluster.sh churn` patches pods (the
//              rate churn reached is printed beside it: on a busy machine the server may not keep up with
//              --churn-rate);
//   converge   from churn's exit (when the server has answered every patch: churn leaves no backlog) until the pod
//              table's rows equal a fresh LIST (polled every 50 ms);
//   idle       CPU time over --idle-seconds with everything cached and no churn, in % of one core.
// Prints readable lines as it goes and, last, `figures: sync_ratio=… rss_mb=… stall_p50_ms=… stall_p99_ms=…
// churn_per_s=… converge_ms=… idle_cpu_pct=…`, which browse.sh folds into its summary line.

#include "client/config/clusterconfig.h"
#include "client/config/kubeconfigloader.h"
#include "client/session/clustersession.h"
#include "models/resources/resourcefilterproxy.h"
#include "models/resources/resourcetablemodel.h"
#include "models/workloads/workloadtreemodel.h"
#include "ui/browser/browserpane.h"
#include "ui/mainwindow/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QTreeView>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <malloc.h>
#include <memory>
#include <optional>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

struct Options
{
    QString kubeconfig;
    QString kubectl = u"kubectl"_s;
    QString clusterScript;
    QString clusterName = u"bench"_s;
    int syncRuns = 3;
    int churnRate = 500;
    int churnSeconds = 60;
    int idleSeconds = 30;
};

void say(const QString &text)
{
    std::printf("%s\n", qPrintable(text));
    std::fflush(stdout);
}

[[noreturn]] void fail(const QString &text)
{
    std::fprintf(stderr, "browse_bench: %s\n", qPrintable(text));
    std::fflush(stderr);
    std::_Exit(1);
}

double rssMb()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return 0;
}

// utime + stime of this process (all threads), in seconds.
double cpuSeconds()
{
    QFile stat(u"/proc/self/stat"_s);
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.readAll();
    // Fields after "(comm)": state is field 3, utime 14, stime 15.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    const double ticks = fields.value(11).toDouble() + fields.value(12).toDouble();
    return ticks / double(sysconf(_SC_CLK_TCK));
}

// Runs the event loop until `done` holds (checked every `pollMs`), at most `timeoutMs`. False on timeout.
bool waitUntil(const std::function<bool()> &done, int timeoutMs, int pollMs = 5)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer poll;
    poll.setTimerType(Qt::PreciseTimer);
    poll.setInterval(pollMs);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, [&] { loop.exit(1); });
    poll.start();
    return loop.exec() == 0;
}

struct ProcessResult
{
    int exitCode = -1;
    qint64 ms = 0;
    QByteArray out;
    QByteArray err;
};

// Runs a program to its end while the event loop keeps running (timers, batches). stdout to /dev/null if `discard`.
ProcessResult run(const QString &program, const QStringList &arguments, bool discard = false, int timeoutMs = 600000)
{
    QProcess process;
    if (discard)
        process.setStandardOutputFile(QProcess::nullDevice());
    ProcessResult result;
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, [&] { loop.quit(); });
    QObject::connect(&process, &QProcess::errorOccurred, &loop, [&](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            loop.quit();
    });
    QElapsedTimer timer;
    timer.start();
    process.start(program, arguments);
    QTimer::singleShot(timeoutMs, &loop, [&] { process.kill(); });
    if (process.state() != QProcess::NotRunning || process.error() != QProcess::FailedToStart)
        loop.exec();
    result.ms = timer.elapsed();
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    if (!discard)
        result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype index = std::min<qsizetype>(values.size() - 1, qsizetype(p / 100.0 * double(values.size())));
    return values[index];
}

QString num(double value, int decimals = 0)
{
    return QString::number(value, 'f', decimals);
}

// --list-pods mode (a child process, so that parsing a 30 MB LIST does not weigh on the measured process): one
// non-paged `kubectl get --raw /api/v1/pods`, printed as "namespace/name resourceVersion" lines.
int listPodsMain(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString kubeconfig = args.value(args.indexOf(u"--kubeconfig"_s) + 1);
    const QString kubectl = args.contains(u"--kubectl"_s) ? args.value(args.indexOf(u"--kubectl"_s) + 1) : u"kubectl"_s;
    QProcess process;
    process.start(kubectl, {u"--kubeconfig"_s, kubeconfig, u"get"_s, u"--raw"_s, u"/api/v1/pods"_s});
    if (!process.waitForFinished(600000) || process.exitCode() != 0) {
        std::fprintf(stderr, "%s", process.readAllStandardError().constData());
        return 1;
    }
    const QJsonDocument list = QJsonDocument::fromJson(process.readAllStandardOutput());
    QByteArray out;
    for (const QJsonValue &item : list.object().value(u"items"_s).toArray()) {
        const QJsonObject metadata = item.toObject().value(u"metadata"_s).toObject();
        out += metadata.value(u"namespace"_s).toString().toUtf8() + '/' + metadata.value(u"name"_s).toString().toUtf8()
            + ' ' + metadata.value(u"resourceVersion"_s).toString().toUtf8() + '\n';
    }
    std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
    return list.isObject() ? 0 : 1;
}

// namespace/name → resourceVersion of every pod, from a fresh LIST (kubectl get --raw, parsed by a child process).
QHash<QString, qint64> kubectlPods(const Options &options, qint64 *ms = nullptr)
{
    const ProcessResult result
        = run(QCoreApplication::applicationFilePath(),
              {u"--list-pods"_s, u"--kubeconfig"_s, options.kubeconfig, u"--kubectl"_s, options.kubectl});
    if (result.exitCode != 0)
        fail(u"listing pods failed: %1"_s.arg(QString::fromUtf8(result.err)));
    if (ms)
        *ms = result.ms;
    QHash<QString, qint64> pods;
    for (const QByteArray &line : result.out.split('\n')) {
        const QList<QByteArray> fields = line.split(' ');
        if (fields.size() == 2)
            pods.insert(QString::fromUtf8(fields[0]), fields[1].toLongLong());
    }
    return pods;
}

// CPU seconds per thread of this process, by "tid name".
QHash<QString, double> threadCpu()
{
    QHash<QString, double> cpu;
    const double tick = double(sysconf(_SC_CLK_TCK));
    for (const QString &tid : QDir(u"/proc/self/task"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile stat(u"/proc/self/task/%1/stat"_s.arg(tid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        const qsizetype open = text.indexOf('(');
        const qsizetype close = text.lastIndexOf(')');
        const QString name
            = tid == QString::number(getpid()) ? u"gui"_s : QString::fromUtf8(text.mid(open + 1, close - open - 1));
        const QList<QByteArray> fields = text.mid(close + 2).split(' ');
        cpu[u"%1 %2"_s.arg(tid, name)] = (fields.value(11).toDouble() + fields.value(12).toDouble()) / tick;
    }
    return cpu;
}

// "gui 45.0%, Thread (pooled) 12.0%, ...": each thread's share of one core between two threadCpu() readings.
QString threadShares(const QHash<QString, double> &before, const QHash<QString, double> &after, double seconds)
{
    QList<std::pair<double, QString>> shares;
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        const double pct = (it.value() - before.value(it.key())) / seconds * 100.0;
        if (pct >= 0.05)
            shares.append({pct, it.key().section(u' ', 1)});
    }
    std::sort(shares.begin(), shares.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    QStringList parts;
    for (const auto &[pct, name] : shares)
        parts << u"%1 %2%"_s.arg(name, QString::number(pct, 'f', 1));
    return parts.isEmpty() ? u"none"_s : parts.join(u", "_s);
}

QHash<QString, qint64> modelPods(const ResourceTableModel &model)
{
    QHash<QString, qint64> pods;
    pods.reserve(model.rowCount());
    for (int row = 0; row < model.rowCount(); ++row) {
        const ObjectPtr object = model.objectAt(row);
        if (object)
            pods.insert(object->key(), object->resourceVersion.toLongLong());
    }
    return pods;
}

QHash<QString, int> countKinds(const QAbstractItemModel *model, const QModelIndex &parent = {},
                               QHash<QString, int> counts = {})
{
    const int rows = model->rowCount(parent);
    for (int row = 0; row < rows; ++row) {
        const QModelIndex index = model->index(row, 0, parent);
        ++counts[index.data(WorkloadTreeModel::KindRole).toString()];
        if (model->hasChildren(index))
            counts = countKinds(model, index, std::move(counts));
    }
    return counts;
}

// One cold connection: a new session, discovery, then a pod table over all namespaces until it holds `expected` pods.
qint64 syncOnce(const ClusterConfig &config, int expected, int *rows)
{
    QElapsedTimer timer;
    timer.start();
    auto *session = new ClusterSession(config, nullptr);
    auto *model = new ResourceTableModel;
    auto *holder = new QObject;
    InformerSubscription *subscription = nullptr;
    QObject::connect(session, &ClusterSession::resourcesChanged, holder, [&] {
        if (subscription)
            return;
        const std::optional<ApiResource> pods = session->mapper().find(u"pods"_s);
        if (!pods)
            fail(u"the server does not serve pods"_s);
        model->setShowNamespaceColumn(true);
        subscription = session->subscribe(*pods, {}, Reflector::Mode::Table, holder);
        model->setSubscription(subscription);
    });
    session->connectToCluster();
    const bool ok = waitUntil(
        [&] { return subscription && subscription->health().synced && model->rowCount() >= expected; }, 180000);
    const qint64 ms = timer.elapsed();
    *rows = model->rowCount();
    if (!ok)
        fail(u"the pod table did not fill within 180 s (%1 of %2 rows)"_s.arg(*rows).arg(expected));
    delete holder; // the subscription first: it releases the informer
    delete model;
    delete session;
    return ms;
}

// --model-experiment: no cluster. The pod table's model and its sorting proxy fed with synthetic batches shaped like
// the churn's (10,000 pods; batches of --batch updates of random pods, as an informer flushing ≤ 30 times a second
// would hand them at 500 updates/s), to see where the GUI thread's time per batch goes.
int modelExperimentMain(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int pods = args.contains(u"--pods"_s) ? args.value(args.indexOf(u"--pods"_s) + 1).toInt() : 10000;
    const int perBatch = args.contains(u"--batch"_s) ? args.value(args.indexOf(u"--batch"_s) + 1).toInt() : 17;
    const int batches = 60;
    QList<TableColumn> columns;
    for (const char *name : {"Name", "Ready", "Status", "Restarts", "Age", "IP", "Node"})
        columns.append(
            {QString::fromLatin1(name), u"string"_s, name == std::string_view("Name") ? u"name"_s : QString(), {}, 0});
    auto record = [](int i, int version) {
        auto object = std::make_shared<ObjectRecord>();
        object->name = u"bench-12345-%1"_s.arg(i, 6, 10, QChar(u'0'));
        object->namespaceName = u"bench-%1"_s.arg(i % 50);
        object->uid = u"uid-%1"_s.arg(i);
        object->resourceVersion = QString::number(1000 + version);
        object->creationTimestamp = QDateTime::currentDateTimeUtc().addSecs(-600);
        object->labels = {{u"app"_s, u"bench-app-%1"_s.arg(i % 50)}, {u"binnacle.dev/bench"_s, u"true"_s}};
        object->cells = QJsonArray {
            object->name, u"1/1"_s, u"Running"_s, 0, u"10m"_s, u"10.244.0.1"_s, u"kwok-node-%1"_s.arg(i % 3)};
        return ObjectPtr(object);
    };
    ChangeBatch reset;
    reset.reset = true;
    reset.columns = columns;
    const double rssBefore = rssMb();
    for (int i = 0; i < pods; ++i)
        reset.added.append(record(i, 0));
    say(u"%1 synthetic ObjectRecords (7 cells, 2 labels): %2 MB of RSS, %3 bytes each"_s.arg(pods)
            .arg(num(rssMb() - rssBefore, 1))
            .arg(num((rssMb() - rssBefore) * 1048576.0 / pods)));
    QList<ChangeBatch> churn;
    int version = 1;
    for (int b = 0; b < batches; ++b) {
        ChangeBatch batch;
        for (int u = 0; u < perBatch; ++u) {
            const int i = int((quint64(b) * 7919u + quint64(u) * 104729u) % quint64(pods));
            batch.updated.append(record(i, version++));
        }
        churn.append(batch);
    }
    auto measure = [&](const QString &what, bool withProxy, bool oneRowBatches, bool withView) {
        ResourceTableModel model;
        model.setShowNamespaceColumn(true);
        ResourceFilterProxy proxy;
        QTableView view;
        if (withProxy) {
            proxy.setSourceModel(&model);
            proxy.setSortRole(ResourceTableModel::SortRole);
            proxy.sort(0, Qt::AscendingOrder);
        }
        if (withView) {
            view.setModel(&proxy);
            view.setSortingEnabled(true);
            view.sortByColumn(0, Qt::AscendingOrder);
            view.resize(1200, 800);
            view.show();
        }
        model.applyBatch(reset);
        QCoreApplication::processEvents();
        QList<double> ms;
        for (const ChangeBatch &batch : std::as_const(churn)) {
            QElapsedTimer timer;
            timer.start();
            if (oneRowBatches) {
                for (const ObjectPtr &object : batch.updated) {
                    ChangeBatch single;
                    single.updated = {object};
                    model.applyBatch(single);
                }
            } else {
                model.applyBatch(batch);
            }
            if (withView)
                view.viewport()->repaint();
            ms << double(timer.nsecsElapsed()) / 1e6;
        }
        say(u"%1: per batch of %2 updates: median %3 ms, max %4 ms"_s.arg(what).arg(perBatch).arg(
            num(median(ms), 2), num(*std::max_element(ms.cbegin(), ms.cend()), 2)));
    };
    say(u"model experiment: %1 pods, %2 batches"_s.arg(pods).arg(batches));
    measure(u"model alone (one dataChanged over the rows' span)"_s, false, false, false);
    measure(u"model + sorting proxy (as the pod table)"_s, true, false, false);
    measure(u"model + sorting proxy, one dataChanged per updated row"_s, true, true, false);
    measure(u"model + sorting proxy + painted view (as the pod table)"_s, true, false, true);

    // What a click on a column header and a keystroke in the filter box cost on the whole table: ResourceFilterProxy
    // (which reads the records) against Qt's own proxy comparing SortRole QVariants, the way it sorted before.
    ResourceTableModel table;
    table.setShowNamespaceColumn(true);
    table.applyBatch(reset);
    auto timeMs = [](const std::function<void()> &work) {
        QElapsedTimer timer;
        timer.start();
        work();
        return double(timer.nsecsElapsed()) / 1e6;
    };
    ResourceFilterProxy ours;
    ours.setSourceModel(&table);
    QSortFilterProxyModel generic;
    generic.setSortRole(ResourceTableModel::SortRole);
    generic.setSourceModel(&table);
    for (const int column : {1, 3, 4}) { // Name, Status, Restarts (with the Namespace column first)
        const QString header = table.headerData(column, Qt::Horizontal).toString();
        const double fast = timeMs([&] { ours.sort(column, Qt::AscendingOrder); });
        const double slow = timeMs([&] { generic.sort(column, Qt::AscendingOrder); });
        say(u"sort %1 rows by %2: ResourceFilterProxy %3 ms, QSortFilterProxyModel on SortRole %4 ms"_s.arg(pods).arg(
            header, num(fast, 1), num(slow, 1)));
    }
    const double filterWord = timeMs([&] { ours.setFilterExpression(u"bench-7"_s); });
    const double filterLabel = timeMs([&] { ours.setFilterExpression(u"app=bench-app-3"_s); });
    say(u"filter %1 sorted rows: a word %2 ms (%3 left), a label selector %4 ms (%5 left)"_s.arg(pods)
            .arg(num(filterWord, 1))
            .arg(ours.rowCount())
            .arg(num(filterLabel, 1))
            .arg(ours.rowCount()));
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], "--list-pods") == 0)
            return listPodsMain(argc, argv);
        if (qstrcmp(argv[i], "--model-experiment") == 0)
            return modelExperimentMain(argc, argv);
    }
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"BinnacleBench"_s);
    QCoreApplication::setApplicationName(u"browse_bench"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"The browse benchmark's measurements (run by tests/bench/browse.sh)."_s);
    parser.addHelpOption();
    const QCommandLineOption kubeconfigOption(u"kubeconfig"_s, u"The cluster's kubeconfig."_s, u"FILE"_s);
    const QCommandLineOption kubectlOption(u"kubectl"_s, u"kubectl to compare with."_s, u"PATH"_s, u"kubectl"_s);
    const QCommandLineOption scriptOption(u"cluster-script"_s, u"tests/cluster/cluster.sh (for churn)."_s, u"PATH"_s);
    const QCommandLineOption nameOption(u"cluster-name"_s, u"The cluster's name."_s, u"NAME"_s, u"bench"_s);
    const QCommandLineOption syncRunsOption(u"sync-runs"_s, u"Cold syncs (median)."_s, u"N"_s, u"3"_s);
    const QCommandLineOption rateOption(u"churn-rate"_s, u"Pod updates per second."_s, u"R"_s, u"500"_s);
    const QCommandLineOption secondsOption(u"churn-seconds"_s, u"Churn duration."_s, u"S"_s, u"60"_s);
    const QCommandLineOption idleOption(u"idle-seconds"_s, u"Idle CPU window."_s, u"S"_s, u"30"_s);
    parser.addOptions({kubeconfigOption, kubectlOption, scriptOption, nameOption, syncRunsOption, rateOption,
                       secondsOption, idleOption});
    parser.process(app);
    Options options;
    options.kubeconfig = parser.value(kubeconfigOption);
    options.kubectl = parser.value(kubectlOption);
    options.clusterScript = parser.value(scriptOption);
    options.clusterName = parser.value(nameOption);
    options.syncRuns = qMax(1, parser.value(syncRunsOption).toInt());
    options.churnRate = parser.value(rateOption).toInt();
    options.churnSeconds = parser.value(secondsOption).toInt();
    options.idleSeconds = parser.value(idleOption).toInt();
    if (options.kubeconfig.isEmpty() || options.clusterScript.isEmpty())
        fail(u"--kubeconfig and --cluster-script are required"_s);

    const Result<Kubeconfig> kubeconfig = KubeconfigLoader(KubeconfigSources {options.kubeconfig, {}, {}}).load();
    if (!kubeconfig)
        fail(kubeconfig.error().toString());
    const QString context = kubeconfig->currentContext;
    const Result<ClusterConfig> config = ClusterConfig::fromKubeconfig(kubeconfig.value(), context);
    if (!config)
        fail(config.error().toString());
    say(u"context %1, baseline RSS %2 MB"_s.arg(context, num(rssMb())));

    // --- sync: a cold connection to a full pod table, beside kubectl -------------------------------------------
    qint64 listMs = 0;
    const QHash<QString, qint64> before = kubectlPods(options, &listMs); // also warms kubectl's discovery cache
    const int expected = int(before.size());
    say(u"a LIST has %1 pods (kubectl get --raw /api/v1/pods, %2 ms)"_s.arg(expected).arg(listMs));
    QList<double> kubectlMs;
    QList<double> oursMs;
    // Up to --sync-runs pairs, but no new pair after a minute: on a loaded machine kubectl alone can take that long.
    QElapsedTimer syncPhase;
    syncPhase.start();
    for (int attempt = 1; attempt <= options.syncRuns && (attempt == 1 || syncPhase.elapsed() < 60000); ++attempt) {
        const ProcessResult k
            = run(options.kubectl,
                  {u"--kubeconfig"_s, options.kubeconfig, u"get"_s, u"pods"_s, u"-A"_s, u"-o"_s, u"json"_s}, true);
        if (k.exitCode != 0)
            fail(u"kubectl get pods -A -o json failed: %1"_s.arg(QString::fromUtf8(k.err)));
        kubectlMs << double(k.ms);
        int rows = 0;
        // A few pods come and go (the seeded CronJob): allow for them.
        const qint64 ours = syncOnce(config.value(), expected - 5, &rows);
        oursMs << double(ours);
        say(u"sync run %1: binnacle %2 ms (%3 rows), kubectl get pods -A -o json %4 ms"_s.arg(attempt)
                .arg(ours)
                .arg(rows)
                .arg(k.ms));
    }
    const double syncOurs = median(oursMs);
    const double syncKubectl = median(kubectlMs);
    const double syncRatio = syncOurs / syncKubectl;
    say(u"sync (medians): binnacle %1 ms, kubectl %2 ms, ratio %3"_s.arg(num(syncOurs), num(syncKubectl),
                                                                         num(syncRatio, 2)));

    // --- the window: its workload-tree overview, and a pod table beside it ---------------------------------------
    QElapsedTimer windowTimer;
    windowTimer.start();
    auto window = std::make_unique<MainWindow>(KubeconfigSources {options.kubeconfig, {}, {}});
    window->resize(1400, 900);
    window->show();
    ClusterSession *session = window->session(context);
    if (!session)
        fail(u"the window did not connect to %1"_s.arg(context));
    auto podPane = std::make_unique<BrowserPane>();
    podPane->setWindowTitle(u"pods"_s);
    podPane->resize(1200, 800);
    podPane->show();
    bool podsShown = false;
    InformerSubscription *podHealth = nullptr;
    auto healthText = [&] {
        if (!podHealth)
            return u"no health"_s;
        const InformerHealth h = podHealth->health();
        return u"informer: %1 objects, %2 events/s, %3 relists, synced %4%5"_s.arg(h.objects)
            .arg(num(h.eventsPerSecond, 1))
            .arg(h.relists)
            .arg(h.synced ? u"yes"_s : u"no"_s, h.lastError.isEmpty() ? QString() : u", last error: "_s + h.lastError);
    };
    auto showPods = [&] {
        if (podsShown || session->mapper().isEmpty())
            return;
        podsShown = true;
        const std::optional<ApiResource> pods = session->mapper().find(u"pods"_s);
        if (!pods)
            fail(u"the server does not serve pods"_s);
        podPane->showKind(session, *pods);
        // One more hold on the same informer, to read its health (relists, last error, events/s).
        podHealth = session->subscribe(*pods, {}, Reflector::Mode::Table, podPane.get());
    };
    QObject::connect(session, &ClusterSession::resourcesChanged, podPane.get(), showPods);
    showPods();
    auto *proxy = qobject_cast<QSortFilterProxyModel *>(podPane->tableView()->model());
    auto *podModel = proxy ? qobject_cast<ResourceTableModel *>(proxy->sourceModel()) : nullptr;
    auto *mainPane = window->findChild<BrowserPane *>();
    auto *treeProxy = mainPane ? qobject_cast<QSortFilterProxyModel *>(mainPane->treeView()->model()) : nullptr;
    const QAbstractItemModel *tree = treeProxy ? treeProxy->sourceModel() : nullptr;
    if (!podModel || !tree)
        fail(u"cannot find the pod table or the workload tree"_s);

    if (!waitUntil([&] { return podModel->rowCount() >= expected - 5; }, 180000))
        fail(u"the window's pod table did not fill (%1 of %2)"_s.arg(podModel->rowCount()).arg(expected));
    const qint64 windowTableMs = windowTimer.elapsed();
    QHash<QString, int> kinds;
    if (!waitUntil(
            [&] {
                kinds = countKinds(tree);
                return kinds.value(u"Pod"_s) >= expected - 5;
            },
            180000, 100))
        fail(u"the workload tree did not fill (%1 pods of %2)"_s.arg(kinds.value(u"Pod"_s)).arg(expected));
    const qint64 windowTreeMs = windowTimer.elapsed();
    say(u"window: pod table full after %1 ms (%2 rows), workload tree after %3 ms (%4 namespaces, %5 deployments, "
        "%6 replicasets, %7 pods)"_s.arg(windowTableMs)
            .arg(podModel->rowCount())
            .arg(windowTreeMs)
            .arg(kinds.value(u"Namespace"_s))
            .arg(kinds.value(u"Deployment"_s))
            .arg(kinds.value(u"ReplicaSet"_s))
            .arg(kinds.value(u"Pod"_s)));
    waitUntil([] { return false; }, 3000, 100); // let deferred deletions and late batches settle
    const double rss = rssMb();
    say(u"rss with the pod table and the workload tree cached: %1 MB"_s.arg(num(rss)));
    {
        // Where the RSS is: malloc's heap in use vs free in its arenas (resident unless trimmed; workers have their
        // own).
        const struct mallinfo2 heap = mallinfo2();
        say(u"  malloc: %1 MB in use, %2 MB free in the arenas, %3 MB mmapped; list strategy %4"_s.arg(
            num(double(heap.uordblks) / 1048576.0), num(double(heap.fordblks) / 1048576.0),
            num(double(heap.hblkhd) / 1048576.0), qEnvironmentVariable("BINNACLE_LIST_STRATEGY", u"default"_s)));
        if (qEnvironmentVariableIsSet("BROWSE_BENCH_MALLOC_TRIM")) { // what returning the free pages would give
            malloc_trim(0);
            say(u"  rss after malloc_trim(0): %1 MB"_s.arg(num(rssMb())));
        }
    }

    // --- stall under churn, then convergence ----------------------------------------------------------------------
    QElapsedTimer clock;
    clock.start();
    QList<double> lateness;
    qint64 lastTickNs = 0;
    QTimer stallTimer;
    stallTimer.setTimerType(Qt::PreciseTimer);
    stallTimer.setInterval(10);
    QObject::connect(&stallTimer, &QTimer::timeout, &stallTimer, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (lastTickNs)
            lateness << std::max(0.0, double(now - lastTickNs) / 1e6 - 10.0);
        lastTickNs = now;
    });
    auto stallSummary = [&] {
        const double max = lateness.isEmpty() ? 0 : *std::max_element(lateness.cbegin(), lateness.cend());
        return u"%1 ticks, lateness p50 %2 ms, p99 %3 ms, max %4 ms"_s.arg(lateness.size())
            .arg(num(percentile(lateness, 50), 1), num(percentile(lateness, 99), 1), num(max, 1));
    };

    // The same timer with nothing happening first: what the machine and the app's own timers (live Age) cost.
    QHash<QString, double> threads0 = threadCpu();
    QElapsedTimer phase;
    phase.start();
    stallTimer.start();
    waitUntil([] { return false; }, 10000, 1000);
    stallTimer.stop();
    say(u"quiet (no churn, 10 s): %1; CPU by thread: %2"_s.arg(
        stallSummary(), threadShares(threads0, threadCpu(), phase.elapsed() / 1000.0)));
    lateness.clear();
    lastTickNs = 0;

    say(u"churn: %1 pod updates/s for %2 s (cluster.sh churn)"_s.arg(options.churnRate).arg(options.churnSeconds));
    threads0 = threadCpu();
    phase.restart();
    stallTimer.start();
    const ProcessResult churn
        = run(options.clusterScript,
              {u"churn"_s, u"--name"_s, options.clusterName, u"--rate"_s, QString::number(options.churnRate),
               u"--seconds"_s, QString::number(options.churnSeconds)});
    const qint64 churnEndNs = clock.nsecsElapsed();
    stallTimer.stop();
    // The harness's summary line ("churn: N updates (…) … = R/s (target T/s); …"), and how many error lines it printed
    // besides (it fails when a patch failed). churn returns only once the server has answered every patch it sent,
    // so from churnEndNs on the server makes no more churn changes: what follows is Binnacle catching up.
    int churnErrors = 0;
    std::optional<double> churnReached;
    static const QRegularExpression reachedPattern(u"= ([0-9.]+)/s \\(target"_s);
    for (const QByteArray &line : QByteArray(churn.out + churn.err).split('\n')) {
        if (line.contains(" updates (")) {
            say(u"  %1"_s.arg(QString::fromUtf8(line.trimmed())));
            const QRegularExpressionMatch match = reachedPattern.match(QString::fromUtf8(line));
            if (match.hasMatch())
                churnReached = match.captured(1).toDouble();
        } else if (!line.trimmed().isEmpty()) {
            ++churnErrors;
        }
    }
    if (churn.exitCode != 0)
        say(u"  cluster.sh churn exited with %1 (%2 error lines): the cluster did not keep up with every patch"_s
                .arg(churn.exitCode)
                .arg(churnErrors));
    const double stallP50 = percentile(lateness, 50);
    const double stallP99 = percentile(lateness, 99);
    const QString churnRate = churnReached ? num(*churnReached, 1) : u"unknown"_s;
    say(u"stall under churn (reached %1 updates/s of %2/s): %3; CPU by thread: %4"_s.arg(
        churnRate, QString::number(options.churnRate), stallSummary(),
        threadShares(threads0, threadCpu(), phase.elapsed() / 1000.0)));

    // Snapshots of the table every 50 ms from the end of the churn; once the fresh LIST is in, the first snapshot
    // that has caught up with it gives the convergence time.
    say(u"  %1"_s.arg(healthText()));
    // The table is read every 50 ms from the end of the churn; each distinct state is kept as a digest of its
    // namespace/name → resourceVersion pairs. A fresh LIST is then taken (again, if the table has not matched it,
    // for at most 45 s): the first state equal to a LIST gives the convergence time.
    auto digest = [](const QHash<QString, qint64> &pods) {
        quint64 sum = 0;
        for (auto it = pods.cbegin(); it != pods.cend(); ++it)
            sum += quint64(qHash(it.key(), 0x9e3779b9u)) * 0x100000001b3ull
                ^ quint64(it.value()) * 0xff51afd7ed558ccdull;
        return sum ^ quint64(pods.size());
    };
    QList<std::pair<qint64, quint64>> states; // (time, digest) of each distinct state
    QHash<QString, qint64> latest;
    qint64 lastChangeNs = churnEndNs;
    auto takeSnapshot = [&] {
        QHash<QString, qint64> pods = modelPods(*podModel);
        const quint64 d = digest(pods);
        if (!states.isEmpty() && states.constLast().second == d)
            return;
        lastChangeNs = clock.nsecsElapsed();
        states.append({lastChangeNs, d});
        latest = std::move(pods);
    };
    QTimer snapshotTimer;
    snapshotTimer.setTimerType(Qt::PreciseTimer);
    snapshotTimer.setInterval(50);
    QObject::connect(&snapshotTimer, &QTimer::timeout, &snapshotTimer, takeSnapshot);
    takeSnapshot();
    lastChangeNs = churnEndNs;
    snapshotTimer.start();
    std::optional<double> convergeMs;
    int lists = 0;
    qint64 freshListMs = 0;
    while (!convergeMs && (lists == 0 || clock.nsecsElapsed() - churnEndNs < 45'000'000'000)) {
        const QHash<QString, qint64> fresh = kubectlPods(options, &freshListMs);
        ++lists;
        const quint64 want = digest(fresh);
        waitUntil(
            [&] {
                for (const auto &[ns, d] : std::as_const(states)) {
                    if (d == want) {
                        convergeMs = double(ns - churnEndNs) / 1e6;
                        return true;
                    }
                }
                return false;
            },
            5000, 50);
        if (convergeMs)
            break;
        int missing = 0, extra = 0, behind = 0, ahead = 0;
        QString example;
        for (auto it = fresh.cbegin(); it != fresh.cend(); ++it) {
            const auto found = latest.constFind(it.key());
            if (found == latest.cend())
                ++missing;
            else if (found.value() < it.value()) {
                ++behind;
                if (example.isEmpty())
                    example = u"%1 at %2, listed at %3"_s.arg(it.key()).arg(found.value()).arg(it.value());
            } else if (found.value() > it.value())
                ++ahead;
        }
        for (auto it = latest.cbegin(); it != latest.cend(); ++it)
            extra += fresh.contains(it.key()) ? 0 : 1;
        say(u"  LIST %1 (%2 pods, %3 ms) not matched yet %4 s after the churn: the table misses %5, has %6 extra, %7 "
            "behind (%8), %9 ahead; %10"_s.arg(lists)
                .arg(fresh.size())
                .arg(freshListMs)
                .arg(num(double(clock.nsecsElapsed() - churnEndNs) / 1e9, 1))
                .arg(missing)
                .arg(extra)
                .arg(behind)
                .arg(example.isEmpty() ? u"-"_s : example)
                .arg(ahead)
                .arg(healthText()));
    }
    snapshotTimer.stop();
    if (!convergeMs)
        say(u"converge: the pod table did not equal a fresh LIST within 45 s of the churn's end"_s);
    else
        say(u"converge: the pod table equals a fresh LIST %1 ms after the churn ended, polled every 50 ms (LIST %2, "
            "%3 ms; last change seen in the table %4 ms after the end)"_s.arg(num(*convergeMs))
                .arg(lists)
                .arg(freshListMs)
                .arg(num(double(lastChangeNs - churnEndNs) / 1e6)));
    states.clear();
    latest.clear();

    // --- idle -----------------------------------------------------------------------------------------------------
    waitUntil([] { return false; }, 3000, 100);
    const double cpu0 = cpuSeconds();
    threads0 = threadCpu();
    QElapsedTimer idleTimer;
    idleTimer.start();
    waitUntil([] { return false; }, options.idleSeconds * 1000, 1000);
    const double idleCpu = (cpuSeconds() - cpu0) / (double(idleTimer.elapsed()) / 1000.0) * 100.0;
    say(u"idle: %1% of one core over %2 s (by thread: %3), RSS now %4 MB"_s.arg(num(idleCpu, 2))
            .arg(idleTimer.elapsed() / 1000)
            .arg(threadShares(threads0, threadCpu(), idleTimer.elapsed() / 1000.0), num(rssMb())));

    say(u"figures: sync_ratio=%1 rss_mb=%2 stall_p50_ms=%3 stall_p99_ms=%4 churn_per_s=%5 converge_ms=%6 "
        "idle_cpu_pct=%7 sync_ms=%8 kubectl_ms=%9"_s.arg(
            num(syncRatio, 2), num(rss), num(stallP50, 1), num(stallP99, 1), churnRate,
            convergeMs ? num(*convergeMs) : u"timeout"_s, num(idleCpu, 2), num(syncOurs), num(syncKubectl)));
    podPane.reset();
    window.reset();
    return 0;
}
