#include "importlogmodel.h"

#include "itemroles.h"

#include <QDateTime>
#include <QSqlQuery>

ImportLogModel::ImportLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

bool ImportLogModel::reload(QSqlDatabase db)
{
    bool ok = false;
    QList<ImportLogEntry> entries = load(db, &ok);
    if (ok)
        setEntries(std::move(entries));
    return ok;
}

void ImportLogModel::setEntries(QList<ImportLogEntry> entries)
{
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
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
    m_entries.prepend(entry);
    endInsertRows();
}

int ImportLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int ImportLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImportLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ImportLogEntry &entry = m_entries.at(index.row());
    if (role == ItemRoles::OutcomeRole)
        return int(entry.outcome);
    const bool sort = role == ItemRoles::SortRole;
    if (role != Qt::DisplayRole && !sort && role != Qt::ToolTipRole)
        return {};
    switch (Column(index.column())) {
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

QVariant ImportLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
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
