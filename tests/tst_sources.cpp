#include "csvwriter.h"
#include "database.h"
#include "domainname.h"
#include "importer.h"
#include "itemroles.h"
#include "sourcefilterproxy.h"
#include "sourcerecordmodel.h"
#include "sourcestats.h"
#include "sourcetreemodel.h"
#include "testutil.h"

#include <QAbstractItemModelTester>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using TestUtil::dataPath;

class TestSources : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_database = std::make_unique<Database>(m_dir.filePath(QStringLiteral("store.sqlite")));
        QVERIFY(TestUtil::importScenarioReports(m_database->connection()));
        m_truth = TestUtil::scenarioTruth().value(QStringLiteral("sources")).toObject();
    }
    void cleanupTestCase() { m_database->closeThreadConnection(); }

    void registrableDomains_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("domain");
        QTest::newRow("sendgrid ptr")
            << QStringLiteral("o1.ptr1234.sendgrid.net") << QStringLiteral("sendgrid.net");
        QTest::newRow("co.uk") << QStringLiteral("mail.example.co.uk")
                               << QStringLiteral("example.co.uk");
        QTest::newRow("upper case")
            << QStringLiteral("MX.SWZNET.DE") << QStringLiteral("swznet.de");
        QTest::newRow("already registrable")
            << QStringLiteral("quillayino.cl") << QStringLiteral("quillayino.cl");
        QTest::newRow("public suffix") << QStringLiteral("co.uk") << QStringLiteral("co.uk");
        QTest::newRow("empty") << QString() << QString();
    }
    void registrableDomains()
    {
        QFETCH(QString, host);
        QFETCH(QString, domain);
        QCOMPARE(DomainName::registrable(host), domain);
    }

    void statsMatchTruth()
    {
        const QList<SourceStats> sources = SourceStats::load(m_database->connection(), {});
        int reported = 0;
        for (const auto &value : m_truth)
            reported += value.toObject().value(QStringLiteral("rows")).toInt() > 0;
        QCOMPARE(sources.size(), reported);
        for (const SourceStats &source : sources) {
            const QJsonObject truth = m_truth.value(source.ip).toObject();
            QVERIFY2(!truth.isEmpty(), qPrintable(source.ip));
            QCOMPARE(source.messages, truth.value(QStringLiteral("messages")).toInteger());
            QCOMPARE(source.none + source.quarantine + source.reject, source.messages);
        }
        // The own MX passes everything; SendGrid authenticates, but as sendgrid.info: without
        // reverse DNS its DKIM domain still names the organisation.
        const auto own = std::find_if(sources.cbegin(), sources.cend(),
            [](const SourceStats &s) { return s.ip == QLatin1String("192.0.2.25"); });
        QVERIFY(own != sources.cend());
        QCOMPARE(own->dmarcPass, own->messages);
        QCOMPARE(own->group, QStringLiteral("swznet.de"));
        const auto sendgrid = std::find_if(sources.cbegin(), sources.cend(),
            [](const SourceStats &s) { return s.group == QLatin1String("Twilio SendGrid"); });
        QVERIFY(sendgrid != sources.cend());
        QCOMPARE(sendgrid->categoryKey, QStringLiteral("misaligned-service"));
        QVERIFY(sendgrid->categoryReason.contains(QLatin1String("not aligned")));
        QCOMPARE(own->categoryKey, QStringLiteral("authorized"));
        QCOMPARE(sendgrid->dmarcPass, 0);
        QVERIFY(sendgrid->dkimDomains.contains(QStringLiteral("sendgrid.info (pass)")));
    }

    void treeModel()
    {
        SourceTreeModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QList<SourceStats> sources = SourceStats::load(m_database->connection(), {});
        model.setSources(sources);
        qint64 total = 0;
        int ips = 0;
        for (int group = 0; group < model.rowCount(); ++group) {
            const QModelIndex parent = model.index(group, 0);
            qint64 children = 0;
            for (int row = 0; row < model.rowCount(parent); ++row) {
                children += model.index(row, SourceTreeModel::MessagesColumn, parent)
                                .data(ItemRoles::SortRole)
                                .toLongLong();
                QVERIFY(!model.index(row, 0, parent)
                             .data(ItemRoles::SourceIpRole)
                             .toString()
                             .isEmpty());
                ++ips;
            }
            // A group row is the sum of its sources.
            QCOMPARE(model.index(group, SourceTreeModel::MessagesColumn)
                         .data(ItemRoles::SortRole)
                         .toLongLong(),
                children);
            total += children;
        }
        QCOMPARE(total, 25);
        QCOMPARE(ips, int(sources.size()));
        QCOMPARE(model.index(0, 0).data().toString(),
            QStringLiteral("Unknown (no reverse DNS, nothing authenticated)")); // the campaign
        // Botnet hosts and a forwarder with nothing to go by: the group is mixed, each source
        // keeps its own verdict.
        const QModelIndex unknown = model.index(0, 0);
        QCOMPARE(model.index(0, SourceTreeModel::CategoryColumn).data().toString(),
            QStringLiteral("Mixed"));
        QSet<QString> categories;
        for (int row = 0; row < model.rowCount(unknown); ++row)
            categories.insert(model.index(row, SourceTreeModel::CategoryColumn, unknown)
                                  .data(ItemRoles::CategoryRole)
                                  .toString());
        QCOMPARE(
            categories, (QSet<QString> { QStringLiteral("threat"), QStringLiteral("forwarder") }));
    }

    void filterProxy_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("ips");
        QTest::newRow("one ip") << QStringLiteral("192.0.2.25")
                                << QStringList { QStringLiteral("192.0.2.25") };
        QTest::newRow("cidr") << QStringLiteral("192.0.2.0/24")
                              << QStringList { QStringLiteral("192.0.2.25") };
        QTest::newRow("cidr none") << QStringLiteral("10.0.0.0/8") << QStringList {};
        QTest::newRow("domain") << QStringLiteral("sendgrid")
                                << QStringList { QStringLiteral("149.72.154.232") };
    }
    void filterProxy()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, ips);
        SourceTreeModel model;
        SourceFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(
            &proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSources(SourceStats::load(m_database->connection(), {}));
        proxy.setFilterText(text);
        QStringList shown;
        for (int group = 0; group < proxy.rowCount(); ++group) {
            const QModelIndex parent = proxy.index(group, 0);
            for (int row = 0; row < proxy.rowCount(parent); ++row)
                shown.append(proxy.index(row, 0, parent).data(ItemRoles::SourceIpRole).toString());
        }
        QCOMPARE(shown, ips);
        proxy.setFilterText(QString());
        QVERIFY(proxy.rowCount() > 1);
    }

    void recordsOfASource()
    {
        const QList<SourceRecord> records
            = SourceRecord::load(m_database->connection(), QStringLiteral("192.0.2.25"), {});
        QCOMPARE(records.size(), 3); // truth: rows
        qint64 messages = 0;
        for (const SourceRecord &record : records) {
            messages += record.messages;
            QVERIFY(!record.dkim.isEmpty());
            QVERIFY(record.dkim.first().startsWith(QLatin1String("d=swznet.de")));
        }
        QCOMPARE(messages, 4);
        qint64 daily = 0;
        for (const DailyVolume &day : SourceRecord::dailyVolume(records))
            daily += day.outcomes.counts[OutcomeCounts::Pass];
        QCOMPARE(daily, 4);

        SourceRecordModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRecords(records);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, SourceRecordModel::EvaluatedColumn).data().toString(),
            QStringLiteral("DKIM pass, SPF pass"));
    }

    void dateAndDomainFilters()
    {
        SourceFilter filter;
        filter.from = QDate(2023, 3, 16);
        filter.to = QDate(2023, 3, 16);
        qint64 messages = 0;
        for (const SourceStats &source : SourceStats::load(m_database->connection(), filter))
            messages += source.messages;
        QVERIFY(messages > 0 && messages < 25);
        filter = {};
        filter.domain = QStringLiteral("other.example");
        QVERIFY(SourceStats::load(m_database->connection(), filter).isEmpty());
    }

    void csv()
    {
        QCOMPARE(CsvWriter::field(QStringLiteral("plain")), QByteArray("plain"));
        QCOMPARE(CsvWriter::field(QStringLiteral("a,b")), QByteArray("\"a,b\""));
        QCOMPARE(CsvWriter::field(QStringLiteral("say \"hi\"")), QByteArray("\"say \"\"hi\"\"\""));
        QCOMPARE(CsvWriter::field(QStringLiteral("=HYPERLINK(\"x\")")),
            QByteArray("\"'=HYPERLINK(\"\"x\"\")\""));
        QCOMPARE(CsvWriter::field(QStringLiteral("-12.5")), QByteArray("-12.5"));
        SourceTreeModel model;
        model.setSources(SourceStats::load(m_database->connection(), {}));
        const QByteArray csv = CsvWriter::write(&model);
        const QList<QByteArray> lines = csv.split('\n');
        QVERIFY(lines.first().startsWith("Organisation / source IP,Messages,DMARC pass"));
        QVERIFY(csv.contains("192.0.2.25,4,100.0 %"));
        // Header, every group and every source, and the empty string after the last CRLF.
        int rows = 0;
        for (int group = 0; group < model.rowCount(); ++group)
            rows += 1 + model.rowCount(model.index(group, 0));
        QCOMPARE(lines.size(), rows + 2);
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_database;
    QJsonObject m_truth;
};

QTEST_GUILESS_MAIN(TestSources)
#include "tst_sources.moc"
