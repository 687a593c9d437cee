#include "linkstore.h"

#include "mailrecords.h"
#include "reversedns.h"
#include "transactionguard.h"

#include <QSettings>
#include <QSqlError>
#include <QSqlQuery>

namespace LinkStore {

namespace {

QList<Linker::Row> loadRows(QSqlDatabase db, QString *error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    auto failed = [&] {
        if (error)
            *error = query.lastError().text();
        return QList<Linker::Row>();
    };
    QHash<qint64, QList<DkimSignatureRef>> dkim;
    if (!query.exec(QStringLiteral("SELECT record_ref, domain, selector FROM record_dkim WHERE "
                                   "domain IS NOT NULL")))
        return failed();
    while (query.next())
        dkim[query.value(0).toLongLong()].append(
            { query.value(1).toString().toLower(), query.value(2).toString() });
    QHash<qint64, QString> spf;
    if (!query.exec(QStringLiteral("SELECT record_ref, domain FROM record_spf WHERE ordinal = 0")))
        return failed();
    while (query.next())
        spf.insert(query.value(0).toLongLong(), query.value(1).toString().toLower());
    if (!query.exec(QStringLiteral("SELECT rec.id, r.report_id, r.org_name, r.policy_domain, "
                                   "rec.source_ip, r.date_begin, r.date_end, rec.envelope_from "
                                   "FROM records rec JOIN reports r ON r.id = rec.report_ref")))
        return failed();
    QList<Linker::Row> rows;
    while (query.next()) {
        Linker::Row row;
        row.recordRef = query.value(0).toLongLong();
        row.reportId = query.value(1).toString();
        row.orgName = query.value(2).toString();
        row.policyDomain = query.value(3).toString().toLower();
        row.sourceIp = query.value(4).toString();
        row.begin = query.value(5).toLongLong();
        row.end = query.value(6).toLongLong();
        row.envelopeDomain = query.value(7).toString().toLower();
        if (row.envelopeDomain.isEmpty())
            row.envelopeDomain = spf.value(row.recordRef);
        row.dkim = dkim.value(row.recordRef);
        rows.append(row);
    }
    return rows;
}

QList<LinkView> select(QSqlDatabase db, const QString &where, const QVariant &value, QString *error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral(
            "SELECT m.kind, l.mail_ref, m.message_id, l.record_ref, r.report_id, "
            "r.org_name, rec.source_ip, l.reasons, l.strength, rec.message_count FROM links l JOIN "
            "mail_messages m ON m.id = l.mail_ref JOIN records rec ON rec.id = "
            "l.record_ref JOIN reports r ON r.id = rec.report_ref")
        + where + QStringLiteral(" ORDER BY m.date, l.mail_ref, l.record_ref"));
    if (value.isValid())
        query.addBindValue(value);
    QList<LinkView> links;
    if (!query.exec()) {
        if (error)
            *error = query.lastError().text();
        return links;
    }
    while (query.next()) {
        LinkView link;
        link.kind = query.value(0).toString() == QLatin1String("failure-report")
            ? QStringLiteral("failure")
            : QStringLiteral("bounce");
        link.mailRef = query.value(1).toLongLong();
        link.messageId = query.value(2).toString();
        link.recordRef = query.value(3).toLongLong();
        link.reportId = query.value(4).toString();
        link.orgName = query.value(5).toString();
        link.sourceIp = query.value(6).toString();
        link.reasons = query.value(7).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        link.strength = Linker::Strength(query.value(8).toInt());
        link.messages = query.value(9).toLongLong();
        links.append(link);
    }
    return links;
}

} // namespace

QString strengthName(Linker::Strength strength)
{
    return strength == Linker::Strength::Strong ? QStringLiteral("strong")
                                                : QStringLiteral("medium");
}

qint64 recompute(QSqlDatabase db, QString *error, qint64 dateSlackSeconds)
{
    QList<Linker::Row> rows = loadRows(db, error);
    QHash<QString, QString> names;
    const QHash<QString, ReverseDnsEntry> cache = ReverseDnsCache::load(db);
    for (auto it = cache.cbegin(); it != cache.cend(); ++it)
        if (!it->name.isEmpty())
            names.insert(it.key(), it->name);
    Linker linker(std::move(rows), names);
    linker.setDateSlack(dateSlackSeconds >= 0
            ? dateSlackSeconds
            : QSettings().value(QStringLiteral("links/dateSlackHours"), 6).toLongLong() * 3600);

    QList<Linker::Mail> mails;
    for (const StoredBounce &bounce : MailRecords::loadBounces(db, error))
        mails.append({ bounce.mailRef, false, {}, 0, bounce.bounce.original });
    for (const StoredFailure &failure : MailRecords::loadFailures(db, error))
        mails.append({ failure.mailRef, true, failure.failure.sourceIp, failure.failure.arrivalDate,
            failure.failure.original });

    TransactionGuard transaction(db);
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("DELETE FROM links"))) {
        if (error)
            *error = query.lastError().text();
        return -1;
    }
    query.prepare(QStringLiteral(
        "INSERT INTO links (mail_ref, record_ref, reasons, strength) VALUES (?, ?, ?, ?)"));
    qint64 count = 0;
    for (const Linker::Mail &mail : std::as_const(mails)) {
        for (const Linker::Link &link : linker.linksFor(mail)) {
            query.addBindValue(link.mailRef);
            query.addBindValue(link.recordRef);
            query.addBindValue(link.reasons.join(QLatin1Char(',')));
            query.addBindValue(int(link.strength));
            if (!query.exec()) {
                if (error)
                    *error = query.lastError().text();
                return -1;
            }
            ++count;
        }
    }
    if (!transaction.commit()) {
        if (error)
            *error = db.lastError().text();
        return -1;
    }
    return count;
}

QList<LinkView> load(QSqlDatabase db, QString *error)
{
    return select(db, {}, {}, error);
}

QList<LinkView> forSource(QSqlDatabase db, const QString &ip, QString *error)
{
    return select(db, QStringLiteral(" WHERE rec.source_ip = ?"), ip, error);
}

QList<LinkView> forMail(QSqlDatabase db, qint64 mailRef, QString *error)
{
    return select(db, QStringLiteral(" WHERE l.mail_ref = ?"), mailRef, error);
}

} // namespace LinkStore
