#include "bouncereason.h"
#include "database.h"
#include "headerfields.h"
#include "importer.h"
#include "mailreader.h"
#include "mailrecords.h"
#include "originalmessage.h"
#include "summary.h"
#include "testutil.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using TestUtil::dataPath;
using TestUtil::readFile;

namespace {

// "bounce=1,other=2": the kinds of the messages in a file, as mail-expected.tsv writes them.
QString kindSummary(const MailReader::Result &result)
{
    if (result.items.isEmpty())
        return QStringLiteral("not-mail");
    QMap<QString, int> counts;
    for (const MailItem &item : result.items)
        ++counts[mailKindName(item.kind)];
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        parts.append(it.key() + QLatin1Char('=') + QString::number(it.value()));
    return parts.join(QLatin1Char(','));
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

} // namespace

class TestBounces : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_database = std::make_unique<Database>(m_dir->filePath(QStringLiteral("store.sqlite")));
        QVERIFY(m_database->connection().isOpen());
    }
    void cleanup() { m_database->closeThreadConnection(); }

    void receivedHops_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("fromHost");
        QTest::addColumn<QString>("helo");
        QTest::addColumn<QString>("ip");
        QTest::addColumn<QString>("byHost");
        QTest::addColumn<bool>("mismatch");
        QTest::newRow("postfix, names agree")
            << QStringLiteral("from smtp04.carrierzone.com (smtp04.carrierzone.com [64.69.218.45]) "
                              "by mx.google.com (Postfix) with ESMTPS id FB3E; Tue, 14 Mar 2023 "
                              "16:43:06 +0000")
            << QStringLiteral("smtp04.carrierzone.com") << QStringLiteral("smtp04.carrierzone.com")
            << QStringLiteral("64.69.218.45") << QStringLiteral("mx.google.com") << false;
        QTest::newRow("forged HELO, no reverse DNS")
            << QStringLiteral(
                   "from gmx.de (unknown [116.23.209.4]) by smtp01.carrierzone.com "
                   "(CarrierZone SMTP) with ESMTPA id 7; Wed, 15 Mar 2023 17:00:00 +0000")
            << QString() << QStringLiteral("gmx.de") << QStringLiteral("116.23.209.4")
            << QStringLiteral("smtp01.carrierzone.com") << true;
        QTest::newRow("IP literal HELO, other address connected")
            << QStringLiteral("from [127.0.0.1] (host-41.35.155.164.tedata.net [41.35.155.164]) "
                              "by mailin.skynet.be (Postfix) with ESMTPS id 4E; Tue, 14 Mar 2023 "
                              "13:31:34 +0000")
            << QStringLiteral("host-41.35.155.164.tedata.net") << QStringLiteral("[127.0.0.1]")
            << QStringLiteral("41.35.155.164") << QStringLiteral("mailin.skynet.be") << true;
        QTest::newRow("exim helo= claim")
            << QStringLiteral("from [203.0.113.68] (helo=smtpclient.apple) by node04.example.net "
                              "with esmtp (Exim 4.92) id 1u; Mon, 07 Apr 2025 23:16:08 +0200")
            << QString() << QStringLiteral("smtpclient.apple") << QStringLiteral("203.0.113.68")
            << QStringLiteral("node04.example.net") << false;
        QTest::newRow("HELO is the own address, IPv4-mapped")
            << QStringLiteral(
                   "from [IPv6:::ffff:203.0.113.68] (unknown [203.0.113.68]) by "
                   "example.com (Postfix) with ESMTP id 9C; Mon, 7 Apr 2025 10:10:06 -0600")
            << QString() << QStringLiteral("[ipv6:::ffff:203.0.113.68]")
            << QStringLiteral("203.0.113.68") << QStringLiteral("example.com") << false;
    }
    void receivedHops()
    {
        QFETCH(QString, value);
        const ReceivedHop hop = OriginalMessageReader::parseReceived(value);
        QTEST(hop.fromHost, "fromHost");
        QTEST(hop.helo, "helo");
        QTEST(hop.ip, "ip");
        QTEST(hop.byHost, "byHost");
        QTEST(hop.heloMismatch, "mismatch");
        QVERIFY(hop.time > 1600000000);
    }

    void reasons_data()
    {
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("diagnostic");
        QTest::addColumn<QString>("reason");
        QTest::newRow("exact status wins")
            << QStringLiteral("5.2.2") << QStringLiteral("550 User unknown")
            << QStringLiteral("mailboxfull");
        QTest::newRow("dmarc") << QStringLiteral("5.7.1")
                               << QStringLiteral("550 5.7.1 Unauthenticated email from swznet.de "
                                                 "is not accepted due to domain's DMARC policy")
                               << QStringLiteral("policyviolation");
        QTest::newRow("blocklist, not spam")
            << QStringLiteral("5.7.1")
            << QStringLiteral("554 5.7.1 Service unavailable; Client host [91.136.10.28] blocked "
                              "using zen.spamhaus.org")
            << QStringLiteral("blocked");
        QTest::newRow("spam") << QStringLiteral("5.7.0")
                              << QStringLiteral("554 5.7.0 Reject, id=71407-64 - spam")
                              << QStringLiteral("spamdetected");
        QTest::newRow("unknown user at RCPT")
            << QStringLiteral("5.0.0")
            << QStringLiteral("550 Unknown user (in reply to RCPT TO command)")
            << QStringLiteral("userunknown");
        QTest::newRow("unknown user after DATA is a filter")
            << QStringLiteral("5.0.0")
            << QStringLiteral("550 Unknown user (in reply to end of DATA command)")
            << QStringLiteral("filtered");
        // A failed DNS query is a network error, even when it names a missing domain; a domain
        // that says it takes no mail does not accept it.
        QTest::newRow("dns error")
            << QStringLiteral("4.0.0")
            << QStringLiteral("DNS Error: DNS type 'mx' lookup of example.jp responded with code "
                              "NXDOMAIN Domain name not found: example.jp")
            << QStringLiteral("networkerror");
        QTest::newRow("takes no mail")
            << QStringLiteral("4.0.0")
            << QStringLiteral("DNS Error: The domain example.org doesn't receive email according "
                              "to the administrator")
            << QStringLiteral("notaccept");
        QTest::newRow("relay access denied")
            << QStringLiteral("5.7.1")
            << QStringLiteral("554 5.7.1 <a@example.org>: Relay access denied")
            << QStringLiteral("norelaying");
        QTest::newRow("access denied")
            << QStringLiteral("5.7.1") << QStringLiteral("550 5.7.1 Access denied")
            << QStringLiteral("rejected");
        QTest::newRow("moved") << QStringLiteral("5.1.6") << QStringLiteral("551 not our user")
                               << QStringLiteral("hasmoved");
        QTest::newRow("bulk") << QStringLiteral("5.7.1")
                              << QStringLiteral("550 5.7.1 Rejected - bulk email")
                              << QStringLiteral("spamdetected");
        QTest::newRow("sender's domain")
            << QStringLiteral("5.1.8")
            << QStringLiteral("553 5.1.8 <a@host.example.jp>... Domain of sender address "
                              "a@host.example.jp does not exist")
            << QStringLiteral("rejected");
        QTest::newRow("spamassassin")
            << QStringLiteral("5.7.1")
            << QStringLiteral("550 5.7.1 Blocked by SpamAssassin (in reply to end of DATA command)")
            << QStringLiteral("spamdetected");
        QTest::newRow("no such host")
            << QStringLiteral("5.4.4")
            << QStringLiteral("Host or domain name not found. Name service error for "
                              "name=example.jp type=A: Host not found")
            << QStringLiteral("hostunknown");
        QTest::newRow("rate") << QStringLiteral("5.2.1")
                              << QStringLiteral("550-5.2.1 The user you are trying to contact is "
                                                "receiving mail at a rate that prevents additional "
                                                "messages from being delivered.")
                              << QStringLiteral("toomanyconn");
        // 5.1.1 is answered for whatever stops a recipient; the words say what did.
        QTest::newRow("5.1.1 over quota")
            << QStringLiteral("5.1.1") << QStringLiteral("552 5.2.2 Over quota")
            << QStringLiteral("mailboxfull");
        QTest::newRow("5.1.1 block list")
            << QStringLiteral("5.1.1")
            << QStringLiteral("550 5.7.1 IP address blacklisted by recipient")
            << QStringLiteral("blocked");
        QTest::newRow("queue gave up on a block")
            << QStringLiteral("4.4.7")
            << QStringLiteral("450 4.7.1 <host.example.jp[192.0.2.56]>: Client host rejected: "
                              "may not be mail exchanger")
            << QStringLiteral("blocked");
        // Refusals of the sending host: reputation, address range, name, any connection.
        QTest::newRow("complaints")
            << QStringLiteral("4.7.0")
            << QStringLiteral("421 4.7.0 [TSS04] Messages from 192.0.2.192 temporarily deferred "
                              "due to unexpected volume or user complaints")
            << QStringLiteral("blocked");
        QTest::newRow("dial-up pool")
            << QStringLiteral("5.7.0")
            << QStringLiteral("550 5.7.0 <a@example.jp>... Please use the smtp server of your ISP.")
            << QStringLiteral("blocked");
        QTest::newRow("name against address")
            << QStringLiteral("5.5.0")
            << QStringLiteral("550 domain [example.com] mismatches client ip 192.0.2.225.")
            << QStringLiteral("blocked");
        QTest::newRow("rbl code")
            << QStringLiteral("5.1.0")
            << QStringLiteral("550 5.1.0 <bounce@example.com> sender rejected. Refer to Error "
                              "Codes section for more information. AUP#CDRBL")
            << QStringLiteral("blocked");
        QTest::newRow("queue gave up after attempts")
            << QString() << QStringLiteral("Delivery failed 20 attempts")
            << QStringLiteral("expired");
        QTest::newRow("5.1.1 rate limit")
            << QStringLiteral("5.1.1")
            << QStringLiteral("550 5.1.1 <a@example.com> - 198.51.100.225 has sent to too many "
                              "recipients this hour. IB607")
            << QStringLiteral("toomanyconn");
        QTest::newRow("5.1.1 size")
            << QStringLiteral("5.1.1")
            << QStringLiteral("550 RCPT TO:<a@example.org> max message size exceeded")
            << QStringLiteral("mesgtoobig");
        QTest::newRow("queue gave up on a full disk")
            << QStringLiteral("4.4.7")
            << QStringLiteral("452 4.4.5 Insufficient disk space; try again later")
            << QStringLiteral("systemfull");
        QTest::newRow("expired for a failed DNS query")
            << QStringLiteral("5.4.312")
            << QStringLiteral("550 5.4.312 Message expired, DNS query failed")
            << QStringLiteral("networkerror");
        QTest::newRow("headers") << QStringLiteral("5.6.0")
                                 << QStringLiteral("552 5.6.0 Headers too large (3 max)")
                                 << QStringLiteral("contenterror");
        QTest::newRow("status only")
            << QStringLiteral("4.4.7") << QString() << QStringLiteral("expired");
        // Sisimai's taxonomy: words that say nothing known are for a person to read ("on
        // hold"); no words at all leave the reason undefined.
        QTest::newRow("nothing known")
            << QString() << QStringLiteral("something odd") << QStringLiteral("onhold");
        QTest::newRow("nothing said")
            << QStringLiteral("5.0.0") << QString() << QStringLiteral("undefined");
    }
    void reasons()
    {
        QFETCH(QString, status);
        QFETCH(QString, diagnostic);
        QTEST(BounceReason::classify(status, diagnostic), "reason");
    }

    // The SMTP command a refusal answered changes what the same words mean.
    void stages_data()
    {
        QTest::addColumn<QString>("diagnostic");
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("reason");
        QTest::newRow("unknown sender at MAIL FROM")
            << QStringLiteral("553 5.1.0 neko.example.com does not exist")
            << QStringLiteral("SMTP error from remote mail server after MAIL FROM:<a@example.com> "
                              "SIZE=1022: 553 5.1.0 neko.example.com does not exist")
            << QStringLiteral("MAIL") << QStringLiteral("rejected");
        QTest::newRow("refused at connection")
            << QStringLiteral("550 Access denied...7d39d5299584f4be")
            << QStringLiteral("SMTP error from remote mail server after initial connection: 550 "
                              "Access denied...7d39d5299584f4be")
            << QStringLiteral("CONN") << QStringLiteral("blocked");
        QTest::newRow("refused after EHLO")
            << QStringLiteral("550 Rejected")
            << QStringLiteral("SMTP error from remote mail server after EHLO neko.example.com: "
                              "550 Rejected")
            << QStringLiteral("EHLO") << QStringLiteral("blocked");
        QTest::newRow("greeting refused")
            << QStringLiteral("421 Service refused, please try later")
            << QStringLiteral("host smtp-in.example.fr[192.0.2.1] refused to talk to me: 421 "
                              "Service refused, please try later")
            << QStringLiteral("CONN") << QStringLiteral("blocked");
        QTest::newRow("transcript: the last command failed")
            << QStringLiteral("550 5.0.0 User unknown")
            << QStringLiteral(
                   ">>> MAIL From:<a@example.org>\n<<< 250 Ok\n>>> RCPT To:<b@example.jp>"
                   "\n<<< 550 5.0.0 User unknown")
            << QStringLiteral("RCPT") << QStringLiteral("userunknown");
        QTest::newRow("unknown user at DATA")
            << QStringLiteral("550 Unknown user")
            << QStringLiteral("host mx.example.jp said: 550 Unknown user (in reply to end of DATA "
                              "command)")
            << QStringLiteral("DATA") << QStringLiteral("filtered");
    }
    void stages()
    {
        QFETCH(QString, diagnostic);
        QFETCH(QString, context);
        QTEST(BounceReason::smtpCommand(context), "command");
        QTEST(BounceReason::classify(QStringLiteral("5.0.0"), diagnostic, context), "reason");
    }

    // A local delivery program's exit (Diagnostic-Code: X-Unix) is a mailer error, whatever
    // its words; only a full disk or mailbox says more.
    void unindentedDsnContinuation()
    {
        const QList<HeaderFields> groups = HeaderFields::parseGroups(
            "Final-Recipient: rfc822; a@example.org\n"
            "Diagnostic-Code: smtp; 550-Please turn on SMTP Authentication.\n"
            "550-mx.example.org [198.51.100.21]:25 is not permitted to\n"
            "550 relay through this server without authentication.\n"
            "Status: 5.0.0\n");
        QCOMPARE(groups.size(), 1);
        QCOMPARE(groups.first().value(QLatin1String("Diagnostic-Code")),
            QStringLiteral("smtp; 550-Please turn on SMTP Authentication. mx.example.org "
                           "[198.51.100.21]:25 is not permitted to relay through this server "
                           "without authentication."));
        QCOMPARE(groups.first().value(QLatin1String("Status")), QStringLiteral("5.0.0"));
    }

    void localMailer()
    {
        BounceReason::Evidence procmail;
        procmail.status = QStringLiteral("5.1.1");
        procmail.diagnostic
            = QStringLiteral(R"(procmail: Couldn't create "/var/spool/mail/neko": No such user)");
        procmail.localMailer = true;
        QCOMPARE(BounceReason::classify(procmail), QStringLiteral("mailererror"));
        BounceReason::Evidence full;
        full.status = QStringLiteral("4.2.2");
        full.diagnostic = QStringLiteral("maildrop: maildir over quota.");
        full.localMailer = true;
        QCOMPARE(BounceReason::classify(full), QStringLiteral("mailboxfull"));
    }

    // Sendmail's Diagnostic-Code holds the first line of a multi-line reply; the transcript
    // holds the rest, which is where Gmail says why.
    void sendmailTranscriptCompletesTheReply()
    {
        const QByteArray notice = QByteArrayLiteral(
            "From: Mail Delivery Subsystem <MAILER-DAEMON@example.co.jp>\r\n"
            "To: <a@example.co.jp>\r\n"
            "Subject: Returned mail: see transcript for details\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n"
            "\r\n--b\r\n"
            "Content-Type: text/plain\r\n\r\n"
            "   ----- Transcript of session follows -----\r\n"
            "... while talking to aspmx.l.google.com.:\r\n"
            ">>> DATA\r\n"
            "<<< 552-5.7.0 This message was blocked because its content presents a potential\r\n"
            "<<< 552-5.7.0 security issue. Please visit\r\n"
            "<<< 552 5.7.0 https://support.google.com/mail/answer/6590 - gsmtp\r\n"
            "\r\n--b\r\n"
            "Content-Type: message/delivery-status\r\n\r\n"
            "Reporting-MTA: dns; example.co.jp\r\n\r\n"
            "Final-Recipient: RFC822; b@example.net\r\n"
            "Action: failed\r\n"
            "Status: 5.7.0\r\n"
            "Diagnostic-Code: SMTP; 552-5.7.0 This message was blocked because its content "
            "presents a potential\r\n"
            "\r\n--b--\r\n");
        const MailReader::Result result = MailReader::read(notice);
        QCOMPARE(result.items.size(), 1);
        QCOMPARE(result.items.first().kind, MailKind::Bounce);
        const Bounce &bounce = result.items.first().bounce;
        QCOMPARE(bounce.recipients.size(), 1);
        QVERIFY2(bounce.recipients.first().diagnostic.contains(QLatin1String("security issue")),
            qPrintable(bounce.recipients.first().diagnostic));
        QCOMPARE(bounce.recipients.first().reason, QStringLiteral("policyviolation"));
    }

    // The generated incident's mailbox: every real bounce and failure report found, with the
    // returned message as truth.json describes it; auto-replies and noise only counted.
    void scenarioMatchesTruth()
    {
        QSqlDatabase db = m_database->connection();
        Importer importer(db);
        QList<ImportLogEntry> missing;
        QVERIFY(importer.importAll(
            Importer::collectInputs({ dataPath(QStringLiteral("scenario/mail")) }, &missing), {}));
        const QJsonObject truth = TestUtil::scenarioTruth();
        const QJsonObject totals = truth.value(QLatin1String("totals")).toObject();
        const Summary summary = Summary::compute(db);
        QCOMPARE(summary.bounces, totals.value(QLatin1String("real_bounces")).toInteger());
        QCOMPARE(
            summary.failureReports, totals.value(QLatin1String("failure_reports")).toInteger());
        QCOMPARE(summary.ignoredMails,
            totals.value(QLatin1String("noise")).toInteger()
                + totals.value(QLatin1String("not_bounces")).toInteger());
        QCOMPARE(summary.reportMails, totals.value(QLatin1String("aggregate_reports")).toInteger());

        QHash<QString, StoredBounce> bounces;
        for (const StoredBounce &bounce : MailRecords::loadBounces(db))
            bounces.insert(bounce.messageId, bounce);
        int checked = 0;
        for (const QJsonValue &value : truth.value(QLatin1String("bounces")).toArray()) {
            const QJsonObject expected = value.toObject();
            const QString id = expected.value(QLatin1String("message_id")).toString();
            if (!expected.value(QLatin1String("is_bounce")).toBool()) {
                QVERIFY2(!bounces.contains(id), qPrintable(id)); // auto-replies never appear
                continue;
            }
            QVERIFY2(bounces.contains(id), qPrintable(id));
            const StoredBounce &stored = bounces.value(id);
            const Bounce &bounce = stored.bounce;
            QCOMPARE(bounce.original.messageId,
                expected.value(QLatin1String("original_message_id")).toString());
            QCOMPARE(
                bounce.original.from, expected.value(QLatin1String("original_from")).toString());
            QCOMPARE(bounce.original.subject,
                expected.value(QLatin1String("original_subject")).toString());
            QCOMPARE(bounce.mtaFormat, expected.value(QLatin1String("mta_format")).toString());
            QCOMPARE(bounce.status(), expected.value(QLatin1String("status")).toString());
            QStringList recipients;
            for (const BounceRecipient &recipient : bounce.recipients)
                recipients.append(recipient.address);
            QStringList expectedRecipients;
            for (const QJsonValue &r : expected.value(QLatin1String("failed_recipients")).toArray())
                expectedRecipients.append(r.toString());
            QCOMPARE(sorted(recipients), sorted(expectedRecipients));
            QSet<QString> ips, hosts;
            for (const ReceivedHop &hop : bounce.original.received) {
                ips.insert(hop.ip);
                hosts.insert(hop.fromHost);
                hosts.insert(hop.byHost);
            }
            for (const QJsonValue &ip : expected.value(QLatin1String("received_ips")).toArray())
                QVERIFY2(
                    ips.contains(ip.toString()), qPrintable(id + QLatin1Char(' ') + ip.toString()));
            for (const QJsonValue &host : expected.value(QLatin1String("received_hosts")).toArray())
                QVERIFY2(hosts.contains(host.toString()), qPrintable(host.toString()));
            const QJsonObject dkim = expected.value(QLatin1String("dkim")).toObject();
            if (!dkim.isEmpty()) {
                bool found = false;
                for (const DkimSignatureRef &signature : bounce.original.dkim)
                    found |= signature.domain == dkim.value(QLatin1String("d")).toString()
                        && signature.selector == dkim.value(QLatin1String("s")).toString();
                QVERIFY2(found, qPrintable(id));
            }
            ++checked;
        }
        QCOMPARE(checked, totals.value(QLatin1String("real_bounces")).toInt());

        const QList<StoredFailure> failures = MailRecords::loadFailures(db);
        const QJsonArray expectedFailures = truth.value(QLatin1String("failure_reports")).toArray();
        QCOMPARE(failures.size(), expectedFailures.size());
        for (const QJsonValue &value : expectedFailures) {
            const QJsonObject expected = value.toObject();
            const auto it
                = std::find_if(failures.cbegin(), failures.cend(), [&](const StoredFailure &f) {
                      return f.messageId == expected.value(QLatin1String("message_id")).toString();
                  });
            QVERIFY(it != failures.cend());
            QCOMPARE(it->failure.sourceIp, expected.value(QLatin1String("source_ip")).toString());
            QCOMPARE(
                it->failure.authFailure, expected.value(QLatin1String("auth_failure")).toString());
            QCOMPARE(it->failure.deliveryResult,
                expected.value(QLatin1String("delivery_result")).toString());
            QCOMPARE(it->failure.reportedDomain,
                expected.value(QLatin1String("reported_domain")).toString());
            QCOMPARE(
                it->failure.arrivalDate, expected.value(QLatin1String("arrival_date")).toInteger());
            QCOMPARE(it->failure.original.messageId,
                expected.value(QLatin1String("original_message_id")).toString());
        }
    }

    // The same messages from the mbox after the Maildir: every one recognised as seen.
    void mboxAfterMaildirAddsNothing()
    {
        QSqlDatabase db = m_database->connection();
        Importer importer(db);
        QList<ImportLogEntry> missing;
        QVERIFY(importer.importAll(
            Importer::collectInputs({ dataPath(QStringLiteral("scenario/mail")) }, &missing), {}));
        const QJsonObject before = Summary::compute(db).toJson();
        QList<ImportLogEntry> entries;
        QVERIFY(importer.importAll(
            Importer::collectInputs({ dataPath(QStringLiteral("scenario/mail.mbox")) }, &missing),
            [&](const ImportLogEntry &entry) { entries.append(entry); }));
        QCOMPARE(Summary::compute(db).toJson(), before);
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().outcome, ImportLogEntry::Outcome::Duplicate);
        QCOMPARE(entries.first().mails, 0);
    }

    // Domino in Japanese writes its DSN's Diagnostic-Code in ISO-2022-JP: it is shown decoded
    // and read for its reason, not as escape sequences.
    void japaneseDiagnosticIsDecoded()
    {
        const MailReader::Result result = MailReader::read(readFile(dataPath(
            QStringLiteral("corpus/set-of-emails/bounce/maildir/bsd/lhost-domino-02.eml"))));
        QCOMPARE(result.items.size(), 1);
        QCOMPARE(result.items.first().kind, MailKind::Bounce);
        const BounceRecipient &recipient = result.items.first().bounce.recipients.first();
        QVERIFY2(!recipient.diagnostic.contains(QChar(0x1b)), qPrintable(recipient.diagnostic));
        QVERIFY2(
            recipient.diagnostic.contains(QStringLiteral("Domino ディレクトリには見つかりません")),
            qPrintable(recipient.diagnostic));
        QCOMPARE(recipient.reason, QStringLiteral("userunknown"));
    }

    // Each recipient of a notice gets its own answer, however the notice lays it out. Notices
    // whose DSN has no Diagnostic-Code say per recipient what went wrong in the prose:
    // OpenSMTPD quotes each server answer beside its address, Sendmail's queue gives up with
    // the last error of the transcript, old Sendmail lists "554 <a@b>... 550 Host unknown".
    void eachRecipientReadsRight_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("reason");
        QTest::newRow("opensmtpd") << QStringLiteral("lhost-opensmtpd-17.eml")
                                   << QStringLiteral("mailboxfull@libsisimai.net")
                                   << QStringLiteral("5.2.2") << QStringLiteral("mailboxfull");
        QTest::newRow("sendmail queue")
            << QStringLiteral("lhost-sendmail-11.eml") << QStringLiteral("kijitora@example.co.jp")
            << QStringLiteral("4.4.7") << QStringLiteral("networkerror");
        QTest::newRow("v5 sendmail")
            << QStringLiteral("lhost-v5sendmail-05.eml") << QStringLiteral("kuroneko@example.or.jp")
            << QStringLiteral("5.0.0") << QStringLiteral("hostunknown");
        // Symantec's DSN continues its Diagnostic-Code on unindented "550-" lines.
        QTest::newRow("unindented diagnostic")
            << QStringLiteral("rhost-messagelabs-01.eml")
            << QStringLiteral("kijitora@example.messagelabs.com") << QStringLiteral("5.0.0")
            << QStringLiteral("securityerror");
        // MailMarshal states the error once, above the recipients it applies to.
        QTest::newRow("error above the list")
            << QStringLiteral("lhost-mailmarshal-02.eml")
            << QStringLiteral("kijitora@nyaan.example.com") << QStringLiteral("5.1.1")
            << QStringLiteral("userunknown");
        // A DSN part whose boundary line is indented (so GMime reads it as text) is read from
        // the text; its delayed recipient is waiting, whatever the others' answers say.
        QTest::newRow("dsn in the text")
            << QStringLiteral("rfc3464-35.eml") << QStringLiteral("mikeneko@neko.example.or.jp")
            << QStringLiteral("5.0.0") << QStringLiteral("userunknown");
        QTest::newRow("dsn in the text, delayed")
            << QStringLiteral("rfc3464-35.eml") << QStringLiteral("sabatora@cat.example.net")
            << QStringLiteral("4.0.0") << QStringLiteral("expired");
        // Lotus Notes in Japanese: "not in the directory's list".
        QTest::newRow("notes in japanese") << QStringLiteral("lhost-notes-02.eml") << QString()
                                           << QString() << QStringLiteral("userunknown");
        // AOL runs its DSN's recipient groups together without an empty line.
        QTest::newRow("dsn groups run together")
            << QStringLiteral("rhost-aol-03.eml") << QStringLiteral("mikeneko@example.jp")
            << QStringLiteral("5.1.1") << QStringLiteral("userunknown");
        // fml refuses a post to its list: the list's address failed, not its -ctl address.
        QTest::newRow("mailing list refusal")
            << QStringLiteral("lhost-fml-02.eml") << QStringLiteral("neko-nyaan@example.org")
            << QString() << QStringLiteral("rejected");
        // OCN forwards a Postfix bounce as plain text under a dashed line: the quoted report is
        // the notice. "delivery temporarily suspended" is Postfix pausing a destination, not a
        // suspended account; the server refused to talk to it.
        QTest::newRow("bounce quoted as text")
            << QStringLiteral("lhost-postfix-49.eml")
            << QStringLiteral("kijitora-neko-nyaan@ntt.example.ne.jp") << QStringLiteral("4.0.0")
            << QStringLiteral("blocked");
        // Zoho lists "a@b Invalid Address, ERROR_CODE :550, ..." per recipient.
        QTest::newRow("zoho, first of two")
            << QStringLiteral("lhost-zoho-02.eml") << QStringLiteral("mikeneko@example.co.jp")
            << QStringLiteral("5.2.1") << QStringLiteral("userunknown");
        QTest::newRow("zoho, second of two")
            << QStringLiteral("lhost-zoho-02.eml") << QStringLiteral("sabineko@example.co.jp")
            << QStringLiteral("5.2.2") << QStringLiteral("mailboxfull");
        // qmail: "Connected to 192.0.2.112 but my name was rejected."
        QTest::newRow("qmail names the step")
            << QStringLiteral("lhost-qmail-04.eml") << QString() << QStringLiteral("5.0.0")
            << QStringLiteral("blocked");
    }
    void eachRecipientReadsRight()
    {
        QFETCH(QString, file);
        QFETCH(QString, address);
        const MailReader::Result result = MailReader::read(
            readFile(dataPath(QStringLiteral("corpus/set-of-emails/bounce/maildir/bsd/") + file)));
        QCOMPARE(result.items.size(), 1);
        QCOMPARE(result.items.first().kind, MailKind::Bounce);
        const QList<BounceRecipient> &recipients = result.items.first().bounce.recipients;
        const auto found = std::find_if(
            recipients.cbegin(), recipients.cend(), [&](const BounceRecipient &recipient) {
                return address.isEmpty() || recipient.address == address;
            });
        QVERIFY2(found != recipients.cend(), qPrintable(address));
        QTEST(found->status, "status");
        QTEST(found->reason, "reason");
    }

    // A bounce forwarded as an attachment under a cover note is read as the notice: its
    // recipient, its answer, and the message it returned (not the bounce itself).
    void forwardedBounceIsTheNotice()
    {
        const MailReader::Result result = MailReader::read(readFile(
            dataPath(QStringLiteral("corpus/set-of-emails/bounce/maildir/bsd/lhost-x5-01.eml"))));
        QCOMPARE(result.items.size(), 1);
        QCOMPARE(result.items.first().kind, MailKind::Bounce);
        const Bounce &bounce = result.items.first().bounce;
        QCOMPARE(bounce.recipients.size(), 1);
        QCOMPARE(bounce.recipients.first().address, QStringLiteral("kijitora@neko.example.org"));
        QCOMPARE(bounce.recipients.first().status, QStringLiteral("5.1.1"));
        QCOMPARE(bounce.recipients.first().reason, QStringLiteral("userunknown"));
        QCOMPARE(bounce.original.messageId,
            QStringLiteral("<2222222222.0000000000002.JavaMail.nekogate@cat.example.jp>"));
    }

    // Exim wraps a server's answer over indented lines; the diagnostic keeps all of them, and
    // two answers never run together into one phrase.
    void wrappedAnswerIsWhole()
    {
        const MailReader::Result result = MailReader::read(readFile(
            dataPath(QStringLiteral("corpus/set-of-emails/bounce/maildir/bsd/lhost-exim-45.eml"))));
        QCOMPARE(result.items.size(), 1);
        QCOMPARE(result.items.first().kind, MailKind::Bounce);
        QCOMPARE(result.items.first().bounce.recipients.first().diagnostic,
            QStringLiteral("550 5.2.0 <sironeko-nyaan@neko.example.com> From: Domain is invalid. "
                           "Please provide a valid From: IB506 <http://example.com/506>"));
    }

    // Every mail of the real corpus (bounces, failure reports, TLS reports, others) reads as
    // recorded in mail-expected.tsv, which also keeps what Sisimai 4.25.15 made of each file.
    void corpusRecognition_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("kinds");
        QTest::addColumn<int>("sisimai");
        // A file Sisimai reads as a bounce and we do not: a gap still to close, or "not a
        // bounce" where we disagree on purpose (an auto-reply is never one).
        QTest::addColumn<bool>("exempt");
        const QList<QByteArray> lines
            = readFile(dataPath(QStringLiteral("corpus/mail-expected.tsv"))).split('\n');
        for (const QByteArray &line : lines) {
            if (line.isEmpty() || line.startsWith('#'))
                continue;
            const QList<QByteArray> cells = line.split('\t');
            QVERIFY(cells.size() >= 4);
            QTest::newRow(cells.at(0).constData())
                << QString::fromUtf8(cells.at(0)) << QString::fromUtf8(cells.at(2))
                << cells.at(3).toInt()
                << (cells.size() > 4
                       && (cells.at(4).startsWith("gap")
                           || cells.at(4).startsWith("not a bounce")));
        }
    }
    void corpusRecognition()
    {
        QFETCH(QString, path);
        QFETCH(QString, kinds);
        QFETCH(int, sisimai);
        QFETCH(bool, exempt);
        const QByteArray bytes = readFile(dataPath(QStringLiteral("corpus/") + path));
        const MailReader::Result result
            = MailReader::looksLikeMail(bytes) ? MailReader::read(bytes) : MailReader::Result();
        const QString summary = kindSummary(result);
        QCOMPARE(summary, kinds);
        if (sisimai > 0 && !exempt)
            QVERIFY2(summary.contains(QLatin1String("bounce=")), "Sisimai reads a bounce here");
        // CRLF and CR-only copies read the same (Sisimai misses the CR-only ones).
        QByteArray lf = bytes;
        lf.replace("\r\n", "\n");
        for (const QByteArray &newline : { QByteArray("\r\n"), QByteArray("\r") }) {
            QByteArray copy = lf;
            copy.replace("\n", newline);
            const MailReader::Result again
                = MailReader::looksLikeMail(copy) ? MailReader::read(copy) : MailReader::Result();
            QCOMPARE(kindSummary(again), kinds);
        }
    }

    // Hostile messages cost a warning each, and the good bounce after them in the same mbox is
    // still read.
    void hostileMailLosesNothingElse()
    {
        const QByteArray good = readFile(dataPath(QStringLiteral("scenario/mail/cur/"
                                                                 "1678813404.M000013P4242.mail."
                                                                 "swznet.de,S=3309:2,S")));
        QVERIFY(!good.isEmpty());
        QByteArray manyParts = "From: a@example.org\nSubject: parts\nMIME-Version: 1.0\n"
                               "Content-Type: multipart/mixed; boundary=b\n\n";
        for (int i = 0; i < 100000; ++i)
            manyParts += "--b\nContent-Type: text/plain\n\nx\n";
        manyParts += "--b--\n";
        QByteArray mbox;
        for (const QByteArray &message :
            { readFile(dataPath(QStringLiteral("malformed/mime-nested-1000.eml"))),
                readFile(dataPath(QStringLiteral("malformed/header-line-1mb.eml"))),
                readFile(dataPath(QStringLiteral("malformed/base64-garbage.eml"))), manyParts,
                good }) {
            QVERIFY(!message.isEmpty());
            mbox += "From MAILER-DAEMON Thu Jan  1 00:00:00 2023\n" + message + "\n";
        }
        const MailReader::Result result = MailReader::read(mbox);
        QCOMPARE(result.messages, 5);
        QVERIFY(result.truncated);
        QVERIFY(result.warnings.size() >= 2);
        QCOMPARE(result.items.last().kind, MailKind::Bounce);
        QCOMPARE(result.items.last().bounce.recipients.first().address,
            QStringLiteral("monika.eauf82@versanet.de"));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
};

QTEST_GUILESS_MAIN(TestBounces)
#include "tst_bounces.moc"
