#pragma once

#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

#include <optional>

class QOAuth2AuthorizationCodeFlow;
class QOAuthHttpServerReplyHandler;

// OAuth2 sign-in for mailboxes that refuse passwords (Gmail, Microsoft 365): Qt NetworkAuth's
// authorization-code flow with a loopback redirect. signIn() asks for the browser to be opened
// (openBrowser); the provider redirects to 127.0.0.1, the token is fetched, and signedIn()
// hands over the access token for AUTHENTICATE XOAUTH2/OAUTHBEARER and the refresh token for the
// keyring. The client id is a setting: each deployment registers its own application.
class ImapOAuth : public QObject
{
    Q_OBJECT
public:
    struct Provider
    {
        QString name;
        QUrl authorizationUrl;
        QUrl tokenUrl;
        QString scope;
    };

    static Provider google();
    static Provider microsoft();
    // The provider for a well-known IMAP host (imap.gmail.com, outlook.office365.com).
    static std::optional<Provider> forHost(const QString &host);

    ImapOAuth(const Provider &provider, const QString &clientId, const QString &clientSecret = {},
        QObject *parent = nullptr);
    ~ImapOAuth() override;

    void signIn();
    void refresh(const QString &refreshToken);

Q_SIGNALS:
    void openBrowser(const QUrl &url);
    void signedIn(const QString &accessToken, const QString &refreshToken);
    void failed(const QString &error);

private:
    Provider m_provider;
    QNetworkAccessManager m_network;
    QOAuth2AuthorizationCodeFlow *m_flow;
    QOAuthHttpServerReplyHandler *m_handler = nullptr;
};
