#include "cuttingproxy.h"
#include "database.h"
#include "dovecotserver.h"
#include "imapsync.h"
#include "importer.h"
#include "summary.h"
#include "testutil.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

// Sync against a real Dovecot on loopback, filled with the generated scenario's Maildir.
class TestImapSync : public QObject
{
    Q_OBJECT

    DovecotServer m_server;
    QTemporaryDir m_dir;
    QStringList m_messages; // the scenario's message files
    QJsonObject m_fileImportSummary;

    ImapAccount account(ImapEndpoint::Security security = ImapEndpoint::Security::StartTls) const
    {
        ImapAccount account;
        account.endpoint.host = QStringLiteral("127.0.0.1");
        account.endpoint.security = security;
        account.endpoint.port
            = security == ImapEndpoint::Security::Tls ? m_server.imapsPort() : m_server.imapPort();
        account.endpoint.extraCaCertificates = QSslCertificate::fromPath(m_server.caFile());
        account.endpoint.timeoutMs = 20000;
        account.user = QString::fromLatin1(DovecotServer::User);
        return account;
    }
    static ImapSync::Credentials password()
    {
        return { QString::fromLatin1(DovecotServer::Password), {} };
    }
    QString newStore(const QString &name) const
    {
        return m_dir.filePath(name + QStringLiteral(".sqlite"));
    }
    static QJsonObject summaryOf(QSqlDatabase db) { return Summary::compute(db).toJson(); }

    // Watches on a worker thread until `canceled`; `reached` turns true once a progress status
    // starts with `status` (the watcher is waiting for news).
    static QFuture<bool> watchInBackground(const QString &store, const ImapAccount &account,
        int pollSeconds, const QString &status, std::atomic_bool &canceled,
        std::atomic_bool &reached)
    {
        return QtConcurrent::run([store, account, pollSeconds, status, &canceled, &reached] {
            Database database(store);
            bool ok;
            {
                ImapSync sync(database.connection(), account, password());
                sync.setCancelFlag(&canceled);
                sync.setProgressHandler([&](const ImapSync::Progress &progress) {
                    if (progress.status.startsWith(status))
                        reached = true;
                });
                ok = sync.watch(pollSeconds);
            }
            database.closeThreadConnection();
            return ok;
        });
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        QDirIterator it(TestUtil::dataPath(QStringLiteral("scenario/mail")), QDir::Files,
            QDirIterator::Subdirectories);
        while (it.hasNext())
            m_messages.append(it.next());
        m_messages.sort();
        QVERIFY(m_messages.size() > 200);
        QVERIFY(m_server.deliver(m_messages));
        // What a file import of the same messages gives.
        Database database(newStore(QStringLiteral("files")));
        QSqlDatabase db = database.connection();
        Importer importer(db);
        QList<ImportLogEntry> missing;
        QVERIFY(importer.importAll(
            Importer::collectInputs(
                { TestUtil::dataPath(QStringLiteral("scenario/mail")) }, &missing),
            {}));
        m_fileImportSummary = summaryOf(db);
        QCOMPARE(m_fileImportSummary.value(QStringLiteral("aggregate_reports")).toInt(),
            TestUtil::scenarioTruth().value(QStringLiteral("aggregate_reports")).toArray().size());
    }

    void fullSyncEqualsFileImport()
    {
        Database database(newStore(QStringLiteral("full")));
        QSqlDatabase db = database.connection();
        ImapSync sync(db, account(), password());
        qint64 lastBytes = 0;
        int progressCalls = 0;
        sync.setProgressHandler([&](const ImapSync::Progress &progress) {
            QVERIFY(progress.bytes >= lastBytes);
            lastBytes = progress.bytes;
            ++progressCalls;
        });
        QVERIFY2(sync.run(), qPrintable(sync.errorString()));
        const ImapSync::Stats &stats = sync.stats();
        QCOMPARE(stats.seen, m_messages.size());
        QCOMPARE(stats.imported + stats.duplicates + stats.rejected + stats.ignored, stats.seen);
        QVERIFY(stats.complete);
        QVERIFY(lastBytes > stats.bytes);
        QVERIFY(progressCalls > m_messages.size());
        QCOMPARE(summaryOf(db), m_fileImportSummary);

        // Nothing new: a second run fetches nothing.
        ImapSync again(db, account(), password());
        QVERIFY(again.run());
        QCOMPARE(again.stats().seen, 0);
    }

