#include "dashboarddata.h"

#include "sourcecategories.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QMap>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <cmath>
#include <numeric>

OutcomeCounts::Outcome OutcomeCounts::fromRecord(bool dmarcPass, const QString &disposition)
{
    if (dmarcPass)
        return Pass;
    if (disposition == QLatin1String("reject"))
        return FailReject;
    if (disposition == QLatin1String("quarantine"))
        return FailQuarantine;
    return FailNone;
}

QString OutcomeCounts::name(Outcome outcome)
{
    switch (outcome) {
    case Pass:
        return QCoreApplication::translate("OutcomeCounts", "DMARC pass");
    case FailNone:
        return QCoreApplication::translate("OutcomeCounts", "Fail, delivered");
    case FailQuarantine:
        return QCoreApplication::translate("OutcomeCounts", "Fail, quarantined");
    case FailReject:
        return QCoreApplication::translate("OutcomeCounts", "Fail, rejected");
    case OutcomeCount:
        break;
    }
    return {};
}

QList<QPair<QDate, qint64>> spreadOverDays(qint64 begin, qint64 end, qint64 messages)
{
    QList<QPair<QDate, qint64>> parts;
    if (end < begin)
        end = begin;
    const QDate first = QDateTime::fromSecsSinceEpoch(begin, Qt::UTC).date();
    const QDate last = QDateTime::fromSecsSinceEpoch(end, Qt::UTC).date();
    // Report ranges are inclusive of their last second (…:59): count seconds, not differences.
    const double length = double(end - begin + 1);
    struct Share
    {
        QDate day;
        qint64 whole;
        double fraction;
    };
    QList<Share> shares;
    qint64 assigned = 0;
    for (QDate day = first; day <= last; day = day.addDays(1)) {
        const qint64 dayStart = QDateTime(day, QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
        const qint64 from = qMax(begin, dayStart);
        const qint64 to = qMin(end, dayStart + 86399);
        const double exact = messages * double(to - from + 1) / length;
        const qint64 whole = qint64(std::floor(exact));
        shares.append({ day, whole, exact - double(whole) });
        assigned += whole;
    }
    // Largest remainders get the messages rounding left over, earlier days first on ties.
    QList<int> order(shares.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
        [&](int a, int b) { return shares.at(a).fraction > shares.at(b).fraction; });
    for (int i = 0; assigned < messages && i < order.size(); ++i, ++assigned)
        ++shares[order.at(i)].whole;
    for (const Share &share : std::as_const(shares))
        parts.append({ share.day, share.whole });
    return parts;
}

DashboardData DashboardData::load(QSqlDatabase db, const QString &domain, QString *error)
{
    DashboardData data;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const QString where
        = domain.isEmpty() ? QString() : QStringLiteral(" WHERE r.policy_domain = ?");
    auto run = [&](const QString &sql) {
        query.prepare(sql);
        if (!domain.isEmpty())
            query.addBindValue(domain);
        if (query.exec())
            return true;
        if (error)
            *error = query.lastError().text();
        return false;
    };

    // Domains with the policy of their most recent report.
    if (!run(QStringLiteral(
                 "SELECT r.policy_domain, r.policy_p, r.policy_sp, r.policy_adkim, "
                 "r.policy_aspf, r.policy_pct, r.date_end, r.message_count FROM reports r")
            + where + QStringLiteral(" ORDER BY r.date_end, r.id")))
        return data;
    QMap<QString, DomainPolicy> domains;
    while (query.next()) {
        DomainPolicy &policy = domains[query.value(0).toString()];
        policy.domain = query.value(0).toString();
        QStringList parts;
        const char *names[] = { "p", "sp", "adkim", "aspf", "pct" };
        for (int i = 0; i < 5; ++i)
            if (!query.value(i + 1).isNull())
                parts.append(
                    QLatin1String(names[i]) + QLatin1Char('=') + query.value(i + 1).toString());
        policy.policy = parts.join(QLatin1Char(' '));
        policy.messages += query.value(7).toLongLong();
    }
    data.domains = domains.values();

    // Totals in one pass over the records.
    if (!run(QStringLiteral(
                 "SELECT COALESCE(SUM(rec.message_count), 0), "
                 "COALESCE(SUM(CASE WHEN rec.dmarc_pass = 1 THEN rec.message_count END), 0), "
                 "COALESCE(SUM(CASE WHEN rec.dkim_evaluated = 'pass' THEN rec.message_count END), "
                 "0), "
                 "COALESCE(SUM(CASE WHEN rec.spf_evaluated = 'pass' THEN rec.message_count END), "
                 "0), "
                 "COALESCE(SUM(CASE WHEN rec.dmarc_pass = 0 AND rec.disposition = 'reject' THEN "
                 "rec.message_count END), 0), "
                 "COALESCE(SUM(CASE WHEN rec.dmarc_pass = 0 AND rec.disposition = 'quarantine' "
                 "THEN rec.message_count END), 0), "
                 "COUNT(DISTINCT rec.source_ip), COUNT(DISTINCT r.org_name) "
                 "FROM records rec JOIN reports r ON r.id = rec.report_ref")
            + where)
        || !query.next())
        return data;
    data.messages = query.value(0).toLongLong();
    data.dmarcPass = query.value(1).toLongLong();
    data.dkimAligned = query.value(2).toLongLong();
    data.spfAligned = query.value(3).toLongLong();
    data.rejected = query.value(4).toLongLong();
    data.quarantined = query.value(5).toLongLong();
    data.sources = query.value(6).toLongLong();
    data.reporters = query.value(7).toLongLong();

    // Daily volume: group by report range first (few groups), then spread each over its days.
    if (!run(QStringLiteral("SELECT r.date_begin, r.date_end, rec.dmarc_pass, "
                            "COALESCE(rec.disposition, 'none'), SUM(rec.message_count) "
                            "FROM records rec JOIN reports r ON r.id = rec.report_ref")
            + where
            + QStringLiteral(" GROUP BY r.date_begin, r.date_end, rec.dmarc_pass, "
                             "COALESCE(rec.disposition, 'none')")))
        return data;
    QMap<QDate, OutcomeCounts> days;
    while (query.next()) {
        const auto outcome
            = OutcomeCounts::fromRecord(query.value(2).toInt() == 1, query.value(3).toString());
        const auto parts = spreadOverDays(
            query.value(0).toLongLong(), query.value(1).toLongLong(), query.value(4).toLongLong());
        for (const auto &part : parts)
            if (part.second > 0) // a range's last second must not add an empty day
                days[part.first].counts[outcome] += part.second;
    }
    if (!days.isEmpty()) {
        for (QDate day = days.firstKey(); day <= days.lastKey(); day = day.addDays(1))
            data.daily.append({ day, days.value(day) });
    }

    if (!run(QStringLiteral("SELECT r.org_name, SUM(r.message_count) FROM reports r") + where
            + QStringLiteral(
                " GROUP BY r.org_name ORDER BY SUM(r.message_count) DESC, r.org_name")))
        return data;
    // The twelve largest reporters by name, the rest together: a chart of 40 bars helps nobody.
    constexpr int NamedReporters = 12;
    NamedCount others { QCoreApplication::translate("DashboardData", "Others"), 0 };
    int otherCount = 0;
    while (query.next()) {
        if (data.byReporter.size() < NamedReporters) {
            data.byReporter.append({ query.value(0).toString(), query.value(1).toLongLong() });
        } else {
            others.messages += query.value(1).toLongLong();
            ++otherCount;
        }
    }
    if (otherCount > 0) {
        others.name = QCoreApplication::translate("DashboardData", "%1 others").arg(otherCount);
        data.byReporter.append(others);
    }

    // Messages by the category of their source, in a fixed order so colours stay put.
    const QHash<QString, SourceCategories::Entry> categories = SourceCategories::compute(db);
    QMap<int, qint64> byCategory;
    for (const SourceCategories::Entry &entry : categories)
        byCategory[int(entry.verdict.category)] += entry.messages;
    for (auto it = byCategory.cbegin(); it != byCategory.cend(); ++it)
        if (it.value() > 0)
            data.byCategory.append(
                { SourceClass::categoryTitle(SourceClass::Category(it.key())), it.value() });
    return data;
}
