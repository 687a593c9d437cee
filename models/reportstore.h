#pragma once

#include "aggregatereport.h"
#include "importlog.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>
#include <optional>

class SqliteReportWriter;

// A parsed report ready for the store. Built off the writer's thread: hashing and compressing
// the XML cost as much as parsing it.
struct PreparedReport
{
    AggregateReport report;
    QByteArray sha256; // hex of the decompressed XML: the byte-level dedupe key
    QByteArray compressedXml; // RawXml::compress'ed (qCompress's format), kept so the user can see
                              // what the reporter sent

    static PreparedReport fromXml(AggregateReport report, const QByteArray &xml);
};

// Writes aggregate reports and import log entries. Each report is stored whole or not at all: in
// a transaction of its own, or, inside a batch (beginBatch/commitBatch), under a savepoint of its
// own within the batch's transaction. Either way a killed import leaves whole reports, and
// re-running it stores what is missing.
class ReportStore
{
public:
    explicit ReportStore(QSqlDatabase db);
    ~ReportStore();

    enum class Result
    {
        Inserted,
        Duplicate,
        Failed
    };

    Result insertReport(const PreparedReport &prepared, const QString &source);
    // Convenience for callers holding the XML: prepares and inserts.
    Result insertReport(
        const AggregateReport &report, const QByteArray &xml, const QString &source);
    bool appendLog(const ImportLogEntry &entry);

    // Groups the following inserts into one transaction. Committing a transaction per small
    // report costs more than storing it (every commit rewrites the touched index pages), so bulk
    // imports batch; a failing report still rolls back alone, to its savepoint.
    bool beginBatch();
    bool commitBatch();
    void rollbackBatch();
    bool inBatch() const { return m_inBatch; }
    // Whether each report in a batch gets a savepoint of its own (the default). Savepoints cost
    // a fifth of a bulk import on SQLite, where a failed statement undoes only itself: a bulk
    // importer may turn them off, and must then roll the batch back when batchDamaged() says
    // a report was left half-written, and store the batch again with savepoints. PostgreSQL
    // always uses them (any error there aborts the whole transaction).
    void setIsolateReports(bool isolate) { m_isolateReports = isolate; }
    bool batchDamaged() const { return m_batchDamaged; }
    // The XML as the reporter sent it (decompressed), or empty if the report does not exist.
    QByteArray rawXml(qint64 reportRef);

    QString errorString() const { return m_error; }

private:
    bool prepareStatements();
    Result insertUnderSavepoint(const PreparedReport &prepared, const QString &source);
    Result insertReportRows(const PreparedReport &prepared, const QString &source);
    bool isDuplicate(const PreparedReport &prepared);
    bool insertRecords(qint64 reportRef, const AggregateReport &report);
    // The id of the row the query just inserted (RETURNING on PostgreSQL, the rowid on SQLite).
    std::optional<qint64> insertedId(QSqlQuery &query);

    QSqlDatabase m_db;
    QString m_error;
    bool m_useReturning = false;
    bool m_inBatch = false;
    bool m_isolateReports = true;
    bool m_batchDamaged = false;
    // Prepared once per store and reused for every report: preparing costs as much as running.
    bool m_prepared = false;
    // SQLite's C API on the SQLite store; the Qt SQL statements below otherwise.
    std::unique_ptr<SqliteReportWriter> m_sqlite;
    QSqlQuery m_duplicate;
    QSqlQuery m_report;
    QSqlQuery m_record;
    QSqlQuery m_reason;
    QSqlQuery m_dkim;
    QSqlQuery m_spf;
    QSqlQuery m_log;
};
