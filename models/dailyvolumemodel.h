#pragma once

#include "dashboarddata.h"

#include <QAbstractTableModel>

// Messages over time, one column per outcome: feeds the stacked volume chart (one bar set per
// outcome column) and its CSV export. Days are grouped into weeks beyond two months and into
// months beyond six, so a long history stays a readable number of bars.
class DailyVolumeModel : public QAbstractTableModel
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

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<DailyVolume> m_days; // one per bucket, dated by its first day
    Bucket m_bucket = Bucket::Day;
};
