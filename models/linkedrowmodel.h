#pragma once

#include "linkstore.h"
#include "rowtablemodel.h"

// The aggregate rows a bounce or failure report is linked to, for its detail pane: who
// reported them, which source, how many messages, and why they are linked. IdRole is the row's
// record id; SourceIpRole its source, for moving to the Sources page.
class LinkedRowModel : public RowTableModel<LinkStore::LinkView>
{
    Q_OBJECT
public:
    enum Column
    {
        ReporterColumn,
        ReportIdColumn,
        SourceColumn,
        CategoryColumn,
        MessagesColumn,
        ReasonsColumn,
        StrengthColumn,
        ColumnCount
    };

    explicit LinkedRowModel(QObject *parent = nullptr);

protected:
    QVariant cell(const LinkStore::LinkView &row, int column, int role) const override;
    QString columnTitle(int column) const override;
};
