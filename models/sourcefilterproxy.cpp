#include "sourcefilterproxy.h"

#include "itemroles.h"

SourceFilterProxy::SourceFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(ItemRoles::SortRole);
    setRecursiveFilteringEnabled(true);
    setAutoAcceptChildRows(true); // a matching group shows all its sources
}

void SourceFilterProxy::setFilterText(const QString &text)
{
    m_text = text.trimmed();
    m_subnet = QHostAddress::parseSubnet(m_text);
    if (!m_text.contains(QLatin1Char('/')))
        m_subnet = { QHostAddress(), -1 };
    invalidateFilter();
}

bool SourceFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_text.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const QString ip = index.data(ItemRoles::SourceIpRole).toString();
    if (m_subnet.second >= 0)
        return !ip.isEmpty() && QHostAddress(ip).isInSubnet(m_subnet);
    return index.data(ItemRoles::FilterTextRole).toString().contains(m_text, Qt::CaseInsensitive);
}
