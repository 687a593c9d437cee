#pragma once

#include "imapendpoint.h"

#include <QString>
#include <QStringList>

// One mailbox the user connected: where it is, who signs in, which folders to read and what to
// do with a message once it is stored. Secrets are never part of it (see ImapSecrets).
struct ImapAccount
{
    enum class Auth
    {
        Password,
        OAuth2
    };

    ImapEndpoint endpoint;
    QString user;
    Auth auth = Auth::Password;
    QStringList folders { QStringLiteral("INBOX") };
    bool markRead = false; // after import: set \Seen (off by default: reading leaves mail unread)
    QString moveTo; // after import: move into this folder; empty keeps messages where they are
    bool watch = false; // keep the connection and bring new mail in as it arrives

    // Identifies the account in the store and the keyring: "user@host". The port is left out:
    // the same mailbox reached over STARTTLS or implicit TLS is one mailbox.
    QString key() const { return user + QLatin1Char('@') + endpoint.host; }
};
