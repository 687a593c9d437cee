#include "clicommands.h"

#include "database.h"
#include "linkstore.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace CliCommands {

int links(Database &database, const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    addDnsOptions(parser);
    parser.addOption({ QStringLiteral("date-slack"),
        QStringLiteral("Hours of slack around a report's range for messages dated only by their "
                       "sender's Date header (default: the setting, 6)."),
        QStringLiteral("HOURS") });
    parser.addOption({ QStringLiteral("summary"),
        QStringLiteral("Print how many notices are linked to how many sources, not each link: "
                       "a busy relay's notices have a thousand rows each on a large store.") });
    if (!parser.parse(arguments)) {
        err << parser.errorText() << Qt::endl;
        return UsageOrDatabaseError;
    }
    QSqlDatabase db = openOrComplain(database, err);
    if (!db.isOpen())
        return UsageOrDatabaseError;
    // The relay-host evidence needs the sources' names.
    if (!lookUpNames(parser, db, err))
        return UsageOrDatabaseError;
    QString error;
    const qint64 slack = parser.isSet(QStringLiteral("date-slack"))
        ? parser.value(QStringLiteral("date-slack")).toLongLong() * 3600
        : -1;
    const qint64 sourceLinks = LinkStore::recompute(db, &error, slack);
    if (sourceLinks < 0) {
        err << "cannot compute the links: " << error << Qt::endl;
        return UsageOrDatabaseError;
    }
    if (parser.isSet(QStringLiteral("summary"))) {
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral(
                "SELECT COUNT(DISTINCT mail_ref), COUNT(DISTINCT source_ip) FROM source_links"))
            || !query.next()) {
            err << query.lastError().text() << Qt::endl;
            return UsageOrDatabaseError;
        }
        out << query.value(0).toLongLong() << " notices linked to " << query.value(1).toLongLong()
            << " sources by " << sourceLinks << " source links" << Qt::endl;
        return Success;
    }
    const QList<LinkStore::LinkView> links = LinkStore::load(db, &error);
    if (!error.isEmpty()) {
        err << error << Qt::endl;
        return UsageOrDatabaseError;
    }
    if (!parser.isSet(QStringLiteral("json"))) {
        for (const LinkStore::LinkView &link : links)
            out << link.kind << '\t' << link.messageId << '\t' << link.orgName << '\t'
                << link.reportId << '\t' << link.sourceIp << '\t'
                << link.reasons.join(QLatin1Char(',')) << '\t'
                << LinkStore::strengthName(link.strength) << Qt::endl;
        return Success;
    }
    QJsonArray list;
    for (const LinkStore::LinkView &link : links)
        list.append(QJsonObject { { QStringLiteral("kind"), link.kind },
            { QStringLiteral("message_id"), link.messageId },
            { QStringLiteral("report_id"), link.reportId },
            { QStringLiteral("org_name"), link.orgName },
            { QStringLiteral("source_ip"), link.sourceIp },
            { QStringLiteral("reasons"), QJsonArray::fromStringList(link.reasons) },
            { QStringLiteral("strength"), LinkStore::strengthName(link.strength) } });
    out << QString::fromUtf8(QJsonDocument(
        QJsonObject { { QStringLiteral("links"),
            list } }).toJson(QJsonDocument::Indented));
    return Success;
}

} // namespace CliCommands
