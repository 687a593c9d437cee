#pragma once

#include "importlog.h"

#include <QAbstractTableModel>
#include <QList>
#include <QSqlDatabase>

// The import log: every input ever read, newest first. Live imports append rows as they finish.
class ImportLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        TimeColumn,
        OutcomeColumn,
        ReportsColumn,
        PathColumn,
        MessageColumn,
        ColumnCount
    };

    explicit ImportLogModel(QObject *parent = nullptr);

    bool reload(QSqlDatabase db);
    void setEntries(QList<ImportLogEntry> entries);
    // Reads the log, newest first, without touching a model (any thread, its own connection).
    static QList<ImportLogEntry> load(QSqlDatabase db, bool *ok = nullptr);
    // Adds an entry at the top, as the import reports it (the store has it already).
    void prepend(const ImportLogEntry &entry);

    const ImportLogEntry &entry(int row) const { return m_entries.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<ImportLogEntry> m_entries;
};
