#include "evidencemodel.h"

#include "itemroles.h"
#include "linkstore.h"
#include "maildescription.h"
#include "mailflags.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

EvidenceModel::EvidenceModel(QObject *parent)
    : RowTableModel(ColumnCount, parent)
{ }

namespace {

bool failed(const QSqlQuery &query, QString *error)
{
    if (error)
        *error = query.lastError().text();
    return false;
}

Evidence noEvidence(const QSqlQuery &query, QString *error)
{
    failed(query, error);
    return {};
}

// "1,2,3" for an IN list: ids read from the store, never text from outside.
QString idList(const QList<EvidenceRow> &rows, qsizetype from, qsizetype count)
{
    QStringList ids;
    for (const EvidenceRow &row : rows.mid(from, count))
        ids.append(QString::number(row.mailRef));
    return ids.join(QLatin1Char(','));
}

} // namespace

void EvidenceModel::merge(QHash<qint64, Linked> &linked, Linked link)
{
    const auto it = linked.find(link.mailRef);
    if (it == linked.end()) {
        linked.insert(link.mailRef, std::move(link));
        return;
    }
    for (const QString &reason : std::as_const(link.reasons))
        if (!it->reasons.contains(reason))
            it->reasons.append(reason);
    it->arrival = qMax(it->arrival, link.arrival);
}

Evidence EvidenceModel::load(
    QSqlDatabase db, const QString &ip, const MailFlags &flags, int limit, QString *error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    // The counts of all, and the newest notices in arrival order: both from the index alone, so
    // a page costs its own size, not the tens of thousands of notices of a busy relay.
    query.prepare(QStringLiteral(
        "SELECT COUNT(DISTINCT mail_ref), COUNT(DISTINCT CASE WHEN failure_report = 1 THEN "
        "mail_ref END) FROM source_links WHERE source_ip = ?"));
    query.addBindValue(ip);
    if (!query.exec() || !query.next())
        return noEvidence(query, error);
    const qint64 notices = query.value(0).toLongLong();
    const qint64 failureReports = query.value(1).toLongLong();
    query.prepare(QStringLiteral("SELECT mail_ref, arrival, failure_report, reasons FROM "
                                 "source_links WHERE source_ip = ? ORDER BY arrival DESC"));
    query.addBindValue(ip);
    if (!query.exec())
        return noEvidence(query, error);
    // A notice's links to one source (its address, its signature) share the arrival there, so
    // reading on while the arrival stays that of the last notice taken merges them all.
    QHash<qint64, Linked> linked;
    qint64 lastArrival = 0;
    while (query.next()) {
        const qint64 mailRef = query.value(0).toLongLong();
        const qint64 arrival = query.value(1).toLongLong();
        if (limit >= 0 && linked.size() >= limit) {
            if (arrival != lastArrival)
                break; // past the last notice taken
            if (!linked.contains(mailRef))
                continue; // another notice that arrived in the same second
        }
        lastArrival = arrival;
        merge(linked,
            { mailRef, ip, query.value(3).toString().split(QLatin1Char(','), Qt::SkipEmptyParts),
                arrival, query.value(2).toBool() });
    }
    Evidence evidence = page(db, linked, flags, limit, error);
    evidence.notices = notices;
    evidence.failureReports = failureReports;
    return evidence;
}

