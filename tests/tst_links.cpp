#include "campaigns.h"
#include "database.h"
#include "dkimkeys.h"
#include "dnsserver.h"
#include "evidencemodel.h"
#include "importer.h"
#include "linkstore.h"
#include "mailrecords.h"
#include "reversedns.h"
#include "schema.h"
#include "testutil.h"

#include <QAbstractItemModelTester>
#include <QDnsLookup>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using TestUtil::dataPath;

// The incident's bounces and failure reports linked to its aggregate rows, against
// truth.json's links: every pair (message, report, source IP) with its reasons.
class TestLinks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        const QJsonObject truth = TestUtil::scenarioTruth();
        QMap<QString, QString> names;
        const QJsonObject sources = truth.value(QLatin1String("sources")).toObject();
        for (auto it = sources.constBegin(); it != sources.constEnd(); ++it) {
            const QString host = it.value().toObject().value(QLatin1String("host")).toString();
            if (!host.isEmpty())
                names.insert(it.key(), host);
        }
        // The domain's real selector has a key; the botnet's forged ones do not.
        m_dns = std::make_unique<DnsServer>(names,
            QStringList { QStringLiteral("local=/swznet.de/"),
                QStringLiteral(
                    R"(txt-record=mail2023._domainkey.swznet.de,"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEB")") });
        QVERIFY2(m_dns->isRunning(), qPrintable(m_dns->output()));
        for (const QString &kind : { QStringLiteral("bounces"), QStringLiteral("failure_reports") })
            for (const QJsonValue &value : truth.value(kind).toArray()) {
                const QJsonObject item = value.toObject();
                for (const QJsonValue &link : item.value(QLatin1String("links")).toArray()) {
                    QStringList reasons;
                    for (const QJsonValue &reason :
                        link.toObject().value(QLatin1String("reasons")).toArray())
                        reasons.append(reason.toString());
                    reasons.sort();
                    m_truth.insert(
                        key(item.value(QLatin1String("message_id")).toString(),
                            link.toObject().value(QLatin1String("report_id")).toString(),
                            link.toObject().value(QLatin1String("source_ip")).toString()),
                        reasons);
                }
            }
        QVERIFY(m_truth.size() > 100);

        QVERIFY(m_dir.isValid());
        m_database = std::make_unique<Database>(m_dir.filePath(QStringLiteral("store.sqlite")));
        QSqlDatabase db = m_database->connection();
        QVERIFY(importScenario(db));
        // Reverse DNS from the test's own server, for the relay-host evidence.
        ReverseDnsResolver resolver;
        resolver.setNameserver(DnsServer::Address);
        QSignalSpy finished(&resolver, &ReverseDnsResolver::finished);
        QTRY_VERIFY_WITH_TIMEOUT(
            DnsServer::answers(QDnsLookup::PTR, QStringLiteral("25.2.0.192.in-addr.arpa")), 10000);
        resolver.resolve(ReverseDnsCache::pending(db, QDateTime::currentSecsSinceEpoch()));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QVERIFY(ReverseDnsCache::store(db, resolver.results()));
        // And the DKIM keys of the selectors that never pass.
        const QList<DkimKeyCache::Entry> keys
            = DkimKeyCache::pending(db, QDateTime::currentSecsSinceEpoch());
        QVERIFY(!keys.isEmpty());
        DkimKeyResolver keyResolver;
        keyResolver.setNameserver(DnsServer::Address);
        QSignalSpy keysDone(&keyResolver, &DkimKeyResolver::finished);
        keyResolver.resolve(keys);
        QTRY_COMPARE_WITH_TIMEOUT(keysDone.size(), 1, 20000);
        QCOMPARE(keyResolver.results().size(), keys.size());
        QVERIFY(DkimKeyCache::store(db, keyResolver.results(), QDateTime::currentSecsSinceEpoch()));
        QVERIFY(DkimKeyCache::pending(db, QDateTime::currentSecsSinceEpoch()).isEmpty());
    }
    void cleanupTestCase() { m_database->closeThreadConnection(); }

    // Data arriving in pieces, in either order, is linked as a recompute over all of it would.
    void incrementalUpdateEqualsRecompute_data()
    {
        QTest::addColumn<bool>("mailFirst");
        QTest::newRow("mail, then reports") << true;
        QTest::newRow("reports, then mail") << false;
    }
    void incrementalUpdateEqualsRecompute()
    {
        QFETCH(bool, mailFirst);
        QTemporaryDir dir;
        Database database(dir.filePath(QStringLiteral("pieces.sqlite")));
        QSqlDatabase db = database.connection();
        QStringList reports
            = QDir(dataPath(QStringLiteral("scenario/reports"))).entryList(QDir::Files, QDir::Name);
        for (QString &file : reports)
            file = dataPath(QStringLiteral("scenario/reports/")) + file;
        const QList<QStringList> pieces = mailFirst
            ? QList<QStringList> { { dataPath(QStringLiteral("scenario/mail.mbox")) },
                  reports.mid(0, 6), reports.mid(6) }
            : QList<QStringList> { reports.mid(0, 6),
                  { dataPath(QStringLiteral("scenario/mail.mbox")) }, reports.mid(6) };
        auto linkSet = [&db] {
            QSet<QString> set;
            for (const LinkStore::LinkView &link : LinkStore::load(db))
                set.insert(link.messageId + QLatin1Char('|') + link.reportId + QLatin1Char('|')
                    + link.sourceIp + QLatin1Char('|') + link.reasons.join(QLatin1Char(',')));
            return set;
        };
        for (const QStringList &piece : pieces) {
            Importer importer(db);
            QList<ImportLogEntry> missing;
            QVERIFY(importer.importAll(Importer::collectInputs(piece, &missing), {}));
            QString error;
            QVERIFY2(LinkStore::update(db, &error) >= 0, qPrintable(error));
        }
        QString error;
        QCOMPARE(LinkStore::update(db, &error), 0); // nothing new
        const QSet<QString> incremental = linkSet();
        QVERIFY(incremental.size() > 100);
        QVERIFY(LinkStore::recompute(db, &error) >= 0);
        QCOMPARE(incremental, linkSet());
        db = QSqlDatabase();
        database.closeThreadConnection();
    }

    // A store from before version 8 kept (message, row) pairs: the upgrade drops them and the
    // next update links everything again.
    void upgradedStoreIsRelinked()
    {
        QTemporaryDir dir;
        const QString location = dir.filePath(QStringLiteral("old.sqlite"));
        qint64 linked = 0;
        {
            Database database(location);
            QSqlDatabase db = database.connection();
            QVERIFY(importScenario(db));
            QString error;
            QVERIFY2(LinkStore::update(db, &error) > 0, qPrintable(error));
            linked = LinkStore::load(db).size();
            QVERIFY(linked > 100);
            // Back to version 7 as it was: a links table and marks saying all is linked.
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("CREATE TABLE links (mail_ref BIGINT, record_ref "
                                              "BIGINT, reasons TEXT, strength INTEGER)")));
            QVERIFY(query.exec(QStringLiteral("DELETE FROM source_links")));
            QVERIFY(query.exec(QStringLiteral("DELETE FROM schema_version WHERE version = 8")));
            db = QSqlDatabase();
            database.closeThreadConnection();
        }
        Database database(location);
        QSqlDatabase db = database.connection();
        QCOMPARE(Schema::version(db), Schema::CurrentVersion);
        QVERIFY(!db.tables().contains(QStringLiteral("links")));
        QString error;
        QVERIFY2(LinkStore::update(db, &error) > 0, qPrintable(error));
        QCOMPARE(LinkStore::load(db).size(), linked);
        db = QSqlDatabase();
        database.closeThreadConnection();
    }

    void precisionAndRecall()
    {
        QSqlDatabase db = m_database->connection();
        QString error;
        const qint64 count = LinkStore::recompute(db, &error);
        QVERIFY2(count >= 0, qPrintable(error));
        const QList<LinkStore::LinkView> links = LinkStore::load(db, &error);
        // Every stored source link reaches at least one row of its source.
        QSet<QString> linkedSources;
        for (const LinkStore::LinkView &link : links)
            linkedSources.insert(QString::number(link.mailRef) + QLatin1Char('|') + link.sourceIp);
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral(
            "SELECT COUNT(*), COUNT(DISTINCT mail_ref || '|' || source_ip) FROM source_links")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toLongLong(), count);
        QCOMPARE(query.value(1).toLongLong(), linkedSources.size());
        int truePositives = 0, sameReasons = 0;
        for (const LinkStore::LinkView &link : links) {
            const auto it = m_truth.constFind(key(link.messageId, link.reportId, link.sourceIp));
            if (it == m_truth.cend())
                continue;
            ++truePositives;
            QStringList reasons = link.reasons;
            reasons.removeAll(
                QStringLiteral("envelope-domain")); // ours, not in the generator's rules
            sameReasons += reasons == *it;
        }
        const double precision = double(truePositives) / double(qMax<qsizetype>(1, links.size()));
        const double recall = double(truePositives) / double(m_truth.size());
        qInfo("links: truth %lld, found %lld (from %lld source links), precision %.4f, recall "
              "%.4f, same reasons %d",
            qint64(m_truth.size()), qint64(links.size()), count, precision, recall, sameReasons);
        QVERIFY(precision >= 0.95);
        QVERIFY(recall >= 0.9);
        QCOMPARE(sameReasons, truePositives);
    }

    // Forged signatures (d=swznet.de with a selector that never passes) are flagged on the
    // bounce, as truth.json marks them; real ones are not.
    void forgedDkimIsFlagged()
    {
        QHash<QString, bool> forged;
        const QJsonObject truth = TestUtil::scenarioTruth();
        for (const QString &kind : { QStringLiteral("bounces"), QStringLiteral("failure_reports") })
            for (const QJsonValue &value : truth.value(kind).toArray()) {
                const QJsonObject dkim = value.toObject().value(QLatin1String("dkim")).toObject();
                if (!dkim.isEmpty())
                    forged.insert(value.toObject().value(QLatin1String("message_id")).toString(),
                        dkim.value(QLatin1String("forged")).toBool());
            }
        int checked = 0, flagged = 0;
        for (const StoredBounce &bounce : MailRecords::loadBounces(m_database->connection())) {
            if (!forged.contains(bounce.messageId))
                continue;
            const bool ours
                = bounce.flags.join(QLatin1Char(' ')).contains(QLatin1String("forged DKIM"));
            QCOMPARE(ours, forged.value(bounce.messageId));
            ++checked;
            flagged += ours;
        }
        QCOMPARE(checked, 56); // the bounces whose original carries a DKIM signature
        QVERIFY(flagged > 0);
        const QList<EvidenceRow> evidence = EvidenceModel::load(m_database->connection(),
            QStringLiteral("46.211.32.177"), MailFlags::load(m_database->connection()))
                                                .rows;
        QVERIFY(std::any_of(evidence.cbegin(), evidence.cend(), [](const EvidenceRow &row) {
            return row.flags.join(QLatin1Char(' ')).contains(QLatin1String("forged DKIM"));
        }));
    }

    // The carrierzone relay, the botnet host that forges the domain's DKIM through it and the
    // relay that forwarded its mail are one campaign.
    void campaigns()
    {
        CampaignModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QList<Campaign> campaigns = Campaigns::load(m_database->connection());
        model.setRows(campaigns);
        QVERIFY(!campaigns.isEmpty());
        const Campaign &largest = campaigns.first();
        QCOMPARE(largest.name, QStringLiteral("d=carrierzone.com"));
        QVERIFY(largest.sources.contains(QStringLiteral("64.69.218.45")));
        QVERIFY(largest.failureReports > 0);
        qint64 bounces = 0, failures = 0;
        for (const Campaign &campaign : campaigns) {
            bounces += campaign.bounces;
            failures += campaign.failureReports;
        }
        // Every linked notice belongs to exactly one campaign.
        QSet<qint64> linked[2];
        for (const LinkStore::LinkView &link : LinkStore::load(m_database->connection()))
            linked[link.kind == QLatin1String("failure")].insert(link.mailRef);
        QCOMPARE(bounces, linked[0].size());
        QCOMPARE(failures, linked[1].size());
    }

    // Both ways: a source's evidence, and a bounce's rows.
    void evidenceBothWays()
    {
        QSqlDatabase db = m_database->connection();
        const QList<LinkStore::LinkView> carrierzone
            = LinkStore::forSource(db, QStringLiteral("64.69.218.45"));
        QVERIFY(!carrierzone.isEmpty());
        for (const LinkStore::LinkView &link : carrierzone)
            QCOMPARE(link.sourceIp, QStringLiteral("64.69.218.45"));
        const QList<LinkStore::LinkView> back = LinkStore::forMail(db, carrierzone.first().mailRef);
        QVERIFY(std::any_of(back.cbegin(), back.cend(), [&](const LinkStore::LinkView &link) {
            return link.recordRef == carrierzone.first().recordRef;
        }));
        // The failure report from the Kyivstar bot: linked by its Source-IP, strongly.
        const auto failure = std::find_if(carrierzone.cbegin(), carrierzone.cend(),
            [](const LinkStore::LinkView &link) { return link.kind == QLatin1String("failure"); });
        if (failure != carrierzone.cend())
            QCOMPARE(failure->strength, Linker::Strength::Strong);
        const QList<LinkStore::LinkView> bot
            = LinkStore::forSource(db, QStringLiteral("46.211.32.177"));
        QVERIFY(std::any_of(bot.cbegin(), bot.cend(), [](const LinkStore::LinkView &link) {
            return link.kind == QLatin1String("failure")
                && link.reasons.contains(QLatin1String("source-ip"))
                && link.strength == Linker::Strength::Strong;
        }));
    }

    // The panes list exactly the notices linked to the source's or report's rows, newest first,
    // and a limited page is the newest part of the whole with the whole's counts.
    void evidencePanesMatchTheLinks()
    {
        QSqlDatabase db = m_database->connection();
        QHash<QString, QSet<qint64>> bySource, failuresBySource;
        QHash<QString, QSet<qint64>> byReport; // report id -> notices
        for (const LinkStore::LinkView &link : LinkStore::load(db)) {
            bySource[link.sourceIp].insert(link.mailRef);
            if (link.kind == QLatin1String("failure"))
                failuresBySource[link.sourceIp].insert(link.mailRef);
            byReport[link.reportId].insert(link.mailRef);
        }
        QVERIFY(bySource.size() > 3);
        const MailFlags flags = MailFlags::load(db);
        auto mails = [](const QList<EvidenceRow> &rows) {
            QSet<qint64> set;
            for (const EvidenceRow &row : rows)
                set.insert(row.mailRef);
            return set;
        };
        for (auto it = bySource.cbegin(); it != bySource.cend(); ++it) {
            const Evidence all = EvidenceModel::load(db, it.key(), flags, -1);
            QCOMPARE(mails(all.rows), it.value());
            QCOMPARE(all.notices, it.value().size());
            QCOMPARE(all.failureReports, failuresBySource.value(it.key()).size());
            QVERIFY(all.complete());
            for (qsizetype i = 1; i < all.rows.size(); ++i)
                QVERIFY(all.rows.at(i - 1).date >= all.rows.at(i).date);
        }
        // The busiest source, two at a time.
        const auto busiest = std::max_element(bySource.cbegin(), bySource.cend(),
            [](const QSet<qint64> &a, const QSet<qint64> &b) { return a.size() < b.size(); });
        const Evidence page = EvidenceModel::load(db, busiest.key(), flags, 2);
        QCOMPARE(page.rows.size(), 2);
        QCOMPARE(page.notices, busiest.value().size());
        QVERIFY(!page.complete());
        QVERIFY(busiest.value().contains(page.rows.first().mailRef));

        QSqlQuery reports(db);
        QVERIFY(reports.exec(QStringLiteral("SELECT id, report_id FROM reports")));
        int withEvidence = 0;
        while (reports.next()) {
            const Evidence evidence
                = EvidenceModel::loadForReport(db, reports.value(0).toLongLong(), flags, -1);
            QCOMPARE(mails(evidence.rows), byReport.value(reports.value(1).toString()));
            withEvidence += !evidence.rows.isEmpty();
        }
        QVERIFY(withEvidence > 1);
    }

    // The command line lists the same pairs, with truth.json's identities, and sums them up.
    void commandLine()
    {
        const QString store = m_dir.filePath(QStringLiteral("store.sqlite"));
        QProcess process;
        process.start(QStringLiteral(DMARCSCOPE_CLI),
            { QStringLiteral("--db"), store, QStringLiteral("links"), QStringLiteral("--json"),
                QStringLiteral("--no-dns") });
        QVERIFY(process.waitForFinished(120000));
        QCOMPARE(process.exitCode(), 0);
        const QJsonArray listed = QJsonDocument::fromJson(process.readAllStandardOutput())
                                      .object()
                                      .value(QLatin1String("links"))
                                      .toArray();
        QCOMPARE(listed.size(), m_truth.size());
        for (const QJsonValue &value : listed) {
            const QJsonObject link = value.toObject();
            const auto it
                = m_truth.constFind(key(link.value(QLatin1String("message_id")).toString(),
                    link.value(QLatin1String("report_id")).toString(),
                    link.value(QLatin1String("source_ip")).toString()));
            QVERIFY(it != m_truth.cend());
            QVERIFY(!link.value(QLatin1String("org_name")).toString().isEmpty());
            const QString strength = link.value(QLatin1String("strength")).toString();
            QVERIFY(strength == QLatin1String("strong") || strength == QLatin1String("medium"));
        }

        process.start(QStringLiteral(DMARCSCOPE_CLI),
            { QStringLiteral("--db"), store, QStringLiteral("links"), QStringLiteral("--summary"),
                QStringLiteral("--no-dns") });
        QVERIFY(process.waitForFinished(120000));
        QCOMPARE(process.exitCode(), 0);
        QSqlQuery query(m_database->connection());
        QVERIFY(query.exec(QStringLiteral("SELECT COUNT(DISTINCT mail_ref), COUNT(DISTINCT "
                                          "source_ip), COUNT(*) FROM source_links")));
        QVERIFY(query.next());
        QCOMPARE(QString::fromUtf8(process.readAllStandardOutput()).trimmed(),
            QStringLiteral("%1 notices linked to %2 sources by %3 source links")
                .arg(query.value(0).toLongLong())
                .arg(query.value(1).toLongLong())
                .arg(query.value(2).toLongLong()));
    }

private:
    // The incident's reports and mailbox, as a user drops them.
    static bool importScenario(QSqlDatabase db)
    {
        Importer importer(db);
        QList<ImportLogEntry> missing;
        return importer.importAll(
            Importer::collectInputs({ dataPath(QStringLiteral("scenario/reports")),
                                        dataPath(QStringLiteral("scenario/mail.mbox")) },
                &missing),
            {});
    }
    static QString key(const QString &message, const QString &report, const QString &ip)
    {
        return message + QLatin1Char('\n') + report + QLatin1Char('\n') + ip;
    }

    std::unique_ptr<DnsServer> m_dns;
    QHash<QString, QStringList> m_truth;
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_database;
};

QTEST_GUILESS_MAIN(TestLinks)
#include "tst_links.moc"
