#pragma once

#include "imapaccount.h"

#include <QList>

// The IMAP accounts the user connected, remembered in the application's settings (never their
// secrets: those live in the keyring, see ImapSecrets).
namespace ImapAccounts {

QList<ImapAccount> load();
void save(const QList<ImapAccount> &accounts);
// Adds the account, or replaces the one with the same key.
void remember(const ImapAccount &account);
void forget(const QString &key);

} // namespace ImapAccounts
