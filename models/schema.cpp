#include "schema.h"

#include "transactionguard.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace {

// Version 1: aggregate reports, their records and the import log.
const char *const Version1[] = {
    R"(CREATE TABLE IF NOT EXISTS reports (
        id %ID%,
        org_name TEXT NOT NULL,
        email TEXT,
        extra_contact_info TEXT,
        report_id TEXT NOT NULL,
        policy_domain TEXT NOT NULL,
        date_begin BIGINT NOT NULL,
        date_end BIGINT NOT NULL,
        schema_version TEXT,
        namespace TEXT,
        generator TEXT,
        errors TEXT,
        policy_adkim TEXT, policy_aspf TEXT, policy_p TEXT, policy_sp TEXT, policy_np TEXT,
        policy_pct TEXT, policy_fo TEXT, policy_testing TEXT, policy_discovery TEXT,
        record_count INTEGER NOT NULL,
        message_count BIGINT NOT NULL,
        xml_sha256 TEXT NOT NULL UNIQUE,
        raw_xml %BLOB%,
        source TEXT,
        imported_at BIGINT NOT NULL,
        UNIQUE (org_name, report_id, policy_domain, date_begin, date_end)))",
    R"(CREATE TABLE IF NOT EXISTS records (
        id %ID%,
        report_ref BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        source_ip TEXT NOT NULL,
        message_count BIGINT NOT NULL,
        disposition TEXT,
        dkim_evaluated TEXT,
        spf_evaluated TEXT,
        dmarc_pass INTEGER NOT NULL,
        header_from TEXT,
        envelope_from TEXT,
        envelope_to TEXT))",
    "CREATE INDEX IF NOT EXISTS records_report ON records(report_ref)",
    "CREATE INDEX IF NOT EXISTS records_source ON records(source_ip)",
    R"(CREATE TABLE IF NOT EXISTS record_reasons (
        record_ref BIGINT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        type TEXT, comment TEXT,
        PRIMARY KEY (record_ref, ordinal))%WITHOUT_ROWID%)",
    R"(CREATE TABLE IF NOT EXISTS record_dkim (
        record_ref BIGINT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        domain TEXT, selector TEXT, result TEXT, human_result TEXT,
        PRIMARY KEY (record_ref, ordinal))%WITHOUT_ROWID%)",
    R"(CREATE TABLE IF NOT EXISTS record_spf (
        record_ref BIGINT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        domain TEXT, scope TEXT, result TEXT, human_result TEXT,
        PRIMARY KEY (record_ref, ordinal))%WITHOUT_ROWID%)",
    R"(CREATE TABLE IF NOT EXISTS import_log (
        id %ID%,
        imported_at BIGINT NOT NULL,
        path TEXT NOT NULL,
        outcome TEXT NOT NULL,
        reports INTEGER NOT NULL,
        bytes BIGINT NOT NULL,
        error TEXT,
        warnings TEXT))",
};

