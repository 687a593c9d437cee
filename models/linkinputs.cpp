#include "linkinputs.h"

#include <QSqlError>
#include <QSqlQuery>

namespace LinkInputs {

namespace {

const char RowJoin[] = " FROM records rec JOIN reports r ON r.id = rec.report_ref";
const char RowFilterSql[] = " WHERE rec.id > ? AND r.date_end >= ? AND r.date_begin <= ?";

void bindFilter(QSqlQuery &query, const RowFilter &filter)
{
    query.addBindValue(filter.afterRecord);
    query.addBindValue(filter.from);
    query.addBindValue(filter.to);
}

} // namespace

Ranges loadRanges(QSqlDatabase db, const RowFilter &filter, QString *error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    auto run = [&](const QString &sql) {
        query.prepare(sql);
        bindFilter(query, filter);
        if (query.exec())
            return true;
        if (error)
            *error = query.lastError().text();
        return false;
    };
    // Rows of one source in reports of the same range are alike to the linker: a busy relay's
    // thousand rows a day, one per reporter, are one range.
    Ranges ranges;
    if (!run(QStringLiteral("SELECT DISTINCT rec.source_ip, r.date_begin, r.date_end")
            + QLatin1String(RowJoin) + QLatin1String(RowFilterSql)))
        return {};
    while (query.next())
        ranges.addresses.append({ query.value(0).toString(), query.value(1).toLongLong(),
            query.value(2).toLongLong() });
    // A signature in the policy domain's own name is kept with its selector, a third party's
    // without: only a forged selector links to the own domain's rows.
    if (!run(QStringLiteral(
                 "SELECT DISTINCT rec.source_ip, LOWER(d.domain), CASE WHEN LOWER(d.domain) = "
                 "LOWER(r.policy_domain) THEN LOWER(d.selector) ELSE '' END, r.date_begin, "
                 "r.date_end FROM record_dkim d JOIN records rec ON rec.id = d.record_ref JOIN "
                 "reports r ON r.id = rec.report_ref")
            + QLatin1String(RowFilterSql)
            + QStringLiteral(" AND d.domain IS NOT NULL AND d.domain <> ''")))
        return {};
    while (query.next())
        ranges.signatures.append({ query.value(0).toString(), query.value(1).toString(),
            query.value(2).toString(), query.value(3).toLongLong(), query.value(4).toLongLong() });
    return ranges;
}

QList<Linker::Mail> loadMails(QSqlDatabase db, qint64 afterMail, qint64 upToMail, QString *error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    auto failed = [&] {
        if (error)
            *error = query.lastError().text();
        return QList<Linker::Mail>();
    };
    // Each of the three reads covers the same id range.
    auto runRange = [&](const QString &sql) {
        query.prepare(sql);
        query.addBindValue(afterMail);
        query.addBindValue(upToMail);
        return query.exec();
    };
    QList<Linker::Mail> mails;
    QHash<qint64, qsizetype> index;
    if (!runRange(QStringLiteral(
            "SELECT m.id, m.kind, o.from_address, o.date, f.source_ip, f.arrival_date FROM "
            "mail_messages m LEFT JOIN original_messages o ON o.mail_ref = m.id LEFT JOIN "
            "failure_reports f ON f.mail_ref = m.id WHERE m.kind IN ('bounce', 'failure-report') "
            "AND m.id > ? AND m.id <= ? ORDER BY m.id")))
        return failed();
    while (query.next()) {
        Linker::Mail mail;
        mail.mailRef = query.value(0).toLongLong();
        mail.failureReport = query.value(1).toString() == QLatin1String("failure-report");
        mail.original.from = query.value(2).toString();
        mail.original.date = query.value(3).toLongLong();
        mail.sourceIp = query.value(4).toString();
        mail.arrival = query.value(5).toLongLong();
        index.insert(mail.mailRef, mails.size());
        mails.append(std::move(mail));
    }
    if (!runRange(QStringLiteral("SELECT mail_ref, from_host, ip, by_host, time FROM "
                                 "original_received WHERE mail_ref > ? AND mail_ref <= ? "
                                 "ORDER BY mail_ref, ordinal")))
        return failed();
    while (query.next()) {
        const auto at = index.constFind(query.value(0).toLongLong());
        if (at == index.cend())
            continue;
        ReceivedHop hop;
        hop.fromHost = query.value(1).toString();
        hop.ip = query.value(2).toString();
        hop.byHost = query.value(3).toString();
        hop.time = query.value(4).toLongLong();
        mails[*at].original.received.append(std::move(hop));
    }
    if (!runRange(QStringLiteral("SELECT mail_ref, domain, selector FROM original_dkim WHERE "
                                 "mail_ref > ? AND mail_ref <= ? ORDER BY mail_ref, ordinal")))
        return failed();
    while (query.next()) {
        const auto at = index.constFind(query.value(0).toLongLong());
        if (at != index.cend())
            mails[*at].original.dkim.append(
                { query.value(1).toString(), query.value(2).toString() });
    }
    return mails;
}

std::pair<qint64, qint64> timeSpan(const QList<Linker::Mail> &mails)
{
    qint64 first = std::numeric_limits<qint64>::max();
    qint64 last = std::numeric_limits<qint64>::min();
    auto see = [&](qint64 time) {
        if (time > 0) {
            first = qMin(first, time);
            last = qMax(last, time);
        }
    };
    for (const Linker::Mail &mail : mails) {
        see(mail.original.date);
        see(mail.arrival);
        for (const ReceivedHop &hop : mail.original.received)
            see(hop.time);
    }
    return { first, last };
}

qint64 maxId(QSqlDatabase db, const QString &table)
{
    QSqlQuery query(db);
    if (!query.exec(QLatin1String("SELECT COALESCE(MAX(id), 0) FROM ") + table) || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

} // namespace LinkInputs
