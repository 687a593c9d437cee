#include "namedcountmodel.h"

#include "itemroles.h"

NamedCountModel::NamedCountModel(const QString &nameHeader, QObject *parent)
    : QAbstractTableModel(parent)
    , m_nameHeader(nameHeader)
{ }

void NamedCountModel::setCounts(const QList<NamedCount> &counts)
{
    beginResetModel();
    m_counts = counts;
    endResetModel();
}

int NamedCountModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_counts.size());
}

int NamedCountModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant NamedCountModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const NamedCount &count = m_counts.at(index.row());
    if (role != Qt::DisplayRole && role != ItemRoles::SortRole)
        return {};
    if (index.column() == NameColumn)
        return count.name;
    return count.messages;
}

QVariant NamedCountModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? m_nameHeader : tr("Messages");
}
