#pragma once

#include "dashboarddata.h"
#include "rowtablemodel.h"

// A name and a message count per row (messages by reporter, by category): feeds bar and pie
// charts and their CSV export.
class NamedCountModel : public RowTableModel<NamedCount>
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        MessagesColumn,
        ColumnCount
    };

    explicit NamedCountModel(const QString &nameHeader, QObject *parent = nullptr);

    void setCounts(const QList<NamedCount> &counts) { setRows(counts); }

protected:
    QVariant cell(const NamedCount &count, int column, int role) const override;
    QString columnTitle(int column) const override;

private:
    QString m_nameHeader;
};
