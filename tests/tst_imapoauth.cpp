#include "imapoauth.h"

#include <QMutex>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QUrlQuery>

#include <atomic>

// An OAuth2 provider on loopback: /auth redirects to the client's redirect URI with a code, as a
// provider does once the user agreed; /token trades a code or refresh token for tokens.
class FakeProvider
{
public:
    FakeProvider()
    {
        m_thread.reset(QThread::create([this] { serve(); }));
        m_thread->start();
        while (m_port == 0)
            QThread::yieldCurrentThread();
    }
    ~FakeProvider()
    {
        m_stop = true;
        m_thread->wait();
    }
    ImapOAuth::Provider provider() const
    {
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(m_port.load());
        return { QStringLiteral("Fake"), QUrl(base + QStringLiteral("/auth")),
            QUrl(base + QStringLiteral("/token")), QStringLiteral("https://mail.example/") };
    }
    QList<QUrlQuery> tokenRequests()
    {
        QMutexLocker lock(&m_mutex);
        return m_tokenRequests;
    }
    QUrlQuery authorization()
    {
        QMutexLocker lock(&m_mutex);
        return m_authorization;
    }

private:
    void serve()
    {
        QTcpServer server;
        server.listen(QHostAddress::LocalHost);
        m_port = server.serverPort();
        while (!m_stop) {
            if (!server.waitForNewConnection(50))
                continue;
            std::unique_ptr<QTcpSocket> socket(server.nextPendingConnection());
            QByteArray request;
            while (!request.contains("\r\n\r\n") && socket->waitForReadyRead(5000))
                request += socket->readAll();
            const qsizetype headerEnd = request.indexOf("\r\n\r\n") + 4;
            const QByteArray head = request.first(headerEnd);
            qsizetype length = 0;
            for (const QByteArray &line : head.split('\n'))
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            while (request.size() - headerEnd < length && socket->waitForReadyRead(5000))
                request += socket->readAll();
            const QByteArray target = head.split(' ').value(1);
            const QUrl url(QString::fromLatin1(target));
            QByteArray response;
            if (url.path() == QLatin1String("/auth")) {
                const QUrlQuery query(url);
                {
                    QMutexLocker lock(&m_mutex);
                    m_authorization = query;
                }
                QUrl back(query.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
                back.setQuery(QStringLiteral("code=the-code&state=")
                    + query.queryItemValue(QStringLiteral("state"), QUrl::FullyEncoded));
                response = "HTTP/1.1 302 Found\r\nLocation: " + back.toEncoded()
                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            } else {
                const QUrlQuery form(QString::fromUtf8(request.mid(headerEnd)));
                {
                    QMutexLocker lock(&m_mutex);
                    m_tokenRequests.append(form);
                }
                const bool refreshing = form.queryItemValue(QStringLiteral("grant_type"))
                    == QLatin1String("refresh_token");
                const bool valid = refreshing
                    ? form.queryItemValue(QStringLiteral("refresh_token")) == QLatin1String("rt-1")
                    : form.queryItemValue(QStringLiteral("code")) == QLatin1String("the-code");
                const QByteArray body = !valid ? QByteArray(R"({"error":"invalid_grant"})")
                    : refreshing
                    ? QByteArray(
                        R"({"access_token":"at-2","expires_in":3600,"token_type":"Bearer"})")
                    : QByteArray(
                        R"({"access_token":"at-1","refresh_token":"rt-1","expires_in":3600,"token_type":"Bearer"})");
                response = (valid ? "HTTP/1.1 200 OK" : "HTTP/1.1 400 Bad Request")
                    + QByteArray("\r\nContent-Type: application/json\r\nContent-Length: ")
                    + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
            }
            socket->write(response);
            socket->waitForBytesWritten(5000);
            socket->disconnectFromHost();
            if (socket->state() != QAbstractSocket::UnconnectedState)
                socket->waitForDisconnected(1000);
        }
    }

    std::unique_ptr<QThread> m_thread;
    std::atomic<quint16> m_port { 0 };
    std::atomic_bool m_stop { false };
    QMutex m_mutex;
    QList<QUrlQuery> m_tokenRequests;
    QUrlQuery m_authorization;
};

class TestImapOAuth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void signInThroughTheBrowserAndRefresh()
    {
        FakeProvider fake;
        ImapOAuth oauth(fake.provider(), QStringLiteral("client-123"), QStringLiteral("shh"));
        // The "browser": follows the provider's redirect back to the loopback handler.
        QNetworkAccessManager browser;
        connect(&oauth, &ImapOAuth::openBrowser, this, [&browser](const QUrl &url) {
            QNetworkReply *reply = browser.get(QNetworkRequest(url));
            connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
        });
        QSignalSpy signedIn(&oauth, &ImapOAuth::signedIn);
        QSignalSpy failed(&oauth, &ImapOAuth::failed);
        oauth.signIn();
        QTRY_COMPARE_WITH_TIMEOUT(signedIn.size(), 1, 10000);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(signedIn.at(0).at(0).toString(), QStringLiteral("at-1"));
        QCOMPARE(signedIn.at(0).at(1).toString(), QStringLiteral("rt-1"));
        const QUrlQuery authorization = fake.authorization();
        QCOMPARE(authorization.queryItemValue(QStringLiteral("client_id")),
            QStringLiteral("client-123"));
        QCOMPARE(
            authorization.queryItemValue(QStringLiteral("access_type")), QStringLiteral("offline"));
        QVERIFY(authorization.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded)
                    .startsWith(QLatin1String("http://127.0.0.1:")));
        QCOMPARE(fake.tokenRequests().value(0).queryItemValue(QStringLiteral("grant_type")),
            QStringLiteral("authorization_code"));

        // Later sessions start from the refresh token kept in the keyring.
        ImapOAuth later(fake.provider(), QStringLiteral("client-123"), QStringLiteral("shh"));
        QSignalSpy refreshed(&later, &ImapOAuth::signedIn);
        later.refresh(QStringLiteral("rt-1"));
        QTRY_COMPARE_WITH_TIMEOUT(refreshed.size(), 1, 10000);
        QCOMPARE(refreshed.at(0).at(0).toString(), QStringLiteral("at-2"));
    }

    void revokedRefreshTokenFails()
    {
        FakeProvider fake;
        ImapOAuth oauth(fake.provider(), QStringLiteral("client-123"));
        QSignalSpy failed(&oauth, &ImapOAuth::failed);
        QSignalSpy signedIn(&oauth, &ImapOAuth::signedIn);
        oauth.refresh(QStringLiteral("revoked"));
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 10000);
        QVERIFY2(failed.at(0).at(0).toString().contains(QLatin1String("invalid_grant")),
            qPrintable(failed.at(0).at(0).toString()));
        QCOMPARE(signedIn.size(), 0);
    }

    void knownProviders()
    {
        QCOMPARE(
            ImapOAuth::forHost(QStringLiteral("imap.gmail.com"))->name, QStringLiteral("Google"));
        QCOMPARE(ImapOAuth::forHost(QStringLiteral("outlook.office365.com"))->name,
            QStringLiteral("Microsoft"));
        QVERIFY(!ImapOAuth::forHost(QStringLiteral("imap.example.com")));
    }
};

QTEST_GUILESS_MAIN(TestImapOAuth)
#include "tst_imapoauth.moc"
