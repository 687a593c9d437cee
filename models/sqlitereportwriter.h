#pragma once

#include "aggregatereport.h"
#include "importlog.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

#include <initializer_list>
#include <memory>
#include <optional>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;
struct PreparedReport;

// Writes reports straight through SQLite's C API on the connection Qt SQL opened. A bulk import
// spends most of the writer's time binding values: Qt SQL converts each to UTF-16, builds
// placeholder names with QString::arg and boxes it in a QVariant, and SQLite then converts it
// back to UTF-8. Binding UTF-8 directly more than halves the writer's cost. Only the SQLite
// store takes this path; PostgreSQL keeps ReportStore's Qt SQL statements, and both write the
// same rows.
class SqliteReportWriter
{
public:
    // The writer for `db`, or null when `db` is not an open SQLite connection.
    static std::unique_ptr<SqliteReportWriter> forDatabase(const QSqlDatabase &db);
    ~SqliteReportWriter();
    SqliteReportWriter(const SqliteReportWriter &) = delete;
    SqliteReportWriter &operator=(const SqliteReportWriter &) = delete;

    // Whether the store already holds the report (same bytes or same identity); nullopt on error.
    std::optional<bool> isDuplicate(const PreparedReport &prepared);
    // Inserts the report and its records; false (with errorString) on failure. The caller owns
    // the transaction or savepoint around it.
    bool insert(const PreparedReport &prepared, const QString &source);

    bool appendLog(const ImportLogEntry &entry);

    bool beginSavepoint();
    bool releaseSavepoint();
    void rollbackToSavepoint();

    QString errorString() const { return m_error; }

private:
    explicit SqliteReportWriter(sqlite3 *handle);
    bool prepare();
    bool insertRecords(qint64 reportRef, const AggregateReport &report);
    // One row of a record's reasons, DKIM or SPF results: (record_ref, ordinal, texts...).
    bool insertChild(sqlite3_stmt *statement, qint64 recordRef, int ordinal,
        std::initializer_list<QStringView> texts);

    // Binds UTF-8 text, or NULL for an empty string (unless `required`); the bytes live until
    // the statement runs. They are encoded into one reused buffer: a QByteArray per value made
    // malloc and free a fifth of the writer's time.
    void bindText(sqlite3_stmt *statement, int column, QStringView value, bool required = false);
    void bindInt(sqlite3_stmt *statement, int column, qint64 value);
    // Steps a bound statement once, resets it and frees the bound text; SQLite's status.
    int step(sqlite3_stmt *statement);
    // Runs a bound statement to completion and resets it; false (with errorString) on failure.
    bool run(sqlite3_stmt *statement);
    bool fail();

    sqlite3 *m_handle;
    QString m_error;
    QByteArray m_scratch; // UTF-8 of the values bound to the current statement
    qsizetype m_scratchUsed = 0;
    std::vector<QByteArray> m_overflow; // values that did not fit the scratch buffer
    sqlite3_stmt *m_duplicate = nullptr;
    sqlite3_stmt *m_report = nullptr;
    sqlite3_stmt *m_record = nullptr;
    sqlite3_stmt *m_reason = nullptr;
    sqlite3_stmt *m_dkim = nullptr;
    sqlite3_stmt *m_spf = nullptr;
    sqlite3_stmt *m_log = nullptr;
    sqlite3_stmt *m_savepoint = nullptr;
    sqlite3_stmt *m_release = nullptr;
    sqlite3_stmt *m_rollbackTo = nullptr;
};
