#include "aggregateparser.h"
#include "database.h"
#include "reportstore.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {

QByteArray reportXml(const char *reportId, const char *org = "Reporter", const char *comment = "")
{
    return QByteArray("<feedback><report_metadata><org_name>") + org + "</org_name><report_id>"
        + reportId
        + "</report_id><date_range><begin>100</begin><end>200</end></date_range></report_metadata>"
          "<policy_published><domain>example.org</domain><p>reject</p></policy_published>"
          "<record><row><source_ip>192.0.2.1</source_ip><count>3</count><policy_evaluated>"
          "<disposition>reject</disposition><dkim>fail</dkim><spf>fail</spf>"
          "<reason><type>other</type><comment>c</comment></reason></policy_evaluated></row>"
          "<identifiers><header_from>example.org</header_from></identifiers><auth_results>"
          "<dkim><domain>example.org</domain><selector>s</selector><result>fail</result></dkim>"
          "<spf><domain>spam.example</domain><result>pass</result></spf></auth_results></record>"
        + comment + "</feedback>";
}

int count(QSqlDatabase db, const QString &table)
{
    QSqlQuery query(db);
    query.exec(QLatin1String("SELECT COUNT(*) FROM ") + table);
    query.next();
    return query.value(0).toInt();
}

} // namespace

class TestReportStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_database = std::make_unique<Database>(m_dir->filePath(QStringLiteral("store.sqlite")));
        m_db = m_database->connection();
        QVERIFY(m_db.isOpen());
    }
    void cleanup()
    {
        m_db = QSqlDatabase();
        m_database->closeThreadConnection();
    }

    void storesEveryPart()
    {
        const QByteArray xml = reportXml("r1");
        const auto parsed = AggregateParser::parse(xml);
        QVERIFY(parsed.ok());
        ReportStore store(m_db);
        QCOMPARE(store.insertReport(parsed.report, xml, QStringLiteral("file.xml")),
            ReportStore::Result::Inserted);
        QCOMPARE(count(m_db, QStringLiteral("reports")), 1);
        QCOMPARE(count(m_db, QStringLiteral("records")), 1);
        QCOMPARE(count(m_db, QStringLiteral("record_reasons")), 1);
        QCOMPARE(count(m_db, QStringLiteral("record_dkim")), 1);
        QCOMPARE(count(m_db, QStringLiteral("record_spf")), 1);
        QSqlQuery query(m_db);
        QVERIFY(query.exec(QStringLiteral("SELECT id, message_count, policy_p FROM reports"))
            && query.next());
        QCOMPARE(query.value(1).toInt(), 3);
        QCOMPARE(query.value(2).toString(), QStringLiteral("reject"));
        QCOMPARE(store.rawXml(query.value(0).toLongLong()), xml);
    }

    void sameBytesAreOneReport()
    {
        const QByteArray xml = reportXml("r1");
        const auto parsed = AggregateParser::parse(xml);
        ReportStore store(m_db);
        QCOMPARE(store.insertReport(parsed.report, xml, {}), ReportStore::Result::Inserted);
        QCOMPARE(store.insertReport(parsed.report, xml, {}), ReportStore::Result::Duplicate);
        QCOMPARE(count(m_db, QStringLiteral("records")), 1);
    }

    void sameIdentityIsOneReport()
    {
        // Different bytes (a comment), same org + report id + domain + range: one report.
        const QByteArray a = reportXml("r1");
        const QByteArray b = reportXml("r1", "Reporter", "<!-- resent -->");
        ReportStore store(m_db);
        QCOMPARE(store.insertReport(AggregateParser::parse(a).report, a, {}),
            ReportStore::Result::Inserted);
        QCOMPARE(store.insertReport(AggregateParser::parse(b).report, b, {}),
            ReportStore::Result::Duplicate);
        // Another reporter with the same id is a different report.
        const QByteArray c = reportXml("r1", "Other Reporter");
        QCOMPARE(store.insertReport(AggregateParser::parse(c).report, c, {}),
            ReportStore::Result::Inserted);
        QCOMPARE(count(m_db, QStringLiteral("reports")), 2);
    }

    void failedInsertLeavesNothing()
    {
        const QByteArray xml = reportXml("r1");
        AggregateReport report = AggregateParser::parse(xml).report;
        QSqlQuery query(m_db);
        // Make the child insert fail after the report row went in: the whole report must vanish.
        QVERIFY(query.exec(QStringLiteral("DROP TABLE record_spf")));
        ReportStore store(m_db);
        QCOMPARE(store.insertReport(report, xml, {}), ReportStore::Result::Failed);
        QVERIFY(!store.errorString().isEmpty());
        QCOMPARE(count(m_db, QStringLiteral("reports")), 0);
        QCOMPARE(count(m_db, QStringLiteral("records")), 0);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    QSqlDatabase m_db;
};

QTEST_GUILESS_MAIN(TestReportStore)
#include "tst_reportstore.moc"
