#pragma once

// The statements that store aggregate reports. ReportStore runs them through Qt SQL (PostgreSQL
// appends RETURNING id) and SqliteReportWriter through SQLite's C API: one text, two drivers, so
// both stores get the same rows.
namespace ReportSql {

inline constexpr char Duplicate[]
    = "SELECT 1 FROM reports WHERE xml_sha256 = ? OR (org_name = ? AND report_id = ? AND "
      "policy_domain = ? AND date_begin = ? AND date_end = ?)";
inline constexpr char InsertReport[]
    = "INSERT INTO reports (org_name, email, extra_contact_info, report_id, policy_domain, "
      "date_begin, date_end, schema_version, namespace, generator, errors, policy_adkim, "
      "policy_aspf, policy_p, policy_sp, policy_np, policy_pct, policy_fo, policy_testing, "
      "policy_discovery, record_count, message_count, xml_sha256, raw_xml, source, imported_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr char InsertRecord[]
    = "INSERT INTO records (report_ref, source_ip, message_count, disposition, dkim_evaluated, "
      "spf_evaluated, dmarc_pass, header_from, envelope_from, envelope_to) VALUES (?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?)";
inline constexpr char InsertReason[]
    = "INSERT INTO record_reasons (record_ref, ordinal, type, comment) VALUES (?, ?, ?, ?)";
inline constexpr char InsertDkim[] = "INSERT INTO record_dkim (record_ref, ordinal, domain, "
                                     "selector, result, human_result) VALUES (?, ?, ?, ?, ?, ?)";
inline constexpr char InsertSpf[] = "INSERT INTO record_spf (record_ref, ordinal, domain, scope, "
                                    "result, human_result) VALUES (?, ?, ?, ?, ?, ?)";

inline constexpr char InsertLog[]
    = "INSERT INTO import_log (imported_at, path, outcome, reports, mails, bytes, error, "
      "warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

} // namespace ReportSql
