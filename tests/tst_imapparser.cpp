#include "imapfoldername.h"
#include "imapparser.h"
#include "testutil.h"

#include <QTest>

class TestImapParser : public QObject
{
    Q_OBJECT

    static QList<ImapResponse> parseAll(ImapParser &parser, QByteArrayView bytes, qsizetype chunk)
    {
        QList<ImapResponse> responses;
        for (qsizetype at = 0; at < bytes.size(); at += chunk) {
            parser.feed(bytes.sliced(at, qMin(chunk, bytes.size() - at)));
            ImapResponse response;
            while (parser.next(&response) == ImapParser::Status::Response)
                responses.append(response);
        }
        return responses;
    }

private Q_SLOTS:
    void sessionInAnyChunks_data()
    {
        QTest::addColumn<int>("chunk");
        for (int chunk : { 1, 2, 3, 7, 64, 100000 })
            QTest::addRow("%d", chunk) << chunk;
    }
    void sessionInAnyChunks()
    {
        QFETCH(int, chunk);
        const QByteArray session
            = TestUtil::readFile(TestUtil::dataPath(QStringLiteral("imap/session.txt")));
        ImapParser parser;
        const QList<ImapResponse> r = parseAll(parser, session, chunk);
        QCOMPARE(r.size(), 8);
        QCOMPARE(r[0].status, QByteArray("OK"));
        QCOMPARE(r[0].code, QByteArray("CAPABILITY IMAP4rev1 SASL-IR IDLE AUTH=PLAIN"));
        QCOMPARE(r[0].text, QByteArray("ready"));
        QCOMPARE(r[1].kind, ImapResponse::Kind::Tagged);
        QCOMPARE(r[1].tag, QByteArray("A0001"));
        QCOMPARE(r[1].code, QByteArray("READ-ONLY"));
        QCOMPARE(r[2].name, QByteArray("EXISTS"));
        QCOMPARE(r[2].number, 12);
        QCOMPARE(r[3].code, QByteArray("UIDVALIDITY 1700000000"));
        QCOMPARE(r[4].name, QByteArray("FETCH"));
        QCOMPARE(r[4].number, 1);
        QCOMPARE(r[4].fetchItem("UID")->text, QByteArray("7"));
        QCOMPARE(r[4].fetchItem("BODY[]")->text, QByteArray("Subject: x\r\n"));
        QCOMPARE(r[4].fetchItem("FLAGS")->children.first().text, QByteArray("\\Seen"));
        QCOMPARE(r[5].name, QByteArray("LIST"));
        QCOMPARE(r[5].data.size(), 3);
        QCOMPARE(ImapFolderName::decode(r[5].data[2].text), QStringLiteral("Entwürfe"));
        QCOMPARE(r[6].kind, ImapResponse::Kind::Continuation);
        QCOMPARE(r[7].data.size(), 3);
        QCOMPARE(parser.pendingBytes(), 0);
    }

    void literalsHoldAnyBytes()
    {
        // CRLF, parentheses, quotes and "{5}" inside a literal are content, not syntax.
        const QByteArray body = "a)\r\n(\"{5}\r\n\0b"_qba;
        const QByteArray stream = "* 3 FETCH (BODY[] {" + QByteArray::number(body.size()) + "}\r\n"
            + body + " UID 9)\r\nA1 OK done\r\n";
        ImapParser parser;
        const QList<ImapResponse> r = parseAll(parser, stream, 1);
        QCOMPARE(r.size(), 2);
        QCOMPARE(r[0].fetchItem("BODY[]")->text, body);
        QCOMPARE(r[0].fetchItem("UID")->text, QByteArray("9"));
    }

    void hugeLiteralIsAnErrorBeforeAnyAllocation()
    {
        ImapParser parser;
        parser.feed("* 1 FETCH (BODY[] {4294967295}\r\n");
        ImapResponse response;
        QCOMPARE(parser.next(&response), ImapParser::Status::Error);
        QVERIFY2(parser.errorString().contains(QLatin1String("literal over the limit")),
            qPrintable(parser.errorString()));
        QVERIFY(parser.errorString().contains(QLatin1String("{4294967295}")));
        QCOMPARE(parser.pendingBytes(), 0);
        // Broken for good: more bytes do not revive it.
        parser.feed("* OK\r\n");
        QCOMPARE(parser.next(&response), ImapParser::Status::Error);
    }

    void malformedResponsesNameTheLine_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");
        QTest::newRow("unclosed quote") << "* 1 FETCH (UID 5 BODY[] \"abc\r\n"_qba
                                        << "quoted string";
        QTest::newRow("unclosed list") << "* 1 FETCH (UID 5\r\n"_qba
                                       << "not closed";
        QTest::newRow("stray paren") << "* LIST ) x\r\n"_qba
                                     << "')' without '('";
        QTest::newRow("tagged BYE") << "A1 BYE x\r\n"_qba
                                    << "neither OK";
        QTest::newRow("no name") << "*\r\n"_qba
                                 << "without a name";
        QTest::newRow("deep nesting") << "* X " + QByteArray(40, '(') + QByteArray(40, ')') + "\r\n"
                                      << "nested deeper";
        QTest::newRow("giant number") << "* 1 FETCH (BODY[] {99999999999999999999}\r\n"_qba
                                      << "over the limit";
    }
    void malformedResponsesNameTheLine()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        ImapParser parser;
        parser.feed(bytes);
        ImapResponse response;
        QCOMPARE(parser.next(&response), ImapParser::Status::Error);
        QVERIFY2(parser.errorString().contains(reason), qPrintable(parser.errorString()));
        QVERIFY2(parser.errorString().contains(QLatin1String("in the server's response")),
            qPrintable(parser.errorString()));
    }

    void endlessLineHitsTheLineLimit()
    {
        ImapParser::Limits limits;
        limits.maxLineBytes = 1000;
        ImapParser parser(limits);
        ImapResponse response;
        for (int i = 0; i < 10; ++i) {
            parser.feed(QByteArray(200, 'x'));
            if (parser.next(&response) == ImapParser::Status::Error)
                break;
        }
        QVERIFY(parser.errorString().contains(QLatin1String("longer than 1000 bytes")));
        QVERIFY(parser.pendingBytes() <= 1200);
    }

    void quotedStringsUnescape()
    {
        ImapParser parser;
        parser.feed("* LIST () \"/\" \"a \\\"b\\\\ c\"\r\n");
        ImapResponse response;
        QCOMPARE(parser.next(&response), ImapParser::Status::Response);
        QCOMPARE(response.data.at(2).text, QByteArray("a \"b\\ c"));
        QCOMPARE(response.data.at(0).type, ImapToken::Type::List);
    }

    void folderNamesRoundTrip_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("encoded");
        QTest::newRow("ascii") << QStringLiteral("INBOX/DMARC") << "INBOX/DMARC"_qba;
        QTest::newRow("ampersand") << QStringLiteral("R&D") << "R&-D"_qba;
        QTest::newRow("umlaut") << QStringLiteral("Entwürfe") << "Entw&APw-rfe"_qba;
        QTest::newRow("japanese") << QStringLiteral("台北") << "&U,BTFw-"_qba;
    }
    void folderNamesRoundTrip()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, encoded);
        QCOMPARE(ImapFolderName::encode(name), encoded);
        QCOMPARE(ImapFolderName::decode(encoded), name);
    }
};

QTEST_GUILESS_MAIN(TestImapParser)
#include "tst_imapparser.moc"
