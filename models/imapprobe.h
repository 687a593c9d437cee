#pragma once

#include "imapaccount.h"
#include "imapconnection.h"
#include "imapsync.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

// A folder as LIST names it.
struct ImapFolder
{
    QString name; // decoded, full path: "Archive/DMARC"
    QChar delimiter; // the hierarchy separator, or null for a flat namespace
    bool selectable = true; // \Noselect folders only hold other folders
};

// "Test Connection": connects, signs in, lists the folders and says what happened in words.
// Blocking: the dialog runs it on a worker thread.
namespace ImapProbe {

struct Result
{
    bool ok = false;
    QString message; // what happened, in words, success or failure
    ImapConnection::Error error = ImapConnection::Error::None;
    QByteArray certificateSha256; // set when the certificate was refused
    QList<ImapFolder> folders;
};

Result run(const ImapAccount &account, const ImapSync::Credentials &credentials);
// The folders of LIST responses (exposed for tests).
QList<ImapFolder> parseList(const QList<ImapResponse> &responses);

} // namespace ImapProbe
