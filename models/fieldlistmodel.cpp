#include "fieldlistmodel.h"

#include "itemroles.h"

FieldListModel::FieldListModel(QObject *parent)
    : RowTableModel(2, parent)
{ }

QVariant FieldListModel::cell(const QPair<QString, QString> &row, int column, int role) const
{
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != ItemRoles::SortRole)
        return {};
    if (role == Qt::ToolTipRole && column == 0)
        return {};
    return column == 0 ? row.first : row.second;
}

QString FieldListModel::columnTitle(int column) const
{
    return column == 0 ? tr("Field") : tr("Value");
}
