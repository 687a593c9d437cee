#pragma once

#include "dashboarddata.h"

#include "rowtablemodel.h"

// Messages over time, one column per outcome: feeds the stacked volume chart (one bar set per
// outcome column) and its CSV export. Days are grouped into weeks beyond two months and into
// months beyond six, so a long history stays a readable number of bars.
class DailyVolumeModel : public RowTableModel<DailyVolume>
{
    Q_OBJECT
public:
    enum Column
    {
        DayColumn,
        PassColumn,
        FailNoneColumn,
        FailQuarantineColumn,
        FailRejectColumn,
        ColumnCount
    };

    explicit DailyVolumeModel(QObject *parent = nullptr);

    enum class Bucket
    {
        Day,
        Week,
        Month
    };

    void setDays(const QList<DailyVolume> &days);
    Bucket bucket() const { return m_bucket; }

protected:
    QVariant cell(const DailyVolume &day, int column, int role) const override;
    QString columnTitle(int column) const override;

private:
    Bucket m_bucket = Bucket::Day; // rows are one per bucket, dated by its first day
};
