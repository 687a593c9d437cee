#include "sourcestats.h"

#include "domainname.h"
#include "geoip.h"
#include "sourcecategories.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace {

bool run(QSqlQuery &query, const QString &sql, const QVariantList &before,
    const SourceFilter &filter, QString *error)
{
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant &value : before)
        query.addBindValue(value);
    for (const QVariant &value : filter.bindValues())
        query.addBindValue(value);
    if (query.exec())
        return true;
    if (error)
        *error = query.lastError().text();
    return false;
}

// Domains with their message counts, most first, as "domain (result)".
QStringList ranked(const QMap<QString, qint64> &counts)
{
    QList<QPair<QString, qint64>> list;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        list.append({ it.key(), it.value() });
    std::stable_sort(
        list.begin(), list.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    QStringList names;
    for (const auto &entry : std::as_const(list))
        names.append(entry.first);
    return names;
}

} // namespace

QString SourceFilter::whereClause() const
{
    QStringList conditions;
    if (!domain.isEmpty())
        conditions.append(QStringLiteral("r.policy_domain = ?"));
    if (from.isValid())
        conditions.append(QStringLiteral("r.date_end >= ?"));
    if (to.isValid())
        conditions.append(QStringLiteral("r.date_begin < ?"));
    return conditions.isEmpty() ? QString()
                                : QLatin1String(" AND ") + conditions.join(QLatin1String(" AND "));
}

QVariantList SourceFilter::bindValues() const
{
    QVariantList values;
    if (!domain.isEmpty())
        values.append(domain);
    if (from.isValid())
        values.append(QDateTime(from, QTime(0, 0), Qt::UTC).toSecsSinceEpoch());
    if (to.isValid())
        values.append(QDateTime(to.addDays(1), QTime(0, 0), Qt::UTC).toSecsSinceEpoch());
    return values;
}

