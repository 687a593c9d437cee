#pragma once

#include <QHostAddress>
#include <QSortFilterProxyModel>

// Filters the Sources tree by what a postmaster types: an IP or its start ("203.0.113."), a CIDR
// block ("203.0.113.0/24", "2001:db8::/32"), or text found in a domain, organisation or category.
// A group stays when one of its sources matches. Sorts on raw values (ItemRoles::SortRole).
class SourceFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit SourceFilterProxy(QObject *parent = nullptr);

    void setFilterText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    QPair<QHostAddress, int> m_subnet { QHostAddress(), -1 };
};
