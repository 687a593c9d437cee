#pragma once

#include <QHostAddress>
#include <QSqlDatabase>
#include <QStringList>
#include <QTextStream>

class QCommandLineParser;

class Database;

// The subcommands of dmarcscope-cli. Each returns the process exit status:
// 0 everything was read, 1 some input was rejected, 2 usage or database error.
namespace CliCommands {

enum ExitStatus
{
    Success = 0,
    SomeRejected = 1,
    UsageOrDatabaseError = 2,
    MailboxIncomplete = 3 // sync: the mailbox could not be read to its end
};

int import(Database &database, const QStringList &arguments, QTextStream &out, QTextStream &err);
int summary(Database &database, const QStringList &arguments, QTextStream &out, QTextStream &err);
int reports(Database &database, const QStringList &arguments, QTextStream &out, QTextStream &err);
// Bounces and failure reports: their fields and the dissected returned message.
int bounces(Database &database, const QStringList &arguments, QTextStream &out, QTextStream &err);
int failures(Database &database, const QStringList &arguments, QTextStream &out, QTextStream &err);
// The links between bounces / failure reports and aggregate rows (recomputed first).
int links(Database &database, const QStringList &arguments, QTextStream &out, QTextStream &err);
// The domain's DMARC, SPF (expanded) and DKIM records, judged.
int checkDns(Database &database, const QStringList &arguments, QTextStream &out, QTextStream &err);
// The store's connection; says why on `err` when it cannot be opened.
QSqlDatabase openOrComplain(Database &database, QTextStream &err);
// --json, --nameserver, --timeout, --no-dns for the commands that need source names; then
// looks up the names not cached yet. False after printing a usage error.
bool addDnsOptions(QCommandLineParser &parser);
bool lookUpNames(QCommandLineParser &parser, QSqlDatabase db, QTextStream &err);
// The --nameserver option's address (null when not given); false, with a message on `err`, when
// it is not an IP address.
bool nameserverOption(const QCommandLineParser &parser, QHostAddress *address, QTextStream &err);
void resolvePending(
    QSqlDatabase db, const QHostAddress &nameserver, int timeoutMs, QTextStream &err);
// Every source IP with its reverse DNS, organisation and category (looks up missing names).
int sources(Database &database, const QStringList &arguments, QTextStream &out, QTextStream &err);
// Reads IMAP folders into the store (each message once; resumes where it stopped).
int sync(Database &database, const QStringList &arguments, QTextStream &out, QTextStream &err);
// Reads mail files without storing anything and says what each message is (no database).
int inspect(const QStringList &arguments, QTextStream &out, QTextStream &err);
// Needs a QApplication (charts are widgets); main() makes one on the offscreen platform.
int exportChart(
    Database &database, const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace CliCommands
