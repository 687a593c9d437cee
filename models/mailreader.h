#pragma once

#include "inputcaps.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// Finds DMARC aggregate reports inside mail: .eml files, mbox files and Maildir message files,
// through GMime 3. A report is any part whose decoded content is gzip, zip or XML, wherever it
// sits (an attachment, the whole body, inside a forwarded message/rfc822), whatever its
// Content-Type claims. Bytes are decoded in memory under the input caps; nothing touches disk.
namespace MailReader {

struct Attachment
{
    QString label; // "message 3: google.com!x!1!2.zip"
    QByteArray content; // decoded (base64, quoted-printable)
};

struct Result
{
    int messages = 0; // messages seen in the input
    int reportMessages = 0; // messages with at least one gzip, zip or <feedback> XML part
    QList<Attachment> attachments;
    QStringList warnings; // messages or parts that could not be read
    bool truncated = false; // a MIME structure hit the depth or part limit
    QString error; // the input as a whole could not be read
};

// True when the bytes look like a mail message or an mbox file rather than a report.
bool looksLikeMail(QByteArrayView head);

Result read(const QByteArray &input, const InputCaps &caps = {});

} // namespace MailReader
