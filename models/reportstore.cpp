#include "reportstore.h"

#include "nullablevalue.h"
#include "rawxml.h"
#include "reportsql.h"
#include "sqlitereportwriter.h"
#include "transactionguard.h"

#include <QDateTime>
#include <QSqlDriver>
#include <QSqlError>

using NullableValue::text;

PreparedReport PreparedReport::fromXml(AggregateReport report, const QByteArray &xml)
{
    return { std::move(report), RawXml::sha256Hex(xml), RawXml::compress(xml) };
}

ReportStore::ReportStore(QSqlDatabase db)
    : m_db(std::move(db))
    , m_useReturning(m_db.driverName() == QLatin1String("QPSQL"))
{ }

ReportStore::~ReportStore() = default;

bool ReportStore::prepareStatements()
{
    if (m_prepared)
        return true;
    m_sqlite = SqliteReportWriter::forDatabase(m_db);
    if (m_sqlite) {
        m_prepared = true;
        return true;
    }
    const QString returning = m_useReturning ? QStringLiteral(" RETURNING id") : QString();
    const struct
    {
        QSqlQuery *query;
        QString sql;
    } statements[] = {
        { &m_duplicate, QLatin1String(ReportSql::Duplicate) },
        { &m_report, QLatin1String(ReportSql::InsertReport) + returning },
        { &m_record, QLatin1String(ReportSql::InsertRecord) + returning },
        { &m_reason, QLatin1String(ReportSql::InsertReason) },
        { &m_dkim, QLatin1String(ReportSql::InsertDkim) },
        { &m_spf, QLatin1String(ReportSql::InsertSpf) },
        { &m_log, QLatin1String(ReportSql::InsertLog) },
    };
    for (const auto &statement : statements) {
        *statement.query = QSqlQuery(m_db);
        if (!statement.query->prepare(statement.sql)) {
            m_error = statement.query->lastError().text();
            return false;
        }
    }
    m_prepared = true;
    return true;
}

std::optional<qint64> ReportStore::insertedId(QSqlQuery &query)
{
    if (!m_useReturning)
        return query.lastInsertId().toLongLong();
    if (!query.next())
        return std::nullopt;
    const qint64 id = query.value(0).toLongLong();
    query.finish();
    return id;
}

bool ReportStore::isDuplicate(const PreparedReport &prepared)
{
    const AggregateReport &report = prepared.report;
    m_duplicate.bindValue(0, QString::fromLatin1(prepared.sha256));
    m_duplicate.bindValue(1, report.orgName);
    m_duplicate.bindValue(2, report.reportId);
    m_duplicate.bindValue(3, report.policy.domain);
    m_duplicate.bindValue(4, report.dateBegin);
    m_duplicate.bindValue(5, report.dateEnd);
    const bool found = m_duplicate.exec() && m_duplicate.next();
    m_duplicate.finish();
    return found;
}

ReportStore::Result ReportStore::insertReport(
    const AggregateReport &report, const QByteArray &xml, const QString &source)
{
    return insertReport(PreparedReport::fromXml(report, xml), source);
}

ReportStore::Result ReportStore::insertReport(const PreparedReport &prepared, const QString &source)
{
    if (!prepareStatements())
        return Result::Failed;
    if (m_sqlite && m_inBatch && m_isolateReports)
        return insertUnderSavepoint(prepared, source);
    if (m_sqlite && m_inBatch) {
        const Result result = insertReportRows(prepared, source);
        m_batchDamaged |= result == Result::Failed;
        return result;
    }
    if (m_inBatch) {
        SavepointGuard savepoint(m_db, QStringLiteral("report"));
        if (!savepoint.isActive()) {
            m_error = savepoint.errorString();
            return Result::Failed;
        }
        const Result result = insertReportRows(prepared, source);
        if (result == Result::Inserted && !savepoint.release()) {
            m_error = savepoint.errorString();
            return Result::Failed;
        }
        return result;
    }
    TransactionGuard transaction(m_db);
    if (!transaction.isActive()) {
        m_error = m_db.lastError().text();
        return Result::Failed;
    }
    const Result result = insertReportRows(prepared, source);
    if (result == Result::Inserted && !transaction.commit()) {
        m_error = m_db.lastError().text();
        return Result::Failed;
    }
    return result;
}

ReportStore::Result ReportStore::insertUnderSavepoint(
    const PreparedReport &prepared, const QString &source)
{
    if (!m_sqlite->beginSavepoint()) {
        m_error = m_sqlite->errorString();
        return Result::Failed;
    }
    const Result result = insertReportRows(prepared, source);
    if (result != Result::Failed && m_sqlite->releaseSavepoint())
        return result;
    if (result != Result::Failed)
        m_error = m_sqlite->errorString();
    m_sqlite->rollbackToSavepoint();
    return Result::Failed;
}

