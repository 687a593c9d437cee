#include "dailyvolumemodel.h"

#include "itemroles.h"

#include <QLocale>

DailyVolumeModel::DailyVolumeModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void DailyVolumeModel::setDays(const QList<DailyVolume> &days)
{
    beginResetModel();
    const qint64 span = days.isEmpty() ? 0 : days.first().day.daysTo(days.last().day) + 1;
    m_bucket = span > 183 ? Bucket::Month : span > 62 ? Bucket::Week : Bucket::Day;
    m_days.clear();
    for (const DailyVolume &day : days) {
        QDate start = day.day;
        if (m_bucket == Bucket::Week)
            start = day.day.addDays(1 - day.day.dayOfWeek()); // ISO weeks start on Monday
        else if (m_bucket == Bucket::Month)
            start = QDate(day.day.year(), day.day.month(), 1);
        if (m_days.isEmpty() || m_days.last().day != start)
            m_days.append({ start, {} });
        for (int outcome = 0; outcome < OutcomeCounts::OutcomeCount; ++outcome)
            m_days.last().outcomes.counts[outcome] += day.outcomes.counts[outcome];
    }
    endResetModel();
}

int DailyVolumeModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_days.size());
}

int DailyVolumeModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DailyVolumeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DailyVolume &day = m_days.at(index.row());
    if (index.column() == DayColumn) {
        if (role == Qt::DisplayRole)
            return m_bucket == Bucket::Month ? day.day.toString(QStringLiteral("yyyy-MM"))
                                             : day.day.toString(Qt::ISODate);
        if (role == ItemRoles::SortRole)
            return day.day;
        return {};
    }
    const qint64 count = day.outcomes.counts[index.column() - PassColumn];
    // Charts map DisplayRole to bar heights: give them the number, not formatted text.
    if (role == Qt::DisplayRole || role == ItemRoles::SortRole)
        return count;
    if (role == Qt::TextAlignmentRole)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant DailyVolumeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    if (section == DayColumn) {
        switch (m_bucket) {
        case Bucket::Day:
            return tr("Day (UTC)");
        case Bucket::Week:
            return tr("Week from (UTC)");
        case Bucket::Month:
            return tr("Month (UTC)");
        }
    }
    if (section > DayColumn && section < ColumnCount)
        return OutcomeCounts::name(OutcomeCounts::Outcome(section - PassColumn));
    return {};
}
