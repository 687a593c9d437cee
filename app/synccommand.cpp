#include "clicommands.h"

#include "database.h"
#include "imapsecrets.h"
#include "imapsync.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslCertificate>

#include <atomic>
#include <csignal>
#include <cstdio>

namespace {

std::atomic_bool interrupted { false };

void onSignal(int)
{
    interrupted = true; // lock-free atomic store: safe in a signal handler
}

QString secretFromStdin()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    QByteArray line = in.readLine();
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return QString::fromUtf8(line);
}

} // namespace

namespace CliCommands {

int sync(Database &database, const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.addOptions({
        { QStringLiteral("host"), QStringLiteral("The IMAP server."), QStringLiteral("HOST") },
        { QStringLiteral("port"), QStringLiteral("Its port (993 for tls, 143 for starttls)."),
            QStringLiteral("PORT") },
        { QStringLiteral("security"),
            QStringLiteral("tls (default), starttls, or plain (only to 127.0.0.1, for testing)."),
            QStringLiteral("MODE"), QStringLiteral("tls") },
        { QStringLiteral("user"), QStringLiteral("The user name."), QStringLiteral("USER") },
        { QStringLiteral("folder"), QStringLiteral("A folder to read (repeatable; default INBOX)."),
            QStringLiteral("FOLDER") },
        { QStringLiteral("ca-file"),
            QStringLiteral("Also trust the CA certificates in this PEM file."),
            QStringLiteral("PEM") },
        { QStringLiteral("pin"),
            QStringLiteral(
                "Trust the certificate with this SHA-256 fingerprint (hex) despite errors."),
            QStringLiteral("SHA256") },
        { QStringLiteral("password-stdin"),
            QStringLiteral("Read the password from the first line of stdin.") },
        { QStringLiteral("oauth-token-stdin"),
            QStringLiteral("Read an OAuth2 access token from stdin and sign in with it.") },
        { QStringLiteral("mark-read"), QStringLiteral("Mark each message read once stored.") },
        { QStringLiteral("move-to"),
            QStringLiteral("Move each message to this folder once stored."),
            QStringLiteral("FOLDER") },
        { QStringLiteral("watch"),
            QStringLiteral("Keep running: bring new mail in as it arrives (IDLE or polling).") },
        { QStringLiteral("poll"),
            QStringLiteral("Seconds between checks without IDLE (default 60)."),
            QStringLiteral("SECONDS"), QStringLiteral("60") },
        { QStringLiteral("timeout"), QStringLiteral("Seconds to wait for the server (default 60)."),
            QStringLiteral("SECONDS"), QStringLiteral("60") },
        { QStringLiteral("json"), QStringLiteral("Print the counts as JSON.") },
    });
    if (!parser.parse(arguments)) {
        err << parser.errorText() << Qt::endl;
        return UsageOrDatabaseError;
    }
    ImapAccount account;
    account.endpoint.host = parser.value(QStringLiteral("host"));
    account.user = parser.value(QStringLiteral("user"));
    if (account.endpoint.host.isEmpty() || account.user.isEmpty()) {
        err << "sync needs --host and --user" << Qt::endl;
        return UsageOrDatabaseError;
    }
    if (!ImapEndpoint::securityFromName(
            parser.value(QStringLiteral("security")), &account.endpoint.security)) {
        err << "--security must be tls, starttls or plain" << Qt::endl;
        return UsageOrDatabaseError;
    }
    const bool implicitTls = account.endpoint.security == ImapEndpoint::Security::Tls;
    account.endpoint.port = parser.isSet(QStringLiteral("port"))
        ? quint16(parser.value(QStringLiteral("port")).toUInt())
        : (implicitTls ? 993 : 143);
    account.endpoint.timeoutMs = parser.value(QStringLiteral("timeout")).toInt() * 1000;
    account.endpoint.pinnedSha256 = parser.value(QStringLiteral("pin")).toLatin1();
    if (parser.isSet(QStringLiteral("ca-file"))) {
        account.endpoint.extraCaCertificates
            = QSslCertificate::fromPath(parser.value(QStringLiteral("ca-file")));
        if (account.endpoint.extraCaCertificates.isEmpty()) {
            err << "no certificate in " << parser.value(QStringLiteral("ca-file")) << Qt::endl;
            return UsageOrDatabaseError;
        }
    }
    if (parser.isSet(QStringLiteral("folder")))
        account.folders = parser.values(QStringLiteral("folder"));
    account.markRead = parser.isSet(QStringLiteral("mark-read"));
    account.moveTo = parser.value(QStringLiteral("move-to"));

    ImapSync::Credentials credentials;
    if (parser.isSet(QStringLiteral("oauth-token-stdin"))) {
        account.auth = ImapAccount::Auth::OAuth2;
        credentials.oauthToken = secretFromStdin();
    } else if (parser.isSet(QStringLiteral("password-stdin"))) {
        credentials.password = secretFromStdin();
    } else if (qEnvironmentVariableIsSet("DMARCSCOPE_IMAP_PASSWORD")) {
        credentials.password = qEnvironmentVariable("DMARCSCOPE_IMAP_PASSWORD");
    } else {
        QString error;
        const auto result = ImapSecrets::read(
            account.key(), ImapSecrets::passwordKind(), &credentials.password, &error);
        if (result != ImapSecrets::Result::Ok) {
            err << "no password for " << account.key() << ": "
                << (result == ImapSecrets::Result::NotFound ? QStringLiteral("none in the keyring")
                                                            : error)
                << "; use --password-stdin or DMARCSCOPE_IMAP_PASSWORD" << Qt::endl;
            return UsageOrDatabaseError;
        }
    }

    QSqlDatabase db = openOrComplain(database, err);
    if (!db.isOpen())
        return UsageOrDatabaseError;
    ImapSync sync(db, account, credentials);
    sync.setCancelFlag(&interrupted);
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    sync.setEntryHandler([&err](const ImportLogEntry &entry) {
        if (entry.outcome == ImportLogEntry::Outcome::Rejected)
            err << entry.path << ": " << entry.error << Qt::endl;
    });
    const bool complete = parser.isSet(QStringLiteral("watch"))
        ? sync.watch(qMax(1, parser.value(QStringLiteral("poll")).toInt()))
        : sync.run();
    const ImapSync::Stats &stats = sync.stats();
    if (!complete && !sync.errorString().isEmpty()) {
        err << sync.errorString() << Qt::endl;
        if (sync.error() == ImapConnection::Error::Certificate)
            err << "If you trust this certificate, run again with --pin "
                << sync.certificateSha256() << Qt::endl;
    }
    if (parser.isSet(QStringLiteral("json"))) {
        const QJsonObject json { { QStringLiteral("seen"), stats.seen },
            { QStringLiteral("imported"), stats.imported },
            { QStringLiteral("duplicates"), stats.duplicates },
            { QStringLiteral("rejected"), stats.rejected },
            { QStringLiteral("ignored"), stats.ignored }, { QStringLiteral("bytes"), stats.bytes },
            { QStringLiteral("reconnects"), stats.reconnects },
            { QStringLiteral("complete"), complete },
            { QStringLiteral("error"), sync.errorString() } };
        out << QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented));
    } else {
        out << "messages seen " << stats.seen << ", imported " << stats.imported << ", duplicates "
            << stats.duplicates << ", rejected " << stats.rejected << ", ignored " << stats.ignored
            << (complete ? "" : " (incomplete)") << Qt::endl;
    }
    return complete ? Success : MailboxIncomplete;
}

} // namespace CliCommands
