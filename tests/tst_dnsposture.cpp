#include "checkdnsdialog.h"
#include "database.h"
#include "dnsposture.h"
#include "dnsserver.h"
#include "testutil.h"

#include <QDnsLookup>
#include <QSignalSpy>
#include <QTest>

// Domain > Check DNS against a real DNS server: the scenario's domain with a record set that
// has every problem the check knows.
class TestDnsPosture : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        const QStringList records = {
            QStringLiteral(
                R"(txt-record=_dmarc.swznet.de,"v=DMARC1; p=reject; rua=mailto:dmarc-rua@swznet.de; ruf=mailto:forensic@reports.example.net; pct=100; fo=1")"),
            QStringLiteral(
                R"(txt-record=swznet.de,"v=spf1 mx include:_spf1.example.org include:_spf2.example.org -all")"),
            QStringLiteral(
                R"(txt-record=_spf1.example.org,"v=spf1 include:_spf3.example.org include:_spf4.example.org a mx -all")"),
            QStringLiteral(
                R"(txt-record=_spf2.example.org,"v=spf1 include:_spf5.example.org ptr exists:x.example.org a:b.example.org -all")"),
            QStringLiteral(R"(txt-record=_spf3.example.org,"v=spf1 ip4:192.0.2.0/24 a mx -all")"),
            QStringLiteral(
                R"(txt-record=_spf4.example.org,"v=spf1 ip4:198.51.100.0/24 a mx -all")"),
            QStringLiteral(R"(txt-record=_spf5.example.org,"v=spf1 ip4:203.0.113.0/24 a mx -all")"),
            QStringLiteral(
                R"(txt-record=mail2023._domainkey.swznet.de,"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC")"),
            QStringLiteral("local=/swznet.de/"),
            QStringLiteral("local=/example.org/"),
            QStringLiteral("local=/example.net/"),
        };
        m_dns = std::make_unique<DnsServer>(QMap<QString, QString> {}, records);
        QVERIFY2(m_dns->isRunning(), qPrintable(m_dns->output()));
        QTRY_VERIFY_WITH_TIMEOUT(
            DnsServer::answers(QDnsLookup::TXT, QStringLiteral("_dmarc.swznet.de")), 10000);
        QVERIFY(m_dir.isValid());
        m_database = std::make_unique<Database>(m_dir.filePath(QStringLiteral("store.sqlite")));
        QVERIFY(TestUtil::importScenarioReports(m_database->connection()));
    }
    void cleanupTestCase() { m_database->closeThreadConnection(); }

    void everyProblemIsNamed()
    {
        QStringList selectors, spfOnly;
        DnsPostureCheck::inputsFromStore(
            m_database->connection(), QStringLiteral("swznet.de"), &selectors, &spfOnly);
        QVERIFY(selectors.contains(QStringLiteral("mail2023")));
        QVERIFY(selectors.contains(QStringLiteral("e39hs"))); // the botnet's forged selector
        QVERIFY(spfOnly.isEmpty()); // the own MX signs with DKIM

        DnsPostureCheck check;
        check.setNameserver(DnsServer::Address);
        QSignalSpy finished(&check, &DnsPostureCheck::finished);
        check.start(QStringLiteral("swznet.de"), selectors);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        const DnsPosture posture = finished.first().first().value<DnsPosture>();
        QVERIFY(posture.dmarcRecord.startsWith(QLatin1String("v=DMARC1")));
        QCOMPARE(posture.dmarcTags.value(QStringLiteral("p")), QStringLiteral("reject"));
        QVERIFY(posture.spfLookups > 10);
        QCOMPARE(posture.spfIncludes.size(), 5);
        const QString all = posture.problems.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QLatin1String("DNS lookups")), qPrintable(all));
        QVERIFY(all.contains(QLatin1String("reports.example.net, which does not authorise")));
        QVERIFY(all.contains(QLatin1String("pct= is deprecated")));
        QVERIFY(all.contains(QLatin1String("No sp= tag")));
        QVERIFY(all.contains(QLatin1String("No np= tag")));
        QVERIFY(all.contains(QLatin1String("selector e39hs appears in reports but has no key")));
        QVERIFY(!all.contains(QLatin1String("selector mail2023")));
        for (const DnsPosture::DkimKey &key : posture.dkim)
            QCOMPARE(key.found, key.selector == QLatin1String("mail2023"));
    }

    // The dialog of Domain > Check DNS shows the same findings.
    void dialog()
    {
        CheckDnsDialog dialog(
            { QStringLiteral("swznet.de") },
            [this](const QString &domain) {
                CheckDnsDialog::Inputs inputs;
                DnsPostureCheck::inputsFromStore(
                    m_database->connection(), domain, &inputs.selectors, &inputs.spfOnlySources);
                return inputs;
            },
            DnsServer::Address);
        QSignalSpy checked(&dialog, &CheckDnsDialog::checked);
        dialog.check();
        QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 1, 20000);
        QVERIFY(dialog.resultText().contains(QLatin1String("v=DMARC1; p=reject")));
        QVERIFY(dialog.resultText().contains(QLatin1String("e39hs: no key")));
        QVERIFY(dialog.resultText().contains(QLatin1String("No np= tag")));
    }

    void spfAloneUnderRejectIsNamed()
    {
        DnsPosture posture;
        posture.domain = QStringLiteral("example.org");
        posture.dmarcRecord = QStringLiteral("v=DMARC1; p=quarantine; sp=reject; np=reject");
        posture.dmarcTags = { { QStringLiteral("p"), QStringLiteral("quarantine") },
            { QStringLiteral("sp"), QStringLiteral("reject") },
            { QStringLiteral("np"), QStringLiteral("reject") } };
        posture.spfRecord = QStringLiteral("v=spf1 -all");
        const QStringList problems
            = DnsPostureCheck::judge(posture, { QStringLiteral("198.51.100.7") }, {});
        QCOMPARE(problems.size(), 1);
        QVERIFY(problems.first().contains(QLatin1String("198.51.100.7 passes with SPF only")));
        posture.dmarcRecord.clear();
        QVERIFY(DnsPostureCheck::judge(posture, {}, {})
                    .first()
                    .startsWith(QLatin1String("No DMARC record")));
    }

private:
    std::unique_ptr<DnsServer> m_dns;
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_database;
};

QTEST_MAIN(TestDnsPosture)
#include "tst_dnsposture.moc"
