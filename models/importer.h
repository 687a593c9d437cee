#pragma once

#include "importlog.h"
#include "inputcaps.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>

// Reads inputs (files; folders are expanded by collectInputs) into the store, one log entry per
// input. Synchronous and thread-agnostic: the CLI calls it directly, ImportJob runs it on a pool
// thread with its own connection.
class Importer
{
public:
    explicit Importer(QSqlDatabase db, const InputCaps &caps = {});

    struct Input
    {
        QString path;
        bool foundInFolder = false; // unrecognised files in folders are skipped, not errors
    };

    // Expands folders recursively (sorted, so runs are repeatable). Paths that do not exist come
    // back as Rejected entries in `missing`.
    static QList<Input> collectInputs(const QStringList &paths, QList<ImportLogEntry> *missing);

    ImportLogEntry importFile(const Input &input);
    // Stores the entry in the import log table. False (with errorString) on a database error.
    bool log(const ImportLogEntry &entry);

    QString errorString() const { return m_error; }

private:
    QSqlDatabase m_db;
    InputCaps m_caps;
    QString m_error;
};