// The source queries group by `source_ip || ''`: grouping by the bare column makes SQLite walk
// the records_source index and fetch every row at random (8 s instead of 0.3 s on 1.3M records);
// the expression is plain SQL, and selecting the same expression keeps PostgreSQL (which groups
// by what it selects) reading it the same way (tested in tst_teamstore).
QList<SourceStats> SourceStats::load(QSqlDatabase db, const SourceFilter &filter, QString *error)
{
    QSqlQuery query(db);
    const QString join
        = QStringLiteral(" FROM records rec JOIN reports r ON r.id = rec.report_ref WHERE 1 = 1")
        + filter.whereClause();
    if (!run(query,
            QStringLiteral(
                "SELECT rec.source_ip || '', SUM(rec.message_count), "
                "SUM(CASE WHEN rec.dmarc_pass = 1 THEN rec.message_count ELSE 0 END), "
                "SUM(CASE WHEN rec.dkim_evaluated = 'pass' THEN rec.message_count ELSE 0 END), "
                "SUM(CASE WHEN rec.spf_evaluated = 'pass' THEN rec.message_count ELSE 0 END), "
                "SUM(CASE WHEN rec.disposition = 'quarantine' THEN rec.message_count ELSE 0 END), "
                "SUM(CASE WHEN rec.disposition = 'reject' THEN rec.message_count ELSE 0 END), "
                "MIN(r.date_begin), MAX(r.date_end)")
                + join + QStringLiteral(" GROUP BY rec.source_ip || ''"),
            {}, filter, error))
        return {};
    QList<SourceStats> sources;
    QHash<QString, qsizetype> byIp;
    while (query.next()) {
        SourceStats source;
        source.ip = query.value(0).toString();
        source.messages = query.value(1).toLongLong();
        source.dmarcPass = query.value(2).toLongLong();
        source.dkimAligned = query.value(3).toLongLong();
        source.spfAligned = query.value(4).toLongLong();
        source.quarantine = query.value(5).toLongLong();
        source.reject = query.value(6).toLongLong();
        source.none = source.messages - source.quarantine - source.reject;
        source.firstSeen = query.value(7).toLongLong();
        source.lastSeen = query.value(8).toLongLong();

        byIp.insert(source.ip, sources.size());
        sources.append(source);
    }

    // Authentication results per IP; the group is what the source passed as, DKIM first.
    QHash<QString, QMap<QString, qint64>> dkimSeen, spfSeen, passedDkim, passedSpf;
    for (const char *table : { "record_dkim", "record_spf" }) {
        const bool dkim = qstrcmp(table, "record_dkim") == 0;
        if (!run(query,
                QStringLiteral(
                    "SELECT rec.source_ip || '', a.domain, a.result, SUM(rec.message_count) FROM ")
                    + QLatin1String(table)
                    + QStringLiteral(
                        " a JOIN records rec ON rec.id = a.record_ref JOIN reports r ON "
                        "r.id = rec.report_ref WHERE a.domain IS NOT NULL")
                    + filter.whereClause()
                    + QStringLiteral(" GROUP BY rec.source_ip, a.domain, a.result"),
                {}, filter, error))
            return {};
        while (query.next()) {
            const QString ip = query.value(0).toString();
            const QString domain = query.value(1).toString();
            const QString result = query.value(2).toString();
            const qint64 messages = query.value(3).toLongLong();
            (dkim ? dkimSeen
                  : spfSeen)[ip][domain + QLatin1String(" (") + result + QLatin1Char(')')]
                += messages;
            if (result == QLatin1String("pass"))
                (dkim ? passedDkim : passedSpf)[ip][domain] += messages;
        }
    }
    for (SourceStats &source : sources) {
        source.dkimDomains = ranked(dkimSeen.value(source.ip));
        source.spfDomains = ranked(spfSeen.value(source.ip));
        QStringList passed = ranked(passedDkim.value(source.ip));
        if (passed.isEmpty())
            passed = ranked(passedSpf.value(source.ip));
        if (!passed.isEmpty())
            source.group = DomainName::registrable(passed.first());
    }

    // Organisation, reverse DNS and category from the classifier (over the whole store: a
    // source's nature does not change with the page's date filter).
    const QHash<QString, SourceCategories::Entry> categories = SourceCategories::compute(db, error);
    GeoIp geoip;
    const QString geoipPath = GeoIp::configuredPath();
    if (!geoipPath.isEmpty())
        geoip.open(geoipPath); // unreadable: no countries, the Settings dialog says why
    for (SourceStats &source : sources)
        source.country = geoip.country(source.ip);
    for (SourceStats &source : sources) {
        const auto it = categories.constFind(source.ip);
        if (it == categories.cend())
            continue;
        const SourceClass &verdict = it->verdict;
        source.category = SourceClass::categoryTitle(verdict.category);
        source.categoryKey = SourceClass::categoryName(verdict.category);
        source.categoryReason = verdict.reason;
        source.ptr = it->ptr;
        if (verdict.organisation.isKnown())
            source.group = verdict.organisation.name;
        else if (!it->ptr.isEmpty())
            source.group = DomainName::registrable(it->ptr);
    }

    if (!run(query,
            QStringLiteral(
                "SELECT rec.source_ip || '', o.type, SUM(rec.message_count) FROM record_reasons o "
                "JOIN records rec ON rec.id = o.record_ref JOIN reports r ON r.id = "
                "rec.report_ref WHERE 1 = 1")
                + filter.whereClause() + QStringLiteral(" GROUP BY rec.source_ip || '', o.type"),
            {}, filter, error))
        return {};
    while (query.next()) {
        const auto at = byIp.constFind(query.value(0).toString());
        if (at != byIp.cend())
            sources[*at].reasons[query.value(1).toString()] += query.value(2).toLongLong();
    }

    std::stable_sort(sources.begin(), sources.end(),
        [](const SourceStats &a, const SourceStats &b) { return a.messages > b.messages; });
    return sources;
}

