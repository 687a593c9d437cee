#pragma once

#include "rowtablemodel.h"

#include <QSqlDatabase>

// One row per stored aggregate report. Loading is a whole reset; the raw XML is fetched on demand
// through ReportStore::rawXml, never kept in the model.
// One stored report as the Reports page lists it.
struct ReportListRow
{
    qint64 id = 0;
    QString orgName;
    QString reportId;
    QString domain;
    qint64 begin = 0;
    qint64 end = 0;
    QString policy;
    qint64 records = 0;
    qint64 messages = 0;
};

class ReportListModel : public RowTableModel<ReportListRow>
{
    Q_OBJECT
public:
    using Row = ReportListRow;
    enum Column
    {
        ReporterColumn,
        ReportIdColumn,
        DomainColumn,
        BeginColumn,
        EndColumn,
        PolicyColumn,
        RecordsColumn,
        MessagesColumn,
        ColumnCount
    };

    explicit ReportListModel(QObject *parent = nullptr);

    // Reads every report from the store. Returns false (and keeps the old rows) on a SQL error.
    bool reload(QSqlDatabase db);
    // Reads the rows without touching a model: callable on any thread with its own connection.
    static QList<Row> load(QSqlDatabase db, bool *ok = nullptr);

protected:
    QVariant cell(const Row &row, int column, int role) const override;
    QString columnTitle(int column) const override;
};
