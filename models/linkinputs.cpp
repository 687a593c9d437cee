#include "linkinputs.h"

#include <QSqlError>
#include <QSqlQuery>

namespace LinkInputs {

namespace {

const char RowJoin[] = " FROM records rec JOIN reports r ON r.id = rec.report_ref "
                       "WHERE rec.id > ? AND r.date_end >= ? AND r.date_begin <= ?";

void bindFilter(QSqlQuery &query, const RowFilter &filter)
{
    query.addBindValue(filter.afterRecord);
    query.addBindValue(filter.from);
    query.addBindValue(filter.to);
}

} // namespace

QList<Linker::Row> loadRows(QSqlDatabase db, const RowFilter &filter, QString *error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    auto failed = [&] {
        if (error)
            *error = query.lastError().text();
        return QList<Linker::Row>();
    };
    QHash<qint64, QList<DkimSignatureRef>> dkim;
    query.prepare(QStringLiteral("SELECT d.record_ref, d.domain, d.selector FROM record_dkim d "
                                 "JOIN records rec ON rec.id = d.record_ref JOIN reports r ON "
                                 "r.id = rec.report_ref WHERE d.domain IS NOT NULL AND rec.id > ? "
                                 "AND r.date_end >= ? AND r.date_begin <= ?"));
    bindFilter(query, filter);
    if (!query.exec())
        return failed();
    while (query.next())
        dkim[query.value(0).toLongLong()].append(
            { query.value(1).toString().toLower(), query.value(2).toString() });
    query.prepare(QStringLiteral("SELECT rec.id, rec.report_ref, r.report_id, r.org_name, "
                                 "r.policy_domain, rec.source_ip, r.date_begin, r.date_end, "
                                 "COALESCE(NULLIF(rec.envelope_from, ''), (SELECT s.domain FROM "
                                 "record_spf s WHERE s.record_ref = rec.id AND s.ordinal = 0))")
        + QLatin1String(RowJoin));
    bindFilter(query, filter);
    if (!query.exec())
        return failed();
    // A report's strings are shared by its rows (implicit sharing), not copied per row.
    struct Report
    {
        QString reportId, orgName, policyDomain;
    };
    QHash<qint64, Report> reports;
    QList<Linker::Row> rows;
    while (query.next()) {
        Linker::Row row;
        row.recordRef = query.value(0).toLongLong();
        const qint64 reportRef = query.value(1).toLongLong();
        auto report = reports.find(reportRef);
        if (report == reports.end())
            report = reports.insert(reportRef,
                { query.value(2).toString(), query.value(3).toString(),
                    query.value(4).toString().toLower() });
        row.reportId = report->reportId;
        row.orgName = report->orgName;
        row.policyDomain = report->policyDomain;
        row.sourceIp = query.value(5).toString();
        row.begin = query.value(6).toLongLong();
        row.end = query.value(7).toLongLong();
        row.envelopeDomain = query.value(8).toString().toLower();
        row.dkim = dkim.take(row.recordRef);
        rows.append(std::move(row));
    }
    return rows;
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
