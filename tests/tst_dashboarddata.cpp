#include "dailyvolumemodel.h"
#include "dashboarddata.h"
#include "database.h"
#include "importer.h"
#include "itemroles.h"
#include "namedcountmodel.h"
#include "testutil.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using TestUtil::dataPath;

class TestDashboardData : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_database = std::make_unique<Database>(m_dir.filePath(QStringLiteral("store.sqlite")));
        QVERIFY(TestUtil::importScenarioReports(m_database->connection()));
    }
    void cleanupTestCase() { m_database->closeThreadConnection(); }

    void spread_data()
    {
        QTest::addColumn<qint64>("begin");
        QTest::addColumn<qint64>("end");
        QTest::addColumn<qint64>("messages");
        QTest::addColumn<QList<qint64>>("parts");
        const qint64 day = 1678665600; // 2023-03-13 00:00 UTC
        QTest::newRow("one day") << day << day + 86399 << qint64(7) << QList<qint64> { 7 };
        QTest::newRow("two days evenly")
            << day << day + 2 * 86400 - 1 << qint64(10) << QList<qint64> { 5, 5 };
        QTest::newRow("odd count over two days")
            << day << day + 2 * 86400 - 1 << qint64(3) << QList<qint64> { 2, 1 };
        // Cisco-style shifted range: 22:08 to 22:08 next day, mostly the second day.
        QTest::newRow("shifted day")
            << day + 79688 << day + 79688 + 86400 << qint64(10) << QList<qint64> { 1, 9 };
        QTest::newRow("a week") << day << day + 7 * 86400 - 1 << qint64(70)
                                << QList<qint64> { 10, 10, 10, 10, 10, 10, 10 };
        QTest::newRow("zero messages") << day << day + 86399 << qint64(0) << QList<qint64> { 0 };
        QTest::newRow("end before begin") << day + 10 << day << qint64(4) << QList<qint64> { 4 };
    }
    void spread()
    {
        QFETCH(qint64, begin);
        QFETCH(qint64, end);
        QFETCH(qint64, messages);
        QFETCH(QList<qint64>, parts);
        const auto spread = spreadOverDays(begin, end, messages);
        QList<qint64> counts;
        for (const auto &part : spread)
            counts.append(part.second);
        QCOMPARE(counts, parts);
    }

    void scenarioMatchesTruth()
    {
        const DashboardData data = DashboardData::load(m_database->connection());
        const QJsonObject totals
            = TestUtil::scenarioTruth().value(QStringLiteral("totals")).toObject();
        const QJsonObject byResult
            = totals.value(QStringLiteral("by_result_disposition")).toObject();
        QCOMPARE(data.messages, totals.value(QStringLiteral("messages")).toInteger());
        QCOMPARE(data.dmarcPass, byResult.value(QStringLiteral("pass/none")).toInteger());
        QCOMPARE(data.rejected, byResult.value(QStringLiteral("fail/reject")).toInteger());
        QCOMPARE(data.quarantined, byResult.value(QStringLiteral("fail/quarantine")).toInteger());
        QCOMPARE(data.reporters, 8);
        // The sources of truth.json that appear in aggregate rows (others are only in bounces).
        qint64 reportedSources = 0;
        for (const auto &source :
            TestUtil::scenarioTruth().value(QStringLiteral("sources")).toObject())
            reportedSources += source.toObject().value(QStringLiteral("rows")).toInt() > 0 ? 1 : 0;
        QCOMPARE(data.sources, reportedSources);
        QCOMPARE(data.domains.size(), 1);
        QCOMPARE(data.domains.first().domain, QStringLiteral("swznet.de"));
        QVERIFY(data.domains.first().policy.startsWith(QLatin1String("p=reject")));

        // The daily chart loses nothing: its days add up to the total, per outcome too.
        qint64 daily = 0;
        qint64 dailyReject = 0;
        for (const DailyVolume &day : data.daily) {
            daily += day.outcomes.total();
            dailyReject += day.outcomes.counts[OutcomeCounts::FailReject];
        }
        QCOMPARE(daily, data.messages);
        QCOMPARE(dailyReject, data.rejected);
        // 13 to 16 March: Outlook's range ends at 00:00:00 on the 17th, one second with no
        // whole message in it, so no empty 17th.
        QCOMPARE(data.daily.first().day, QDate(2023, 3, 13));
        QCOMPARE(data.daily.last().day, QDate(2023, 3, 16));

        qint64 byReporter = 0;
        for (const NamedCount &reporter : data.byReporter)
            byReporter += reporter.messages;
        QCOMPARE(byReporter, data.messages);
        QCOMPARE(data.byReporter.first().name, QStringLiteral("google.com"));
    }

    void chartModels()
    {
        const DashboardData data = DashboardData::load(m_database->connection());
        DailyVolumeModel daily;
        QAbstractItemModelTester dailyTester(
            &daily, QAbstractItemModelTester::FailureReportingMode::QtTest);
        daily.setDays(data.daily);
        QCOMPARE(daily.rowCount(), int(data.daily.size()));
        QCOMPARE(daily.columnCount(), int(DailyVolumeModel::ColumnCount));
        QCOMPARE(daily.index(0, DailyVolumeModel::DayColumn).data().toString(),
            QStringLiteral("2023-03-13"));
        qint64 total = 0;
        for (int row = 0; row < daily.rowCount(); ++row)
            for (int column = DailyVolumeModel::PassColumn; column < DailyVolumeModel::ColumnCount;
                 ++column)
                total += daily.index(row, column).data().toLongLong();
        QCOMPARE(total, data.messages);
        QCOMPARE(
            daily.headerData(DailyVolumeModel::FailRejectColumn, Qt::Horizontal, Qt::DisplayRole)
                .toString(),
            QStringLiteral("Fail, rejected"));

        NamedCountModel reporters(QStringLiteral("Reporter"));
        QAbstractItemModelTester reporterTester(
            &reporters, QAbstractItemModelTester::FailureReportingMode::QtTest);
        reporters.setCounts(data.byReporter);
        QCOMPARE(reporters.rowCount(), 8);
        QCOMPARE(reporters.index(0, NamedCountModel::MessagesColumn)
                     .data(ItemRoles::SortRole)
                     .toLongLong(),
            10);
        reporters.setCounts({});
        QCOMPARE(reporters.rowCount(), 0);
    }

    void domainFilter()
    {
        QCOMPARE(
            DashboardData::load(m_database->connection(), QStringLiteral("swznet.de")).messages,
            25);
        QCOMPARE(
            DashboardData::load(m_database->connection(), QStringLiteral("other.example")).messages,
            0);
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_database;
};

QTEST_GUILESS_MAIN(TestDashboardData)
#include "tst_dashboarddata.moc"
