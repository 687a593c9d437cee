#pragma once

#include "inputcaps.h"
#include "mailitems.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// Reads mail through GMime 3: .eml files, mbox files and Maildir message files. Every message is
// classified (bounce, failure report, TLS report, auto-reply, other) and bounces and failure
// reports are parsed. Aggregate reports are found wherever they are: any part whose decoded
// content is gzip, zip or XML (an attachment, the whole body, inside a forwarded message/rfc822),
// whatever its Content-Type claims; the importer unpacks them and decides whether they are
// reports. Bytes are decoded in memory under the input caps; nothing touches disk.
namespace MailReader {

struct Attachment
{
    QString label; // "message 3: google.com!x!1!2.zip"
    QByteArray content; // decoded (base64, quoted-printable)
    qsizetype item = 0; // index in Result::items of the message it came from
};

struct Result
{
    int messages = 0; // messages seen in the input
    int reportMessages = 0; // messages with at least one gzip, zip or <feedback> XML part
    QList<Attachment> attachments;
    // One per message, classified without regard to attachments: a message whose attachment
    // turns out to be an aggregate report becomes MailKind::AggregateReport in the importer.
    QList<MailItem> items;
    QStringList warnings; // messages or parts that could not be read
    bool truncated = false; // a MIME structure hit the depth or part limit
    QString error; // the input as a whole could not be read
};

// True when the bytes look like a mail message or an mbox file rather than a report.
bool looksLikeMail(QByteArrayView head);
// True when the bytes start like an mbox: "From " after optional blank lines.
bool looksLikeMbox(QByteArrayView head);

// `firstMessage` numbers the input's first message in labels and warnings ("message 3: ..."):
// 1 for a file read whole, more for a later part of a large mbox.
Result read(const QByteArray &input, const InputCaps &caps = {}, int firstMessage = 1);

} // namespace MailReader
