#include "imapoauth.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QOAuth2AuthorizationCodeFlow>
#include <QOAuthHttpServerReplyHandler>

ImapOAuth::Provider ImapOAuth::google()
{
    return { QStringLiteral("Google"),
        QUrl(QStringLiteral("https://accounts.google.com/o/oauth2/auth")),
        QUrl(QStringLiteral("https://oauth2.googleapis.com/token")),
        QStringLiteral("https://mail.google.com/") };
}

ImapOAuth::Provider ImapOAuth::microsoft()
{
    return { QStringLiteral("Microsoft"),
        QUrl(QStringLiteral("https://login.microsoftonline.com/common/oauth2/v2.0/authorize")),
        QUrl(QStringLiteral("https://login.microsoftonline.com/common/oauth2/v2.0/token")),
        QStringLiteral("https://outlook.office.com/IMAP.AccessAsUser.All offline_access") };
}

std::optional<ImapOAuth::Provider> ImapOAuth::forHost(const QString &host)
{
    const QString h = host.toLower();
    if (h == QLatin1String("imap.gmail.com") || h == QLatin1String("imap.googlemail.com"))
        return google();
    if (h == QLatin1String("outlook.office365.com") || h == QLatin1String("imap-mail.outlook.com")
        || h == QLatin1String("outlook.office.com"))
        return microsoft();
    return std::nullopt;
}

ImapOAuth::ImapOAuth(
    const Provider &provider, const QString &clientId, const QString &clientSecret, QObject *parent)
    : QObject(parent)
    , m_provider(provider)
    , m_flow(new QOAuth2AuthorizationCodeFlow(clientId, &m_network, this))
{
    m_flow->setAuthorizationUrl(provider.authorizationUrl);
    m_flow->setAccessTokenUrl(provider.tokenUrl);
    m_flow->setScope(provider.scope);
    if (!clientSecret.isEmpty())
        m_flow->setClientIdentifierSharedKey(clientSecret);
    // Google hands out a refresh token only when asked for offline access.
    m_flow->setModifyParametersFunction(
        [](QAbstractOAuth::Stage stage, QMultiMap<QString, QVariant> *parameters) {
            if (stage == QAbstractOAuth::Stage::RequestingAuthorization) {
                parameters->insert(QStringLiteral("access_type"), QStringLiteral("offline"));
                parameters->insert(QStringLiteral("prompt"), QStringLiteral("consent"));
            }
        });
    connect(m_flow, &QAbstractOAuth::authorizeWithBrowser, this, &ImapOAuth::openBrowser);
    connect(m_flow, &QAbstractOAuth::granted, this,
        [this] { Q_EMIT signedIn(m_flow->token(), m_flow->refreshToken()); });
    connect(m_flow, &QAbstractOAuth2::error, this,
        [this](const QString &error, const QString &description, const QUrl &) {
            Q_EMIT failed(tr("%1 refused the sign-in: %2")
                              .arg(m_provider.name, description.isEmpty() ? error : description));
        });
    // Qt 6.4 only logs a token request the provider refused (a revoked refresh token, a used
    // code): watch the replies to the token URL and say why in words.
    connect(&m_network, &QNetworkAccessManager::finished, this, [this](QNetworkReply *reply) {
        if (reply->url().adjusted(QUrl::RemoveQuery) != m_provider.tokenUrl
            || reply->error() == QNetworkReply::NoError)
            return;
        const QJsonObject body
            = QJsonDocument::fromJson(reply->peek(reply->bytesAvailable())).object();
        QString reason = body.value(QStringLiteral("error_description")).toString();
        if (reason.isEmpty())
            reason = body.value(QStringLiteral("error")).toString();
        if (reason.isEmpty())
            reason = reply->errorString();
        Q_EMIT failed(tr("%1 refused the sign-in: %2").arg(m_provider.name, reason));
    });
    // A refused code or refresh token ends in NotAuthenticated without granted().
    connect(m_flow, &QAbstractOAuth::statusChanged, this, [this](QAbstractOAuth::Status status) {
        if (status == QAbstractOAuth::Status::NotAuthenticated && m_flow->token().isEmpty())
            Q_EMIT failed(tr("%1 did not grant access").arg(m_provider.name));
    });
}

ImapOAuth::~ImapOAuth() = default;

void ImapOAuth::signIn()
{
    if (!m_handler) {
        // Port 0: any free loopback port; the redirect URI names it.
        m_handler = new QOAuthHttpServerReplyHandler(0, this);
        m_handler->setCallbackText(tr("DMARC Scope is signed in. You can close this window."));
        m_flow->setReplyHandler(m_handler);
    }
    if (!m_handler->isListening()) {
        Q_EMIT failed(tr("cannot listen on a loopback port for the sign-in redirect"));
        return;
    }
    m_flow->grant();
}

void ImapOAuth::refresh(const QString &refreshToken)
{
    if (!m_handler) {
        m_handler = new QOAuthHttpServerReplyHandler(0, this);
        m_flow->setReplyHandler(m_handler);
    }
    m_flow->setRefreshToken(refreshToken);
    m_flow->refreshAccessToken();
}
