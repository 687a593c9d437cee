#pragma once

#include "importlog.h"

#include "rowtablemodel.h"

#include <QSqlDatabase>

// The import log: every input ever read, newest first. Live imports append rows as they finish.
class ImportLogModel : public RowTableModel<ImportLogEntry>
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
    void setEntries(QList<ImportLogEntry> entries) { setRows(std::move(entries)); }
    // Reads the log, newest first, without touching a model (any thread, its own connection).
    static QList<ImportLogEntry> load(QSqlDatabase db, bool *ok = nullptr);
    // Adds an entry at the top, as the import reports it (the store has it already).
    void prepend(const ImportLogEntry &entry);

    const ImportLogEntry &entry(int row) const { return m_rows.at(row); }

protected:
    QVariant cell(const ImportLogEntry &entry, int column, int role) const override;
    QString columnTitle(int column) const override;
};
