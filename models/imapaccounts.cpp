#include "imapaccounts.h"

#include <QSettings>

namespace ImapAccounts {

QList<ImapAccount> load()
{
    QSettings settings;
    QList<ImapAccount> accounts;
    const int count = settings.beginReadArray(QStringLiteral("imap/accounts"));
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        ImapAccount account;
        account.endpoint.host = settings.value(QStringLiteral("host")).toString();
        account.endpoint.port = quint16(settings.value(QStringLiteral("port"), 993).toUInt());
        if (!ImapEndpoint::securityFromName(
                settings.value(QStringLiteral("security")).toString(), &account.endpoint.security)
            || account.endpoint.security == ImapEndpoint::Security::PlainLoopbackOnly)
            account.endpoint.security = ImapEndpoint::Security::Tls;
        account.endpoint.pinnedSha256
            = settings.value(QStringLiteral("pinnedSha256")).toByteArray();
        account.user = settings.value(QStringLiteral("user")).toString();
        account.auth = settings.value(QStringLiteral("auth")).toString() == QLatin1String("oauth2")
            ? ImapAccount::Auth::OAuth2
            : ImapAccount::Auth::Password;
        account.folders
            = settings.value(QStringLiteral("folders"), QStringList { QStringLiteral("INBOX") })
                  .toStringList();
        account.markRead = settings.value(QStringLiteral("markRead"), false).toBool();
        account.moveTo = settings.value(QStringLiteral("moveTo")).toString();
        account.watch = settings.value(QStringLiteral("watch"), false).toBool();
        if (!account.endpoint.host.isEmpty() && !account.user.isEmpty())
            accounts.append(account);
    }
    settings.endArray();
    return accounts;
}

void save(const QList<ImapAccount> &accounts)
{
    QSettings settings;
    settings.remove(QStringLiteral("imap/accounts"));
    settings.beginWriteArray(QStringLiteral("imap/accounts"), int(accounts.size()));
    for (int i = 0; i < accounts.size(); ++i) {
        const ImapAccount &account = accounts.at(i);
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("host"), account.endpoint.host);
        settings.setValue(QStringLiteral("port"), account.endpoint.port);
        settings.setValue(
            QStringLiteral("security"), ImapEndpoint::securityName(account.endpoint.security));
        settings.setValue(QStringLiteral("pinnedSha256"), account.endpoint.pinnedSha256);
        settings.setValue(QStringLiteral("user"), account.user);
        settings.setValue(QStringLiteral("auth"),
            account.auth == ImapAccount::Auth::OAuth2 ? QStringLiteral("oauth2")
                                                      : QStringLiteral("password"));
        settings.setValue(QStringLiteral("folders"), account.folders);
        settings.setValue(QStringLiteral("markRead"), account.markRead);
        settings.setValue(QStringLiteral("moveTo"), account.moveTo);
        settings.setValue(QStringLiteral("watch"), account.watch);
    }
    settings.endArray();
}

void remember(const ImapAccount &account)
{
    QList<ImapAccount> accounts = load();
    bool replaced = false;
    for (ImapAccount &known : accounts)
        if (known.key() == account.key()) {
            known = account;
            replaced = true;
        }
    if (!replaced)
        accounts.append(account);
    save(accounts);
}

void forget(const QString &key)
{
    QList<ImapAccount> accounts = load();
    accounts.removeIf([&key](const ImapAccount &account) { return account.key() == key; });
    save(accounts);
}

} // namespace ImapAccounts