Evidence EvidenceModel::loadForReport(
    QSqlDatabase db, qint64 reportRef, const MailFlags &flags, int limit, QString *error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT date_begin, date_end, LOWER(policy_domain), (SELECT "
                                 "COALESCE(MAX(slack), 0) FROM source_links) FROM reports WHERE "
                                 "id = ?"));
    query.addBindValue(reportRef);
    if (!query.exec())
        return noEvidence(query, error);
    if (!query.next())
        return {};
    const qint64 begin = query.value(0).toLongLong();
    const qint64 end = query.value(1).toLongLong();
    const QString policyDomain = query.value(2).toString();
    const qint64 maxSlack = query.value(3).toLongLong();
    // The report's sources, each with the signatures its rows carry, keyed as source links key
    // them: a third party's by domain, the policy domain's own with the selector.
    QHash<QString, QSet<QString>> signaturesOf;
    query.prepare(QStringLiteral("SELECT rec.source_ip, LOWER(d.domain), LOWER(d.selector) FROM "
                                 "records rec LEFT JOIN record_dkim d ON d.record_ref = rec.id "
                                 "WHERE rec.report_ref = ?"));
    query.addBindValue(reportRef);
    if (!query.exec())
        return noEvidence(query, error);
    while (query.next()) {
        QSet<QString> &signatures = signaturesOf[query.value(0).toString()];
        const QString domain = query.value(1).toString();
        if (!domain.isEmpty())
            signatures.insert(domain + QLatin1Char('\n')
                + (domain == policyDomain ? query.value(2).toString() : QString()));
    }
    // Per source, its links in the report's range: rows of one source in one report share the
    // range, so the window is checked once per link, not once per row.
    query.prepare(QStringLiteral(
        "SELECT mail_ref, arrival, slack, failure_report, reasons, dkim_domain, dkim_selector "
        "FROM source_links WHERE source_ip = ? AND arrival >= ? AND arrival <= ?"));
    QHash<qint64, Linked> linked;
    for (auto it = signaturesOf.cbegin(); it != signaturesOf.cend(); ++it) {
        query.addBindValue(it.key());
        query.addBindValue(begin - maxSlack);
        query.addBindValue(end + maxSlack);
        if (!query.exec())
            return noEvidence(query, error);
        while (query.next()) {
            const qint64 arrival = query.value(1).toLongLong();
            const qint64 slack = query.value(2).toLongLong();
            const QString dkimDomain = query.value(5).toString();
            if (arrival < begin - slack || arrival > end + slack
                || (!dkimDomain.isEmpty()
                    && !it->contains(dkimDomain + QLatin1Char('\n') + query.value(6).toString())))
                continue;
            merge(linked,
                { query.value(0).toLongLong(), it.key(),
                    query.value(4).toString().split(QLatin1Char(','), Qt::SkipEmptyParts), arrival,
                    query.value(3).toBool() });
        }
    }
    return page(db, linked, flags, limit, error);
}

Evidence EvidenceModel::page(QSqlDatabase db, const QHash<qint64, Linked> &linked,
    const MailFlags &flags, int limit, QString *error)
{
    Evidence evidence;
    evidence.notices = linked.size();
    QList<const Linked *> newest;
    newest.reserve(linked.size());
    for (const Linked &link : linked) {
        newest.append(&link);
        evidence.failureReports += link.failureReport;
    }
    const qsizetype count = limit < 0 ? newest.size() : qMin<qsizetype>(limit, newest.size());
    auto newer = [](const Linked *a, const Linked *b) {
        return std::pair { a->arrival, a->mailRef } > std::pair { b->arrival, b->mailRef };
    };
    std::partial_sort(newest.begin(), newest.begin() + count, newest.end(), newer);
    for (const Linked *link : newest.mid(0, count)) {
        EvidenceRow row;
        row.mailRef = link->mailRef;
        row.kind = link->failureReport ? QStringLiteral("failure") : QStringLiteral("bounce");
        row.sourceIp = link->sourceIp;
        row.reasons = link->reasons;
        row.reasons.sort();
        row.strength = Linker::strengthOf(row.reasons);
        evidence.rows.append(row);
    }
    if (!loadDetails(db, evidence.rows, flags, error))
        return {};
    return evidence;
}

