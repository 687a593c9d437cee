#pragma once

#include "mailrecords.h"
#include "rowtablemodel.h"

// The Bounces page's list: one row per bounce, newest first once sorted, with the returned
// message's sender and subject. IdRole is the mail's store id; CategoryRole its reason.
class BounceListModel : public RowTableModel<StoredBounce>
{
    Q_OBJECT
public:
    enum Column
    {
        DateColumn,
        ReportingMtaColumn,
        RecipientsColumn,
        StatusColumn,
        ReasonColumn,
        FormatColumn,
        OriginalFromColumn,
        SubjectColumn,
        FlagsColumn,
        ColumnCount
    };

    explicit BounceListModel(QObject *parent = nullptr);

protected:
    QVariant cell(const StoredBounce &row, int column, int role) const override;
    QString columnTitle(int column) const override;
};
