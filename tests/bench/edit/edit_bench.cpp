// edit_bench: the measuring half of `./dev.sh bench edit` (tests/bench/edit.sh starts the cluster).
//
// On the cluster of --kubeconfig, with a 1 MB ConfigMap of 20,000 lines (20 files of 1,000 lines in its data), side
// by side with kubectl:
//   diff         a one-line change of the editor's text → parse() + jsonPatch() + TextDiff::compute done: what the
//                review before apply costs after each edit (median of --diff-runs, each a different line, each on
//                the text as opened, after a first parse; the breakdown and that first parse are printed too);
//   apply        the JSON Patch of a one-line change (with its resourceVersion test) sent and answered, on a warm
//                connection (median of --apply-runs);
//   kubectl      `kubectl patch --type=json` of the same change, process start to exit (median of --apply-runs).
// Prints readable lines as it goes and, last, `figures: diff_ms=… apply_ms=… kubectl_patch_ms=…`, which edit.sh
// folds into its summary line.

#include "client/config/clusterconfig.h"
#include "client/config/kubeconfigloader.h"
#include "client/discovery/apiresource.h"
#include "client/resources/resourceclient.h"
#include "client/transport/clusterconnection.h"
#include "models/edit/objectedit.h"
#include "models/edit/textdiff.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <optional>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

constexpr int Lines = 20000;

void say(const QString &text)
{
    std::printf("%s\n", qPrintable(text));
    std::fflush(stdout);
}

[[noreturn]] void fail(const QString &text)
{
    std::fprintf(stderr, "edit_bench: %s\n", qPrintable(text));
    std::fflush(stderr);
    std::_Exit(1);
}

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2;
}

QString num(double value)
{
    return QString::number(value, 'f', 1);
}

QString list(const QList<double> &values)
{
    QStringList out;
    for (const double v : values)
        out += num(v);
    return out.join(u' ');
}

// Runs an asynchronous client call and waits for its answer.
template<typename Start> Result<ObjectReply> await(Start &&start)
{
    std::optional<Result<ObjectReply>> outcome;
    QObject context;
    QEventLoop loop;
    start(&context, [&](const Result<ObjectReply> &result) {
        outcome.emplace(result);
        loop.quit();
    });
    if (!outcome) {
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!outcome)
        fail(u"no answer from the server within 60 s"_s);
    return *outcome;
}

ApiResource configMaps()
{
    ApiResource r;
    r.version = u"v1"_s;
    r.resource = u"configmaps"_s;
    r.kind = u"ConfigMap"_s;
    r.namespaced = true;
    r.verbs = {u"get"_s, u"create"_s, u"patch"_s, u"delete"_s};
    return r;
}

constexpr int Files = 20; // data keys, each a file of Lines / Files lines

QString fileKey(int file)
{
    return u"file-%1.conf"_s.arg(file, 2, 10, QChar(u'0'));
}

QString lineText(int line, const QString &setting = u"abcdefghijklmnopqrstuvwxyz012"_s)
{
    return u"line-%1 setting=%2"_s.arg(line, 5, 10, QChar(u'0')).arg(setting);
}

// What a big ConfigMap usually holds: a few files embedded whole. 20 files of 1,000 lines of 50 bytes: 1 MB, and
// 20,000 lines in the editor (each file a literal block).
QJsonObject bigConfigMap(const QString &name, const QString &ns)
{
    QJsonObject data;
    for (int file = 0; file < Files; ++file) {
        QString content;
        for (int i = 0; i < Lines / Files; ++i)
            content += lineText(file * (Lines / Files) + i) + u'\n';
        data.insert(fileKey(file), content);
    }
    return {{u"apiVersion"_s, u"v1"_s},
            {u"kind"_s, u"ConfigMap"_s},
            {u"metadata"_s, QJsonObject {{u"name"_s, name}, {u"namespace"_s, ns}}},
            {u"data"_s, data}};
}

