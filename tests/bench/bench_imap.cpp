// IMAP sync benchmark: puts the messages of a Maildir (a gen-corpus scenario) into a private
// Dovecot, syncs them into a fresh SQLite store over STARTTLS, and times two peers fetching the
// same messages: one curl process fetching every UID over one connection, and doveadm reading
// them server-side. Prints messages/s and bytes/s of each.
//
// Usage: bench_imap MAILDIR   (tests/bench/imap generates one and runs this)
#include "../dovecotserver.h"
#include "database.h"
#include "imapsync.h"
#include "summary.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>

namespace {

void line(QTextStream &out, const QString &what, qint64 messages, qint64 bytes, qint64 ms)
{
    const double seconds = qMax<qint64>(ms, 1) / 1000.0;
    out << qSetFieldWidth(34) << Qt::left << what << qSetFieldWidth(0)
        << QString::asprintf("%7lld messages %9.1f MB %8.2f s %9.0f msg/s %7.1f MB/s", messages,
               bytes / 1e6, seconds, messages / seconds, bytes / 1e6 / seconds)
        << Qt::endl;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    if (argc < 2) {
        out << "usage: bench_imap MAILDIR" << Qt::endl;
        return 2;
    }
    QStringList files;
    qint64 totalBytes = 0;
    QDirIterator it(QString::fromLocal8Bit(argv[1]), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        files.append(it.next());
        totalBytes += it.fileInfo().size();
    }
    files.sort();
    DovecotServer server;
    if (!server.start() || !server.deliver(files)) {
        out << "cannot start dovecot: " << server.errorString() << Qt::endl;
        return 1;
    }
    out << "== " << files.size() << " messages, " << totalBytes / 1e6 << " MB in a local Dovecot"
        << Qt::endl;
    // Dovecot indexes the Maildir on first access; let doveadm do that before anything is timed.
    server.doveadm({ QStringLiteral("mailbox"), QStringLiteral("status"), QStringLiteral("-u"),
        QString::fromLatin1(DovecotServer::User), QStringLiteral("messages"),
        QStringLiteral("INBOX") });

    QTemporaryDir dir;
    ImapAccount account;
    account.endpoint.host = QStringLiteral("127.0.0.1");
    account.endpoint.port = server.imapPort();
    account.endpoint.security = ImapEndpoint::Security::StartTls;
    account.endpoint.extraCaCertificates = QSslCertificate::fromPath(server.caFile());
    account.user = QString::fromLatin1(DovecotServer::User);
    {
        Database database(dir.filePath(QStringLiteral("bench.sqlite")));
        ImapSync sync(
            database.connection(), account, { QString::fromLatin1(DovecotServer::Password), {} });
        QElapsedTimer timer;
        timer.start();
        const bool ok = sync.run();
        const qint64 ms = timer.elapsed();
        if (!ok) {
            out << "sync failed: " << sync.errorString() << Qt::endl;
            return 1;
        }
        line(out, QStringLiteral("dmarcscope sync (parse + store)"), sync.stats().seen,
            sync.stats().bytes, ms);
        out << "   imported " << sync.stats().imported << ", ignored " << sync.stats().ignored
            << ", rejected " << sync.stats().rejected << "; summary "
            << QString::fromUtf8(QJsonDocument(Summary::compute(database.connection()).toJson())
                                     .toJson(QJsonDocument::Compact))
            << Qt::endl;
    }

    // curl: one process, one connection, every UID in turn (a config file of URLs).
    {
        QFile config(dir.filePath(QStringLiteral("curl.conf")));
        config.open(QIODevice::WriteOnly);
        config.write("user = \"reports:" + QByteArray(DovecotServer::Password).replace('"', "\\\"")
            + "\"\n");
        config.write(
            "cacert = \"" + server.caFile().toUtf8() + "\"\nssl-reqd\nsilent\nshow-error\n");
        for (int uid = 1; uid <= files.size(); ++uid) {
            config.write("url = \"imap://127.0.0.1:" + QByteArray::number(server.imapPort())
                + "/INBOX;UID=" + QByteArray::number(uid) + "\"\n");
            config.write("output = \"/dev/null\"\n");
        }
        config.close();
        QProcess curl;
        QElapsedTimer timer;
        timer.start();
        curl.start(QStringLiteral("curl"), { QStringLiteral("-K"), config.fileName() });
        curl.waitForFinished(-1);
        const qint64 ms = timer.elapsed();
        if (curl.exitCode() != 0)
            out << "curl failed: " << curl.readAllStandardError() << Qt::endl;
        line(
            out, QStringLiteral("curl, one connection (fetch only)"), files.size(), totalBytes, ms);
    }
    // doveadm fetch: the server reading its own store, no network and no TLS.
    {
        QElapsedTimer timer;
        timer.start();
        QProcess doveadm;
        QStringList arguments { QStringLiteral("-c"),
            QFileInfo(server.caFile()).absolutePath() + QStringLiteral("/../dovecot.conf"),
            QStringLiteral("fetch"), QStringLiteral("-u"), QString::fromLatin1(DovecotServer::User),
            QStringLiteral("text"), QStringLiteral("mailbox"), QStringLiteral("INBOX"),
            QStringLiteral("all") };
        if (geteuid() == 0)
            arguments = QStringList { QStringLiteral("-u"), QStringLiteral("dovecot"),
                QStringLiteral("--"), QStringLiteral("doveadm") }
                + arguments;
        doveadm.setStandardOutputFile(QProcess::nullDevice());
        doveadm.start(
            geteuid() == 0 ? QStringLiteral("runuser") : QStringLiteral("doveadm"), arguments);
        doveadm.waitForFinished(-1);
        line(out, QStringLiteral("doveadm fetch text (server-side)"), files.size(), totalBytes,
            timer.elapsed());
    }
    return 0;
}
