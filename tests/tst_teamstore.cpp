#include "campaigns.h"
#include "dashboarddata.h"
#include "database.h"
#include "evidencemodel.h"
#include "imapfolderstate.h"
#include "importer.h"
#include "linkstore.h"
#include "mailrecords.h"
#include "postgresserver.h"
#include "sourcestats.h"
#include "summary.h"
#include "testutil.h"

#include <QTemporaryDir>
#include <QTest>

using TestUtil::dataPath;

// The team store: the same code on a real PostgreSQL server (QPSQL) gives what it gives on the
// embedded SQLite store, for the scenario's reports, mail, links, evidence and campaigns, and
// two connections (two team members' windows) share it.
class TestTeamStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<PostgresServer>();
        QVERIFY2(m_server->isRunning(), qPrintable(m_server->output()));
        QVERIFY(m_dir.isValid());
        m_sqlite = std::make_unique<Database>(m_dir.filePath(QStringLiteral("store.sqlite")));
        m_postgres = std::make_unique<Database>(m_server->location());
        for (Database *database : { m_sqlite.get(), m_postgres.get() }) {
            QSqlDatabase db = database->connection();
            QVERIFY2(db.isOpen(), qPrintable(database->errorString()));
            Importer importer(db);
            QList<ImportLogEntry> missing;
            QVERIFY(importer.importAll(
                Importer::collectInputs({ dataPath(QStringLiteral("scenario/reports")),
                                            dataPath(QStringLiteral("scenario/mail.mbox")) },
                    &missing),
                {}));
            QString error;
            QVERIFY2(LinkStore::update(db, &error) > 0, qPrintable(error));
        }
    }
    void cleanupTestCase()
    {
        m_sqlite->closeThreadConnection();
        m_postgres->closeThreadConnection();
    }

    void sameSummary()
    {
        QString error;
        const Summary postgres = Summary::compute(pg(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(postgres.reports, 12);
        QCOMPARE(postgres.bounces, 174);
        QCOMPARE(postgres.toJson(), Summary::compute(lite()).toJson());
    }

    // The Overview and Sources pages: totals, categories, and each source's records.
    void samePages()
    {
        QString error;
        const DashboardData dashboard = DashboardData::load(pg(), {}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const DashboardData expectedDashboard = DashboardData::load(lite());
        QCOMPARE(dashboard.messages, expectedDashboard.messages);
        QCOMPARE(dashboard.sources, expectedDashboard.sources);
        QCOMPARE(dashboard.daily.size(), expectedDashboard.daily.size());
        QCOMPARE(dashboard.byCategory.size(), expectedDashboard.byCategory.size());

        const QList<SourceStats> sources = SourceStats::load(pg(), {}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QList<SourceStats> expected = SourceStats::load(lite(), {});
        QCOMPARE(sources.size(), 17);
        QCOMPARE(sources.size(), expected.size());
        QHash<QString, const SourceStats *> byIp;
        for (const SourceStats &source : expected)
            byIp.insert(source.ip, &source);
        for (const SourceStats &source : sources) {
            const SourceStats *other = byIp.value(source.ip);
            QVERIFY2(other, qPrintable(source.ip));
            QCOMPARE(source.messages, other->messages);
            QCOMPARE(source.dmarcPass, other->dmarcPass);
            QCOMPARE(source.categoryKey, other->categoryKey);
            QCOMPARE(source.group, other->group);
            const QList<SourceRecord> records = SourceRecord::load(pg(), source.ip, {}, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QCOMPARE(records.size(), SourceRecord::load(lite(), source.ip, {}).size());
        }
    }

    void sameMail()
    {
        QString error;
        const QList<StoredBounce> bounces = MailRecords::loadBounces(pg(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QList<StoredBounce> expected = MailRecords::loadBounces(lite());
        QCOMPARE(bounces.size(), expected.size());
        for (qsizetype i = 0; i < bounces.size(); ++i) {
            QCOMPARE(bounces.at(i).messageId, expected.at(i).messageId);
            QCOMPARE(bounces.at(i).bounce.reason(), expected.at(i).bounce.reason());
            QCOMPARE(bounces.at(i).flags, expected.at(i).flags);
        }
        QCOMPARE(MailRecords::loadFailures(pg()).size(), 2);
    }

    void sameLinks()
    {
        QString error;
        const QSet<QString> links = linkSet(pg(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(links.size() > 100);
        QCOMPARE(links, linkSet(lite()));
    }

    // The panes read the same notices, newest first, from either store.
    void sameEvidence()
    {
        const MailFlags flags = MailFlags::load(pg());
        for (const QString &ip :
            { QStringLiteral("64.69.218.45"), QStringLiteral("46.211.32.177") }) {
            QString error;
            const Evidence evidence = EvidenceModel::load(pg(), ip, flags, -1, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QVERIFY(evidence.notices > 0);
            QCOMPARE(describe(evidence), describe(EvidenceModel::load(lite(), ip, flags, -1)));
        }
        QSqlQuery reports(pg());
        QVERIFY(reports.exec(QStringLiteral("SELECT id FROM reports ORDER BY id")));
        int withEvidence = 0;
        while (reports.next()) {
            QString error;
            const Evidence evidence = EvidenceModel::loadForReport(
                pg(), reports.value(0).toLongLong(), flags, -1, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            withEvidence += evidence.notices > 0;
        }
        QVERIFY(withEvidence > 1);
    }

    void sameCampaigns()
    {
        QString error;
        const QList<Campaign> campaigns = Campaigns::load(pg(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QList<Campaign> expected = Campaigns::load(lite());
        QVERIFY(!campaigns.isEmpty());
        QCOMPARE(campaigns.size(), expected.size());
        for (qsizetype i = 0; i < campaigns.size(); ++i) {
            QCOMPARE(campaigns.at(i).name, expected.at(i).name);
            QCOMPARE(campaigns.at(i).sources, expected.at(i).sources);
            QCOMPARE(campaigns.at(i).reportMessages, expected.at(i).reportMessages);
            QCOMPARE(campaigns.at(i).bounces, expected.at(i).bounces);
        }
    }

    // Two members' windows on one store: what one stores, the other reads; an IMAP folder's
    // progress is inserted once and then updated in place (the upsert).
    void twoConnectionsShareTheStore()
    {
        Database other(m_server->location());
        {
            QSqlDatabase db = other.connection();
            QVERIFY2(db.isOpen(), qPrintable(other.errorString()));
            QCOMPARE(Summary::compute(db).toJson(), Summary::compute(pg()).toJson());
            ImapFolderState state(db);
            QVERIFY2(state.save(QStringLiteral("team@example.org"), QStringLiteral("INBOX"), 7, 10),
                qPrintable(state.errorString()));
            QVERIFY2(state.save(QStringLiteral("team@example.org"), QStringLiteral("INBOX"), 7, 12),
                qPrintable(state.errorString()));
        }
        other.closeThreadConnection();
        const ImapFolderState::State seen = ImapFolderState(pg()).load(
            QStringLiteral("team@example.org"), QStringLiteral("INBOX"));
        QVERIFY(seen.known);
        QCOMPARE(seen.uidValidity, 7);
        QCOMPARE(seen.lastUid, 12);
    }

private:
    QSqlDatabase pg() { return m_postgres->connection(); }
    QSqlDatabase lite() { return m_sqlite->connection(); }

    static QSet<QString> linkSet(QSqlDatabase db, QString *error = nullptr)
    {
        QSet<QString> set;
        for (const LinkStore::LinkView &link : LinkStore::load(db, error))
            set.insert(QStringList { link.kind, link.messageId, link.reportId, link.sourceIp,
                link.reasons.join(QLatin1Char(',')), LinkStore::strengthName(link.strength),
                QString::number(link.messages) }
                           .join(QLatin1Char('|')));
        return set;
    }
    static QStringList describe(const Evidence &evidence)
    {
        QStringList rows { QString::number(evidence.notices),
            QString::number(evidence.failureReports) };
        for (const EvidenceRow &row : evidence.rows)
            rows.append(QStringList { QString::number(row.date), row.kind, row.reporter,
                row.recipients, row.subject, row.reasons.join(QLatin1Char(',')),
                row.flags.join(QLatin1Char(',')) }
                            .join(QLatin1Char('|')));
        return rows;
    }

    std::unique_ptr<PostgresServer> m_server;
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_sqlite;
    std::unique_ptr<Database> m_postgres;
};

QTEST_GUILESS_MAIN(TestTeamStore)
#include "tst_teamstore.moc"
