#pragma once

#include "mailitems.h"
#include "mailparts.h"

#include <optional>

// Reads a bounce: an RFC 3464 delivery status notification, or the plain-text notices of
// Postfix, Sendmail, Exim, qmail, Exchange, Gmail and the others, which name the failed
// recipients and the remote server's answer in prose. Returns nothing for a message that is no
// bounce: auto-replies, read receipts and notices of successful delivery included.
namespace BounceParser {

std::optional<Bounce> parse(const MailParts &parts);

// True for out-of-office and other automatic replies, by RFC 3834 headers or subject.
bool isAutoReply(const MailParts &parts);

// Where the returned message starts in a bounce's text (after "--- Below this line is a copy of
// the message." and alike), or -1.
qsizetype originalStart(const QString &text);

} // namespace BounceParser
