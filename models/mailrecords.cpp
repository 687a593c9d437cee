#include "mailrecords.h"

#include "headerfields.h"
#include "mailflags.h"

#include <QHash>
#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>

namespace MailRecords {

namespace {

// The originals, hops and signatures of every notice of one kind, keyed by mail_ref. Read in
// three ordered scans instead of three queries per notice.
struct Originals
{
    QHash<qint64, OriginalMessage> byMail;
};

bool loadOriginals(QSqlDatabase db, const QString &kind, Originals &out, QString *error)
{
    QSqlQuery query(db);
    auto failed = [&] {
        if (error)
            *error = query.lastError().text();
        return false;
    };
    const QString join
        = QStringLiteral(" JOIN mail_messages m ON m.id = o.mail_ref WHERE m.kind = ?");
    query.prepare(
        QStringLiteral("SELECT o.mail_ref, o.message_id, o.from_address, o.to_address, "
                       "o.subject, o.date, o.submitter, o.headers FROM original_messages o")
        + join);
    query.addBindValue(kind);
    if (!query.exec())
        return failed();
    while (query.next()) {
        OriginalMessage &original = out.byMail[query.value(0).toLongLong()];
        original.messageId = query.value(1).toString();
        original.from = query.value(2).toString();
        original.to = query.value(3).toString();
        original.subject = query.value(4).toString();
        original.date = query.value(5).toLongLong();
        original.submitter = query.value(6).toString();
        original.headers = query.value(7).toString();
    }
    query.prepare(QStringLiteral("SELECT o.mail_ref, o.from_host, o.helo, o.ip, o.by_host, o.time, "
                                 "o.helo_mismatch FROM original_received o")
        + join + QStringLiteral(" ORDER BY o.mail_ref, o.ordinal"));
    query.addBindValue(kind);
    if (!query.exec())
        return failed();
    while (query.next())
        out.byMail[query.value(0).toLongLong()].received.append(
            { query.value(1).toString(), query.value(2).toString(), query.value(3).toString(),
                query.value(4).toString(), query.value(5).toLongLong(), query.value(6).toBool() });
    query.prepare(QStringLiteral("SELECT o.mail_ref, o.domain, o.selector FROM original_dkim o")
        + join + QStringLiteral(" ORDER BY o.mail_ref, o.ordinal"));
    query.addBindValue(kind);
    if (!query.exec())
        return failed();
    while (query.next())
        out.byMail[query.value(0).toLongLong()].dkim.append(
            { query.value(1).toString(), query.value(2).toString() });
    return true;
}

void readMail(StoredMail &mail, const QSqlQuery &query)
{
    mail.mailRef = query.value(0).toLongLong();
    mail.messageId = query.value(1).toString();
    mail.from = query.value(2).toString();
    mail.subject = query.value(3).toString();
    mail.date = query.value(4).toLongLong();
    mail.source = query.value(5).toString();
}

const char MailColumns[] = "m.id, m.message_id, m.from_address, m.subject, m.date, m.source";

QJsonObject originalToJson(const StoredMail &mail, const OriginalMessage &original)
{
    QJsonArray received;
    for (const ReceivedHop &hop : original.received)
        received.append(QJsonObject { { QStringLiteral("from_host"), hop.fromHost },
            { QStringLiteral("helo"), hop.helo }, { QStringLiteral("ip"), hop.ip },
            { QStringLiteral("by_host"), hop.byHost }, { QStringLiteral("time"), hop.time },
            { QStringLiteral("helo_mismatch"), hop.heloMismatch } });
    QJsonArray dkim;
    for (const DkimSignatureRef &signature : original.dkim)
        dkim.append(QJsonObject { { QStringLiteral("d"), signature.domain },
            { QStringLiteral("s"), signature.selector } });
    return QJsonObject { { QStringLiteral("message_id"), mail.messageId },
        { QStringLiteral("flags"), QJsonArray::fromStringList(mail.flags) },
        { QStringLiteral("original_message_id"), original.messageId },
        { QStringLiteral("original_from"), original.from },
        { QStringLiteral("original_subject"), original.subject },
        { QStringLiteral("original_date"), original.date },
        { QStringLiteral("submitter"), original.submitter },
        { QStringLiteral("received"), received }, { QStringLiteral("dkim"), dkim } };
}

} // namespace

QList<StoredBounce> loadBounces(QSqlDatabase db, QString *error)
{
    Originals originals;
    if (!loadOriginals(db, QStringLiteral("bounce"), originals, error))
        return {};
    QSqlQuery query(db);
    QHash<qint64, QList<BounceRecipient>> recipients;
    if (!query.exec(QStringLiteral("SELECT mail_ref, address, original_recipient, action, status, "
                                   "remote_mta, diagnostic, reason FROM bounce_recipients "
                                   "ORDER BY mail_ref, ordinal"))) {
        if (error)
            *error = query.lastError().text();
        return {};
    }
    while (query.next())
        recipients[query.value(0).toLongLong()].append({ query.value(1).toString(),
            query.value(2).toString(), query.value(3).toString(), query.value(4).toString(),
            query.value(5).toString(), query.value(6).toString(), query.value(7).toString() });
    if (!query.exec(QStringLiteral("SELECT %1, b.reporting_mta, b.mta_format, b.arrival_date "
                                   "FROM bounces b JOIN mail_messages m ON m.id = b.mail_ref "
                                   "ORDER BY m.date, m.id")
                        .arg(QLatin1String(MailColumns)))) {
        if (error)
            *error = query.lastError().text();
        return {};
    }
    const MailFlags flags = MailFlags::load(db);
    QList<StoredBounce> bounces;
    while (query.next()) {
        StoredBounce stored;
        readMail(stored, query);
        stored.bounce.reportingMta = query.value(6).toString();
        stored.bounce.mtaFormat = query.value(7).toString();
        stored.bounce.arrivalDate = query.value(8).toLongLong();
        stored.bounce.recipients = recipients.value(stored.mailRef);
        stored.bounce.original = originals.byMail.value(stored.mailRef);
        stored.flags = flags.flags(stored.bounce.original);
        bounces.append(std::move(stored));
    }
    return bounces;
}

QList<StoredFailure> loadFailures(QSqlDatabase db, QString *error)
{
    Originals originals;
    if (!loadOriginals(db, QStringLiteral("failure-report"), originals, error))
        return {};
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral(
            "SELECT %1, f.format, f.feedback_type, f.user_agent, f.auth_failure, "
            "f.identity_alignment, f.source_ip, f.reported_domain, f.original_mail_from, "
            "f.original_rcpt_to, f.arrival_date, f.authentication_results, f.dkim_domain, "
            "f.dkim_selector, f.spf_dns, f.delivery_result FROM failure_reports f "
            "JOIN mail_messages m ON m.id = f.mail_ref ORDER BY m.date, m.id")
                        .arg(QLatin1String(MailColumns)))) {
        if (error)
            *error = query.lastError().text();
        return {};
    }
    const MailFlags flags = MailFlags::load(db);
    QList<StoredFailure> failures;
    while (query.next()) {
        StoredFailure stored;
        readMail(stored, query);
        FailureReport &f = stored.failure;
        int column = 6;
        for (QString *field :
            { &f.format, &f.feedbackType, &f.userAgent, &f.authFailure, &f.identityAlignment,
                &f.sourceIp, &f.reportedDomain, &f.originalMailFrom, &f.originalRcptTo })
            *field = query.value(column++).toString();
        f.arrivalDate = query.value(column++).toLongLong();
        for (QString *field : { &f.authenticationResults, &f.dkimDomain, &f.dkimSelector, &f.spfDns,
                 &f.deliveryResult })
            *field = query.value(column++).toString();
        f.original = originals.byMail.value(stored.mailRef);
        stored.flags = flags.flags(f.original);
        failures.append(std::move(stored));
    }
    return failures;
}

