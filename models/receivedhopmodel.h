#pragma once

#include "mailitems.h"
#include "rowtablemodel.h"

#include <QSet>

// The Received chain of a returned message as a table, the newest hop first as in the headers.
// A HELO that names another host than the connecting address's is flagged (WarningRole and a
// tooltip that says why).
class ReceivedHopModel : public RowTableModel<ReceivedHop>
{
    Q_OBJECT
public:
    enum Column
    {
        FromHostColumn,
        HeloColumn,
        IpColumn,
        ByHostColumn,
        TimeColumn,
        ColumnCount
    };

    explicit ReceivedHopModel(QObject *parent = nullptr);

    // Addresses and names of the linked rows' sources: hops from them are marked (LinkedRole).
    void setLinked(const QSet<QString> &addressesAndNames) { m_linked = addressesAndNames; }

protected:
    QVariant cell(const ReceivedHop &row, int column, int role) const override;
    QString columnTitle(int column) const override;

private:
    QSet<QString> m_linked;
};
