#include "failurereportparser.h"

#include "bounceparser.h"
#include "originalmessage.h"

#include <QRegularExpression>

namespace FailureReportParser {

namespace {

OriginalMessage originalOf(const MailParts &parts)
{
    if (!parts.originalHeaders.isEmpty())
        return OriginalMessageReader::read(parts.originalHeaders);
    const QString text = parts.allText();
    const qsizetype start = BounceParser::originalStart(text);
    if (start < 0)
        return {};
    return OriginalMessageReader::read(text.mid(start).trimmed().toUtf8());
}

std::optional<FailureReport> fromArf(const MailParts &parts)
{
    const HeaderFields fields = HeaderFields::parse(parts.feedbackReport.trimmed());
    const QString type = fields.value(QLatin1String("Feedback-Type")).trimmed().toLower();
    if (type.isEmpty())
        return std::nullopt;
    FailureReport report;
    report.format = QStringLiteral("arf");
    report.feedbackType = type;
    auto field = [&](const char *name) {
        return fields.value(QLatin1String(name)).trimmed();
    };
    report.userAgent = field("User-Agent");
    report.authFailure = field("Auth-Failure").toLower();
    report.identityAlignment = field("Identity-Alignment").toLower();
    report.sourceIp = field("Source-IP");
    report.reportedDomain = field("Reported-Domain").toLower();
    report.originalMailFrom = MailText::address(field("Original-Mail-From"));
    report.originalRcptTo
        = fields.values(QLatin1String("Original-Rcpt-To")).join(QLatin1String(", "));
    report.arrivalDate = MailText::parseDate(field("Arrival-Date"));
    if (report.arrivalDate == 0)
        report.arrivalDate = MailText::parseDate(field("Received-Date"));
    report.authenticationResults
        = fields.values(QLatin1String("Authentication-Results")).join(QLatin1Char('\n'));
    report.dkimDomain = field("DKIM-Domain").toLower();
    report.dkimSelector = field("DKIM-Selector");
    report.spfDns = field("SPF-DNS");
    report.deliveryResult = field("Delivery-Result").toLower();
    report.original = originalOf(parts);
    return report;
}

// Exim's "A message claiming to be from you has failed the published DMARC policy" notice.
std::optional<FailureReport> fromEximText(const MailParts &parts)
{
    const QString text = parts.allText();
    if (!text.contains(QLatin1String("failed the published DMARC policy"), Qt::CaseInsensitive))
        return std::nullopt;
    static const QRegularExpression line(
        QStringLiteral(
            R"(^\s*(Sender Domain|Sender IP Address|Received date|SPF Alignment|DKIM Alignment|DMARC Results):\s*(.*?)\s*$)"),
        QRegularExpression::MultilineOption | QRegularExpression::CaseInsensitiveOption);
    FailureReport report;
    report.format = QStringLiteral("exim-text");
    report.feedbackType = QStringLiteral("auth-failure");
    report.authFailure = QStringLiteral("dmarc");
    QStringList aligned;
    for (auto it = line.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const QString name = m.captured(1).toLower();
        const QString value = m.captured(2);
        if (name == QLatin1String("sender domain"))
            report.reportedDomain = value.toLower();
        else if (name == QLatin1String("sender ip address"))
            report.sourceIp = value;
        else if (name == QLatin1String("received date"))
            report.arrivalDate = MailText::parseDate(value);
        else if (name.endsWith(QLatin1String("alignment"))
            && value.compare(QLatin1String("yes"), Qt::CaseInsensitive) == 0)
            aligned.append(name.section(QLatin1Char(' '), 0, 0));
        else if (name == QLatin1String("dmarc results"))
            report.deliveryResult = value.section(QLatin1Char(','), -1).trimmed().toLower();
    }
    report.identityAlignment
        = aligned.isEmpty() ? QStringLiteral("none") : aligned.join(QLatin1Char(','));
    report.original = originalOf(parts);
    if (report.original.from.isEmpty() && report.sourceIp.isEmpty())
        return std::nullopt;
    return report;
}

} // namespace

std::optional<FailureReport> parse(const MailParts &parts)
{
    if (!parts.feedbackReport.isEmpty())
        return fromArf(parts);
    return fromEximText(parts);
}

} // namespace FailureReportParser
