#include "dailyvolumemodel.h"

#include "itemroles.h"

#include <QLocale>

DailyVolumeModel::DailyVolumeModel(QObject *parent)
    : RowTableModel(ColumnCount, parent)
{ }

void DailyVolumeModel::setDays(const QList<DailyVolume> &days)
{
    const qint64 span = days.isEmpty() ? 0 : days.first().day.daysTo(days.last().day) + 1;
    m_bucket = span > 183 ? Bucket::Month : span > 62 ? Bucket::Week : Bucket::Day;
    QList<DailyVolume> buckets;
    for (const DailyVolume &day : days) {
        QDate start = day.day;
        if (m_bucket == Bucket::Week)
            start = day.day.addDays(1 - day.day.dayOfWeek()); // ISO weeks start on Monday
        else if (m_bucket == Bucket::Month)
            start = QDate(day.day.year(), day.day.month(), 1);
        if (buckets.isEmpty() || buckets.last().day != start)
            buckets.append({ start, {} });
        for (int outcome = 0; outcome < OutcomeCounts::OutcomeCount; ++outcome)
            buckets.last().outcomes.counts[outcome] += day.outcomes.counts[outcome];
    }
    setRows(std::move(buckets));
}

QVariant DailyVolumeModel::cell(const DailyVolume &day, int column, int role) const
{
    if (column == DayColumn) {
        if (role == Qt::DisplayRole)
            return m_bucket == Bucket::Month ? day.day.toString(QStringLiteral("yyyy-MM"))
                                             : day.day.toString(Qt::ISODate);
        if (role == ItemRoles::SortRole)
            return day.day;
        return {};
    }
    const qint64 count = day.outcomes.counts[column - PassColumn];
    // Charts map DisplayRole to bar heights: give them the number, not formatted text.
    if (role == Qt::DisplayRole || role == ItemRoles::SortRole)
        return count;
    if (role == Qt::TextAlignmentRole)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QString DailyVolumeModel::columnTitle(int section) const
{
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
