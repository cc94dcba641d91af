// edit_bench: the measuring half of `./dev.sh bench edit` (tests/bench/edit.sh starts the cluster).
//
// Creates a ConfigMap of --lines keys (about 1 MB), opens it in a real EditorTab in a BottomDock, and measures
// open → editable, per-keystroke latency, the review's analysis after a one-line change, and Apply → the server's
// answer shown, beside `kubectl patch` of the same change. Prints readable lines and, last,
// `edit: open_ms=… type_p99_ms=… diff_ms=… apply_ms=… kubectl_patch_ms=…` (medians over --runs; p99 of keystrokes).

#include "client/config/kubeconfigloader.h"
#include "client/session/clustersession.h"
#include "ui/dock/bottomdock.h"
#include "ui/editor/editortab.h"
#include "ui/editor/reviewview.h"
#include "ui/editor/yamleditor.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QPushButton>
#include <QTest>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace binnacle;

namespace {

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    const qsizetype index = std::min(values.size() - 1, qsizetype(p * double(values.size() - 1) + 0.5));
    return values.at(index);
}

double median(const QList<double> &values)
{
    return percentile(values, 0.5);
}

void line(const QString &text)
{
    std::fprintf(stdout, "%s\n", qPrintable(text));
    std::fflush(stdout);
}

bool waitFor(const std::function<bool()> &condition, int timeoutMs = 60000)
{
    return QTest::qWaitFor(condition, timeoutMs);
}

