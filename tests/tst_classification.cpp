#include "dashboarddata.h"
#include "database.h"
#include "dnsserver.h"
#include "domainname.h"
#include "importer.h"
#include "mmdbwriter.h"
#include "orgmap.h"
#include "reversedns.h"
#include "sourcecategories.h"
#include "sourceclassifier.h"
#include "sourceevidence.h"
#include "testutil.h"

#include <QDnsLookup>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using TestUtil::dataPath;

// Every source of the generated incident: reverse DNS from a real DNS server, the organisation
// map, and the category truth.json gives, with a reason a domain owner can read.
class TestClassification : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_truth = TestUtil::scenarioTruth().value(QLatin1String("sources")).toObject();
        QMap<QString, QString> names;
        for (auto it = m_truth.constBegin(); it != m_truth.constEnd(); ++it) {
            const QString host = it.value().toObject().value(QLatin1String("host")).toString();
            if (!host.isEmpty())
                names.insert(it.key(), host);
        }
        QVERIFY(names.size() > 10);
        m_dns = std::make_unique<DnsServer>(names);
        QVERIFY2(m_dns->isRunning(), qPrintable(m_dns->output()));
        // Ready when it answers; no sleeping.
        QTRY_VERIFY_WITH_TIMEOUT(
            DnsServer::answers(QDnsLookup::PTR, QStringLiteral("25.2.0.192.in-addr.arpa")), 10000);

        QVERIFY(m_dir.isValid());
        m_database = std::make_unique<Database>(m_dir.filePath(QStringLiteral("store.sqlite")));
        QVERIFY(TestUtil::importScenarioReports(m_database->connection()));
    }
    void cleanupTestCase() { m_database->closeThreadConnection(); }

    void organisationMap()
    {
        const OrgMap &map = OrgMap::shipped();
        QVERIFY(map.size() >= 300);
        QCOMPARE(map.lookup(QStringLiteral("o1.ptr1234.sendgrid.net")).name,
            QStringLiteral("Twilio SendGrid"));
        QCOMPARE(map.lookup(QStringLiteral("o1.ptr1234.sendgrid.net")).type,
            Organisation::Type::EmailServiceProvider);
        QCOMPARE(
            map.lookup(QStringLiteral("mail-am6eur05on2705.outbound.protection.outlook.com")).name,
            QStringLiteral("Microsoft 365"));
        QVERIFY(!map.lookup(QStringLiteral("unknown.example")).isKnown());
        // The user's entries win.
        OrgMap mine = map;
        mine.merge(OrgMap::fromCsv("sendgrid.net,Our own relay,forwarder\n"));
        QCOMPARE(mine.lookup(QStringLiteral("x.sendgrid.net")).type, Organisation::Type::Forwarder);
    }

    void ptrNames()
    {
        QCOMPARE(ReverseDnsResolver::ptrName(QStringLiteral("192.0.2.25")),
            QStringLiteral("25.2.0.192.in-addr.arpa"));
        QCOMPARE(ReverseDnsResolver::ptrName(QStringLiteral("2001:db8::1")),
            QStringLiteral(
                "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"));
        QVERIFY(ReverseDnsResolver::ptrName(QStringLiteral("not-an-ip")).isEmpty());
    }

    // Looked up through the real server, forward-confirmed, cached for their TTL.
    void reverseDnsIsLookedUpAndCached()
    {
        QSqlDatabase db = m_database->connection();
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QStringList pending = ReverseDnsCache::pending(db, now);
        QCOMPARE(pending.size(), 17); // every source IP of the reports
        ReverseDnsResolver resolver;
        resolver.setNameserver(DnsServer::Address);
        resolver.setMaxInFlight(4);
        QSignalSpy finished(&resolver, &ReverseDnsResolver::finished);
        resolver.resolve(pending);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        const QList<ReverseDnsEntry> results = resolver.results();
        QCOMPARE(results.size(), pending.size());
        for (const ReverseDnsEntry &entry : results) {
            const QString host
                = m_truth.value(entry.ip).toObject().value(QLatin1String("host")).toString();
            QVERIFY2(
                entry.error.isEmpty(), qPrintable(entry.ip + QLatin1String(": ") + entry.error));
            QCOMPARE(entry.name, host);
            QCOMPARE(entry.forwardConfirmed, !host.isEmpty());
            QVERIFY(entry.expiresAt > now);
        }
        QVERIFY(ReverseDnsCache::store(db, results));
        QVERIFY(ReverseDnsCache::pending(db, now).isEmpty());
        QVERIFY(!ReverseDnsCache::pending(db, now + 7 * 86400).isEmpty()); // expired later
    }

    void everySourceMatchesTruth()
    {
        const SourceEvidenceLoader::Result loaded
            = SourceEvidenceLoader::load(m_database->connection());
        QCOMPARE(loaded.sources.size(), 17);
        SourceClassifier classifier;
        classifier.setPassingSelectors(loaded.passingSelectors);
        for (const SourceEvidence &evidence : loaded.sources) {
            const QJsonObject expected = m_truth.value(evidence.ip).toObject();
            const SourceClass verdict = classifier.classify(evidence);
            QVERIFY2(SourceClass::categoryName(verdict.category)
                    == expected.value(QLatin1String("category")).toString(),
                qPrintable(evidence.ip + QLatin1String(": ") + verdict.reason));
            QVERIFY(!verdict.reason.isEmpty());
            if (evidence.ip == QLatin1String("149.72.154.232")) {
                QVERIFY(verdict.reason.contains(
                    QLatin1String("DKIM pass for sendgrid.info, not aligned with swznet.de")));
                QVERIFY(verdict.reason.contains(
                    QLatin1String("SPF pass for transactional.go-parts.com, not aligned")));
            }
            if (evidence.ip == QLatin1String("116.23.209.4"))
                QVERIFY(verdict.reason.contains(QLatin1String("forged")));
        }
    }

    // The Overview's category chart: truth's messages by category.
    void dashboardCategoriesMatchTruth()
    {
        const DashboardData data = DashboardData::load(m_database->connection());
        const QJsonObject expected = TestUtil::scenarioTruth()
                                         .value(QLatin1String("totals"))
                                         .toObject()
                                         .value(QLatin1String("messages_by_category"))
                                         .toObject();
        QCOMPARE(data.byCategory.size(), expected.size());
        using Category = SourceClass::Category;
        for (const Category category : { Category::Authorized, Category::Forwarder,
                 Category::MisalignedService, Category::Threat }) {
            const auto it = std::find_if(
                data.byCategory.cbegin(), data.byCategory.cend(), [&](const NamedCount &count) {
                    return count.name == SourceClass::categoryTitle(category);
                });
            QVERIFY(it != data.byCategory.cend());
            QCOMPARE(it->messages, expected.value(SourceClass::categoryName(category)).toInteger());
        }
    }

    // The user's own entries win: calling carrierzone.com a web host makes its relay a
    // forwarder instead of a threat.
    void userEntriesWin()
    {
        QVERIFY(m_config.isValid());
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
        auto category = [this] {
            return SourceCategories::compute(m_database->connection())
                .value(QStringLiteral("64.69.218.45"))
                .verdict.category;
        };
        QCOMPARE(category(), SourceClass::Category::Threat);
        OrgMap::setUserEntries(QStringLiteral("carrierzone.com,CarrierZone hosting,web host\n"));
        QCOMPARE(OrgMap::effective().lookup(QStringLiteral("smtp04.carrierzone.com")).name,
            QStringLiteral("CarrierZone hosting"));
        QCOMPARE(category(), SourceClass::Category::Forwarder);
        OrgMap::setUserEntries({});
        QCOMPARE(category(), SourceClass::Category::Threat);
    }

    void cliPrintsSources()
    {
        // Countries from a MaxMind-format database built from truth.json's.
        QMap<QString, QString> networks;
        for (auto it = m_truth.constBegin(); it != m_truth.constEnd(); ++it)
            networks.insert(it.key().section(QLatin1Char('.'), 0, 2) + QLatin1String(".0"),
                it.value().toObject().value(QLatin1String("country")).toString());
        QFile mmdb(m_dir.filePath(QStringLiteral("countries.mmdb")));
        QVERIFY(mmdb.open(QIODevice::WriteOnly));
        mmdb.write(MmdbWriter::write(networks));
        mmdb.close();
        QProcess cli;
        cli.start(QStringLiteral(DMARCSCOPE_CLI),
            { QStringLiteral("--db"), m_dir.filePath(QStringLiteral("store.sqlite")),
                QStringLiteral("sources"), QStringLiteral("--json"), QStringLiteral("--nameserver"),
                DnsServer::Address.toString(), QStringLiteral("--geoip"), mmdb.fileName() });
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        const QJsonArray sources = QJsonDocument::fromJson(cli.readAllStandardOutput())
                                       .object()
                                       .value(QLatin1String("sources"))
                                       .toArray();
        QCOMPARE(sources.size(), 17);
        for (const QJsonValue &value : sources) {
            const QJsonObject source = value.toObject();
            const QJsonObject expected
                = m_truth.value(source.value(QLatin1String("ip")).toString()).toObject();
            QCOMPARE(source.value(QLatin1String("category")).toString(),
                expected.value(QLatin1String("category")).toString());
            QCOMPARE(source.value(QLatin1String("messages")).toInteger(),
                expected.value(QLatin1String("messages")).toInteger());
            QCOMPARE(source.value(QLatin1String("country")).toString(),
                expected.value(QLatin1String("country")).toString());
            const QString host = expected.value(QLatin1String("host")).toString();
            QCOMPARE(source.value(QLatin1String("ptr")).toString(), host);
            if (!host.isEmpty())
                QCOMPARE(source.value(QLatin1String("base_domain")).toString(),
                    DomainName::registrable(host));
        }
    }

private:
    QJsonObject m_truth;
    std::unique_ptr<DnsServer> m_dns;
    QTemporaryDir m_dir;
    QTemporaryDir m_config;
    std::unique_ptr<Database> m_database;
};

QTEST_GUILESS_MAIN(TestClassification)
#include "tst_classification.moc"