QList<SourceRecord> SourceRecord::load(
    QSqlDatabase db, const QString &ip, const SourceFilter &filter, QString *error)
{
    QSqlQuery query(db);
    if (!run(query,
            QStringLiteral(
                "SELECT rec.id, r.org_name, r.report_id, r.date_begin, r.date_end, "
                "rec.message_count, rec.disposition, rec.dkim_evaluated, rec.spf_evaluated, "
                "rec.header_from, rec.envelope_from FROM records rec JOIN reports r ON "
                "r.id = rec.report_ref WHERE rec.source_ip = ?")
                + filter.whereClause()
                + QStringLiteral(" ORDER BY r.date_begin, r.org_name, rec.id"),
            { ip }, filter, error))
        return {};
    QList<SourceRecord> records;
    QHash<qint64, qsizetype> byId;
    while (query.next()) {
        SourceRecord record;
        record.reporter = query.value(1).toString();
        record.reportId = query.value(2).toString();
        record.begin = query.value(3).toLongLong();
        record.end = query.value(4).toLongLong();
        record.messages = query.value(5).toLongLong();
        record.disposition = query.value(6).toString();
        record.dkimEvaluated = query.value(7).toString();
        record.spfEvaluated = query.value(8).toString();
        record.headerFrom = query.value(9).toString();
        record.envelopeFrom = query.value(10).toString();
        byId.insert(query.value(0).toLongLong(), records.size());
        records.append(record);
    }
    const struct
    {
        const char *sql;
        int kind;
    } details[] = {
        { "SELECT a.record_ref, a.domain, a.selector, a.result FROM record_dkim a", 0 },
        { "SELECT a.record_ref, a.domain, a.scope, a.result FROM record_spf a", 1 },
        { "SELECT a.record_ref, a.type, a.comment, NULL FROM record_reasons a", 2 },
    };
    for (const auto &detail : details) {
        if (!run(query,
                QLatin1String(detail.sql)
                    + QStringLiteral(" JOIN records rec ON rec.id = a.record_ref JOIN reports r ON "
                                     "r.id = rec.report_ref WHERE rec.source_ip = ?")
                    + filter.whereClause() + QStringLiteral(" ORDER BY a.record_ref, a.ordinal"),
                { ip }, filter, error))
            return {};
        while (query.next()) {
            const auto at = byId.constFind(query.value(0).toLongLong());
            if (at == byId.cend())
                continue;
            SourceRecord &record = records[*at];
            const QString a = query.value(1).toString();
            const QString b = query.value(2).toString();
            const QString result = query.value(3).toString();
            if (detail.kind == 0)
                record.dkim.append(QStringLiteral("d=%1 s=%2: %3")
                                       .arg(a, b.isEmpty() ? QStringLiteral("?") : b, result));
            else if (detail.kind == 1)
                record.spf.append(b.isEmpty() ? a + QLatin1String(": ") + result
                                              : QStringLiteral("%1 (%2): %3").arg(a, b, result));
            else
                record.reasons.append(b.isEmpty() ? a : a + QLatin1String(": ") + b);
        }
    }
    return records;
}

QList<DailyVolume> SourceRecord::dailyVolume(const QList<SourceRecord> &records)
{
    QMap<QDate, OutcomeCounts> days;
    for (const SourceRecord &record : records) {
        const bool pass = record.dkimEvaluated == QLatin1String("pass")
            || record.spfEvaluated == QLatin1String("pass");
        const auto outcome = OutcomeCounts::fromRecord(pass, record.disposition);
        for (const auto &part : spreadOverDays(record.begin, record.end, record.messages))
            if (part.second > 0)
                days[part.first].counts[outcome] += part.second;
    }
    QList<DailyVolume> volume;
    if (!days.isEmpty())
        for (QDate day = days.firstKey(); day <= days.lastKey(); day = day.addDays(1))
            volume.append({ day, days.value(day) });
    return volume;
}
