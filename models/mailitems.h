#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// What the mail reader finds in messages that are not aggregate reports: bounces (delivery
// status notifications, standard or not) and failure reports, each with the message it returns
// or describes dissected. Plain values, filled by the parsers, written by MailStore.

// One hop of a Received: chain, oldest last as in the header order.
struct ReceivedHop
{
    QString fromHost; // the name the receiving server verified (reverse DNS), if it says
    QString helo; // what the sending client claimed in HELO/EHLO
    QString ip;
    QString byHost;
    qint64 time = 0; // seconds since the epoch, 0 if unreadable
    // The HELO names a host that is neither the verified name nor the IP: a claim worth a flag.
    bool heloMismatch = false;
};

struct DkimSignatureRef
{
    QString domain; // d=
    QString selector; // s=
};

// The message a bounce returns or a failure report describes, as far as its headers tell.
struct OriginalMessage
{
    QString messageId;
    QString from;
    QString to;
    QString subject; // RFC 2047 decoded
    qint64 date = 0;
    QString submitter; // X-Authenticated-User and alike: "header: value" lines
    QList<ReceivedHop> received;
    QList<DkimSignatureRef> dkim;
    QString headers; // the header block as received, unfolded lines kept

    bool isEmpty() const { return headers.isEmpty(); }
};

struct BounceRecipient
{
    QString address; // Final-Recipient, or the address the text names
    QString originalRecipient;
    QString action; // failed, delayed
    QString status; // enhanced status code, "5.1.1"
    QString remoteMta;
    QString diagnostic;
    QString reason; // Sisimai's taxonomy: userunknown, mailboxfull, blocked, ...
    // The Diagnostic-Code is of type X-Unix: a local delivery program answered, not a server.
    // Read while classifying; not stored.
    bool localMailer = false;
};

struct Bounce
{
    QString reportingMta;
    QString mtaFormat; // rfc3464, postfix, sendmail, exim, qmail, exchange, gmail, ...
    qint64 arrivalDate = 0;
    QList<BounceRecipient> recipients;
    OriginalMessage original;

    // The first recipient's status and reason stand for the bounce in lists.
    QString status() const { return recipients.isEmpty() ? QString() : recipients.first().status; }
    QString reason() const { return recipients.isEmpty() ? QString() : recipients.first().reason; }
};

// RFC 6591 / RFC 9991 authentication failure report, or an ARF feedback report of another type.
struct FailureReport
{
    QString feedbackType; // auth-failure, abuse, ...
    QString userAgent;
    QString authFailure; // dmarc, dkim, spf, bodyhash, ...
    QString identityAlignment;
    QString sourceIp;
    QString reportedDomain;
    QString originalMailFrom;
    QString originalRcptTo;
    qint64 arrivalDate = 0;
    QString authenticationResults;
    QString dkimDomain;
    QString dkimSelector;
    QString spfDns;
    QString deliveryResult;
    QString format; // arf, or the non-ARF variant read (exim-text)
    OriginalMessage original;
};

enum class MailKind
{
    AggregateReport,
    FailureReport,
    Bounce,
    TlsReport,
    AutoReply,
    Other
};

QString mailKindName(MailKind kind);

// One message of an input, whatever it is. Every message is recorded, so counts survive and a
// second import of the same mailbox is a no-op.
struct MailItem
{
    MailKind kind = MailKind::Other;
    QString label; // "message 3" within its input
    QString messageId; // of the message itself
    QString from;
    QString subject;
    qint64 date = 0;
    QByteArray dedupeKey; // Message-ID, or a hash of the header block without one
    QByteArray raw; // kept for TLS reports only, until they get a reader of their own
    Bounce bounce; // kind == Bounce
    FailureReport failure; // kind == FailureReport
};
