#include "database.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QSettings>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("dmarcscope"));
    QApplication::setOrganizationName(QStringLiteral("dmarcscope"));
    QApplication::setApplicationDisplayName(QStringLiteral("DMARC Scope"));
    QApplication::setApplicationVersion(QStringLiteral(DMARCSCOPE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("dmarcscope"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Who sends mail in your domain's name"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({ QStringLiteral("db"),
        QStringLiteral("The SQLite database file (default: the last one opened)."),
        QStringLiteral("FILE") });
    parser.addOption({ QStringLiteral("no-sample"),
        QStringLiteral("Do not load the sample scenario into an empty database.") });
    parser.addOption({ QStringLiteral("page"),
        QStringLiteral(
            "Open on this page: overview, sources, reports, bounces, failures, campaigns or log."),
        QStringLiteral("PAGE") });
    parser.addPositionalArgument(
        QStringLiteral("path"), QStringLiteral("Reports to import."), QStringLiteral("[PATH...]"));
    parser.process(app);

    // The database given, else the one used last, else the default in the XDG data folder.
    QString location = parser.value(QStringLiteral("db"));
    if (location.isEmpty())
        location = QSettings()
                       .value(QStringLiteral("database/last"), Database::defaultLocation())
                       .toString();
    MainWindow window(location);
    // After the window: its library registers the resources the icon comes from.
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/dmarcscope.svg")));
    if (parser.isSet(QStringLiteral("page")))
        window.showPage(parser.value(QStringLiteral("page")));
    window.show();
    if (!parser.positionalArguments().isEmpty())
        window.importPaths(parser.positionalArguments());
    else if (!parser.isSet(QStringLiteral("no-sample")))
        window.loadSampleIfEmpty();
    return app.exec();
}
