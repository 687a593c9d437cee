#include "mailfilterproxy.h"

#include "itemroles.h"

void MailFilterProxy::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text.trimmed();
    invalidateRowsFilter();
}

void MailFilterProxy::setCategory(const QString &category)
{
    if (category == m_category)
        return;
    m_category = category;
    invalidateRowsFilter();
}

bool MailFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_category.isEmpty() && index.data(ItemRoles::CategoryRole).toString() != m_category)
        return false;
    if (m_text.isEmpty())
        return true;
    return index.data(ItemRoles::FilterTextRole).toString().contains(m_text, Qt::CaseInsensitive);
}