bool EvidenceModel::loadDetails(
    QSqlDatabase db, QList<EvidenceRow> &rows, const MailFlags &flags, QString *error)
{
    QHash<qint64, qsizetype> index;
    for (qsizetype i = 0; i < rows.size(); ++i)
        index.insert(rows.at(i).mailRef, i);
    QHash<qint64, OriginalMessage> originals; // only the DKIM signatures and flagged hops
    QSqlQuery query(db);
    query.setForwardOnly(true);
    constexpr qsizetype Chunk = 500;
    for (qsizetype from = 0; from < rows.size(); from += Chunk) {
        const QString ids = idList(rows, from, Chunk);
        if (!query.exec(
                QStringLiteral(
                    "SELECT m.id, m.date, m.from_address, b.reporting_mta, NULL, "
                    "f.original_rcpt_to, o.subject FROM mail_messages m LEFT JOIN bounces b ON "
                    "b.mail_ref = m.id LEFT JOIN failure_reports f ON f.mail_ref = m.id LEFT JOIN "
                    "original_messages o ON o.mail_ref = m.id WHERE m.id IN (")
                + ids + QLatin1Char(')')))
            return failed(query, error);
        while (query.next()) {
            EvidenceRow &row = rows[index.value(query.value(0).toLongLong())];
            const bool failure = row.kind == QLatin1String("failure");
            row.date = query.value(1).toLongLong();
            const QString from = query.value(2).toString();
            row.reporter = failure ? from.mid(from.indexOf(QLatin1Char('@')) + 1)
                                   : query.value(3).toString();
            row.recipients = failure ? query.value(5).toString() : query.value(4).toString();
            row.subject = query.value(6).toString();
        }
        // A bounce's failed recipients, joined here rather than by GROUP_CONCAT, which
        // PostgreSQL (the team store) does not have.
        if (!query.exec(QStringLiteral("SELECT mail_ref, address FROM bounce_recipients WHERE "
                                       "mail_ref IN (")
                + ids + QStringLiteral(") ORDER BY mail_ref, ordinal")))
            return failed(query, error);
        while (query.next()) {
            EvidenceRow &row = rows[index.value(query.value(0).toLongLong())];
            if (row.kind == QLatin1String("bounce"))
                row.recipients += (row.recipients.isEmpty() ? QString() : QStringLiteral(", "))
                    + query.value(1).toString();
        }
        // The warnings of each linked message, from its signatures and its mismatched HELOs.
        if (!query.exec(QStringLiteral("SELECT mail_ref, domain, selector FROM original_dkim "
                                       "WHERE mail_ref IN (")
                + ids + QLatin1Char(')')))
            return failed(query, error);
        while (query.next())
            originals[query.value(0).toLongLong()].dkim.append(
                { query.value(1).toString(), query.value(2).toString() });
        if (!query.exec(
                QStringLiteral("SELECT mail_ref, from_host, helo, ip FROM "
                               "original_received WHERE helo_mismatch = 1 AND mail_ref IN (")
                + ids + QLatin1Char(')')))
            return failed(query, error);
        while (query.next()) {
            ReceivedHop hop;
            hop.fromHost = query.value(1).toString();
            hop.helo = query.value(2).toString();
            hop.ip = query.value(3).toString();
            hop.heloMismatch = true;
            originals[query.value(0).toLongLong()].received.append(hop);
        }
    }
    for (EvidenceRow &row : rows)
        row.flags = flags.flags(originals.value(row.mailRef));
    // Newest first by the notices' own dates, as the pane lists them.
    std::stable_sort(rows.begin(), rows.end(),
        [](const EvidenceRow &a, const EvidenceRow &b) { return a.date > b.date; });
    return true;
}

QStringList EvidenceModel::recipientDomains(const QList<EvidenceRow> &rows)
{
    QMap<QString, int> counts;
    for (const EvidenceRow &row : rows)
        for (const QString &address : row.recipients.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QString trimmed
                = address.trimmed().remove(QLatin1Char('<')).remove(QLatin1Char('>'));
            const qsizetype at = trimmed.lastIndexOf(QLatin1Char('@'));
            if (at > 0)
                ++counts[trimmed.mid(at + 1).toLower()];
        }
    QList<std::pair<QString, int>> list(counts.keyValueBegin(), counts.keyValueEnd());
    std::stable_sort(
        list.begin(), list.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    QStringList domains;
    for (const auto &[domain, count] : list)
        domains.append(QStringLiteral("%1 (%2)").arg(domain).arg(count));
    return domains;
}

QVariant EvidenceModel::cell(const EvidenceRow &row, int column, int role) const
{
    if (role == ItemRoles::IdRole)
        return row.mailRef;
    if (role == ItemRoles::CategoryRole)
        return row.kind; // bounce, failure
    if (role == ItemRoles::WarningRole)
        return column == FlagsColumn && !row.flags.isEmpty();
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != ItemRoles::SortRole)
        return {};
    const bool sort = role == ItemRoles::SortRole;
    switch (Column(column)) {
    case DateColumn:
        return sort ? QVariant(row.date) : QVariant(MailDescription::dateText(row.date));
    case KindColumn:
        return row.kind == QLatin1String("failure") ? tr("Failure report") : tr("Bounce");
    case SourceColumn:
        return row.sourceIp;
    case ReporterColumn:
        return row.reporter;
    case RecipientsColumn:
        return row.recipients;
    case SubjectColumn:
        return row.subject;
    case ReasonsColumn:
        return row.reasons.join(QLatin1String(", "));
    case StrengthColumn:
        return sort ? QVariant(int(row.strength)) : QVariant(LinkStore::strengthName(row.strength));
    case FlagsColumn:
        return row.flags.join(role == Qt::ToolTipRole ? QLatin1String("\n") : QLatin1String("; "));
    case ColumnCount:
        break;
    }
    return {};
}

QString EvidenceModel::columnTitle(int column) const
{
    switch (Column(column)) {
    case DateColumn:
        return tr("Date (UTC)");
    case KindColumn:
        return tr("Kind");
    case SourceColumn:
        return tr("Source");
    case ReporterColumn:
        return tr("Reported by");
    case RecipientsColumn:
        return tr("Failed recipients");
    case SubjectColumn:
        return tr("Subject");
    case ReasonsColumn:
        return tr("Linked by");
    case StrengthColumn:
        return tr("Strength");
    case FlagsColumn:
        return tr("Warnings");
    case ColumnCount:
        break;
    }
    return {};
}