    void cliSyncEqualsFileImport()
    {
        const QString store = newStore(QStringLiteral("cli"));
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DMARCSCOPE_IMAP_PASSWORD"),
            QString::fromLatin1(DovecotServer::Password));
        cli.setProcessEnvironment(env);
        cli.start(QStringLiteral(DMARCSCOPE_CLI),
            { QStringLiteral("--db"), store, QStringLiteral("sync"), QStringLiteral("--host"),
                QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                QString::number(m_server.imapsPort()), QStringLiteral("--security"),
                QStringLiteral("tls"), QStringLiteral("--ca-file"), m_server.caFile(),
                QStringLiteral("--user"), QString::fromLatin1(DovecotServer::User),
                QStringLiteral("--folder"), QStringLiteral("INBOX"), QStringLiteral("--json") });
        QVERIFY(cli.waitForFinished(120000));
        QCOMPARE(cli.exitCode(), 0);
        const QJsonObject counts = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
        QCOMPARE(counts.value(QStringLiteral("seen")).toInt(), m_messages.size());
        QCOMPARE(counts.value(QStringLiteral("complete")).toBool(), true);

        QProcess summary;
        summary.start(QStringLiteral(DMARCSCOPE_CLI),
            { QStringLiteral("--db"), store, QStringLiteral("summary"), QStringLiteral("--json") });
        QVERIFY(summary.waitForFinished(60000));
        QCOMPARE(
            QJsonDocument::fromJson(summary.readAllStandardOutput()).object(), m_fileImportSummary);

