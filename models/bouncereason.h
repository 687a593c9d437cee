#pragma once

#include <QString>

// Why a message bounced, in Sisimai's taxonomy (the reference bounce classifier): userunknown,
// mailboxfull, blocked, spamdetected, policyviolation, hostunknown, expired, ... Read from the
// diagnostic text first, because MTAs put the telling words there and often a vague status
// (5.0.0, 5.7.1) next to them; the status code decides when the text says nothing known.
namespace BounceReason {

// `context` is the prose around the recipient in the notice: read when the diagnostic says
// nothing known, and for the SMTP stage of the refusal.
// `strictStage`: the notice comes from an MTA that says at which SMTP command a recipient was
// refused (Postfix, SES); an unknown-user answer that does not name RCPT TO was then not given
// to RCPT TO, and a filter refused the message.
QString classify(const QString &status, const QString &diagnostic, const QString &context = {},
    bool strictStage = false);
// The most specific status in a text: an enhanced code (5.1.1) or, failing that, the class of a
// basic SMTP reply (550 -> 5.0.0). Empty if none.
QString statusFromText(const QString &text);
// Every reason classify() can return, for filters and documentation.
QStringList all();

} // namespace BounceReason
