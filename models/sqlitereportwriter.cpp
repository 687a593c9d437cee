#include "sqlitereportwriter.h"

#include "reportsql.h"
#include "reportstore.h"

#include <QDateTime>
#include <QSqlDriver>
#include <QStringEncoder>

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
    , m_scratch(64 * 1024, Qt::Uninitialized)
{ }

SqliteReportWriter::~SqliteReportWriter()
{
    for (sqlite3_stmt *statement : { m_duplicate, m_report, m_record, m_reason, m_dkim, m_spf,
             m_log, m_savepoint, m_release, m_rollbackTo })
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
        { &m_log, ReportSql::InsertLog },
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

void SqliteReportWriter::bindText(
    sqlite3_stmt *statement, int column, QStringView value, bool required)
{
    if (value.isEmpty() && !required) {
        sqlite3_bind_null(statement, column);
        return;
    }
    // UTF-8 takes at most three bytes per UTF-16 unit. Pointers into the scratch buffer stay
    // valid because it never grows while values are bound; what does not fit gets its own.
    const qsizetype worst = value.size() * 3;
    const char *utf8 = nullptr;
    qsizetype length = 0;
    if (m_scratchUsed + worst <= m_scratch.size()) {
        char *begin = m_scratch.data() + m_scratchUsed;
        QStringEncoder encoder(QStringEncoder::Utf8, QStringEncoder::Flag::Stateless);
        char *end = encoder.appendToBuffer(begin, value);
        utf8 = begin;
        length = end - begin;
        m_scratchUsed += length;
    } else {
        m_overflow.push_back(value.toUtf8());
        utf8 = m_overflow.back().constData();
        length = m_overflow.back().size();
    }
    sqlite3_bind_text(statement, column, utf8, int(length), SQLITE_STATIC);
}

void SqliteReportWriter::bindInt(sqlite3_stmt *statement, int column, qint64 value)
{
    sqlite3_bind_int64(statement, column, value);
}

int SqliteReportWriter::step(sqlite3_stmt *statement)
{
    const int status = sqlite3_step(statement);
    sqlite3_reset(statement);
    m_scratchUsed = 0;
    m_overflow.clear();
    return status;
}

bool SqliteReportWriter::run(sqlite3_stmt *statement)
{
    const int status = step(statement);
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
    bindText(m_duplicate, 2, report.orgName, true);
    bindText(m_duplicate, 3, report.reportId, true);
    bindText(m_duplicate, 4, report.policy.domain, true);
    bindInt(m_duplicate, 5, report.dateBegin);
    bindInt(m_duplicate, 6, report.dateEnd);
    const int status = step(m_duplicate);
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
    bindText(s, 1, report.orgName, true);
    bindText(s, 2, report.email);
    bindText(s, 3, report.extraContactInfo);
    bindText(s, 4, report.reportId, true);
    bindText(s, 5, policy.domain, true);
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
        for (const PolicyOverride &o : r.reasons)
            if (!insertChild(m_reason, recordRef, ordinal++, { o.type, o.comment }))
                return false;
        ordinal = 0;
        for (const DkimAuthResult &d : r.dkim)
            if (!insertChild(m_dkim, recordRef, ordinal++,
                    { d.domain, d.selector, d.result, d.humanResult }))
                return false;
        ordinal = 0;
        for (const SpfAuthResult &s : r.spf)
            if (!insertChild(
                    m_spf, recordRef, ordinal++, { s.domain, s.scope, s.result, s.humanResult }))
                return false;
    }
    return true;
}

bool SqliteReportWriter::insertChild(sqlite3_stmt *statement, qint64 recordRef, int ordinal,
    std::initializer_list<QStringView> texts)
{
    bindInt(statement, 1, recordRef);
    bindInt(statement, 2, ordinal);
    int column = 3;
    for (const QStringView text : texts)
        bindText(statement, column++, text);
    return run(statement);
}

bool SqliteReportWriter::appendLog(const ImportLogEntry &entry)
{
    bindInt(m_log, 1, entry.importedAt);
    bindText(m_log, 2, entry.path, true);
    bindText(m_log, 3, ImportLogEntry::outcomeName(entry.outcome), true);
    bindInt(m_log, 4, entry.reports);
    bindInt(m_log, 5, entry.mails);
    bindInt(m_log, 6, entry.bytes);
    bindText(m_log, 7, entry.error);
    bindText(m_log, 8, entry.warnings.join(QLatin1Char('\n')));
    return run(m_log);
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
