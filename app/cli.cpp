// dmarcscope-cli: the same core as the GUI, for scripts and servers.

#include "clicommands.h"
#include "database.h"

#include <QApplication>
#include <QTextStream>

#include <cstdio>
#include <cstring>
#include <memory>

namespace {

void usage(QTextStream &out)
{
    out << "usage: dmarcscope-cli [--db FILE] COMMAND [OPTIONS]\n\n"
           "Commands:\n"
           "  import [--json] PATH...   read reports and mail (.xml, .xml.gz, .gz, .zip, .eml, "
           "mbox, Maildir, folders)\n"
           "  summary [--json]          totals: reports, records, messages, results, reporters, "
           "mail\n"
           "  reports [--json]          list the stored aggregate reports\n"
           "  bounces [--json]          list the bounces with their returned messages\n"
           "  failures [--json]         list the failure reports (RFC 6591/9991)\n"
           "  inspect [--json] PATH...  say what each mail message is, without storing it\n"
           "  sources [--json] [--nameserver IP] [--timeout S] [--no-dns]\n"
           "                            every source IP: reverse DNS, organisation, category\n"
           "  links [--json | --summary] [--nameserver IP] [--timeout S] [--no-dns]\n"
           "                            bounces and failure reports linked to aggregate rows\n"
           "  check-dns DOMAIN [--json] [--nameserver IP]\n"
           "                            the domain's DMARC, SPF and DKIM records, judged\n"
           "  sync --host H [--port P] [--security tls|starttls] --user U [--folder F]...\n"
           "       [--ca-file PEM] [--pin SHA256] [--password-stdin] [--mark-read]\n"
           "       [--move-to F] [--watch] [--json]\n"
           "                            read IMAP folders (password: keyring,\n"
           "                            DMARCSCOPE_IMAP_PASSWORD or --password-stdin)\n"
           "  export-chart NAME --out FILE.{png,svg,pdf} [--width W --height H --scale S]\n"
           "                            render a chart without a display; --list names them\n\n"
           "--db FILE defaults to $XDG_DATA_HOME/dmarcscope/dmarcscope.sqlite.\n"
           "Exit status: 0 all read, 1 some input rejected, 2 usage or database error,\n"
           "3 (sync) the mailbox could not be read to its end.\n";
    out.flush();
}

} // namespace

// Charts are widgets and need a QApplication; everything else runs without any display.
std::unique_ptr<QCoreApplication> makeApplication(int &argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "export-chart") == 0) {
            if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
            return std::make_unique<QApplication>(argc, argv);
        }
    }
    return std::make_unique<QCoreApplication>(argc, argv);
}

int main(int argc, char **argv)
{
    const auto app = makeApplication(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("dmarcscope"));
    QCoreApplication::setOrganizationName(QStringLiteral("dmarcscope"));
    QTextStream out(stdout);
    QTextStream err(stderr);

    // Global options come before the command; everything after it belongs to the command.
    QStringList arguments = QCoreApplication::arguments();
    QString location = Database::defaultLocation();
    int at = 1;
    while (at < arguments.size() && arguments.at(at).startsWith(QLatin1Char('-'))) {
        const QString option = arguments.at(at);
        if ((option == QLatin1String("--db")) && at + 1 < arguments.size()) {
            location = arguments.at(at + 1);
            at += 2;
        } else if (option.startsWith(QLatin1String("--db="))) {
            location = option.mid(5);
            ++at;
        } else if (option == QLatin1String("--help") || option == QLatin1String("-h")) {
            usage(out);
            return CliCommands::Success;
        } else {
            err << "unknown option " << option << Qt::endl;
            usage(err);
            return CliCommands::UsageOrDatabaseError;
        }
    }
    if (at >= arguments.size()) {
        usage(err);
        return CliCommands::UsageOrDatabaseError;
    }
    const QString command = arguments.at(at);
    // The subcommand parser sees "command args...", like a program of its own.
    const QStringList rest = arguments.mid(at);
    Database database(location);
    if (command == QLatin1String("import"))
        return CliCommands::import(database, rest, out, err);
    if (command == QLatin1String("summary"))
        return CliCommands::summary(database, rest, out, err);
    if (command == QLatin1String("reports"))
        return CliCommands::reports(database, rest, out, err);
    if (command == QLatin1String("check-dns"))
        return CliCommands::checkDns(database, rest, out, err);
    if (command == QLatin1String("links"))
        return CliCommands::links(database, rest, out, err);
    if (command == QLatin1String("sources"))
        return CliCommands::sources(database, rest, out, err);
    if (command == QLatin1String("sync"))
        return CliCommands::sync(database, rest, out, err);
    if (command == QLatin1String("inspect"))
        return CliCommands::inspect(rest, out, err);
    if (command == QLatin1String("bounces"))
        return CliCommands::bounces(database, rest, out, err);
    if (command == QLatin1String("failures"))
        return CliCommands::failures(database, rest, out, err);
    if (command == QLatin1String("export-chart")) {
        if (!qobject_cast<QApplication *>(app.get())) {
            err << "export-chart must be the command, after the global options" << Qt::endl;
            return CliCommands::UsageOrDatabaseError;
        }
        return CliCommands::exportChart(database, rest, out, err);
    }
    err << "unknown command " << command << Qt::endl;
    usage(err);
    return CliCommands::UsageOrDatabaseError;
}