// `text` (the editor's, or a file's content) with line `line` of the data changed: a one-line edit.
QString edited(const QString &text, int line, const QString &setting)
{
    const QString prefix = lineText(line).section(u' ', 0, 0) + u' ';
    const qsizetype at = text.indexOf(prefix);
    if (at < 0)
        fail(u"no line %1 in the text"_s.arg(line));
    const qsizetype end = text.indexOf(u'\n', at);
    QString copy = text;
    copy.replace(at, end - at, lineText(line, setting));
    return copy;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption kubeconfigOption(u"kubeconfig"_s, u"The cluster's kubeconfig."_s, u"file"_s);
    const QCommandLineOption kubectlOption(u"kubectl"_s, u"kubectl to compare with."_s, u"path"_s, u"kubectl"_s);
    const QCommandLineOption namespaceOption(u"namespace"_s, u"Where the ConfigMap goes."_s, u"name"_s, u"default"_s);
    const QCommandLineOption diffRunsOption(u"diff-runs"_s, u"One-line changes measured."_s, u"n"_s, u"15"_s);
    const QCommandLineOption applyRunsOption(u"apply-runs"_s, u"Patches sent, each way."_s, u"n"_s, u"7"_s);
    parser.addOptions({kubeconfigOption, kubectlOption, namespaceOption, diffRunsOption, applyRunsOption});
    parser.process(app);
    const QString kubeconfigPath = parser.value(kubeconfigOption);
    const QString kubectl = parser.value(kubectlOption);
    const QString ns = parser.value(namespaceOption);
    const int diffRuns = qMax(1, parser.value(diffRunsOption).toInt());
    const int applyRuns = qMax(1, parser.value(applyRunsOption).toInt());
    if (kubeconfigPath.isEmpty())
        fail(u"--kubeconfig is required"_s);

    const Result<Kubeconfig> kubeconfig = KubeconfigLoader(KubeconfigSources {kubeconfigPath, {}, {}}).load();
    if (!kubeconfig)
        fail(kubeconfig.error().toString());
    const Result<ClusterConfig> config = ClusterConfig::fromKubeconfig(kubeconfig.value(), kubeconfig->currentContext);
    if (!config)
        fail(config.error().toString());
    ClusterConnection connection(config.value());
    const ResourceClient client(&connection);
    const ApiResource resource = configMaps();
    const QString name = u"edit-bench-big"_s;

    // --- the object ----------------------------------------------------------------------------------------------
    (void)await([&](QObject *c, auto d) { client.remove(resource, ns, name, {}, c, d); });
    const Result<ObjectReply> created
        = await([&](QObject *c, auto d) { client.create(resource, ns, bigConfigMap(name, ns), {}, c, d); });
    if (!created)
        fail(u"creating the ConfigMap: "_s + created.error().message());
    Result<ObjectReply> fetched = await([&](QObject *c, auto d) { client.get(resource, ns, name, c, d); });
    if (!fetched)
        fail(u"reading the ConfigMap: "_s + fetched.error().message());
    QJsonObject current = fetched->object;

    const ObjectEdit opened(resource, current);
    const QByteArray yaml = opened.text();
    const QString baseText = QString::fromUtf8(yaml); // what the editor holds
    say(u"ConfigMap %1/%2: %3 lines, %4 bytes of YAML"_s.arg(ns, name).arg(yaml.count('\n')).arg(yaml.size()));

    // The first reading of the text, when the editor opens it (before it has anything to remember, see YamlSections).
    QElapsedTimer cold;
    cold.start();
    if (!opened.parse(yaml))
        fail(u"the editor's own text does not parse"_s);
    say(u"first parse of the whole text: %1 ms"_s.arg(num(cold.nsecsElapsed() / 1e6)));

    // --- diff: one-line change → parse + JSON Patch + line diff ---------------------------------------------------
    QList<double> total, parseMs, patchMs, diffMs;
    for (int run = -1; run < diffRuns; ++run) { // run -1 warms up
        const int line = (run + 2) * (Lines / (diffRuns + 2));
        const QString text = edited(baseText, line, u"changed-%1"_s.arg(run + 1));
        QElapsedTimer timer;
        timer.start();
        const Result<ObjectEdit::Parsed> parsed = opened.parse(text.toUtf8());
        const qint64 t1 = timer.nsecsElapsed();
        if (!parsed)
            fail(u"parse: "_s + parsed.error().toString());
        const QJsonArray patch = opened.jsonPatch(parsed->object);
        const qint64 t2 = timer.nsecsElapsed();
        const TextDiff diff = TextDiff::compute(baseText, text);
        const qint64 t3 = timer.nsecsElapsed();
        if (patch.size() != 2 || diff.added() != 1 || diff.removed() != 1)
            fail(u"a one-line change gave %1 operations and +%2 -%3 lines"_s.arg(patch.size())
                     .arg(diff.added())
                     .arg(diff.removed()));
        if (run < 0)
            continue;
        total += t3 / 1e6;
        parseMs += t1 / 1e6;
        patchMs += (t2 - t1) / 1e6;
        diffMs += (t3 - t2) / 1e6;
    }
    const double diffMedian = median(total);
    say(u"diff: median %1 ms (parse %2, jsonPatch %3, TextDiff %4) over %5 runs: %6"_s
            .arg(num(diffMedian), num(median(parseMs)), num(median(patchMs)), num(median(diffMs)))
            .arg(diffRuns)
            .arg(list(total)));

    // --- apply: the JSON Patch round trip ------------------------------------------------------------------------
    QList<double> applyMs;
    for (int run = -1; run < applyRuns; ++run) { // run -1 warms the connection
        const ObjectEdit edit(resource, current);
        const QString text = edited(QString::fromUtf8(edit.text()), 100 + run + 1, u"applied-%1"_s.arg(run + 1));
        const Result<ObjectEdit::Parsed> parsed = edit.parse(text.toUtf8());
        if (!parsed)
            fail(u"parse: "_s + parsed.error().toString());
        const QByteArray body = QJsonDocument(edit.jsonPatch(parsed->object)).toJson(QJsonDocument::Compact);
        QElapsedTimer timer;
        timer.start();
        const Result<ObjectReply> reply
            = await([&](QObject *c, auto d) { client.patch(resource, ns, name, PatchType::Json, body, {}, c, d); });
        const double ms = timer.nsecsElapsed() / 1e6;
        if (!reply)
            fail(u"patch: "_s + reply.error().message());
        current = reply->object;
        if (run >= 0)
            applyMs += ms;
    }
    const double applyMedian = median(applyMs);
    say(u"apply (JSON Patch with the resourceVersion test): median %1 ms over %2 runs: %3"_s.arg(num(applyMedian))
            .arg(applyRuns)
            .arg(list(applyMs)));

    // --- kubectl patch of the same change -------------------------------------------------------------------------
    QList<double> kubectlMs;
    for (int run = -1; run < applyRuns; ++run) { // run -1 fills kubectl's discovery cache
        // The same change as the editor's: the file's whole value replaced, one line of it different.
        const int line = 300 + run + 1;
        const QString file = fileKey(line / (Lines / Files));
        const QString value
            = edited(current.value(u"data"_s).toObject().value(file).toString(), line, u"kubectl-%1"_s.arg(run + 1));
        const QJsonArray ops {
            QJsonObject {{u"op"_s, u"replace"_s}, {u"path"_s, QString(u"/data/"_s + file)}, {u"value"_s, value}}};
        QProcess process;
        QElapsedTimer timer;
        timer.start();
        process.start(kubectl,
                      {u"--kubeconfig"_s, kubeconfigPath, u"patch"_s, u"configmap"_s, name, u"-n"_s, ns,
                       u"--type=json"_s, u"-p"_s,
                       QString::fromUtf8(QJsonDocument(ops).toJson(QJsonDocument::Compact))});
        if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
            fail(u"kubectl patch failed: "_s + QString::fromUtf8(process.readAllStandardError()));
        if (run >= 0)
            kubectlMs += timer.nsecsElapsed() / 1e6;
        QJsonObject data = current.value(u"data"_s).toObject();
        data.insert(file, value);
        current.insert(u"data"_s, data);
    }
    const double kubectlMedian = median(kubectlMs);
    say(u"kubectl patch --type=json: median %1 ms over %2 runs: %3"_s.arg(num(kubectlMedian))
            .arg(applyRuns)
            .arg(list(kubectlMs)));

    (void)await([&](QObject *c, auto d) { client.remove(resource, ns, name, {}, c, d); });
    say(u"figures: diff_ms=%1 apply_ms=%2 kubectl_patch_ms=%3"_s.arg(num(diffMedian), num(applyMedian),
                                                                     num(kubectlMedian)));
    return 0;
}
