#include "evidencemodel.h"

#include "itemroles.h"
#include "linkstore.h"
#include "maildescription.h"
#include "mailflags.h"

#include <QSqlError>
#include <QSqlQuery>

EvidenceModel::EvidenceModel(QObject *parent)
    : RowTableModel(ColumnCount, parent)
{ }

QList<EvidenceRow> EvidenceModel::load(QSqlDatabase db, const QString &ip, QString *error)
{
    return loadWhere(db, QStringLiteral("rec.source_ip = ?"), ip, error);
}

QList<EvidenceRow> EvidenceModel::loadForReport(QSqlDatabase db, qint64 reportRef, QString *error)
{
    return loadWhere(db, QStringLiteral("rec.report_ref = ?"), reportRef, error);
}

QList<EvidenceRow> EvidenceModel::loadWhere(
    QSqlDatabase db, const QString &condition, const QVariant &value, QString *error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    // One row per linked mail (a mail linked to several rows of the source counts once).
    query.prepare(
        QStringLiteral(
            "SELECT m.id, m.kind, m.date, m.from_address, b.reporting_mta, "
            "(SELECT GROUP_CONCAT(address, ', ') FROM bounce_recipients x WHERE x.mail_ref = "
            "m.id), "
            "f.original_rcpt_to, o.subject, r.report_id, l.reasons, l.strength, rec.source_ip "
            "FROM links l JOIN records rec ON rec.id = l.record_ref "
            "JOIN reports r ON r.id = rec.report_ref JOIN mail_messages m ON m.id = l.mail_ref "
            "LEFT JOIN bounces b ON b.mail_ref = m.id LEFT JOIN failure_reports f ON f.mail_ref = "
            "m.id "
            "LEFT JOIN original_messages o ON o.mail_ref = m.id "
            "WHERE ")
        + condition + QStringLiteral(" ORDER BY m.date DESC, m.id"));
    query.addBindValue(value);
    QList<EvidenceRow> rows;
    if (!query.exec()) {
        if (error)
            *error = query.lastError().text();
        return rows;
    }
    QSet<qint64> seen;
    QHash<qint64, OriginalMessage> originals; // only the DKIM signatures and flagged hops
    while (query.next()) {
        EvidenceRow row;
        row.mailRef = query.value(0).toLongLong();
        if (seen.contains(row.mailRef))
            continue;
        seen.insert(row.mailRef);
        const bool failure = query.value(1).toString() == QLatin1String("failure-report");
        row.kind = failure ? QStringLiteral("failure") : QStringLiteral("bounce");
        row.date = query.value(2).toLongLong();
        const QString from = query.value(3).toString();
        row.reporter
            = failure ? from.mid(from.indexOf(QLatin1Char('@')) + 1) : query.value(4).toString();
        row.recipients = failure ? query.value(6).toString() : query.value(5).toString();
        row.subject = query.value(7).toString();
        row.reportId = query.value(8).toString();
        row.reasons = query.value(9).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        row.strength = Linker::Strength(query.value(10).toInt());
        row.sourceIp = query.value(11).toString();
        rows.append(row);
    }
    // The warnings of each linked message, from its signatures and its mismatched HELOs.
    const QString linked
        = QStringLiteral(" WHERE x.mail_ref IN (SELECT l.mail_ref FROM links l JOIN "
                         "records rec ON rec.id = l.record_ref WHERE ")
        + condition + QLatin1Char(')');
    query.prepare(
        QStringLiteral("SELECT x.mail_ref, x.domain, x.selector FROM original_dkim x") + linked);
    query.addBindValue(value);
    if (query.exec())
        while (query.next())
            originals[query.value(0).toLongLong()].dkim.append(
                { query.value(1).toString(), query.value(2).toString() });
    query.prepare(QStringLiteral("SELECT x.mail_ref, x.from_host, x.helo, x.ip FROM "
                                 "original_received x")
        + linked + QStringLiteral(" AND x.helo_mismatch = 1"));
    query.addBindValue(value);
    if (query.exec())
        while (query.next()) {
            ReceivedHop hop;
            hop.fromHost = query.value(1).toString();
            hop.helo = query.value(2).toString();
            hop.ip = query.value(3).toString();
            hop.heloMismatch = true;
            originals[query.value(0).toLongLong()].received.append(hop);
        }
    const MailFlags flags = MailFlags::load(db);
    for (EvidenceRow &row : rows)
        row.flags = flags.flags(originals.value(row.mailRef));
    return rows;
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
