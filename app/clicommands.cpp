#include "clicommands.h"

#include "database.h"
#include "importer.h"
#include "itemroles.h"
#include "mailrecords.h"
#include "reportlistmodel.h"
#include "summary.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include <functional>

namespace CliCommands {

namespace {

// Parses a subcommand's own options. Returns false after printing the reason.
bool parseSubcommand(QCommandLineParser &parser, const QStringList &arguments, QTextStream &err)
{
    parser.addOption({ QStringLiteral("json"), QStringLiteral("Print JSON instead of text.") });
    if (!parser.parse(arguments)) {
        err << parser.errorText() << Qt::endl;
        return false;
    }
    return true;
}

void printJson(QTextStream &out, const QJsonObject &object)
{
    out << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
}

QJsonObject entryToJson(const ImportLogEntry &entry)
{
    QJsonObject object { { QStringLiteral("path"), entry.path },
        { QStringLiteral("outcome"), ImportLogEntry::outcomeName(entry.outcome) },
        { QStringLiteral("reports"), entry.reports },
        { QStringLiteral("duplicates"), entry.duplicates } };
    if (!entry.error.isEmpty())
        object.insert(QStringLiteral("error"), entry.error);
    if (!entry.warnings.isEmpty())
        object.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(entry.warnings));
    return object;
}

} // namespace

QSqlDatabase openOrComplain(Database &database, QTextStream &err)
{
    QSqlDatabase db = database.connection();
    if (!db.isOpen())
        err << database.errorString() << Qt::endl;
    return db;
}

int import(Database &database, const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("path"), QStringLiteral("Files or folders."));
    if (!parseSubcommand(parser, arguments, err))
        return UsageOrDatabaseError;
    const QStringList paths = parser.positionalArguments();
    if (paths.isEmpty()) {
        err << "usage: dmarcscope-cli [--db FILE] import [--json] PATH..." << Qt::endl;
        return UsageOrDatabaseError;
    }
    QSqlDatabase db = openOrComplain(database, err);
    if (!db.isOpen())
        return UsageOrDatabaseError;

    const bool json = parser.isSet(QStringLiteral("json"));
    Importer importer(db);
    QList<ImportLogEntry> entries;
    const auto inputs = importer.collectAndLogMissing(paths, &entries);
    int imported = 0, duplicates = 0, rejected = 0, ignored = 0;
    bool incomplete = false;
    auto count = [&](const ImportLogEntry &entry) {
        imported += entry.reports;
        duplicates += entry.duplicates;
        rejected += entry.outcome == ImportLogEntry::Outcome::Rejected ? 1 : 0;
        ignored += entry.outcome == ImportLogEntry::Outcome::Ignored ? 1 : 0;
        // A partly readable archive is imported but still tells the caller something was lost.
        incomplete |= entry.outcome == ImportLogEntry::Outcome::Rejected
            || (entry.outcome != ImportLogEntry::Outcome::Ignored && !entry.error.isEmpty());
        if (!json) {
            out << ImportLogEntry::outcomeName(entry.outcome).leftJustified(10) << entry.path;
            if (entry.reports + entry.duplicates > 1)
                out << " (" << entry.reports << " new, " << entry.duplicates << " duplicate)";
            if (!entry.error.isEmpty())
                out << ": " << entry.error;
            out << Qt::endl;
            for (const QString &warning : entry.warnings)
                out << "          warning: " << warning << Qt::endl;
        }
    };
    for (const auto &entry : std::as_const(entries))
        count(entry);
    const bool stored = importer.importAll(inputs, [&](const ImportLogEntry &entry) {
        count(entry);
        entries.append(entry);
    });
    if (!stored) {
        err << "cannot write to the database: " << importer.errorString() << Qt::endl;
        return UsageOrDatabaseError;
    }
    if (json) {
        QJsonArray list;
        for (const auto &entry : std::as_const(entries))
            list.append(entryToJson(entry));
        printJson(out,
            QJsonObject { { QStringLiteral("inputs"), list },
                { QStringLiteral("imported"), imported },
                { QStringLiteral("duplicates"), duplicates },
                { QStringLiteral("rejected"), rejected }, { QStringLiteral("ignored"), ignored } });
    } else {
        out << entries.size() << " inputs: " << imported << " reports imported, " << duplicates
            << " duplicates, " << rejected << " inputs rejected, " << ignored << " ignored"
            << Qt::endl;
    }
    return incomplete ? SomeRejected : Success;
}

