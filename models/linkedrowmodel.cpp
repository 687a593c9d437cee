#include "linkedrowmodel.h"

#include "itemroles.h"

LinkedRowModel::LinkedRowModel(QObject *parent)
    : RowTableModel(ColumnCount, parent)
{ }

QVariant LinkedRowModel::cell(const LinkStore::LinkView &row, int column, int role) const
{
    if (role == ItemRoles::IdRole)
        return row.recordRef;
    if (role == ItemRoles::SourceIpRole)
        return row.sourceIp;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != ItemRoles::SortRole)
        return {};
    switch (Column(column)) {
    case ReporterColumn:
        return row.orgName;
    case ReportIdColumn:
        return row.reportId;
    case SourceColumn:
        return row.sourceIp;
    case CategoryColumn:
        return row.category;
    case MessagesColumn:
        return row.messages;
    case ReasonsColumn:
        return row.reasons.join(QLatin1String(", "));
    case StrengthColumn:
        return role == ItemRoles::SortRole ? QVariant(int(row.strength))
                                           : QVariant(LinkStore::strengthName(row.strength));
    case ColumnCount:
        break;
    }
    return {};
}

QString LinkedRowModel::columnTitle(int column) const
{
    switch (Column(column)) {
    case ReporterColumn:
        return tr("Reporter");
    case ReportIdColumn:
        return tr("Report ID");
    case SourceColumn:
        return tr("Source IP");
    case CategoryColumn:
        return tr("Category");
    case MessagesColumn:
        return tr("Messages");
    case ReasonsColumn:
        return tr("Linked by");
    case StrengthColumn:
        return tr("Strength");
    case ColumnCount:
        break;
    }
    return {};
}
