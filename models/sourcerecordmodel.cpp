#include "sourcerecordmodel.h"

#include "itemroles.h"

#include <QDateTime>

SourceRecordModel::SourceRecordModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void SourceRecordModel::setRecords(const QList<SourceRecord> &records)
{
    beginResetModel();
    m_records = records;
    endResetModel();
}

int SourceRecordModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int SourceRecordModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SourceRecordModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SourceRecord &record = m_records.at(index.row());
    if (role == Qt::TextAlignmentRole && index.column() == MessagesColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    const bool sort = role == ItemRoles::SortRole;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && !sort)
        return {};
    const QLatin1String separator
        = role == Qt::ToolTipRole ? QLatin1String("\n") : QLatin1String("; ");
    switch (Column(index.column())) {
    case ReporterColumn:
        return role == Qt::ToolTipRole ? record.reporter + QLatin1String("\n") + record.reportId
                                       : record.reporter;
    case RangeColumn: {
        if (sort)
            return record.begin;
        auto date = [](qint64 s) {
            return QDateTime::fromSecsSinceEpoch(s, Qt::UTC)
                .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        };
        return QString(date(record.begin) + QStringLiteral(" \u2013 ") + date(record.end));
    }
    case MessagesColumn:
        return record.messages;
    case DispositionColumn:
        return record.disposition;
    case EvaluatedColumn:
        return QStringLiteral("DKIM %1, SPF %2").arg(record.dkimEvaluated, record.spfEvaluated);
    case DkimColumn:
        return record.dkim.join(separator);
    case SpfColumn:
        return record.spf.join(separator);
    case ReasonsColumn:
        return record.reasons.join(separator);
    case FromColumn:
        return record.envelopeFrom.isEmpty()
            ? record.headerFrom
            : record.headerFrom + QLatin1String(" / ") + record.envelopeFrom;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant SourceRecordModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case ReporterColumn:
        return tr("Reporter");
    case RangeColumn:
        return tr("Report range (UTC)");
    case MessagesColumn:
        return tr("Messages");
    case DispositionColumn:
        return tr("Disposition");
    case EvaluatedColumn:
        return tr("Policy evaluated");
    case DkimColumn:
        return tr("DKIM results");
    case SpfColumn:
        return tr("SPF results");
    case ReasonsColumn:
        return tr("Overrides");
    case FromColumn:
        return tr("Header / envelope from");
    case ColumnCount:
        break;
    }
    return {};
}
