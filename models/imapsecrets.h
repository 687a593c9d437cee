#pragma once

#include <QCoreApplication>
#include <QString>

// Passwords and OAuth2 refresh tokens of IMAP accounts, kept in the system keyring (Secret
// Service, KWallet) through QtKeychain and nowhere else. When no keyring answers, the caller says
// so and asks for the secret each time: nothing is ever written in plain text.
//
// The calls block (a local event loop waits for the keyring), so use them from the command-line
// tool, a worker thread or a dialog's button, never inside a paint or a model.
class ImapSecrets
{
    Q_DECLARE_TR_FUNCTIONS(ImapSecrets)
public:
    enum class Result
    {
        Ok,
        NotFound,
        NoKeyring, // no keyring service is running or it refused access
        Failed
    };

    // `kind` separates a password from an OAuth2 refresh token of the same account.
    static Result read(
        const QString &accountKey, const QString &kind, QString *secret, QString *error = nullptr);
    static Result write(const QString &accountKey, const QString &kind, const QString &secret,
        QString *error = nullptr);
    static Result remove(const QString &accountKey, const QString &kind, QString *error = nullptr);

    static QString passwordKind() { return QStringLiteral("password"); }
    static QString refreshTokenKind() { return QStringLiteral("oauth2-refresh-token"); }
};
