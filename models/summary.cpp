#include "summary.h"

#include "mailitems.h"

#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>

Summary Summary::compute(QSqlDatabase db, QString *error)
{
    Summary summary;
    QSqlQuery query(db);
    auto failed = [&] {
        if (error)
            *error = query.lastError().text();
        return summary;
    };
    if (!query.exec(QStringLiteral("SELECT COUNT(*), COALESCE(SUM(record_count), 0), "
                                   "COALESCE(SUM(message_count), 0) FROM reports"))
        || !query.next())
        return failed();
    summary.reports = query.value(0).toLongLong();
    summary.records = query.value(1).toLongLong();
    summary.messages = query.value(2).toLongLong();

    if (!query.exec(QStringLiteral(
            "SELECT dmarc_pass, COALESCE(disposition, 'none'), SUM(message_count) FROM records "
            "GROUP BY dmarc_pass, COALESCE(disposition, 'none')")))
        return failed();
    while (query.next()) {
        const QString key = (query.value(0).toInt() ? QLatin1String("pass") : QLatin1String("fail"))
            + QLatin1Char('/') + query.value(1).toString();
        summary.byResultDisposition[key] += query.value(2).toLongLong();
    }

    if (!query.exec(QStringLiteral("SELECT org_name, COUNT(*), SUM(message_count) FROM reports "
                                   "GROUP BY org_name ORDER BY SUM(message_count) DESC, org_name")))
        return failed();
    while (query.next())
        summary.reporters.append({ query.value(0).toString(), query.value(1).toLongLong(),
            query.value(2).toLongLong() });

    if (!query.exec(QStringLiteral("SELECT kind, COUNT(*) FROM mail_messages GROUP BY kind")))
        return failed();
    while (query.next()) {
        const QString kind = query.value(0).toString();
        const qint64 count = query.value(1).toLongLong();
        if (kind == mailKindName(MailKind::AggregateReport))
            summary.reportMails += count;
        else if (kind == mailKindName(MailKind::Bounce))
            summary.bounces += count;
        else if (kind == mailKindName(MailKind::FailureReport))
            summary.failureReports += count;
        else if (kind == mailKindName(MailKind::TlsReport))
            summary.tlsReports += count;
        else
            summary.ignoredMails += count;
    }
    return summary;
}

QJsonObject Summary::toJson() const
{
    QJsonObject byResult;
    for (auto it = byResultDisposition.cbegin(); it != byResultDisposition.cend(); ++it)
        byResult.insert(it.key(), it.value());
    QJsonArray reporterArray;
    for (const Reporter &reporter : reporters)
        reporterArray.append(QJsonObject { { QStringLiteral("org_name"), reporter.orgName },
            { QStringLiteral("reports"), reporter.reports },
            { QStringLiteral("messages"), reporter.messages } });
    return QJsonObject { { QStringLiteral("aggregate_reports"), reports },
        { QStringLiteral("records"), records }, { QStringLiteral("messages"), messages },
        { QStringLiteral("by_result_disposition"), byResult },
        { QStringLiteral("reporters"), reporterArray },
        { QStringLiteral("report_mails"), reportMails }, { QStringLiteral("bounces"), bounces },
        { QStringLiteral("failure_reports"), failureReports },
        { QStringLiteral("tls_reports"), tlsReports },
        { QStringLiteral("ignored_mails"), ignoredMails } };
}
