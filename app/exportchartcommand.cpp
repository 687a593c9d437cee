#include "chartexporter.h"
#include "clicommands.h"
#include "dailyvolumemodel.h"
#include "dashboarddata.h"
#include "database.h"
#include "namedcountmodel.h"

#include <QCommandLineParser>

namespace CliCommands {

int exportChart(
    Database &database, const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("The chart (see --list)."));
    parser.addOptions({
        { QStringLiteral("list"), QStringLiteral("List the charts.") },
        { QStringLiteral("out"), QStringLiteral("Output file: .png, .svg or .pdf."),
            QStringLiteral("FILE") },
        { QStringLiteral("width"), QStringLiteral("Width in pixels (default 1200)."),
            QStringLiteral("W"), QStringLiteral("1200") },
        { QStringLiteral("height"), QStringLiteral("Height in pixels (default 700)."),
            QStringLiteral("H"), QStringLiteral("700") },
        { QStringLiteral("scale"), QStringLiteral("PNG pixels per pixel (default 2)."),
            QStringLiteral("S"), QStringLiteral("2") },
        { QStringLiteral("domain"), QStringLiteral("Only this policy domain."),
            QStringLiteral("DOMAIN") },
        { QStringLiteral("dark"), QStringLiteral("Use the dark theme.") },
    });
    if (!parser.parse(arguments)) {
        err << parser.errorText() << Qt::endl;
        return UsageOrDatabaseError;
    }
    if (parser.isSet(QStringLiteral("list"))) {
        for (auto id : ChartFactory::all())
            out << ChartFactory::name(id).leftJustified(16) << ChartFactory::title(id) << Qt::endl;
        return Success;
    }
    ChartFactory::ChartId id;
    const QStringList names = parser.positionalArguments();
    if (names.size() != 1 || !ChartFactory::fromName(names.first(), &id)
        || !parser.isSet(QStringLiteral("out"))) {
        err << "usage: dmarcscope-cli [--db FILE] export-chart NAME --out FILE.{png,svg,pdf} "
               "[--width W --height H --scale S --domain D --dark]; names: export-chart --list"
            << Qt::endl;
        return UsageOrDatabaseError;
    }
    bool widthOk = false, heightOk = false, scaleOk = false;
    ChartExporter::Options options;
    options.size = QSize(parser.value(QStringLiteral("width")).toInt(&widthOk),
        parser.value(QStringLiteral("height")).toInt(&heightOk));
    options.scale = parser.value(QStringLiteral("scale")).toDouble(&scaleOk);
    options.dark = parser.isSet(QStringLiteral("dark"));
    if (!widthOk || !heightOk || !scaleOk || options.size.width() < 100
        || options.size.height() < 100 || options.size.width() > 10000
        || options.size.height() > 10000 || options.scale < 0.5 || options.scale > 8) {
        err << "width and height must be 100 to 10000 pixels, scale 0.5 to 8" << Qt::endl;
        return UsageOrDatabaseError;
    }

    QSqlDatabase db = database.connection();
    if (!db.isOpen()) {
        err << database.errorString() << Qt::endl;
        return UsageOrDatabaseError;
    }
    QString error;
    const DashboardData data
        = DashboardData::load(db, parser.value(QStringLiteral("domain")), &error);
    if (!error.isEmpty()) {
        err << error << Qt::endl;
        return UsageOrDatabaseError;
    }
    DailyVolumeModel daily;
    NamedCountModel reporters(QStringLiteral("Reporter"));
    NamedCountModel categories(QStringLiteral("Category"));
    daily.setDays(data.daily);
    reporters.setCounts(data.byReporter);
    categories.setCounts(data.byCategory);
    const QString path = parser.value(QStringLiteral("out"));
    if (!ChartExporter::save(id, { &daily, &reporters, &categories }, path, options, &error)) {
        err << error << Qt::endl;
        return UsageOrDatabaseError;
    }
    out << path << Qt::endl;
    return Success;
}

} // namespace CliCommands
