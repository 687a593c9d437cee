#pragma once

#include "sourcestats.h"

#include <QAbstractTableModel>

// The aggregate records of one source across reports: the detail pane of the Sources page.
class SourceRecordModel : public QAbstractTableModel
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

    void setRecords(const QList<SourceRecord> &records);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<SourceRecord> m_records;
};
