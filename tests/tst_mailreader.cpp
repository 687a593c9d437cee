#include "mailreader.h"
#include "testutil.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using TestUtil::dataPath;
using TestUtil::readFile;

class TestMailReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void looksLikeMail_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<bool>("mail");
        QTest::newRow("mbox") << QByteArray("From MAILER-DAEMON Mon Mar 13 00:00:00 2023\n")
                              << true;
        QTest::newRow("return-path") << QByteArray("Return-Path: <x@example.org>\r\n") << true;
        QTest::newRow("received") << QByteArray("Received: from a by b;\n") << true;
        QTest::newRow("xml") << QByteArray("<?xml version=\"1.0\"?>") << false;
        QTest::newRow("png") << QByteArray("\x89PNG\r\n\x1a\n", 8) << false;
        QTest::newRow("prose") << QByteArray("Hello world, this is text\n") << false;
        QTest::newRow("no space after colon") << QByteArray("a:b\n") << false;
    }
    void looksLikeMail()
    {
        QFETCH(QByteArray, head);
        QFETCH(bool, mail);
        QCOMPARE(MailReader::looksLikeMail(head), mail);
    }

    // Every report mail of the scenario carries its report; no other mail does.
    void scenarioMaildir()
    {
        QSet<QString> reportMails;
        for (const auto &value :
            TestUtil::scenarioTruth().value(QStringLiteral("aggregate_reports")).toArray())
            reportMails.insert(value.toObject()
                                   .value(QStringLiteral("files"))
                                   .toObject()
                                   .value(QStringLiteral("mail"))
                                   .toString());
        QCOMPARE(reportMails.size(), 12);
        QDirIterator it(
            dataPath(QStringLiteral("scenario/mail")), QDir::Files, QDirIterator::Subdirectories);
        int messages = 0;
        int withReport = 0;
        while (it.hasNext()) {
            const QString path = it.next();
            const MailReader::Result result = MailReader::read(readFile(path));
            QVERIFY2(result.error.isEmpty(), qPrintable(path + result.error));
            QCOMPARE(result.messages, 1);
            ++messages;
            const QString relative = path.mid(path.indexOf(QLatin1String("mail/")));
            if (reportMails.contains(relative))
                QCOMPARE(result.reportMessages, 1);
            withReport += result.reportMessages;
        }
        QCOMPARE(messages, 217);
        // The twelve report mails, and two noise mails with a zip of orders: the importer opens
        // those and skips them (tst_importer, scenarioEqualsTruth).
        QCOMPARE(withReport, 14);
    }

    void scenarioMbox()
    {
        const MailReader::Result result
            = MailReader::read(readFile(dataPath(QStringLiteral("scenario/mail.mbox"))));
        QVERIFY(result.error.isEmpty());
        QCOMPARE(result.messages, 217);
        QCOMPARE(result.reportMessages, 14); // as in the Maildir
        QCOMPARE(result.attachments.size(), 14);
    }

    void lineEndings_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::newRow("LF") << QByteArray("\n") << QByteArray("\n");
        QTest::newRow("CRLF") << QByteArray("\n") << QByteArray("\r\n");
        QTest::newRow("CR only") << QByteArray("\n") << QByteArray("\r");
    }
    void lineEndings()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        const QString mail = TestUtil::scenarioTruth()
                                 .value(QStringLiteral("aggregate_reports"))
                                 .toArray()
                                 .first()
                                 .toObject()
                                 .value(QStringLiteral("files"))
                                 .toObject()
                                 .value(QStringLiteral("mail"))
                                 .toString();
        QByteArray bytes = readFile(dataPath(QStringLiteral("scenario/") + mail));
        bytes.replace("\r\n", "\n");
        bytes.replace(from, to);
        const MailReader::Result result = MailReader::read(bytes);
        QCOMPARE(result.attachments.size(), 1);
        QVERIFY(result.attachments.first().content.startsWith("PK")); // Google sends zip
    }

    // ISO-2022-JP is 7-bit and so also valid UTF-8: the declared charset must win, or a
    // Japanese bounce reads as escape sequences.
    void iso2022jpTextIsDecoded()
    {
        const QByteArray message = "From: MAILER-DAEMON@mx.example.jp\nTo: sender@example.org\n"
                                   "Subject: Undeliverable Mail\nMIME-Version: 1.0\n"
                                   "Content-Type: text/plain; charset=ISO-2022-JP\n\n"
                                   "Delivery failed: unknown user kijitora@example.co.jp\n"
                                   "\x1b$B%f!<%6!<$,8+$D$+$j$^$;$s\x1b(B\n";
        const MailReader::Result result = MailReader::read(message);
        QCOMPARE(result.items.size(), 1);
        QCOMPARE(result.items.first().kind, MailKind::Bounce);
        const Bounce &bounce = result.items.first().bounce;
        QCOMPARE(bounce.recipients.size(), 1);
        QVERIFY2(bounce.recipients.first().diagnostic.contains(
                     QString::fromUtf8("ユーザーが見つかりません")),
            qPrintable(bounce.recipients.first().diagnostic));
    }

    void hostileMail()
    {
        const MailReader::Result nested = MailReader::read(
            readFile(dataPath(QStringLiteral("malformed/mime-nested-1000.eml"))));
        QVERIFY(nested.truncated);
        QVERIFY(nested.warnings.first().contains(QLatin1String("deeper than")));
        const MailReader::Result longHeader
            = MailReader::read(readFile(dataPath(QStringLiteral("malformed/header-line-1mb.eml"))));
        QVERIFY(longHeader.warnings.first().contains(QLatin1String("header over")));
        const MailReader::Result unclosed = MailReader::read(
            readFile(dataPath(QStringLiteral("malformed/missing-closing-boundary.eml"))));
        QCOMPARE(unclosed.attachments.size(), 1); // the intact attachment is still found
    }
};

QTEST_GUILESS_MAIN(TestMailReader)
#include "tst_mailreader.moc"
