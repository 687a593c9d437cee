#include "aggregateparser.h"
#include "archivereader.h"
#include "testutil.h"

#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <unistd.h>

using TestUtil::dataPath;
using TestUtil::readFile;

namespace {

// The first document of a fixture, decompressed the way the importer does it.
QByteArray documentOf(const QString &relative)
{
    ArchiveReader reader;
    const ExtractResult result = reader.extract(readFile(dataPath(relative)));
    return result.documents.isEmpty() ? QByteArray() : result.documents.first().data;
}

// Runs `parse` with stderr redirected into a file and returns what was written there.
QByteArray stderrDuring(const std::function<void()> &parse)
{
    QTemporaryDir dir;
    const QByteArray path = QFile::encodeName(dir.filePath(QStringLiteral("stderr")));
    fflush(stderr);
    const int saved = dup(STDERR_FILENO);
    FILE *capture = fopen(path.constData(), "w");
    dup2(fileno(capture), STDERR_FILENO);
    parse();
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    fclose(capture);
    return readFile(QString::fromLocal8Bit(path));
}

} // namespace

class TestAggregateParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Hand-checked against the files: reporter, report id, records and messages.
    void realReports_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("org");
        QTest::addColumn<QString>("reportId");
        QTest::addColumn<int>("records");
        QTest::addColumn<qint64>("messages");
        auto row
            = [](const char *file, const char *org, const char *id, int records, qint64 messages) {
                  QTest::newRow(file) << QString::fromUtf8(file) << QString::fromUtf8(org)
                                      << QString::fromUtf8(id) << records << messages;
              };
        row("corpus/parsedmarc/aggregate/!large-example.com!1711897200!1711983600.xml",
            "accurateplastics.com", "example.com:1711897200", 2286, 2286);
        row("corpus/parsedmarc/aggregate/extract_report/nice-input.xml.gz", "google.com",
            "11038226378739404135", 20, 3047);
        row("corpus/parsedmarc/aggregate/rfc9990-example.net!example.com!1700000000!1700086399.xml",
            "example.net", "dmarcbis-test-report-001", 2, 7);
        row("corpus/parsedmarc/aggregate/aggregate_invalid/report_with_upper_cased_pass.xml",
            "example.com", "aggr_report_example.com_20191202_1638", 1, 1);
        row("corpus/parsedmarc/aggregate/"
            "protection.outlook.com!example.com!1711756800!1711843200.xml",
            "Outlook.com", "cfeafefe4129445e8c81018bd9177197", 1, 1);
        row("corpus/dmarc-cat/aggregate/google.com!keltia.net!1538438400!1538524799.zip",
            "google.com", "15591417298178277408", 2, 2);
        row("corpus/dmarc-report-converter/aggregate/test.xml.gz.gz", "Test Inc.", "1.id.0", 2, 7);
        row("corpus/mail-dmarc/aggregate/test_dmarc.xml.zip", "Test Sender", "1234567890", 1, 1);
        row("corpus/mail-auth/aggregate/003.xml", "Fastmail Pty Ltd", "758848224", 4, 9);
        row("corpus/dmarc-report-viewer/aggregate/outlook.xml", "Outlook.com",
            "a4f4ef0654474d3faa5dca167a34a86a", 2, 3);
        row("corpus/dmarcgo/aggregate/fixtures/"
            "aol.com!georgestarcher.com!1342497600!1342584000.zip",
            "AOL", "georgestarcher.com_1342584000", 1, 1);
        row("corpus/dmarcgo/aggregate/fixtures/rfc9990-modern-synthetic.xml.gz",
            "Example Mail Receiver", "synthetic-rfc9990-modern-report", 2, 3);
        row("corpus/DmarcAnalyzerApp/aggregate/sample-zoho-aggregate.xml", "zoho.com",
            "cd2dab45-f745-495c-845e-87a731db3873", 3, 3);
        row("corpus/dmarc_aggregate_parser/aggregate/dmarc.xml", "AOL", "website.com_1504828800", 1,
            1);
    }
    void realReports()
    {
        QFETCH(QString, file);
        QFETCH(QString, org);
        QFETCH(QString, reportId);
        QFETCH(int, records);
        QFETCH(qint64, messages);
        const AggregateParseResult result = AggregateParser::parse(documentOf(file));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.report.orgName, org);
        QCOMPARE(result.report.reportId, reportId);
        QCOMPARE(result.report.records.size(), records);
        QCOMPARE(result.report.messageCount(), messages);
    }

    void quirksAreTolerated()
    {
        const AggregateParseResult result
            = AggregateParser::parse(documentOf(QStringLiteral("quirks/quirks.xml")));
        QVERIFY2(result.ok(), qPrintable(result.error));
        const AggregateReport &report = result.report;
        QCOMPARE(report.orgName, QStringLiteral("Quirky Reporter")); // whitespace collapsed
        QCOMPARE(report.reportId, QStringLiteral("quirk-1")); // CDATA
        QCOMPARE(report.dateBegin, 1678665600); // " 1678665600 "
        QCOMPARE(report.dateEnd, 1678924799); // three days: longer than one
        QCOMPARE(report.errors,
            QStringList({ QStringLiteral("one error"), QStringLiteral("another error") }));
        QCOMPARE(report.schemaVersion, QString()); // missing <version>
        QCOMPARE(report.policy.domain, QStringLiteral("example.org"));
        QCOMPARE(report.policy.p, QStringLiteral("reject"));
        QCOMPARE(report.policy.sp, QStringLiteral("quarantine"));
        QCOMPARE(report.policy.aspf, QStringLiteral("s"));

        // The record with a non-IP source is skipped with a warning; the others are kept.
        QCOMPARE(report.records.size(), 2);
        QCOMPARE(result.warnings.size(), 1);
        QVERIFY(result.warnings.first().contains(QLatin1String("not-an-ip")));

        const AggregateRecord &first = report.records.at(0);
        QCOMPARE(first.sourceIp, QStringLiteral("2001:db8::1"));
        QCOMPARE(first.count, 7);
        QCOMPARE(first.disposition, QStringLiteral("none"));
        QCOMPARE(first.dkimEvaluated, QStringLiteral("pass")); // "Pass"
        QCOMPARE(first.spfEvaluated, QStringLiteral("fail")); // "FAIL"
        QVERIFY(first.dmarcPass());
        QCOMPARE(first.reasons.size(), 2);
        QCOMPARE(first.reasons.at(0).type, QStringLiteral("forwarded"));
        QCOMPARE(first.reasons.at(0).comment, QStringLiteral("looks like a list"));
        QCOMPARE(first.reasons.at(1).type, QStringLiteral("local_policy"));
        QCOMPARE(first.envelopeTo, QStringLiteral("example.net"));
        QCOMPARE(first.envelopeFrom, QString());
        QCOMPARE(first.headerFrom, QStringLiteral("example.org"));
        QCOMPARE(first.dkim.size(), 2);
        QCOMPARE(first.dkim.at(0).selector, QString()); // missing selector
        QCOMPARE(first.dkim.at(0).humanResult, QStringLiteral("good"));
        QCOMPARE(first.dkim.at(1).domain, QStringLiteral("esp.example"));
        QCOMPARE(first.dkim.at(1).selector, QStringLiteral("s1"));
        QCOMPARE(first.dkim.at(1).result, QStringLiteral("fail"));
        QCOMPARE(first.spf.size(), 2); // several <spf> results
        QCOMPARE(first.spf.at(0).scope, QStringLiteral("helo"));
        QCOMPARE(first.spf.at(0).result, QStringLiteral("softfail"));
        QCOMPARE(first.spf.at(1).domain, QStringLiteral("bounce.example.org"));

        const AggregateRecord &second = report.records.at(1);
        QCOMPARE(second.sourceIp, QStringLiteral("192.0.2.10"));
        QVERIFY(second.dkim.isEmpty()); // empty <auth_results>
        QVERIFY(!second.dmarcPass());
    }

    void rfc9990Fields()
    {
        const AggregateParseResult result = AggregateParser::parse(
            documentOf(QStringLiteral("corpus/parsedmarc/aggregate/rfc9990-sample.xml")));
        QVERIFY2(result.ok(), qPrintable(result.error));
        const AggregateReport &report = result.report;
        QCOMPARE(report.namespaceUri, QStringLiteral("urn:ietf:params:xml:ns:dmarc-2.0"));
        QCOMPARE(report.generator, QStringLiteral("Example DMARC Aggregate Reporter v1.2"));
        QCOMPARE(report.policy.np, QStringLiteral("none"));
        QCOMPARE(report.policy.testing, QStringLiteral("n"));
        QCOMPARE(report.policy.discoveryMethod, QStringLiteral("treewalk"));
    }

    void windows1252IsDecoded()
    {
        const AggregateParseResult result
            = AggregateParser::parse(readFile(dataPath(QStringLiteral("quirks/windows-1252.xml"))));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.report.orgName, QStringLiteral("R\u00e9seau Soci\u00e9t\u00e9"));
    }

    void invalidUtf8IsRepairedWithAWarning()
    {
        const AggregateParseResult result = AggregateParser::parse(readFile(dataPath(
            QStringLiteral("malformed/invalid-utf8.example!swznet.de!1678665600!1678751999.xml"))));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QVERIFY(result.report.orgName.contains(QChar(0xFFFD)));
        QCOMPARE(result.warnings.size(), 1);
        QVERIFY(result.warnings.first().contains(QLatin1String("UTF-8")));
    }

    void repairUtf8_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("output");
        QTest::addColumn<int>("repairs");
        QTest::newRow("valid") << QByteArray("caf\xc3\xa9") << QByteArray("caf\xc3\xa9") << 0;
        QTest::newRow("latin-1 byte")
            << QByteArray("caf\xe9!") << QByteArray("caf\xef\xbf\xbd!") << 1;
        QTest::newRow("overlong") << QByteArray("\xc0\xaf")
                                  << QByteArray("\xef\xbf\xbd\xef\xbf\xbd") << 2;
        QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80")
                                   << QByteArray("\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd") << 3;
        QTest::newRow("truncated at end")
            << QByteArray("a\xe2\x82") << QByteArray("a\xef\xbf\xbd\xef\xbf\xbd") << 2;
    }
    void repairUtf8()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, output);
        QFETCH(int, repairs);
        QCOMPARE(AggregateParser::repairUtf8(input), repairs);
        QCOMPARE(input, output);
    }

    void rejected_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<QString>("error");
        const QByteArray head
            = "<feedback><report_metadata><org_name>o</org_name><report_id>i</report_id>";
        const QByteArray policy
            = "<policy_published><domain>example.org</domain></policy_published>";
        const QByteArray record
            = "<record><row><source_ip>192.0.2.1</source_ip><count>1</count></row></record>";
        auto range = [](const char *begin, const char *end) -> QByteArray {
            return QByteArray("<date_range><begin>") + begin + "</begin><end>" + end
                + "</end></date_range></report_metadata>";
        };
        QTest::newRow("valid control")
            << head + range("1", "2") + policy + record + "</feedback>" << QString();
        QTest::newRow("wrong root")
            << QByteArray("<html><body/></html>") << QStringLiteral("root element is <html>");
        QTest::newRow("not well-formed")
            << head + range("1", "2") << QStringLiteral("not well-formed");
        QTest::newRow("no report id")
            << QByteArray("<feedback><report_metadata><org_name>o</org_name>") + range("1", "2")
                + policy + record + "</feedback>"
            << QStringLiteral("no <report_id>");
        QTest::newRow("no policy domain")
            << head + range("1", "2") + record + "</feedback>" << QStringLiteral("policy domain");
        QTest::newRow("swapped range") << head + range("2", "1") + policy + record + "</feedback>"
                                       << QStringLiteral("after it ends");
        QTest::newRow("negative range") << head + range("-5", "-1") + policy + record
                + "</feedback>" << QStringLiteral("negative");
        QTest::newRow("text range") << head + range("monday", "2") + policy + record + "</feedback>"
                                    << QStringLiteral("not a pair of timestamps");
        QTest::newRow("no records")
            << head + range("1", "2") + policy + "</feedback>" << QStringLiteral("no records");
        QTest::newRow("count 2^63") << head + range("1", "2") + policy
                + "<record><row><source_ip>192.0.2.1</source_ip><count>9223372036854775808</"
                  "count></row></record></feedback>"
                                    << QStringLiteral("none of its 1 records");
        QTest::newRow("negative count") << head + range("1", "2") + policy
                + "<record><row><source_ip>192.0.2.1</source_ip><count>-1</count></row></record></"
                  "feedback>" << QStringLiteral("none of its 1 records");
        QTest::newRow("missing count") << head + range("1", "2") + policy
                + "<record><row><source_ip>192.0.2.1</source_ip></row></record></feedback>"
                                       << QStringLiteral("none of its 1 records");
        QTest::newRow("internal entity") << QByteArray("<!DOCTYPE feedback [<!ENTITY a \"b\">]>")
                + head + range("1", "2") + policy + record
                + "</feedback>" << QStringLiteral("DOCTYPE");
    }
    void rejected()
    {
        QFETCH(QByteArray, xml);
        QFETCH(QString, error);
        const AggregateParseResult result = AggregateParser::parse(xml);
        if (error.isEmpty())
            QVERIFY2(result.ok(), qPrintable(result.error));
        else
            QVERIFY2(result.error.contains(error), qPrintable(result.error));
    }

    void xxeNeverReadsTheFile()
    {
        QTemporaryDir dir;
        const QString secret = dir.filePath(QStringLiteral("secret.txt"));
        QFile file(secret);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("CANARY-7d1f");
        file.close();
        const QByteArray xml
            = "<?xml version=\"1.0\"?><!DOCTYPE feedback [<!ENTITY xxe SYSTEM \"file://"
            + QFile::encodeName(secret)
            + "\">]><feedback><report_metadata><org_name>&xxe;</org_name><report_id>x</report_id>"
              "<date_range><begin>1</begin><end>2</end></date_range></report_metadata>"
              "<policy_published><domain>example.org</domain></policy_published><record><row>"
              "<source_ip>192.0.2.1</source_ip><count>1</count></row></record></feedback>";
        const AggregateParseResult result = AggregateParser::parse(xml);
        QVERIFY(!result.ok());
        QVERIFY(!result.report.orgName.contains(QLatin1String("CANARY")));
        QVERIFY(result.error.contains(QLatin1String("DOCTYPE")));
    }

    void externalDtdIsNeverFetched()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        const QByteArray xml
            = "<?xml version=\"1.0\"?><!DOCTYPE feedback SYSTEM \"http://127.0.0.1:"
            + QByteArray::number(server.serverPort())
            + "/x.dtd\"><feedback><report_metadata><org_name>o</org_name></report_metadata></"
              "feedback>";
        const AggregateParseResult result = AggregateParser::parse(xml);
        QVERIFY(!result.ok());
        // A fetch would have connected synchronously inside parse(): nothing may be waiting now.
        QVERIFY(!server.waitForNewConnection(0));
        QVERIFY(!server.hasPendingConnections());
    }

    void hostileFilesAreRejectedSilently_data()
    {
        QTest::addColumn<QString>("kind");
        for (const char *kind : { "billion-laughs", "xxe", "external-dtd", "swapped-date-range",
                 "negative-date-range", "non-ip-source", "count-2-63" })
            QTest::newRow(kind) << QString::fromLatin1(kind);
    }
    void hostileFilesAreRejectedSilently()
    {
        QFETCH(QString, kind);
        const QByteArray xml = readFile(dataPath(QLatin1String("malformed/") + kind
            + QLatin1String(".example!swznet.de!1678665600!1678751999.xml")));
        QVERIFY(!xml.isEmpty());
        AggregateParseResult result;
        const QByteArray printed = stderrDuring([&] { result = AggregateParser::parse(xml); });
        QVERIFY(!result.ok());
        QVERIFY(!result.error.isEmpty());
        QCOMPARE(printed, QByteArray()); // libxml2's messages are captured, never printed
    }

    void brokenXmlIsNotPrintedEither()
    {
        AggregateParseResult result;
        const QByteArray printed = stderrDuring([&] {
            result = AggregateParser::parse(
                readFile(dataPath(QStringLiteral("corpus/parsedmarc/aggregate/invalid_xml.xml"))));
        });
        QVERIFY(result.error.contains(QLatin1String("line 5")));
        QCOMPARE(printed, QByteArray());
    }

    void hugeValuesAreCut()
    {
        const QByteArray xml = "<feedback><report_metadata><org_name>" + QByteArray(200000, 'a')
            + "</org_name><report_id>i</report_id><date_range><begin>1</begin><end>2</end></"
              "date_range>"
              "</report_metadata><policy_published><domain>example.org</domain></policy_published>"
              "<record><row><source_ip>192.0.2.1</source_ip><count>1</count></row></record></"
              "feedback>";
        const AggregateParseResult result = AggregateParser::parse(xml);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.report.orgName.size(), 64 * 1024);
        QVERIFY(result.warnings.first().contains(QLatin1String("was cut")));
    }
};

QTEST_GUILESS_MAIN(TestAggregateParser)
#include "tst_aggregateparser.moc"
