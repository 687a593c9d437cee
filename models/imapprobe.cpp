#include "imapprobe.h"

#include "imapfoldername.h"

#include <algorithm>

namespace ImapProbe {

QList<ImapFolder> parseList(const QList<ImapResponse> &responses)
{
    QList<ImapFolder> folders;
    for (const ImapResponse &response : responses) {
        if (response.name != "LIST" || response.data.size() < 3)
            continue;
        ImapFolder folder;
        for (const ImapToken &flag : response.data.at(0).children)
            if (flag.isAtom("\\NOSELECT") || flag.isAtom("\\NONEXISTENT"))
                folder.selectable = false;
        const ImapToken &delimiter = response.data.at(1);
        if (delimiter.type == ImapToken::Type::String && delimiter.text.size() == 1)
            folder.delimiter = QLatin1Char(delimiter.text.at(0));
        folder.name = ImapFolderName::decode(response.data.at(2).text);
        if (folder.name.compare(QLatin1String("INBOX"), Qt::CaseInsensitive) == 0)
            folder.name = QStringLiteral("INBOX");
        folders.append(folder);
    }
    std::sort(folders.begin(), folders.end(), [](const ImapFolder &a, const ImapFolder &b) {
        // INBOX first, then by name as the user reads them.
        if ((a.name == QLatin1String("INBOX")) != (b.name == QLatin1String("INBOX")))
            return a.name == QLatin1String("INBOX");
        return a.name.localeAwareCompare(b.name) < 0;
    });
    return folders;
}

Result run(const ImapAccount &account, const ImapSync::Credentials &credentials)
{
    Result result;
    ImapConnection connection(account.endpoint);
    const bool signedIn = ImapSync::signIn(connection, account, credentials);
    QList<ImapResponse> lists;
    if (signedIn)
        connection.command("LIST \"\" \"*\"", [&](const ImapResponse &r) { lists.append(r); });
    result.error = connection.error();
    result.certificateSha256 = connection.certificateSha256();
    if (result.error != ImapConnection::Error::None) {
        result.message = connection.errorString();
        return result;
    }
    connection.logout();
    result.ok = true;
    result.folders = parseList(lists);
    const QString security = account.endpoint.security == ImapEndpoint::Security::StartTls
        ? QCoreApplication::translate("ImapProbe", "STARTTLS")
        : account.endpoint.security == ImapEndpoint::Security::Tls
        ? QCoreApplication::translate("ImapProbe", "TLS")
        : QCoreApplication::translate("ImapProbe", "no encryption (loopback only)");
    const QString folders = result.folders.size() == 1
        ? QCoreApplication::translate("ImapProbe", "1 folder")
        : QCoreApplication::translate("ImapProbe", "%1 folders").arg(result.folders.size());
    result.message = QCoreApplication::translate(
        "ImapProbe", "Connected to %1 with %2, signed in as %3; %4 found.")
                         .arg(account.endpoint.host, security, account.user, folders);
    return result;
}

} // namespace ImapProbe