// Version 2: every mail message read (so counts and re-imports hold), bounces with their
// recipients, failure reports, and the returned message of either with its Received hops and
// DKIM signatures.
const char *const Version2[] = {
    R"(CREATE TABLE IF NOT EXISTS mail_messages (
        id %ID%,
        dedupe_key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        message_id TEXT,
        from_address TEXT,
        subject TEXT,
        date BIGINT,
        raw %BLOB%,
        source TEXT,
        imported_at BIGINT NOT NULL))",
    "CREATE INDEX IF NOT EXISTS mail_messages_kind ON mail_messages(kind)",
    R"(CREATE TABLE IF NOT EXISTS bounces (
        mail_ref BIGINT PRIMARY KEY REFERENCES mail_messages(id) ON DELETE CASCADE,
        reporting_mta TEXT,
        mta_format TEXT,
        arrival_date BIGINT,
        status TEXT,
        reason TEXT))",
    R"(CREATE TABLE IF NOT EXISTS bounce_recipients (
        mail_ref BIGINT NOT NULL REFERENCES mail_messages(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        address TEXT, original_recipient TEXT, action TEXT, status TEXT, remote_mta TEXT,
        diagnostic TEXT, reason TEXT,
        PRIMARY KEY (mail_ref, ordinal))%WITHOUT_ROWID%)",
    R"(CREATE TABLE IF NOT EXISTS failure_reports (
        mail_ref BIGINT PRIMARY KEY REFERENCES mail_messages(id) ON DELETE CASCADE,
        format TEXT, feedback_type TEXT, user_agent TEXT, auth_failure TEXT,
        identity_alignment TEXT, source_ip TEXT, reported_domain TEXT,
        original_mail_from TEXT, original_rcpt_to TEXT, arrival_date BIGINT,
        authentication_results TEXT, dkim_domain TEXT, dkim_selector TEXT, spf_dns TEXT,
        delivery_result TEXT))",
    "CREATE INDEX IF NOT EXISTS failure_reports_source ON failure_reports(source_ip)",
    R"(CREATE TABLE IF NOT EXISTS original_messages (
        mail_ref BIGINT PRIMARY KEY REFERENCES mail_messages(id) ON DELETE CASCADE,
        message_id TEXT, from_address TEXT, to_address TEXT, subject TEXT, date BIGINT,
        submitter TEXT, headers TEXT))",
    R"(CREATE TABLE IF NOT EXISTS original_received (
        mail_ref BIGINT NOT NULL REFERENCES mail_messages(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        from_host TEXT, helo TEXT, ip TEXT, by_host TEXT, time BIGINT,
        helo_mismatch INTEGER NOT NULL,
        PRIMARY KEY (mail_ref, ordinal))%WITHOUT_ROWID%)",
    "CREATE INDEX IF NOT EXISTS original_received_ip ON original_received(ip)",
    R"(CREATE TABLE IF NOT EXISTS original_dkim (
        mail_ref BIGINT NOT NULL REFERENCES mail_messages(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        domain TEXT, selector TEXT,
        PRIMARY KEY (mail_ref, ordinal))%WITHOUT_ROWID%)",
    "ALTER TABLE import_log ADD COLUMN mails INTEGER NOT NULL DEFAULT 0",
};

// Version 3: reverse DNS of the source IPs, kept for their TTL.
const char *const Version3[] = {
    R"(CREATE TABLE IF NOT EXISTS reverse_dns (
        ip TEXT PRIMARY KEY,
        name TEXT,
        forward_confirmed INTEGER NOT NULL,
        looked_up_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        error TEXT))",
};

// Version 4: links between mail (bounces, failure reports) and aggregate rows.
const char *const Version4[] = {
    R"(CREATE TABLE IF NOT EXISTS links (
        mail_ref BIGINT NOT NULL REFERENCES mail_messages(id) ON DELETE CASCADE,
        record_ref BIGINT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
        reasons TEXT NOT NULL,
        strength INTEGER NOT NULL,
        PRIMARY KEY (mail_ref, record_ref)))",
    "CREATE INDEX IF NOT EXISTS links_record ON links(record_ref)",
};

// Version 5: DKIM keys (found or not) of selectors claimed for the own domains.
const char *const Version5[] = {
    R"(CREATE TABLE IF NOT EXISTS dkim_keys (
        domain TEXT NOT NULL,
        selector TEXT NOT NULL,
        found INTEGER NOT NULL,
        looked_up_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        PRIMARY KEY (domain, selector)))",
};

// Version 6: how far each IMAP account's folders have been read. A message is imported in the
// same transaction that raises last_uid, so an interrupted sync resumes after the last one stored.
const char *const Version6[] = {
    R"(CREATE TABLE IF NOT EXISTS imap_folders (
        account TEXT NOT NULL,
        folder TEXT NOT NULL,
        uidvalidity BIGINT NOT NULL,
        last_uid BIGINT NOT NULL,
        synced_at BIGINT,
        PRIMARY KEY (account, folder)))",
};

