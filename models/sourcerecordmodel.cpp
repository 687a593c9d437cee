#include "sourcerecordmodel.h"

#include "itemroles.h"

#include <QDateTime>

SourceRecordModel::SourceRecordModel(QObject *parent)
    : RowTableModel(ColumnCount, parent)
{ }

QVariant SourceRecordModel::cell(const SourceRecord &record, int column, int role) const
{
    if (role == Qt::TextAlignmentRole && column == MessagesColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    const bool sort = role == ItemRoles::SortRole;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && !sort)
        return {};
    const QLatin1String separator
        = role == Qt::ToolTipRole ? QLatin1String("\n") : QLatin1String("; ");
    switch (Column(column)) {
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

QString SourceRecordModel::columnTitle(int section) const
{
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
