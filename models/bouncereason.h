#pragma once

#include <QString>

// Why a message bounced, in Sisimai's taxonomy (the reference bounce classifier): userunknown,
// mailboxfull, blocked, spamdetected, policyviolation, hostunknown, expired, ... Read from the
// diagnostic text first, because MTAs put the telling words there and often a vague status
// (5.0.0, 5.7.1) next to them; the status code decides when the text says nothing known.
namespace BounceReason {

// What a notice says about one recipient's failure.
struct Evidence
{
    QString status; // 5.1.1, or empty
    QString diagnostic; // the server's answer or the reporting MTA's words
    // The prose around the recipient in the notice: read when the diagnostic says nothing
    // known, and for the SMTP stage of the refusal.
    QString context;
    // The notice comes from an MTA that says at which SMTP command a recipient was refused
    // (Postfix); an unknown-user answer that does not name RCPT TO was then not given to RCPT
    // TO, and a filter refused the message.
    bool strictStage = false;
    // The Diagnostic-Code is of type X-Unix: a local delivery program (procmail, a pipe)
    // failed, and its words are about that program's trouble, not the recipient's address.
    bool localMailer = false;
};

QString classify(const Evidence &evidence);
QString classify(const QString &status, const QString &diagnostic, const QString &context = {});

// The SMTP command a refusal answered, as the notice tells it ("in reply to RCPT TO command",
// Exim's "after MAIL FROM", a transcript's ">>> DATA", Postfix's "refused to talk to me" for
// the greeting): CONN, EHLO, MAIL, RCPT or DATA; empty if the notice does not say.
QString smtpCommand(const QString &text);
// The most specific status in a text: an enhanced code (5.1.1) or, failing that, the class of a
// basic SMTP reply (550 -> 5.0.0). Empty if none.
QString statusFromText(const QString &text);
// The reasons classify() gives when the words say nothing known (onhold) or there were none
// (undefined): the notice leaves the reason to a person, or to a better reading of it.
bool saysNothingKnown(const QString &reason);
// Every reason classify() can return, for filters and documentation.
QStringList all();

} // namespace BounceReason
