#include "database.h"
#include "dovecotserver.h"
#include "imapsync.h"
#include "importer.h"
#include "summary.h"
#include "testutil.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
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
};

QTEST_GUILESS_MAIN(TestImapSync)
#include "tst_imapsync.moc"
