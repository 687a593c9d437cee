#pragma once

#include "mailitems.h"
#include "mailparts.h"

#include <optional>

// Reads failure reports: RFC 6591 / RFC 9991 ARF (message/feedback-report with Feedback-Type
// auth-failure), wherever the report part sits (Netease forwards it base64-encoded inside
// multipart/mixed), and Exim's plain-text DMARC forensic report, which has no ARF part at all.
// Other ARF feedback types (abuse, fraud) are read the same way and keep their type.
namespace FailureReportParser {

std::optional<FailureReport> parse(const MailParts &parts);

} // namespace FailureReportParser