// Version 7: how far the links table is up to date, so new data is linked incrementally.
const char *const Version7[] = {
    R"(CREATE TABLE IF NOT EXISTS link_marks (
        name TEXT PRIMARY KEY,
        value BIGINT NOT NULL))",
};

// Version 8: links kept per message and source, in the window the message arrived in, instead of
// per (message, row) pair: a relay in a thousand rows a day made a hundred million pairs. The
// old pairs are dropped and the marks cleared, so the next update recomputes them all.
const char *const Version8[] = {
    "DROP TABLE IF EXISTS links",
    R"(CREATE TABLE IF NOT EXISTS source_links (
        mail_ref BIGINT NOT NULL REFERENCES mail_messages(id) ON DELETE CASCADE,
        source_ip TEXT NOT NULL,
        dkim_domain TEXT NOT NULL,
        dkim_selector TEXT NOT NULL,
        failure_report INTEGER NOT NULL,
        reasons TEXT NOT NULL,
        arrival BIGINT NOT NULL,
        slack BIGINT NOT NULL,
        PRIMARY KEY (mail_ref, source_ip, dkim_domain, dkim_selector))%WITHOUT_ROWID%)",
    Schema::SourceLinksIndex,
    "DELETE FROM link_marks",
};

struct Step
{
    int version;
    const char *const *begin;
    const char *const *end;
};

const Step Steps[] = {
    { 1, std::begin(Version1), std::end(Version1) },
    { 2, std::begin(Version2), std::end(Version2) },
    { 3, std::begin(Version3), std::end(Version3) },
    { 4, std::begin(Version4), std::end(Version4) },
    { 5, std::begin(Version5), std::end(Version5) },
    { 6, std::begin(Version6), std::end(Version6) },
    { 7, std::begin(Version7), std::end(Version7) },
    { 8, std::begin(Version8), std::end(Version8) },
};

QString portable(const char *statement, bool postgres)
{
    QString sql = QString::fromUtf8(statement);
    sql.replace(QLatin1String("%ID%"),
        postgres ? QLatin1String("BIGSERIAL PRIMARY KEY") : QLatin1String("INTEGER PRIMARY KEY"));
    sql.replace(QLatin1String("%BLOB%"), postgres ? QLatin1String("BYTEA") : QLatin1String("BLOB"));
    // Child rows are only ever read by their parent: clustering them on (parent, ordinal) saves
    // SQLite a rowid b-tree and an index per row. PostgreSQL has no such clause (nor needs one).
    sql.replace(QLatin1String("%WITHOUT_ROWID%"),
        postgres ? QLatin1String("") : QLatin1String(" WITHOUT ROWID"));
    return sql;
}

} // namespace

namespace Schema {

int version(QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) || !query.next())
        return 0;
    return query.value(0).toInt();
}

bool migrate(QSqlDatabase &db, bool postgres, QString *error)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"))) {
        *error = query.lastError().text();
        return false;
    }
    const int current = version(db);
    if (current > CurrentVersion) {
        *error = QCoreApplication::translate("Schema",
            "it was written by a newer DMARC Scope (schema %1, "
            "this version knows %2)")
                     .arg(current)
                     .arg(CurrentVersion);
        return false;
    }
    for (const Step &step : Steps) {
        if (step.version <= current)
            continue;
        TransactionGuard transaction(db);
        for (auto statement = step.begin; statement != step.end; ++statement) {
            if (!query.exec(portable(*statement, postgres))) {
                *error = query.lastError().text();
                return false;
            }
        }
        query.prepare(QStringLiteral("INSERT INTO schema_version (version) VALUES (?)"));
        query.addBindValue(step.version);
        if (!query.exec() || !transaction.commit()) {
            *error = query.lastError().text();
            return false;
        }
    }
    return true;
}

} // namespace Schema
