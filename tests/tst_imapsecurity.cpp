#include "imapconnection.h"
#include "scriptedserver.h"
#include "testcertificates.h"

#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

// What a hostile or broken server must not get away with, played by a scripted fake server.
class TestImapSecurity : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    ImapEndpoint endpoint(quint16 port, ImapEndpoint::Security security) const
    {
        ImapEndpoint endpoint;
        endpoint.host = QStringLiteral("127.0.0.1");
        endpoint.port = port;
        endpoint.security = security;
        endpoint.extraCaCertificates
            = QSslCertificate::fromPath(m_dir.filePath(QStringLiteral("ca.crt")));
        endpoint.timeoutMs = 10000;
        return endpoint;
    }
    void startServerTls(QSslSocket &client) const
    {
        client.setLocalCertificate(m_dir.filePath(QStringLiteral("server.crt")));
        client.setPrivateKey(m_dir.filePath(QStringLiteral("server.key")), QSsl::Ec);
        client.startServerEncryption();
        client.waitForEncrypted(10000);
    }
    // A plain-text session that is logged in, for the response-parsing cases.
    static void greetAndLogIn(QSslSocket &client, ScriptedServer &server)
    {
        client.write("* OK [CAPABILITY IMAP4rev1] hi\r\n");
        server.readLine(client); // LOGIN
        client.write("A0001 OK logged in\r\n");
        client.flush();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(makeTestCertificates(m_dir.path())); }

    void preauthWhenTlsWantedSendsNothing()
    {
        ScriptedServer server([](QSslSocket &client, ScriptedServer &) {
            client.write("* PREAUTH [CAPABILITY IMAP4rev1] welcome, no password needed\r\n");
            client.flush();
        });
        ImapConnection connection(endpoint(server.port(), ImapEndpoint::Security::StartTls));
        QVERIFY(!connection.open());
        QCOMPARE(connection.error(), ImapConnection::Error::Security);
        QVERIFY2(connection.errorString().contains(QLatin1String("PREAUTH")),
            qPrintable(connection.errorString()));
        QCOMPARE(server.received(), QByteArray()); // not even a STARTTLS
        QVERIFY(server.hungUp());
    }

    void bytesAfterStartTlsOkAbort()
    {
        ScriptedServer server([](QSslSocket &client, ScriptedServer &server) {
            client.write("* OK ready\r\n");
            server.readLine(client);
            // An attacker in the middle appends a response to the OK, in clear text.
            client.write(
                "A0001 OK Begin TLS now\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n");
            client.flush();
        });
        ImapConnection connection(endpoint(server.port(), ImapEndpoint::Security::StartTls));
        QVERIFY(!connection.open());
        QCOMPARE(connection.error(), ImapConnection::Error::Security);
        QVERIFY2(connection.errorString().contains(QLatin1String("after accepting STARTTLS")),
            qPrintable(connection.errorString()));
        // The client hung up without starting the handshake.
        QCOMPARE(server.received(), QByteArray("A0001 STARTTLS\r\n"));
    }

    void capabilitiesBeforeTlsAreIgnored()
    {
        ScriptedServer server([this](QSslSocket &client, ScriptedServer &server) {
            client.write("* OK [CAPABILITY IMAP4rev1 AUTH=XOAUTH2 LOGINDISABLED] hi\r\n");
            server.readLine(client); // STARTTLS
            client.write("* CAPABILITY IMAP4rev1 AUTH=XOAUTH2\r\nA0001 OK go ahead\r\n");
            client.flush();
            startServerTls(client);
            server.readLine(client); // must be CAPABILITY again
            client.write("* CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR\r\nA0002 OK done\r\n");
            server.readLine(client); // the login
            client.write("A0003 OK [CAPABILITY IMAP4rev1 IDLE] logged in\r\n");
            client.flush();
            server.readLine(client); // LOGOUT
            client.write("* BYE\r\nA0004 OK bye\r\n");
            client.flush();
        });
        {
            ImapConnection connection(endpoint(server.port(), ImapEndpoint::Security::StartTls));
            QVERIFY2(connection.open(), qPrintable(connection.errorString()));
            QVERIFY2(connection.login(QStringLiteral("u"), QStringLiteral("p")),
                qPrintable(connection.errorString()));
            QVERIFY(connection.hasCapability("IDLE"));
            QVERIFY(!connection.hasCapability("AUTH=XOAUTH2"));
            connection.logout();
        } // hangs up
        const QList<QByteArray> lines = server.receivedLines();
        QCOMPARE(lines.value(0).trimmed(), QByteArray("A0001 STARTTLS"));
        QCOMPARE(lines.value(1).trimmed(), QByteArray("A0002 CAPABILITY"));
        // PLAIN as offered after TLS, not LOGINDISABLED or XOAUTH2 from before it.
        QCOMPARE(lines.value(2).trimmed(),
            "A0003 AUTHENTICATE PLAIN " + QByteArray("\0u\0p", 4).toBase64());
    }

    void hugeLiteralClosesTheConnection()
    {
        ScriptedServer server([](QSslSocket &client, ScriptedServer &server) {
            greetAndLogIn(client, server);
            server.readLine(client);
            client.write("* 1 FETCH (UID 1 BODY[] {4294967295}\r\nFrom: x\r\n");
            client.flush();
        });
        ImapConnection connection(
            endpoint(server.port(), ImapEndpoint::Security::PlainLoopbackOnly));
        QVERIFY(connection.open());
        QVERIFY(connection.login(QStringLiteral("u"), QStringLiteral("p")));
        QVERIFY(!connection.command("UID FETCH 1 (BODY.PEEK[])"));
        QCOMPARE(connection.error(), ImapConnection::Error::Protocol);
        QVERIFY2(connection.errorString().contains(QLatin1String("{4294967295}")),
            qPrintable(connection.errorString()));
        server.received();
        QVERIFY(server.hungUp());
    }

    void malformedResponseNamesTheLine()
    {
        ScriptedServer server([](QSslSocket &client, ScriptedServer &server) {
            greetAndLogIn(client, server);
            server.readLine(client);
            client.write("* 1 FETCH (UID 5 BODY[] \"unterminated\r\n");
            client.flush();
        });
        ImapConnection connection(
            endpoint(server.port(), ImapEndpoint::Security::PlainLoopbackOnly));
        QVERIFY(connection.open() && connection.login(QStringLiteral("u"), QStringLiteral("p")));
        QVERIFY(!connection.command("UID FETCH 5 (BODY.PEEK[])"));
        QCOMPARE(connection.error(), ImapConnection::Error::Protocol);
        QVERIFY2(connection.errorString().contains(QLatin1String("\"unterminated")),
            qPrintable(connection.errorString()));
    }

    void garbageGreetingIsRefused()
    {
        ScriptedServer server([](QSslSocket &client, ScriptedServer &) {
            client.write("HTTP/1.1 400 Bad Request\r\n\r\n");
            client.flush();
        });
        ImapConnection connection(
            endpoint(server.port(), ImapEndpoint::Security::PlainLoopbackOnly));
        QVERIFY(!connection.open());
        QVERIFY2(connection.errorString().contains(QLatin1String("did not greet")),
            qPrintable(connection.errorString()));
    }

    void plainTextOnlyToLoopback()
    {
        ImapEndpoint remote = endpoint(143, ImapEndpoint::Security::PlainLoopbackOnly);
        remote.host = QStringLiteral("192.0.2.1");
        ImapConnection connection(remote);
        QVERIFY(!connection.open());
        QCOMPARE(connection.error(), ImapConnection::Error::Security);
    }

    void oauthSignsInWithXoauth2()
    {
        ScriptedServer server([](QSslSocket &client, ScriptedServer &server) {
            client.write("* OK [CAPABILITY IMAP4rev1 AUTH=XOAUTH2 SASL-IR] hi\r\n");
            server.readLine(client);
            client.write("A0001 OK [CAPABILITY IMAP4rev1] signed in\r\n");
            server.readLine(client);
            client.write("* CAPABILITY IMAP4rev1 IDLE\r\nA0002 OK\r\n");
            client.flush();
        });
        {
            ImapConnection connection(
                endpoint(server.port(), ImapEndpoint::Security::PlainLoopbackOnly));
            QVERIFY(connection.open());
            QVERIFY2(connection.authenticateOAuth(
                         QStringLiteral("dmarc@example.com"), QStringLiteral("ya29.token")),
                qPrintable(connection.errorString()));
        } // hangs up
        const QByteArray expected = "user=dmarc@example.com\x01"
                                    "auth=Bearer ya29.token\x01\x01";
        QCOMPARE(server.receivedLines().value(0).trimmed(),
            "A0001 AUTHENTICATE XOAUTH2 " + expected.toBase64());
    }

    void refusedOAuthTokenSaysSo()
    {
        ScriptedServer server([](QSslSocket &client, ScriptedServer &server) {
            client.write("* OK [CAPABILITY IMAP4rev1 AUTH=OAUTHBEARER SASL-IR] hi\r\n");
            server.readLine(client);
            // The error challenge; the client must answer with an empty line.
            client.write("+ eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIn0=\r\n");
            server.readLine(client);
            client.write("A0001 NO [AUTHENTICATIONFAILED] invalid token\r\n");
            client.flush();
        });
        {
            ImapConnection connection(
                endpoint(server.port(), ImapEndpoint::Security::PlainLoopbackOnly));
            QVERIFY(connection.open());
            QVERIFY(!connection.authenticateOAuth(QStringLiteral("u"), QStringLiteral("expired")));
            QCOMPARE(connection.error(), ImapConnection::Error::Authentication);
            QVERIFY2(connection.errorString().contains(QLatin1String("invalid token")),
                qPrintable(connection.errorString()));
        } // hangs up
        QCOMPARE(server.receivedLines().value(1).trimmed(), QByteArray());
    }
};

QTEST_GUILESS_MAIN(TestImapSecurity)
#include "tst_imapsecurity.moc"