        // Again, with the password on stdin: nothing new.
        QProcess again;
        again.start(QStringLiteral(DMARCSCOPE_CLI),
            { QStringLiteral("--db"), store, QStringLiteral("sync"), QStringLiteral("--host"),
                QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                QString::number(m_server.imapPort()), QStringLiteral("--security"),
                QStringLiteral("starttls"), QStringLiteral("--ca-file"), m_server.caFile(),
                QStringLiteral("--user"), QString::fromLatin1(DovecotServer::User),
                QStringLiteral("--password-stdin") });
        again.write(DovecotServer::Password + QByteArray("\n"));
        again.closeWriteChannel();
        QVERIFY(again.waitForFinished(60000));
        QCOMPARE(again.exitCode(), 0);
        QVERIFY2(again.readAllStandardOutput().startsWith("messages seen 0, imported 0"),
            "a second sync fetched messages again");
    }

    void uidValidityChangeReadsAgainWithoutDoubles()
    {
        Database database(newStore(QStringLiteral("reset")));
        QSqlDatabase db = database.connection();
        ImapSync first(db, account(), password());
        QVERIFY2(first.run(), qPrintable(first.errorString()));
        QVERIFY(m_server.doveadm({ QStringLiteral("mailbox"), QStringLiteral("update"),
            QStringLiteral("-u"), QString::fromLatin1(DovecotServer::User),
            QStringLiteral("--uid-validity"), QStringLiteral("4242"), QStringLiteral("INBOX") }));
        ImapSync second(db, account(), password());
        QVERIFY2(second.run(), qPrintable(second.errorString()));
        QCOMPARE(second.stats().seen, m_messages.size());
        QCOMPARE(second.stats().imported, 0);
        QCOMPARE(summaryOf(db), m_fileImportSummary);
        QSqlQuery state(db);
        QVERIFY(state.exec(QStringLiteral("SELECT uidvalidity FROM imap_folders")) && state.next());
        QCOMPARE(state.value(0).toLongLong(), 4242);
    }

    void wrongPasswordIsRefusedWithoutRetrying()
    {
        Database database(newStore(QStringLiteral("wrong")));
        ImapSync sync(database.connection(), account(), { QStringLiteral("not the password"), {} });
        QVERIFY(!sync.run());
        QCOMPARE(sync.error(), ImapConnection::Error::Authentication);
        QVERIFY2(sync.errorString().contains(QLatin1String("refused the user name or password")),
            qPrintable(sync.errorString()));
        QCOMPARE(sync.stats().reconnects, 0);
    }

    void selfSignedCertificateRefusedThenPinned()
    {
        Database database(newStore(QStringLiteral("pinned")));
        ImapAccount untrusted = account(ImapEndpoint::Security::Tls);
        untrusted.endpoint.extraCaCertificates.clear(); // only the system's CAs
        ImapSync refused(database.connection(), untrusted, password());
        QVERIFY(!refused.run());
        QCOMPARE(refused.error(), ImapConnection::Error::Certificate);
        const QSslCertificate server = QSslCertificate::fromPath(
            QFileInfo(m_server.caFile()).absolutePath() + QStringLiteral("/server.crt"))
                                           .value(0);
        const QByteArray fingerprint = server.digest(QCryptographicHash::Sha256).toHex();
        QCOMPARE(refused.certificateSha256(), fingerprint);
        QVERIFY2(refused.errorString().contains(QString::fromLatin1(fingerprint)),
            qPrintable(refused.errorString()));
        QCOMPARE(refused.stats().seen, 0);

        untrusted.endpoint.pinnedSha256 = fingerprint;
        ImapSync pinned(database.connection(), untrusted, password());
        QVERIFY2(pinned.run(), qPrintable(pinned.errorString()));
        QCOMPARE(pinned.stats().seen, m_messages.size());
    }

    void incrementalSyncBringsOnlyNewMail()
    {
        Database database(newStore(QStringLiteral("incremental")));
        QSqlDatabase db = database.connection();
        ImapAccount both = account();
        both.folders = QStringList { QStringLiteral("INBOX"), QStringLiteral("Later") };
        QVERIFY(m_server.deliver({}, QStringLiteral("Later")));
        ImapSync first(db, both, password());
        QVERIFY2(first.run(), qPrintable(first.errorString()));
        QCOMPARE(first.stats().seen, m_messages.size());
        const qint64 bounces = summaryOf(db).value(QStringLiteral("bounces")).toInteger();

        QVERIFY(m_server.deliver(
            { TestUtil::dataPath(QStringLiteral(
                "corpus/set-of-emails/bounce/maildir/bsd/lhost-activehunter-01.eml")) },
            QStringLiteral("Later")));
        ImapSync second(db, both, password());
        QVERIFY2(second.run(), qPrintable(second.errorString()));
        QCOMPARE(second.stats().seen, 1);
        QCOMPARE(second.stats().imported, 1);
        QCOMPARE(summaryOf(db).value(QStringLiteral("bounces")).toInteger(), bounces + 1);
    }

    void afterImportMarksReadAndMoves()
    {
        const QStringList two { TestUtil::dataPath(QStringLiteral(
                                    "corpus/set-of-emails/bounce/maildir/bsd/lhost-amavis-01.eml")),
            TestUtil::dataPath(
                QStringLiteral("corpus/set-of-emails/bounce/maildir/bsd/lhost-amavis-02.eml")) };
        QVERIFY(m_server.deliver(two, QStringLiteral("Actions")));
        QVERIFY(m_server.deliver({}, QStringLiteral("Done")));
        ImapAccount actions = account();
        actions.folders = QStringList { QStringLiteral("Actions") };
        actions.markRead = true;
        actions.moveTo = QStringLiteral("Done");
        Database database(newStore(QStringLiteral("actions")));
        ImapSync sync(database.connection(), actions, password());
        QVERIFY2(sync.run(), qPrintable(sync.errorString()));
        QCOMPARE(sync.stats().seen, 2);
        const QString user = QString::fromLatin1(DovecotServer::User);
        QVERIFY(m_server.doveadm({ QStringLiteral("search"), QStringLiteral("-u"), user,
            QStringLiteral("mailbox"), QStringLiteral("Actions"), QStringLiteral("all") }));
        QCOMPARE(m_server.doveadmOutput().trimmed(), QByteArray()); // moved away
        QVERIFY(m_server.doveadm(
            { QStringLiteral("fetch"), QStringLiteral("-u"), user, QStringLiteral("flags"),
                QStringLiteral("mailbox"), QStringLiteral("Done"), QStringLiteral("all") }));
        QCOMPARE(m_server.doveadmOutput().count("\\Seen"), 2);
    }

    void readingLeavesMessagesUnread()
    {
        // Every earlier sync of INBOX used BODY.PEEK[]: nothing there is marked read.
        QVERIFY(m_server.doveadm({ QStringLiteral("search"), QStringLiteral("-u"),
            QString::fromLatin1(DovecotServer::User), QStringLiteral("mailbox"),
            QStringLiteral("INBOX"), QStringLiteral("SEEN") }));
        QCOMPARE(m_server.doveadmOutput().trimmed(), QByteArray());
    }

    void idleBringsNewMailIn()
    {
        const QString store = newStore(QStringLiteral("idle"));
        std::atomic_bool canceled { false };
        std::atomic_bool watching { false };
        const ImapAccount inbox = account();
        QFuture<bool> watcher
            = watchInBackground(store, inbox, 60, QStringLiteral("Watching"), canceled, watching);
        // However the test ends, the watcher stops before the locals it uses go away.
        auto stopWatching = qScopeGuard([&] {
            canceled = true;
            watcher.waitForFinished();
        });
        QTRY_VERIFY_WITH_TIMEOUT(watching, 30000);
        Database database(store);
        QSqlDatabase db = database.connection();
        QVERIFY2(db.isOpen(), qPrintable(database.errorString()));
        const qint64 bounces = summaryOf(db).value(QStringLiteral("bounces")).toInteger();
        QVERIFY(m_server.deliver({ TestUtil::dataPath(QStringLiteral(
            "corpus/set-of-emails/bounce/maildir/bsd/lhost-activehunter-02.eml")) }));
        // IDLE wakes the watcher, which syncs the new message: well within the 60 s poll.
        QTRY_COMPARE_WITH_TIMEOUT(
            summaryOf(db).value(QStringLiteral("bounces")).toInteger(), bounces + 1, 20000);
        stopWatching.dismiss();
        canceled = true;
        watcher.waitForFinished();
        QVERIFY(watcher.result());
    }

    void pollingWithoutIdleBringsNewMailIn()
    {
        DovecotServer noIdle;
        QVERIFY2(noIdle.start(QStringLiteral("imap_capability = IMAP4rev1 SASL-IR LITERAL+ "
                                             "ENABLE UIDPLUS MOVE")),
            qPrintable(noIdle.errorString()));
        ImapAccount inbox = account();
        inbox.endpoint.port = noIdle.imapPort();
        inbox.endpoint.extraCaCertificates = QSslCertificate::fromPath(noIdle.caFile());
        const QString store = newStore(QStringLiteral("polling"));
        std::atomic_bool canceled { false };
        std::atomic_bool polling { false };
        QFuture<bool> watcher = watchInBackground(
            store, inbox, 1, QStringLiteral("Checking for new mail"), canceled, polling);
        auto stopWatching = qScopeGuard([&] {
            canceled = true;
            watcher.waitForFinished();
        });
        QTRY_VERIFY_WITH_TIMEOUT(polling, 20000);
        QVERIFY(noIdle.deliver({ TestUtil::dataPath(QStringLiteral(
            "corpus/set-of-emails/bounce/maildir/bsd/lhost-activehunter-01.eml")) }));
        Database database(store);
        QSqlDatabase db = database.connection();
        QTRY_COMPARE_WITH_TIMEOUT(
            summaryOf(db).value(QStringLiteral("bounces")).toInteger(), 1, 20000);
        stopWatching.dismiss();
        canceled = true;
        watcher.waitForFinished();
        QVERIFY(watcher.result());
    }

    void connectionCutsLoseNothingAndDoubleNothing()
    {
        // A reference: the same folder read without interruptions.
        Database reference(newStore(QStringLiteral("uncut")));
        ImapAccount plain = account(ImapEndpoint::Security::PlainLoopbackOnly);
        ImapSync clean(reference.connection(), plain, password());
        QVERIFY2(clean.run(), qPrintable(clean.errorString()));

        using Proxy = CuttingProxy;
        QList<Proxy::CutRule> rules {
            Proxy::atOffset(0), // accepted, then closed before the greeting
            Proxy::atOffset(10), // inside the greeting
            Proxy::nearPattern("CAPABILITY", 2, 5), // inside the answer to LOGIN
            Proxy::nearPattern("Fetch completed", 1, -6), // before the tagged OK of the size list
        };
        for (int occurrence : { 1, 2, 4, 7, 9 })
            rules.append(Proxy::nearPattern("BODY[] {", occurrence, 40)); // inside a literal
        for (int occurrence : { 2, 3 })
            rules.append(Proxy::nearPattern("Fetch completed", occurrence, -6)); // before OK
        for (int occurrence : { 3, 5, 6, 8, 10 })
            rules.append(Proxy::nearPattern("BODY[] {", occurrence, 12)); // right after the size
        for (qsizetype offset : { 3000, 9000, 20000, 50000 })
            rules.append(Proxy::atOffset(offset));
        QCOMPARE(rules.size(), 20);
        Proxy proxy(m_server.imapPort(), rules);
        plain.endpoint.port = proxy.port();

        Database database(newStore(QStringLiteral("cut")));
        QSqlDatabase db = database.connection();
        ImapSync sync(db, plain, password());
        sync.setBatchSize(10);
        sync.setRetryPolicy({ 1, 4, 25 });
        QVERIFY2(sync.run(), qPrintable(sync.errorString()));
        QCOMPARE(proxy.cuts(), 20);
        QCOMPARE(sync.stats().reconnects, 20);
        QCOMPARE(sync.stats().seen, clean.stats().seen);
        QCOMPARE(sync.stats().imported, clean.stats().imported);
        QCOMPARE(sync.stats().duplicates, clean.stats().duplicates);
        QCOMPARE(sync.stats().ignored, clean.stats().ignored);
        QCOMPARE(summaryOf(db), summaryOf(reference.connection()));
        QSqlQuery logged(db);
        QVERIFY(
            logged.exec(QStringLiteral("SELECT COUNT(*), COUNT(DISTINCT path) FROM import_log")));
        QVERIFY(logged.next());
        QCOMPARE(logged.value(0).toInt(), clean.stats().seen); // each message logged once
        QCOMPARE(logged.value(1).toInt(), clean.stats().seen);
    }
};

QTEST_GUILESS_MAIN(TestImapSync)
#include "tst_imapsync.moc"
