#include "sqlitereportwriter.h"

#include "reportsql.h"
#include "reportstore.h"

#include <QDateTime>
#include <QSqlDriver>

#include <sqlite3.h>

std::unique_ptr<SqliteReportWriter> SqliteReportWriter::forDatabase(const QSqlDatabase &db)
{
    if (!db.isOpen() || !db.driver())
        return nullptr;
    // Qt's SQLite driver hands out its connection as a QVariant holding a sqlite3*.
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    sqlite3 *connection = *static_cast<sqlite3 *const *>(handle.constData());
    if (!connection)
        return nullptr;
    std::unique_ptr<SqliteReportWriter> writer(new SqliteReportWriter(connection));
    if (!writer->prepare())
        return nullptr;
    return writer;
}

SqliteReportWriter::SqliteReportWriter(sqlite3 *handle)
    : m_handle(handle)
{ }

SqliteReportWriter::~SqliteReportWriter()
{
    for (sqlite3_stmt *statement : { m_duplicate, m_report, m_record, m_reason, m_dkim, m_spf,
             m_savepoint, m_release, m_rollbackTo })
        sqlite3_finalize(statement); // a no-op for null
}

bool SqliteReportWriter::prepare()
{
    const struct
    {
        sqlite3_stmt **statement;
        const char *sql;
    } statements[] = {
        { &m_duplicate, ReportSql::Duplicate },
        { &m_report, ReportSql::InsertReport },
        { &m_record, ReportSql::InsertRecord },
        { &m_reason, ReportSql::InsertReason },
        { &m_dkim, ReportSql::InsertDkim },
        { &m_spf, ReportSql::InsertSpf },
        { &m_savepoint, "SAVEPOINT report" },
        { &m_release, "RELEASE SAVEPOINT report" },
        { &m_rollbackTo, "ROLLBACK TO SAVEPOINT report" },
    };
    for (const auto &entry : statements)
        if (sqlite3_prepare_v3(
                m_handle, entry.sql, -1, SQLITE_PREPARE_PERSISTENT, entry.statement, nullptr)
            != SQLITE_OK)
            return fail();
    return true;
}

bool SqliteReportWriter::fail()
{
    m_error = QString::fromUtf8(sqlite3_errmsg(m_handle));
    return false;
}

void SqliteReportWriter::bindText(sqlite3_stmt *statement, int column, const QString &value)
{
    if (value.isEmpty()) {
        sqlite3_bind_null(statement, column);
        return;
    }
    m_boundText.push_back(value.toUtf8());
    const QByteArray &utf8 = m_boundText.back();
    sqlite3_bind_text(statement, column, utf8.constData(), int(utf8.size()), SQLITE_STATIC);
}

void SqliteReportWriter::bindInt(sqlite3_stmt *statement, int column, qint64 value)
{
    sqlite3_bind_int64(statement, column, value);
}

bool SqliteReportWriter::run(sqlite3_stmt *statement)
{
    const int status = sqlite3_step(statement);
    sqlite3_reset(statement);
    m_boundText.clear();
    if (status == SQLITE_DONE || status == SQLITE_ROW)
        return true;
    return fail();
}

std::optional<bool> SqliteReportWriter::isDuplicate(const PreparedReport &prepared)
{
    const AggregateReport &report = prepared.report;
    sqlite3_bind_text(
        m_duplicate, 1, prepared.sha256.constData(), int(prepared.sha256.size()), SQLITE_STATIC);
    // Identity columns are NOT NULL: bind them as they are, empty or not.
    const QByteArray org = report.orgName.toUtf8();
    const QByteArray id = report.reportId.toUtf8();
    const QByteArray domain = report.policy.domain.toUtf8();
    sqlite3_bind_text(m_duplicate, 2, org.constData(), int(org.size()), SQLITE_STATIC);
    sqlite3_bind_text(m_duplicate, 3, id.constData(), int(id.size()), SQLITE_STATIC);
    sqlite3_bind_text(m_duplicate, 4, domain.constData(), int(domain.size()), SQLITE_STATIC);
    bindInt(m_duplicate, 5, report.dateBegin);
    bindInt(m_duplicate, 6, report.dateEnd);
    const int status = sqlite3_step(m_duplicate);
    sqlite3_reset(m_duplicate);
    if (status == SQLITE_ROW)
        return true;
    if (status == SQLITE_DONE)
        return false;
    fail();
    return std::nullopt;
}

