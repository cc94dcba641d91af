// binnacle: parses the command line without a display (so --help and --version work anywhere),
// then opens the main window.

#include "client/config/kubeconfigloader.h"
#include "firstpaintprobe.h"
#include "ui/mainwindow/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

struct Options
{
    QString kubeconfig;
};

void describeApplication()
{
    QCoreApplication::setOrganizationName(u"Binnacle"_s);
    QCoreApplication::setApplicationName(u"Binnacle"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(BINNACLE_VERSION));
}

// Runs with a QCoreApplication only: --help and --version exit here without touching the display.
Options parseCommandLine(int &argc, char **argv)
{
    QCoreApplication app(argc, argv);
    describeApplication();
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Binnacle, a native Kubernetes cluster explorer."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption kubeconfig(u"kubeconfig"_s, u"Use this kubeconfig file alone (as kubectl --kubeconfig)."_s,
                                        u"FILE"_s);
    parser.addOption(kubeconfig);
    parser.process(app);
    return {parser.value(kubeconfig)};
}

} // namespace

int main(int argc, char **argv)
{
    const Options options = parseCommandLine(argc, argv);

    QApplication app(argc, argv);
    describeApplication();
    QApplication::setDesktopFileName(u"io.github.binnacle.Binnacle"_s);
    QApplication::setWindowIcon(QIcon(u":/binnacle/icons/binnacle.svg"_s));

    binnacle::MainWindow window(binnacle::KubeconfigSources::fromEnvironment(options.kubeconfig));
    if (FirstPaintProbe::requested())
        window.installEventFilter(new FirstPaintProbe(&window));
    window.show();
    return app.exec();
}
