#include "sourceevidence.h"

#include "reversedns.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

namespace SourceEvidenceLoader {

namespace {

QString key(const QString &ip, const QString &domain)
{
    return ip + QLatin1Char('\n') + domain;
}

} // namespace

Result load(QSqlDatabase db, QString *error)
{
    Result result;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    auto failed = [&] {
        if (error)
            *error = query.lastError().text();
        return Result();
    };
    const QString from
        = QStringLiteral(" FROM records rec JOIN reports r ON r.id = rec.report_ref");
    if (!query.exec(
            QStringLiteral("SELECT rec.source_ip || '', r.policy_domain, SUM(rec.message_count), "
                           "SUM(CASE WHEN rec.dmarc_pass = 1 THEN rec.message_count "
                           "ELSE 0 END)")
            + from + QStringLiteral(" GROUP BY rec.source_ip || '', r.policy_domain")))
        return failed();
    QHash<QString, qsizetype> index;
    while (query.next()) {
        SourceEvidence evidence;
        evidence.ip = query.value(0).toString();
        evidence.policyDomain = query.value(1).toString().toLower();
        evidence.messages = query.value(2).toLongLong();
        evidence.dmarcPass = query.value(3).toLongLong();
        index.insert(key(evidence.ip, evidence.policyDomain), result.sources.size());
        result.sources.append(evidence);
    }

    for (const bool dkim : { true, false }) {
        const QString sql = dkim
            ? QStringLiteral("SELECT rec.source_ip || '', r.policy_domain, a.domain, a.selector, "
                             "a.result, SUM(rec.message_count) FROM record_dkim a JOIN records rec "
                             "ON rec.id = a.record_ref JOIN reports r ON r.id = rec.report_ref "
                             "GROUP BY rec.source_ip || '', r.policy_domain, a.domain, "
                             "a.selector, a.result")
            : QStringLiteral("SELECT rec.source_ip || '', r.policy_domain, a.domain, '', a.result, "
                             "SUM(rec.message_count) FROM record_spf a JOIN records rec ON rec.id "
                             "= a.record_ref JOIN reports r ON r.id = rec.report_ref GROUP BY "
                             "rec.source_ip || '', r.policy_domain, a.domain, a.result");
        if (!query.exec(sql))
            return failed();
        while (query.next()) {
            const auto it = index.constFind(
                key(query.value(0).toString(), query.value(1).toString().toLower()));
            if (it == index.cend())
                continue;
            SourceEvidence::Auth auth { query.value(2).toString().toLower(),
                query.value(3).toString(), query.value(4).toString().toLower(),
                query.value(5).toLongLong() };
            if (dkim && auth.result == QLatin1String("pass"))
                result.passingSelectors.insert(
                    SourceClassifier::selectorKey(auth.domain, auth.selector));
            (dkim ? result.sources[*it].dkim : result.sources[*it].spf).append(auth);
        }
    }

    if (!query.exec(QStringLiteral("SELECT DISTINCT rec.source_ip, r.policy_domain, x.type, "
                                   "x.comment FROM record_reasons x JOIN records rec ON rec.id = "
                                   "x.record_ref JOIN reports r ON r.id = rec.report_ref")))
        return failed();
    while (query.next()) {
        const auto it
            = index.constFind(key(query.value(0).toString(), query.value(1).toString().toLower()));
        if (it == index.cend())
            continue;
        SourceEvidence &evidence = result.sources[*it];
        const QString type = query.value(2).toString().toLower();
        if (!type.isEmpty() && !evidence.overrides.contains(type))
            evidence.overrides.append(type);
        evidence.arc
            |= query.value(3).toString().contains(QLatin1String("arc="), Qt::CaseInsensitive);
    }

    const QHash<QString, ReverseDnsEntry> names = ReverseDnsCache::load(db);
    for (SourceEvidence &evidence : result.sources) {
        const auto it = names.constFind(evidence.ip);
        if (it != names.cend()) {
            evidence.ptr = it->name;
            evidence.ptrConfirmed = it->forwardConfirmed;
        }
    }
    std::stable_sort(result.sources.begin(), result.sources.end(),
        [](const SourceEvidence &a, const SourceEvidence &b) { return a.messages > b.messages; });
    return result;
}

} // namespace SourceEvidenceLoader