ReportStore::Result ReportStore::insertReportRows(
    const PreparedReport &prepared, const QString &source)
{
    if (m_sqlite) {
        const std::optional<bool> duplicate = m_sqlite->isDuplicate(prepared);
        if (!duplicate) {
            m_error = m_sqlite->errorString();
            return Result::Failed;
        }
        if (*duplicate)
            return Result::Duplicate;
        if (!m_sqlite->insert(prepared, source)) {
            m_error = m_sqlite->errorString();
            return Result::Failed;
        }
        return Result::Inserted;
    }
    if (isDuplicate(prepared))
        return Result::Duplicate;

    const AggregateReport &report = prepared.report;
    const auto &policy = report.policy;
    int column = 0;
    for (const QVariant &value :
        { QVariant(report.orgName), text(report.email), text(report.extraContactInfo),
            QVariant(report.reportId), QVariant(policy.domain), QVariant(report.dateBegin),
            QVariant(report.dateEnd), text(report.schemaVersion), text(report.namespaceUri),
            text(report.generator), text(report.errors.join(QLatin1Char('\n'))), text(policy.adkim),
            text(policy.aspf), text(policy.p), text(policy.sp), text(policy.np), text(policy.pct),
            text(policy.fo), text(policy.testing), text(policy.discoveryMethod),
            QVariant(qint64(report.records.size())), QVariant(report.messageCount()),
            QVariant(QString::fromLatin1(prepared.sha256)), QVariant(prepared.compressedXml),
            text(source), QVariant(QDateTime::currentSecsSinceEpoch()) })
        m_report.bindValue(column++, value);
    std::optional<qint64> reportRef;
    if (!m_report.exec() || !(reportRef = insertedId(m_report))) {
        m_error = m_report.lastError().text();
        return Result::Failed;
    }
    if (!insertRecords(*reportRef, report))
        return Result::Failed;
    return Result::Inserted;
}

bool ReportStore::beginBatch()
{
    if (m_inBatch)
        return true;
    m_batchDamaged = false;
    if (!m_db.transaction()) {
        m_error = m_db.lastError().text();
        return false;
    }
    m_inBatch = true;
    return true;
}

bool ReportStore::commitBatch()
{
    if (!m_inBatch)
        return true;
    m_inBatch = false;
    if (!m_db.commit()) {
        m_error = m_db.lastError().text();
        m_db.rollback();
        return false;
    }
    return true;
}

void ReportStore::rollbackBatch()
{
    if (m_inBatch)
        m_db.rollback();
    m_inBatch = false;
}

bool ReportStore::insertRecords(qint64 reportRef, const AggregateReport &report)
{
    // Binds values in order and runs the statement; false (with m_error) on failure.
    auto run = [this](QSqlQuery &query, std::initializer_list<QVariant> values) {
        int position = 0;
        for (const QVariant &value : values)
            query.bindValue(position++, value);
        if (query.exec())
            return true;
        m_error = query.lastError().text();
        return false;
    };
    for (const AggregateRecord &r : report.records) {
        if (!run(m_record,
                { reportRef, r.sourceIp, r.count, text(r.disposition), text(r.dkimEvaluated),
                    text(r.spfEvaluated), r.dmarcPass() ? 1 : 0, text(r.headerFrom),
                    text(r.envelopeFrom), text(r.envelopeTo) }))
            return false;
        const std::optional<qint64> recordRef = insertedId(m_record);
        if (!recordRef) {
            m_error = m_record.lastError().text();
            return false;
        }
        int ordinal = 0;
        for (const PolicyOverride &o : r.reasons)
            if (!run(m_reason, { *recordRef, ordinal++, text(o.type), text(o.comment) }))
                return false;
        ordinal = 0;
        for (const DkimAuthResult &d : r.dkim)
            if (!run(m_dkim,
                    { *recordRef, ordinal++, text(d.domain), text(d.selector), text(d.result),
                        text(d.humanResult) }))
                return false;
        ordinal = 0;
        for (const SpfAuthResult &s : r.spf)
            if (!run(m_spf,
                    { *recordRef, ordinal++, text(s.domain), text(s.scope), text(s.result),
                        text(s.humanResult) }))
                return false;
    }
    return true;
}

bool ReportStore::appendLog(const ImportLogEntry &entry)
{
    if (!prepareStatements())
        return false;
    if (m_sqlite) {
        if (m_sqlite->appendLog(entry))
            return true;
        m_error = m_sqlite->errorString();
        return false;
    }
    int position = 0;
    for (const QVariant &value : { QVariant(entry.importedAt), QVariant(entry.path),
             QVariant(ImportLogEntry::outcomeName(entry.outcome)), QVariant(entry.reports),
             QVariant(entry.mails), QVariant(entry.bytes), text(entry.error),
             text(entry.warnings.join(QLatin1Char('\n'))) })
        m_log.bindValue(position++, value);
    if (!m_log.exec()) {
        m_error = m_log.lastError().text();
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
    return RawXml::uncompress(query.value(0).toByteArray());
}
