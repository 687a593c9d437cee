#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QSqlDatabase>

// One row per stored aggregate report. Loading is a whole reset; the raw XML is fetched on demand
// through ReportStore::rawXml, never kept in the model.
class ReportListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
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

    struct Row
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

    explicit ReportListModel(QObject *parent = nullptr);

    // Reads every report from the store. Returns false (and keeps the old rows) on a SQL error.
    bool reload(QSqlDatabase db);
    void setRows(QList<Row> rows);
    // Reads the rows without touching a model: callable on any thread with its own connection.
    static QList<Row> load(QSqlDatabase db, bool *ok = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<Row> m_rows;
};
