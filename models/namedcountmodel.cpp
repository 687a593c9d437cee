#include "namedcountmodel.h"

#include "itemroles.h"

NamedCountModel::NamedCountModel(const QString &nameHeader, QObject *parent)
    : RowTableModel(ColumnCount, parent)
    , m_nameHeader(nameHeader)
{ }

QVariant NamedCountModel::cell(const NamedCount &count, int column, int role) const
{
    if (role != Qt::DisplayRole && role != ItemRoles::SortRole)
        return {};
    if (column == NameColumn)
        return count.name;
    return count.messages;
}

QString NamedCountModel::columnTitle(int column) const
{
    return column == NameColumn ? m_nameHeader : tr("Messages");
}
