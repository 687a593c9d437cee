#include "testutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using TestUtil::dataPath;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

Run cli(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(DMARCSCOPE_CLI), arguments);
    Run run;
    if (!process.waitForFinished(120000))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { m_db = m_dir.filePath(QStringLiteral("store-%1.sqlite").arg(++m_round)); }

    void importAndSummaryMatchTruth()
    {
        const Run import = cli({ QStringLiteral("--db"), m_db, QStringLiteral("import"),
            QStringLiteral("--json"), dataPath(QStringLiteral("scenario/reports")) });
        QCOMPARE(import.exitCode, 0);
        const QJsonObject result = import.json();
        QCOMPARE(result.value(QStringLiteral("imported")).toInt(), 12);
        QCOMPARE(result.value(QStringLiteral("duplicates")).toInt(), 0);
        QCOMPARE(result.value(QStringLiteral("rejected")).toInt(), 0);
        const QJsonArray inputs = result.value(QStringLiteral("inputs")).toArray();
        QCOMPARE(inputs.size(), 12);
        for (const auto &value : inputs) {
            const QJsonObject input = value.toObject();
            QCOMPARE(input.value(QStringLiteral("outcome")).toString(), QStringLiteral("imported"));
            QCOMPARE(input.value(QStringLiteral("reports")).toInt(), 1);
            QVERIFY(input.value(QStringLiteral("path"))
                        .toString()
                        .contains(QLatin1String("swznet.de")));
        }

        const Run summary = cli(
            { QStringLiteral("--db"), m_db, QStringLiteral("summary"), QStringLiteral("--json") });
        QCOMPARE(summary.exitCode, 0);
        const QJsonObject totals
            = TestUtil::scenarioTruth().value(QStringLiteral("totals")).toObject();
        const QJsonObject json = summary.json();
        for (const char *key :
            { "aggregate_reports", "records", "messages", "by_result_disposition" })
            QCOMPARE(json.value(QLatin1String(key)), totals.value(QLatin1String(key)));
        QCOMPARE(json.value(QStringLiteral("reporters")).toArray().size(), 8);

        // Again: every report is already there.
        const Run again = cli({ QStringLiteral("--db"), m_db, QStringLiteral("import"),
            QStringLiteral("--json"), dataPath(QStringLiteral("scenario/reports")) });
        QCOMPARE(again.exitCode, 0);
        QCOMPARE(again.json().value(QStringLiteral("duplicates")).toInt(), 12);
        QCOMPARE(again.json().value(QStringLiteral("imported")).toInt(), 0);
        QCOMPARE(again.json()
                     .value(QStringLiteral("inputs"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("outcome"))
                     .toString(),
            QStringLiteral("duplicate"));
    }

    void rejectedInputsExitWithOne()
    {
        const Run run = cli({ QStringLiteral("--db"), m_db, QStringLiteral("import"),
            QStringLiteral("--json"), dataPath(QStringLiteral("malformed")) });
        QCOMPARE(run.exitCode, 1);
        const QJsonObject result = run.json();
        // 14 reports and 2 mails (1,000-level MIME nesting, an attachment of garbage base64).
        QCOMPARE(result.value(QStringLiteral("rejected")).toInt(), 16);
        for (const auto &value : result.value(QStringLiteral("inputs")).toArray()) {
            const QJsonObject input = value.toObject();
            if (input.value(QStringLiteral("outcome")).toString() == QLatin1String("rejected"))
                QVERIFY(!input.value(QStringLiteral("error")).toString().isEmpty());
        }
    }

    void textOutputNamesEachInput()
    {
        const Run run = cli({ QStringLiteral("--db"), m_db, QStringLiteral("import"),
            dataPath(QStringLiteral("corpus/parsedmarc/aggregate/invalid_xml.xml")),
            dataPath(QStringLiteral("corpus/mail-dmarc/aggregate/test_dmarc.xml")) });
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.contains("rejected  "));
        QVERIFY(run.out.contains("invalid_xml.xml: the XML is not well-formed (line 5"));
        QVERIFY(run.out.contains("imported  "));
        QVERIFY(run.out.contains("1 reports imported"));
    }

    void usageAndDatabaseErrorsExitWithTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no command") << QStringList();
        QTest::newRow("unknown command") << QStringList { QStringLiteral("frobnicate") };
        QTest::newRow("unknown option")
            << QStringList { QStringLiteral("--frob"), QStringLiteral("summary") };
        QTest::newRow("import without paths") << QStringList { QStringLiteral("import") };
        QTest::newRow("unopenable database") << QStringList { QStringLiteral("--db"),
            QStringLiteral("/proc/x/y.sqlite"), QStringLiteral("summary") };
    }
    void usageAndDatabaseErrorsExitWithTwo()
    {
        QFETCH(QStringList, arguments);
        if (!arguments.contains(QLatin1String("--db")))
            arguments.prepend(m_db), arguments.prepend(QStringLiteral("--db"));
        const Run run = cli(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(!run.err.isEmpty());
    }

    void reportsListsThem()
    {
        QCOMPARE(cli({ QStringLiteral("--db"), m_db, QStringLiteral("import"),
                         dataPath(QStringLiteral("scenario/reports")) })
                     .exitCode,
            0);
        const Run run = cli(
            { QStringLiteral("--db"), m_db, QStringLiteral("reports"), QStringLiteral("--json") });
        QCOMPARE(run.exitCode, 0);
        const QJsonArray reports = run.json().value(QStringLiteral("reports")).toArray();
        QCOMPARE(reports.size(), 12);
        QCOMPARE(reports.first().toObject().value(QStringLiteral("domain")).toString(),
            QStringLiteral("swznet.de"));
    }

private:
    QTemporaryDir m_dir;
    QString m_db;
    int m_round = 0;
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
