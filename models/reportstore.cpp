#include "reportstore.h"

#include "transactionguard.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace {

QVariant text(const QString &value)
{
    // Empty optional fields are stored as NULL, so "absent" and "empty" do not split groups.
    return value.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

} // namespace

ReportStore::ReportStore(QSqlDatabase db)
    : m_db(std::move(db))
{
}

bool ReportStore::isDuplicate(const AggregateReport &report, const QByteArray &sha256)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral(
        "SELECT 1 FROM reports WHERE xml_sha256 = ? OR (org_name = ? AND report_id = ? "
        "AND policy_domain = ? AND date_begin = ? AND date_end = ?)"));
    query.addBindValue(QString::fromLatin1(sha256));
    query.addBindValue(report.orgName);
    query.addBindValue(report.reportId);
    query.addBindValue(report.policy.domain);
    query.addBindValue(report.dateBegin);
    query.addBindValue(report.dateEnd);
    return query.exec() && query.next();
}

ReportStore::Result ReportStore::insertReport(const AggregateReport &report, const QByteArray &xml,
                                              const QString &source)
{
    const QByteArray sha256 = QCryptographicHash::hash(xml, QCryptographicHash::Sha256).toHex();
    TransactionGuard transaction(m_db);
    if (!transaction.isActive()) {
        m_error = m_db.lastError().text();
        return Result::Failed;
    }
    if (isDuplicate(report, sha256))
        return Result::Duplicate;

    QSqlQuery query(m_db);
    query.prepare(QStringLiteral(
        "INSERT INTO reports (org_name, email, extra_contact_info, report_id, policy_domain, "
        "date_begin, date_end, schema_version, namespace, generator, errors, policy_adkim, "
        "policy_aspf, policy_p, policy_sp, policy_np, policy_pct, policy_fo, policy_testing, "
        "policy_discovery, record_count, message_count, xml_sha256, raw_xml, source, imported_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id"));
    const auto &policy = report.policy;
    for (const QVariant &value :
         { QVariant(report.orgName), text(report.email), text(report.extraContactInfo),
           QVariant(report.reportId), QVariant(policy.domain), QVariant(report.dateBegin),
           QVariant(report.dateEnd), text(report.schemaVersion), text(report.namespaceUri),
           text(report.generator), text(report.errors.join(QLatin1Char('\n'))), text(policy.adkim),
           text(policy.aspf), text(policy.p), text(policy.sp), text(policy.np), text(policy.pct),
           text(policy.fo), text(policy.testing), text(policy.discoveryMethod),
           QVariant(qint64(report.records.size())), QVariant(report.messageCount()),
           QVariant(QString::fromLatin1(sha256)), QVariant(qCompress(xml, 6)), text(source),
           QVariant(QDateTime::currentSecsSinceEpoch()) })
        query.addBindValue(value);
    if (!query.exec() || !query.next()) {
        m_error = query.lastError().text();
        return Result::Failed;
    }
    const qint64 reportRef = query.value(0).toLongLong();
    query.finish();
    if (!insertRecords(reportRef, report))
        return Result::Failed;
    if (!transaction.commit()) {
        m_error = m_db.lastError().text();
        return Result::Failed;
    }
    return Result::Inserted;
}

bool ReportStore::insertRecords(qint64 reportRef, const AggregateReport &report)
{
    QSqlQuery record(m_db);
    record.prepare(QStringLiteral(
        "INSERT INTO records (report_ref, source_ip, message_count, disposition, dkim_evaluated, "
        "spf_evaluated, dmarc_pass, header_from, envelope_from, envelope_to) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"));
    QSqlQuery reason(m_db);
    reason.prepare(QStringLiteral("INSERT INTO record_reasons (record_ref, type, comment) VALUES (?, ?, ?)"));
    QSqlQuery dkim(m_db);
    dkim.prepare(QStringLiteral("INSERT INTO record_dkim (record_ref, domain, selector, result, "
                                "human_result) VALUES (?, ?, ?, ?, ?)"));
    QSqlQuery spf(m_db);
    spf.prepare(QStringLiteral("INSERT INTO record_spf (record_ref, domain, scope, result, "
                               "human_result) VALUES (?, ?, ?, ?, ?)"));

    auto fail = [this](const QSqlQuery &query) {
        m_error = query.lastError().text();
        return false;
    };
    for (const AggregateRecord &r : report.records) {
        record.bindValue(0, reportRef);
        record.bindValue(1, r.sourceIp);
        record.bindValue(2, r.count);
        record.bindValue(3, text(r.disposition));
        record.bindValue(4, text(r.dkimEvaluated));
        record.bindValue(5, text(r.spfEvaluated));
        record.bindValue(6, r.dmarcPass() ? 1 : 0);
        record.bindValue(7, text(r.headerFrom));
        record.bindValue(8, text(r.envelopeFrom));
        record.bindValue(9, text(r.envelopeTo));
        if (!record.exec() || !record.next())
            return fail(record);
        const qint64 recordRef = record.value(0).toLongLong();
        record.finish();
        for (const PolicyOverride &o : r.reasons) {
            reason.bindValue(0, recordRef);
            reason.bindValue(1, text(o.type));
            reason.bindValue(2, text(o.comment));
            if (!reason.exec())
                return fail(reason);
        }
        for (const DkimAuthResult &d : r.dkim) {
            dkim.bindValue(0, recordRef);
            dkim.bindValue(1, text(d.domain));
            dkim.bindValue(2, text(d.selector));
            dkim.bindValue(3, text(d.result));
            dkim.bindValue(4, text(d.humanResult));
            if (!dkim.exec())
                return fail(dkim);
        }
        for (const SpfAuthResult &s : r.spf) {
            spf.bindValue(0, recordRef);
            spf.bindValue(1, text(s.domain));
            spf.bindValue(2, text(s.scope));
            spf.bindValue(3, text(s.result));
            spf.bindValue(4, text(s.humanResult));
            if (!spf.exec())
                return fail(spf);
        }
    }
    return true;
}

bool ReportStore::appendLog(const ImportLogEntry &entry)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("INSERT INTO import_log (imported_at, path, outcome, reports, "
                                 "bytes, error, warnings) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(entry.importedAt);
    query.addBindValue(entry.path);
    query.addBindValue(ImportLogEntry::outcomeName(entry.outcome));
    query.addBindValue(entry.reports);
    query.addBindValue(entry.bytes);
    query.addBindValue(text(entry.error));
    query.addBindValue(text(entry.warnings.join(QLatin1Char('\n'))));
    if (!query.exec()) {
        m_error = query.lastError().text();
        return false;
    }
    return true;
}

QByteArray ReportStore::rawXml(qint64 reportRef)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT raw_xml FROM reports WHERE id = ?"));
    query.addBindValue(reportRef);
    if (!query.exec() || !query.next()) {
        m_error = query.lastError().text();
        return {};
    }
    return qUncompress(query.value(0).toByteArray());
}