QJsonObject toJson(const StoredBounce &stored)
{
    const Bounce &bounce = stored.bounce;
    QJsonObject object = originalToJson(stored, bounce.original);
    QJsonArray failed;
    QJsonArray recipients;
    for (const BounceRecipient &r : bounce.recipients) {
        failed.append(r.address);
        recipients.append(QJsonObject { { QStringLiteral("address"), r.address },
            { QStringLiteral("action"), r.action }, { QStringLiteral("status"), r.status },
            { QStringLiteral("reason"), r.reason }, { QStringLiteral("remote_mta"), r.remoteMta },
            { QStringLiteral("diagnostic"), r.diagnostic } });
    }
    object.insert(QStringLiteral("reporting_mta"), bounce.reportingMta);
    object.insert(QStringLiteral("mta_format"), bounce.mtaFormat);
    object.insert(QStringLiteral("failed_recipients"), failed);
    object.insert(QStringLiteral("recipients"), recipients);
    object.insert(QStringLiteral("status"), bounce.status());
    object.insert(QStringLiteral("reason"), bounce.reason());
    object.insert(QStringLiteral("arrival_date"), bounce.arrivalDate);
    return object;
}

QJsonObject toJson(const StoredFailure &stored)
{
    const FailureReport &f = stored.failure;
    QJsonObject object = originalToJson(stored, f.original);
    QJsonArray failed;
    for (const QString &address : f.originalRcptTo.split(QLatin1Char(','), Qt::SkipEmptyParts))
        failed.append(MailText::address(address));
    object.insert(QStringLiteral("reporting_mta"),
        stored.from.mid(stored.from.indexOf(QLatin1Char('@')) + 1));
    object.insert(QStringLiteral("mta_format"), f.format);
    object.insert(QStringLiteral("failed_recipients"), failed);
    object.insert(QStringLiteral("status"), QString());
    object.insert(QStringLiteral("reason"), f.authFailure);
    object.insert(QStringLiteral("feedback_type"), f.feedbackType);
    object.insert(QStringLiteral("source_ip"), f.sourceIp);
    object.insert(QStringLiteral("auth_failure"), f.authFailure);
    object.insert(QStringLiteral("identity_alignment"), f.identityAlignment);
    object.insert(QStringLiteral("delivery_result"), f.deliveryResult);
    object.insert(QStringLiteral("reported_domain"), f.reportedDomain);
    object.insert(QStringLiteral("arrival_date"), f.arrivalDate);
    object.insert(QStringLiteral("user_agent"), f.userAgent);
    return object;
}

} // namespace MailRecords