int summary(Database &database, const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    if (!parseSubcommand(parser, arguments, err))
        return UsageOrDatabaseError;
    QSqlDatabase db = openOrComplain(database, err);
    if (!db.isOpen())
        return UsageOrDatabaseError;
    QString error;
    const Summary summary = Summary::compute(db, &error);
    if (!error.isEmpty()) {
        err << error << Qt::endl;
        return UsageOrDatabaseError;
    }
    if (parser.isSet(QStringLiteral("json"))) {
        printJson(out, summary.toJson());
        return Success;
    }
    out << summary.reports << " aggregate reports, " << summary.records << " records, "
        << summary.messages << " messages" << Qt::endl;
    for (auto it = summary.byResultDisposition.cbegin(); it != summary.byResultDisposition.cend();
         ++it)
        out << "  " << it.key().leftJustified(18) << it.value() << Qt::endl;
    out << "Reporters:" << Qt::endl;
    for (const auto &reporter : summary.reporters)
        out << "  " << reporter.orgName.leftJustified(40) << reporter.reports << " reports, "
            << reporter.messages << " messages" << Qt::endl;
    return Success;
}

int reports(Database &database, const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    if (!parseSubcommand(parser, arguments, err))
        return UsageOrDatabaseError;
    QSqlDatabase db = openOrComplain(database, err);
    if (!db.isOpen())
        return UsageOrDatabaseError;
    ReportListModel model;
    if (!model.reload(db)) {
        err << "cannot read the reports" << Qt::endl;
        return UsageOrDatabaseError;
    }
    const bool json = parser.isSet(QStringLiteral("json"));
    QJsonArray list;
    for (int row = 0; row < model.rowCount(); ++row) {
        auto cell = [&](int column) {
            return model.index(row, column).data();
        };
        if (json) {
            list.append(QJsonObject {
                { QStringLiteral("org_name"), cell(ReportListModel::ReporterColumn).toString() },
                { QStringLiteral("report_id"), cell(ReportListModel::ReportIdColumn).toString() },
                { QStringLiteral("domain"), cell(ReportListModel::DomainColumn).toString() },
                { QStringLiteral("begin"),
                    model.index(row, ReportListModel::BeginColumn)
                        .data(ItemRoles::SortRole)
                        .toLongLong() },
                { QStringLiteral("end"),
                    model.index(row, ReportListModel::EndColumn)
                        .data(ItemRoles::SortRole)
                        .toLongLong() },
                { QStringLiteral("records"),
                    model.index(row, ReportListModel::RecordsColumn)
                        .data(ItemRoles::SortRole)
                        .toLongLong() },
                { QStringLiteral("messages"),
                    model.index(row, ReportListModel::MessagesColumn)
                        .data(ItemRoles::SortRole)
                        .toLongLong() } });
        } else {
            QStringList cells;
            for (int column = 0; column < ReportListModel::ColumnCount; ++column)
                cells.append(cell(column).toString());
            out << cells.join(QLatin1Char('\t')) << Qt::endl;
        }
    }
    if (json)
        printJson(out, QJsonObject { { QStringLiteral("reports"), list } });
    return Success;
}

namespace {

QString formatTime(qint64 seconds)
{
    return seconds == 0
        ? QStringLiteral("-")
        : QDateTime::fromSecsSinceEpoch(seconds, QTimeZone::utc()).toString(Qt::ISODate);
}

// Shared by `bounces` and `failures`: open, load, print as JSON or one line per notice.
template<typename Stored>
int listMail(Database &database, const QStringList &arguments, QTextStream &out, QTextStream &err,
    const QString &key, QList<Stored> (*load)(QSqlDatabase, QString *),
    const std::function<QString(const Stored &)> &line)
{
    QCommandLineParser parser;
    if (!parseSubcommand(parser, arguments, err))
        return UsageOrDatabaseError;
    QSqlDatabase db = openOrComplain(database, err);
    if (!db.isOpen())
        return UsageOrDatabaseError;
    QString error;
    const QList<Stored> list = load(db, &error);
    if (!error.isEmpty()) {
        err << error << Qt::endl;
        return UsageOrDatabaseError;
    }
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const Stored &stored : list)
            array.append(MailRecords::toJson(stored));
        printJson(out, QJsonObject { { key, array } });
    } else {
        for (const Stored &stored : list)
            out << line(stored) << Qt::endl;
    }
    return Success;
}

} // namespace

int bounces(Database &database, const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    return listMail<StoredBounce>(database, arguments, out, err, QStringLiteral("bounces"),
        &MailRecords::loadBounces, [](const StoredBounce &stored) {
            QStringList recipients;
            for (const BounceRecipient &recipient : stored.bounce.recipients)
                recipients.append(recipient.address);
            return QStringList { formatTime(stored.date), stored.bounce.reportingMta,
                stored.bounce.status(), stored.bounce.reason(), recipients.join(QLatin1Char(',')),
                stored.bounce.original.from }
                .join(QLatin1Char('\t'));
        });
}

int failures(Database &database, const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    return listMail<StoredFailure>(database, arguments, out, err, QStringLiteral("failure_reports"),
        &MailRecords::loadFailures, [](const StoredFailure &stored) {
            const FailureReport &f = stored.failure;
            return QStringList { formatTime(f.arrivalDate ? f.arrivalDate : stored.date),
                stored.from, f.sourceIp, f.authFailure, f.deliveryResult, f.original.from }
                .join(QLatin1Char('\t'));
        });
}

} // namespace CliCommands
