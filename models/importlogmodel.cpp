#include "importlogmodel.h"

#include "itemroles.h"

#include <QDateTime>
#include <QSqlQuery>

ImportLogModel::ImportLogModel(QObject *parent)
    : RowTableModel(ColumnCount, parent)
{ }

bool ImportLogModel::reload(QSqlDatabase db)
{
    bool ok = false;
    QList<ImportLogEntry> entries = load(db, &ok);
    if (ok)
        setEntries(std::move(entries));
    return ok;
}

QList<ImportLogEntry> ImportLogModel::load(QSqlDatabase db, bool *ok)
{
    if (ok)
        *ok = false;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT imported_at, path, outcome, reports, bytes, error, "
                                   "warnings FROM import_log ORDER BY id DESC")))
        return {};
    QList<ImportLogEntry> entries;
    while (query.next()) {
        ImportLogEntry entry;
        entry.importedAt = query.value(0).toLongLong();
        entry.path = query.value(1).toString();
        entry.outcome = ImportLogEntry::outcomeFromName(query.value(2).toString());
        entry.reports = query.value(3).toInt();
        entry.bytes = query.value(4).toLongLong();
        entry.error = query.value(5).toString();
        const QString warnings = query.value(6).toString();
        if (!warnings.isEmpty())
            entry.warnings = warnings.split(QLatin1Char('\n'));
        entries.append(entry);
    }
    if (ok)
        *ok = true;
    return entries;
}

void ImportLogModel::prepend(const ImportLogEntry &entry)
{
    beginInsertRows({}, 0, 0);
    m_rows.prepend(entry);
    endInsertRows();
}

QVariant ImportLogModel::cell(const ImportLogEntry &entry, int column, int role) const
{
    if (role == ItemRoles::OutcomeRole)
        return int(entry.outcome);
    const bool sort = role == ItemRoles::SortRole;
    if (role != Qt::DisplayRole && !sort && role != Qt::ToolTipRole)
        return {};
    switch (Column(column)) {
    case TimeColumn:
        if (sort)
            return entry.importedAt;
        return QDateTime::fromSecsSinceEpoch(entry.importedAt)
            .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case OutcomeColumn:
        return ImportLogEntry::outcomeName(entry.outcome);
    case ReportsColumn:
        return entry.reports;
    case PathColumn:
        return entry.path;
    case MessageColumn: {
        QStringList parts;
        if (!entry.error.isEmpty())
            parts.append(entry.error);
        parts.append(entry.warnings);
        return parts.join(role == Qt::ToolTipRole ? QLatin1String("\n") : QLatin1String("; "));
    }
    case ColumnCount:
        break;
    }
    return {};
}

QString ImportLogModel::columnTitle(int section) const
{
    switch (Column(section)) {
    case TimeColumn:
        return tr("Time");
    case OutcomeColumn:
        return tr("Outcome");
    case ReportsColumn:
        return tr("Reports");
    case PathColumn:
        return tr("Input");
    case MessageColumn:
        return tr("Errors and warnings");
    case ColumnCount:
        break;
    }
    return {};
}