bool SqliteReportWriter::insert(const PreparedReport &prepared, const QString &source)
{
    const AggregateReport &report = prepared.report;
    const PolicyPublished &policy = report.policy;
    sqlite3_stmt *s = m_report;
    // org_name, report_id and policy_domain are NOT NULL: an empty one is stored as ''.
    auto bindRequired = [&](int column, const QString &value) {
        m_boundText.push_back(value.toUtf8());
        sqlite3_bind_text(s, column, m_boundText.back().constData(), int(m_boundText.back().size()),
            SQLITE_STATIC);
    };
    m_boundText.reserve(32);
    bindRequired(1, report.orgName);
    bindText(s, 2, report.email);
    bindText(s, 3, report.extraContactInfo);
    bindRequired(4, report.reportId);
    bindRequired(5, policy.domain);
    bindInt(s, 6, report.dateBegin);
    bindInt(s, 7, report.dateEnd);
    bindText(s, 8, report.schemaVersion);
    bindText(s, 9, report.namespaceUri);
    bindText(s, 10, report.generator);
    bindText(s, 11, report.errors.join(QLatin1Char('\n')));
    int column = 12;
    for (const QString *value : { &policy.adkim, &policy.aspf, &policy.p, &policy.sp, &policy.np,
             &policy.pct, &policy.fo, &policy.testing, &policy.discoveryMethod })
        bindText(s, column++, *value);
    bindInt(s, 21, report.records.size());
    bindInt(s, 22, report.messageCount());
    sqlite3_bind_text(
        s, 23, prepared.sha256.constData(), int(prepared.sha256.size()), SQLITE_STATIC);
    sqlite3_bind_blob(s, 24, prepared.compressedXml.constData(), int(prepared.compressedXml.size()),
        SQLITE_STATIC);
    bindText(s, 25, source);
    bindInt(s, 26, QDateTime::currentSecsSinceEpoch());
    if (!run(s))
        return false;
    return insertRecords(sqlite3_last_insert_rowid(m_handle), report);
}

bool SqliteReportWriter::insertRecords(qint64 reportRef, const AggregateReport &report)
{
    for (const AggregateRecord &r : report.records) {
        bindInt(m_record, 1, reportRef);
        bindText(m_record, 2, r.sourceIp);
        bindInt(m_record, 3, r.count);
        bindText(m_record, 4, r.disposition);
        bindText(m_record, 5, r.dkimEvaluated);
        bindText(m_record, 6, r.spfEvaluated);
        bindInt(m_record, 7, r.dmarcPass() ? 1 : 0);
        bindText(m_record, 8, r.headerFrom);
        bindText(m_record, 9, r.envelopeFrom);
        bindText(m_record, 10, r.envelopeTo);
        if (!run(m_record))
            return false;
        const qint64 recordRef = sqlite3_last_insert_rowid(m_handle);
        int ordinal = 0;
        for (const PolicyOverride &o : r.reasons) {
            bindInt(m_reason, 1, recordRef);
            bindInt(m_reason, 2, ordinal++);
            bindText(m_reason, 3, o.type);
            bindText(m_reason, 4, o.comment);
            if (!run(m_reason))
                return false;
        }
        ordinal = 0;
        for (const DkimAuthResult &d : r.dkim) {
            bindInt(m_dkim, 1, recordRef);
            bindInt(m_dkim, 2, ordinal++);
            bindText(m_dkim, 3, d.domain);
            bindText(m_dkim, 4, d.selector);
            bindText(m_dkim, 5, d.result);
            bindText(m_dkim, 6, d.humanResult);
            if (!run(m_dkim))
                return false;
        }
        ordinal = 0;
        for (const SpfAuthResult &s : r.spf) {
            bindInt(m_spf, 1, recordRef);
            bindInt(m_spf, 2, ordinal++);
            bindText(m_spf, 3, s.domain);
            bindText(m_spf, 4, s.scope);
            bindText(m_spf, 5, s.result);
            bindText(m_spf, 6, s.humanResult);
            if (!run(m_spf))
                return false;
        }
    }
    return true;
}

bool SqliteReportWriter::beginSavepoint()
{
    return run(m_savepoint);
}

bool SqliteReportWriter::releaseSavepoint()
{
    return run(m_release);
}

void SqliteReportWriter::rollbackToSavepoint()
{
    // Undo the report's rows, then end the savepoint so the batch's transaction goes on.
    run(m_rollbackTo);
    run(m_release);
}
