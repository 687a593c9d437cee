#pragma once

#include "aggregatereport.h"
#include "importlog.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

// Writes aggregate reports and import log entries. Each report is one transaction, so a killed
// import leaves whole reports or nothing, and re-running it stores what is missing.
class ReportStore
{
public:
    explicit ReportStore(QSqlDatabase db);

    enum class Result { Inserted, Duplicate, Failed };

    // xml is the decompressed document the report was parsed from: its hash is the byte-level
    // dedupe key, and it is kept (compressed) so the user can see what the reporter sent.
    Result insertReport(const AggregateReport &report, const QByteArray &xml, const QString &source);
    bool appendLog(const ImportLogEntry &entry);
    // The XML as the reporter sent it (decompressed), or empty if the report does not exist.
    QByteArray rawXml(qint64 reportRef);

    QString errorString() const { return m_error; }

private:
    bool isDuplicate(const AggregateReport &report, const QByteArray &sha256);
    bool insertRecords(qint64 reportRef, const AggregateReport &report);

    QSqlDatabase m_db;
    QString m_error;
};
