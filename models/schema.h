#pragma once

#include <QSqlDatabase>
#include <QString>

// The store's tables and their step-by-step upgrades. The SQL is shared by SQLite and
// PostgreSQL; only the key and blob column types differ.
namespace Schema {

constexpr int CurrentVersion = 8;

// A source's evidence, newest first, read from the index alone. LinkStore drops it while it
// replaces every link and builds it again from this.
inline constexpr char SourceLinksIndex[]
    = "CREATE INDEX IF NOT EXISTS source_links_source ON source_links(source_ip, arrival, "
      "failure_report, reasons)";

// Brings the database to CurrentVersion, one step per transaction. Refuses a database written by
// a newer DMARC Scope rather than guessing at its tables.
bool migrate(QSqlDatabase &db, bool postgres, QString *error);

int version(QSqlDatabase &db);

} // namespace Schema
