// shoal-qt: the desktop app. Wiring only: arguments, one instance per profile, the app.
#include <shoal/common/free_memory.h>
#include <shoal/common/profile_lock.h>
#include <shoal/engine/ca_lookup.h>
#include <shoal/ui/desktop_app.h>
#include <shoal/ui/main_window.h>
#include <shoal/ui/quit_signals.h>
#include <shoal/ui/single_instance.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QMessageBox>

int main(int argc, char** argv) {
    shoal::limit_retained_memory();
    shoal::engine::use_lazy_ca_lookup();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("shoal-qt"));
    QApplication::setApplicationDisplayName(QStringLiteral("Shoal"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QApplication::setDesktopFileName(QStringLiteral("io.shoal.Shoal"));
    QApplication::setWindowIcon(shoal::ui::app_icon());

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Shoal, a BitTorrent client"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("profile"),
                      QStringLiteral("Profile directory (default: $XDG_DATA_HOME/shoal)."),
                      QStringLiteral("DIR")});
    parser.addPositionalArgument(QStringLiteral("sources"),
                                 QStringLiteral("Magnet links or .torrent files to add."),
                                 QStringLiteral("[SOURCE...]"));
    parser.process(app);
    const std::filesystem::path profile =
        parser.isSet(QStringLiteral("profile"))
            ? std::filesystem::path(parser.value(QStringLiteral("profile")).toStdString())
            : shoal::default_profile_dir();
    QStringList sources;
    for (const auto& s : parser.positionalArguments())
        sources << (QFileInfo::exists(s) ? QFileInfo(s).absoluteFilePath() : s);

    shoal::ui::SingleInstance instance(profile);
    if (instance.hand_over(sources)) return 0;

    auto desktop = shoal::ui::DesktopApp::open({profile, nullptr, true});
    if (!desktop) {
        QMessageBox::critical(nullptr, QStringLiteral("Shoal"),
                              QString::fromStdString(desktop.error().message));
        return 1;
    }
    auto& window = (*desktop)->window();
    QObject::connect(&instance, &shoal::ui::SingleInstance::received, &window,
                     [&window](const QStringList& args) {
                         window.showNormal();
                         window.raise();
                         window.activateWindow();
                         for (const auto& a : args)
                             window.open_source(a);
                     });
    instance.listen();
    shoal::ui::quit_on_signals(&app);
    window.show();
    for (const auto& s : sources)
        window.open_source(s);
    const int rc = QApplication::exec();
    (*desktop)->shutdown();
    return rc;
}