QByteArray kubectl(const QString &kubeconfig, const QStringList &args, const QByteArray &input = {})
{
    QProcess process;
    process.start(u"kubectl"_s, QStringList {u"--kubeconfig"_s, kubeconfig} + args);
    process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(120000);
    if (process.exitCode() != 0)
        qFatal("kubectl %s: %s", qPrintable(args.join(u' ')), process.readAllStandardError().constData());
    return process.readAllStandardOutput();
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({u"kubeconfig"_s, u"kubeconfig"_s, u"file"_s});
    parser.addOption({u"lines"_s, u"keys of the ConfigMap"_s, u"n"_s, u"20000"_s});
    parser.addOption({u"runs"_s, u"repetitions"_s, u"n"_s, u"5"_s});
    parser.process(app);
    const QString kubeconfig = parser.value(u"kubeconfig"_s);
    const int lines = parser.value(u"lines"_s).toInt();
    const int runs = parser.value(u"runs"_s).toInt();

    // The object: `lines` keys of 40 characters each, created with kubectl (no last-applied copy).
    QJsonObject data;
    for (int i = 0; i < lines; ++i)
        data.insert(u"key-%1"_s.arg(i, 5, 10, QChar(u'0')),
                    u"value-%1-abcdefghijklmnopqrstuvwx"_s.arg(i, 5, 10, QChar(u'0')));
    const QJsonObject configMap {{u"apiVersion"_s, u"v1"_s},
                                 {u"kind"_s, u"ConfigMap"_s},
                                 {u"metadata"_s, QJsonObject {{u"name"_s, u"big"_s}, {u"namespace"_s, u"default"_s}}},
                                 {u"data"_s, data}};
    const QByteArray json = QJsonDocument(configMap).toJson(QJsonDocument::Compact);
    kubectl(kubeconfig, {u"delete"_s, u"configmap"_s, u"big"_s, u"-n"_s, u"default"_s, u"--ignore-not-found"_s});
    kubectl(kubeconfig, {u"create"_s, u"-f"_s, u"-"_s}, json);
    line(u"ConfigMap default/big: %1 keys, %2 KB of JSON"_s.arg(lines).arg(json.size() / 1024));

    const Result<Kubeconfig> loaded = KubeconfigLoader(KubeconfigSources {kubeconfig, {}, {}}).load();
    if (!loaded)
        qFatal("kubeconfig: %s", qPrintable(loaded.error().toString()));
    const Result<ClusterConfig> config = ClusterConfig::fromKubeconfig(loaded.value(), loaded->currentContext);
    if (!config)
        qFatal("context: %s", qPrintable(config.error().toString()));
    ClusterSession session(config.value(), nullptr);
    session.connectToCluster();
    if (!waitFor([&] { return session.mapper().find(u"configmaps"_s).has_value(); }))
        qFatal("no discovery: %s", qPrintable(session.stateMessage()));
    const ApiResource configMaps = *session.mapper().find(u"configmaps"_s);

    BottomDock dock;
    dock.resize(1400, 800);
    dock.show();
    (void)QTest::qWaitForWindowExposed(&dock);
    dock.activateWindow(); // Ctrl+S is a shortcut: it needs an active window
    if (!QTest::qWaitForWindowActive(&dock))
        qFatal("the window did not become active");
    const DraftStore drafts;
    QList<double> open, diff, apply, kubectlPatch, keystrokes;
    const int middle = lines / 2 + 5;
    for (int run = 0; run < runs; ++run) {
        EditorTab::Target target {config->contextName, configMaps, u"default"_s, u"big"_s};
        QElapsedTimer timer;
        timer.start();
        auto *tab = qobject_cast<EditorTab *>(dock.open(new EditorTab(&session, target, &drafts)));
        if (!waitFor([tab] { return tab->mode() == EditorTab::Mode::Editing; }))
            qFatal("the editor did not open: %s", qPrintable(tab->message()));
        open << double(timer.nsecsElapsed()) / 1e6;
        YamlEditor *editor = tab->editor();
        editor->setFocus();
        dock.activateWindow();
        (void)QTest::qWaitForWindowActive(&dock);

        // Typing in the middle: each key handled and painted before the next.
        editor->setCursorPosition(middle, int(editor->text(middle).size()) - 1);
        for (int i = 0; i < 60; ++i) {
            timer.restart();
            QTest::keyClick(editor, Qt::Key(Qt::Key_A + (i % 26)));
            editor->viewport()->repaint();
            keystrokes << double(timer.nsecsElapsed()) / 1e6;
        }
        QTest::qWait(400); // the as-you-type check runs (off the GUI thread) once typing pauses

        // The review's analysis of that one-line change, on its own.
        QElapsedTimer analysis;
        analysis.start();
        QTest::keyClick(editor, Qt::Key_S, Qt::ControlModifier);
        if (!waitFor([tab] { return tab->mode() == EditorTab::Mode::Reviewing; }))
            qFatal("no review: %s", qPrintable(tab->message()));
        diff << double(analysis.nsecsElapsed()) / 1e6;

        timer.restart();
        QTest::mouseClick(tab->reviewView()->findChild<QPushButton *>(u"reviewApply"_s), Qt::LeftButton);
        if (!waitFor([tab] { return tab->message().startsWith(u"Applied"_s); }))
            qFatal("not applied: %s", qPrintable(tab->message()));
        apply << double(timer.nsecsElapsed()) / 1e6;
        dock.close(tab);
        QCoreApplication::processEvents();

        timer.restart();
        kubectl(kubeconfig,
                {u"patch"_s, u"configmap"_s, u"big"_s, u"-n"_s, u"default"_s, u"--type=json"_s, u"-p"_s,
                 u"[{\"op\":\"replace\",\"path\":\"/data/key-%1\",\"value\":\"kubectl-%2\"}]"_s
                     .arg(middle, 5, 10, QChar(u'0'))
                     .arg(run)});
        kubectlPatch << double(timer.nsecsElapsed()) / 1e6;
        line(u"run %1: open %2 ms, review %3 ms, apply %4 ms, kubectl patch %5 ms"_s.arg(run + 1)
                 .arg(open.last(), 0, 'f', 1)
                 .arg(diff.last(), 0, 'f', 1)
                 .arg(apply.last(), 0, 'f', 1)
                 .arg(kubectlPatch.last(), 0, 'f', 1));
    }
    line(u"keystrokes: p50 %1 ms, p99 %2 ms over %3"_s.arg(percentile(keystrokes, 0.5), 0, 'f', 2)
             .arg(percentile(keystrokes, 0.99), 0, 'f', 2)
             .arg(keystrokes.size()));
    line(u"edit: open_ms=%1 type_p99_ms=%2 diff_ms=%3 apply_ms=%4 kubectl_patch_ms=%5"_s.arg(median(open), 0, 'f', 0)
             .arg(percentile(keystrokes, 0.99), 0, 'f', 1)
             .arg(median(diff), 0, 'f', 0)
             .arg(median(apply), 0, 'f', 0)
             .arg(median(kubectlPatch), 0, 'f', 0));
    return 0;
}
