#pragma once

#include "mailrecords.h"
#include "rowtablemodel.h"

// The Failure reports page's list: one row per failure report (RFC 6591/9991, or another ARF
// feedback type). IdRole is the mail's store id; CategoryRole its Auth-Failure.
class FailureListModel : public RowTableModel<StoredFailure>
{
    Q_OBJECT
public:
    enum Column
    {
        ArrivalColumn,
        ReporterColumn,
        SourceIpColumn,
        AuthFailureColumn,
        AlignmentColumn,
        DeliveryResultColumn,
        ReportedDomainColumn,
        OriginalFromColumn,
        SubjectColumn,
        FlagsColumn,
        ColumnCount
    };

    explicit FailureListModel(QObject *parent = nullptr);

protected:
    QVariant cell(const StoredFailure &row, int column, int role) const override;
    QString columnTitle(int column) const override;
};
