#pragma once

#include <QByteArray>
#include <QString>

// IMAP folder names travel in modified UTF-7 (RFC 3501 section 5.1.3): "Entwürfe" is
// "Entw&APw-rfe". Users see and type the decoded names; commands carry the encoded ones.
namespace ImapFolderName {

QByteArray encode(const QString &name);
QString decode(const QByteArray &encoded);

} // namespace ImapFolderName
