#pragma once

#include "linker.h"

#include <QSqlDatabase>

#include <limits>

// What the linker reads from the store, and nothing more: which source IPs and signatures the
// rows show in which report ranges (one entry for all the rows alike), and the notices' hops,
// signatures and dates (not their headers or recipients). Both can be limited to what arrived
// after a mark and to a time window, so new data is linked without reading all.
namespace LinkInputs {

struct RowFilter
{
    qint64 afterRecord = 0; // only records with a larger id
    qint64 from = std::numeric_limits<qint64>::min(); // only reports whose range touches
    qint64 to = std::numeric_limits<qint64>::max(); // [from, to]
};

struct Ranges
{
    QList<Linker::AddressRange> addresses;
    QList<Linker::DkimRange> signatures;
};
Ranges loadRanges(QSqlDatabase db, const RowFilter &filter, QString *error = nullptr);
// Bounces and failure reports with an id in (afterMail, upToMail].
QList<Linker::Mail> loadMails(
    QSqlDatabase db, qint64 afterMail, qint64 upToMail, QString *error = nullptr);
// The earliest and latest time a mail can have arrived (its hops and Date header).
std::pair<qint64, qint64> timeSpan(const QList<Linker::Mail> &mails);
qint64 maxId(QSqlDatabase db, const QString &table);

} // namespace LinkInputs
