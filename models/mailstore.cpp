#include "mailstore.h"

#include "nullablevalue.h"
#include "transactionguard.h"

#include <QDateTime>
#include <QSqlError>

#include <optional>

using NullableValue::text;
using NullableValue::time;

MailStore::MailStore(QSqlDatabase db)
    : m_db(std::move(db))
    , m_useReturning(m_db.driverName() == QLatin1String("QPSQL"))
{ }

bool MailStore::prepare()
{
    if (m_prepared)
        return true;
    const QString returning = m_useReturning ? QStringLiteral(" RETURNING id") : QString();
    const struct
    {
        QSqlQuery *query;
        QString sql;
    } statements[] = {
        { &m_exists, QStringLiteral("SELECT 1 FROM mail_messages WHERE dedupe_key = ?") },
        { &m_mail,
            QStringLiteral("INSERT INTO mail_messages (dedupe_key, kind, message_id, from_address, "
                           "subject, date, raw, source, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
                           "?, ?)")
                + returning },
        { &m_bounce,
            QStringLiteral("INSERT INTO bounces (mail_ref, reporting_mta, mta_format, "
                           "arrival_date, status, reason) VALUES (?, ?, ?, ?, ?, ?)") },
        { &m_recipient,
            QStringLiteral("INSERT INTO bounce_recipients (mail_ref, ordinal, address, "
                           "original_recipient, action, status, remote_mta, diagnostic, reason) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)") },
        { &m_failure,
            QStringLiteral("INSERT INTO failure_reports (mail_ref, format, feedback_type, "
                           "user_agent, auth_failure, identity_alignment, source_ip, "
                           "reported_domain, original_mail_from, original_rcpt_to, arrival_date, "
                           "authentication_results, dkim_domain, dkim_selector, spf_dns, "
                           "delivery_result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                           "?, ?)") },
        { &m_original,
            QStringLiteral("INSERT INTO original_messages (mail_ref, message_id, from_address, "
                           "to_address, subject, date, submitter, headers) VALUES (?, ?, ?, ?, "
                           "?, ?, ?, ?)") },
        { &m_received,
            QStringLiteral("INSERT INTO original_received (mail_ref, ordinal, from_host, helo, "
                           "ip, by_host, time, helo_mismatch) VALUES (?, ?, ?, ?, ?, ?, ?, ?)") },
        { &m_dkim,
            QStringLiteral("INSERT INTO original_dkim (mail_ref, ordinal, domain, selector) "
                           "VALUES (?, ?, ?, ?)") },
    };
    for (const auto &statement : statements) {
        *statement.query = QSqlQuery(m_db);
        if (!statement.query->prepare(statement.sql)) {
            m_error = statement.query->lastError().text();
            return false;
        }
    }
    m_prepared = true;
    return true;
}

bool MailStore::run(QSqlQuery &query, std::initializer_list<QVariant> values)
{
    int position = 0;
    for (const QVariant &value : values)
        query.bindValue(position++, value);
    if (!query.exec()) {
        m_error = query.lastError().text();
        return false;
    }
    return true;
}

MailStore::Result MailStore::insert(const MailItem &item, const QString &source, bool inTransaction)
{
    if (!prepare())
        return Result::Failed;
    if (!run(m_exists, { QString::fromUtf8(item.dedupeKey) }))
        return Result::Failed;
    const bool exists = m_exists.next();
    m_exists.finish();
    if (exists)
        return Result::Duplicate;

    std::optional<TransactionGuard> transaction;
    std::optional<SavepointGuard> savepoint;
    if (inTransaction)
        savepoint.emplace(m_db, QStringLiteral("mail"));
    else
        transaction.emplace(m_db);
    if (!run(m_mail,
            { QString::fromUtf8(item.dedupeKey), mailKindName(item.kind), text(item.messageId),
                text(item.from), text(item.subject), time(item.date),
                item.raw.isEmpty() ? QVariant(QMetaType::fromType<QByteArray>())
                                   : QVariant(item.raw),
                text(source), QDateTime::currentSecsSinceEpoch() }))
        return Result::Failed;
    qint64 mailRef = 0;
    if (m_useReturning) {
        if (!m_mail.next()) {
            m_error = m_mail.lastError().text();
            return Result::Failed;
        }
        mailRef = m_mail.value(0).toLongLong();
        m_mail.finish();
    } else {
        mailRef = m_mail.lastInsertId().toLongLong();
    }
    if (!insertRows(mailRef, item))
        return Result::Failed;
    const bool committed = inTransaction ? savepoint->release() : transaction->commit();
    if (!committed) {
        m_error = inTransaction ? savepoint->errorString() : m_db.lastError().text();
        return Result::Failed;
    }
    return Result::Inserted;
}

bool MailStore::insertRows(qint64 mailRef, const MailItem &item)
{
    if (item.kind == MailKind::Bounce) {
        const Bounce &bounce = item.bounce;
        if (!run(m_bounce,
                { mailRef, text(bounce.reportingMta), text(bounce.mtaFormat),
                    time(bounce.arrivalDate), text(bounce.status()), text(bounce.reason()) }))
            return false;
        int ordinal = 0;
        for (const BounceRecipient &r : bounce.recipients)
            if (!run(m_recipient,
                    { mailRef, ordinal++, text(r.address), text(r.originalRecipient),
                        text(r.action), text(r.status), text(r.remoteMta), text(r.diagnostic),
                        text(r.reason) }))
                return false;
        return insertOriginal(mailRef, bounce.original);
    }
    if (item.kind == MailKind::FailureReport) {
        const FailureReport &f = item.failure;
        if (!run(m_failure,
                { mailRef, text(f.format), text(f.feedbackType), text(f.userAgent),
                    text(f.authFailure), text(f.identityAlignment), text(f.sourceIp),
                    text(f.reportedDomain), text(f.originalMailFrom), text(f.originalRcptTo),
                    time(f.arrivalDate), text(f.authenticationResults), text(f.dkimDomain),
                    text(f.dkimSelector), text(f.spfDns), text(f.deliveryResult) }))
            return false;
        return insertOriginal(mailRef, f.original);
    }
    return true;
}

bool MailStore::insertOriginal(qint64 mailRef, const OriginalMessage &original)
{
    if (original.isEmpty())
        return true;
    if (!run(m_original,
            { mailRef, text(original.messageId), text(original.from), text(original.to),
                text(original.subject), time(original.date), text(original.submitter),
                text(original.headers) }))
        return false;
    int ordinal = 0;
    for (const ReceivedHop &hop : original.received)
        if (!run(m_received,
                { mailRef, ordinal++, text(hop.fromHost), text(hop.helo), text(hop.ip),
                    text(hop.byHost), time(hop.time), hop.heloMismatch ? 1 : 0 }))
            return false;
    ordinal = 0;
    for (const DkimSignatureRef &dkim : original.dkim)
        if (!run(m_dkim, { mailRef, ordinal++, text(dkim.domain), text(dkim.selector) }))
            return false;
    return true;
}
