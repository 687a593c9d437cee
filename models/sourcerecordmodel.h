#pragma once

#include "sourcestats.h"

#include "rowtablemodel.h"

// The aggregate records of one source across reports: the detail pane of the Sources page.
class SourceRecordModel : public RowTableModel<SourceRecord>
{
    Q_OBJECT
public:
    enum Column
    {
        ReporterColumn,
        RangeColumn,
        MessagesColumn,
        DispositionColumn,
        EvaluatedColumn,
        DkimColumn,
        SpfColumn,
        ReasonsColumn,
        FromColumn,
        ColumnCount
    };

    explicit SourceRecordModel(QObject *parent = nullptr);

    void setRecords(const QList<SourceRecord> &records) { setRows(records); }

protected:
    QVariant cell(const SourceRecord &record, int column, int role) const override;
    QString columnTitle(int column) const override;
};
