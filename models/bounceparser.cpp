#include "bounceparser.h"

#include "bouncereason.h"
#include "originalmessage.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QStringDecoder>

namespace BounceParser {

namespace {

using RE = QRegularExpression;
constexpr auto Options = RE::CaseInsensitiveOption | RE::MultilineOption;

// Recipients a single bounce may list; beyond that the rest is dropped (a hostile message can
// name thousands).
constexpr qsizetype MaxRecipients = 500;
// A recipient's diagnostic is the text near it, never pages of it.
constexpr qsizetype MaxDiagnosticChars = 1000;

const QString AddressPattern = QStringLiteral(
    R"([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{1,})");

// A mailing list manager's refusal of a post (fml: "You are not a member of this mailing list",
// a loop alert): the list answers the forged sender as a mail system would.
bool listManagerRefusal(const MailParts &parts, const QString &text)
{
    static const RE manager(QStringLiteral(R"(-(?:admin|owner|request)@)"), Options);
    static const RE refusal(
        QStringLiteral(R"(not a member of this (?:mailing )?list|duplicated message-id)"), Options);
    const bool list = parts.headers.contains(QLatin1String("Mailing-List"))
        || parts.headers.contains(QLatin1String("List-Subscribe"))
        || parts.subject().trimmed().endsWith(QLatin1String(" ML)"));
    return list && manager.match(parts.headers.value(QLatin1String("From"))).hasMatch()
        && refusal.match(text).hasMatch();
}

bool fromMailSystem(const MailParts &parts)
{
    static const RE sender(
        QStringLiteral(
            R"(mailer-?daemon|postmaster|mail ?delivery|delivery ?subsystem|mail ?system|)"
            R"(mail ?administrator|\bbounce|system administrator|no-?reply|post_master)"),
        Options);
    const QString from = parts.headers.value(QLatin1String("From"));
    // The null reverse path is what RFC 5321 gives every notice about a delivery.
    const QString returnPath = parts.headers.value(QLatin1String("Return-Path")).trimmed();
    return sender.match(from).hasMatch() || returnPath == QLatin1String("<>");
}

bool bounceSubject(const QString &subject)
{
    static const RE pattern(
        QStringLiteral(
            R"(undeliver|undelivered|delivery (?:status notification|failure|has failed|failed|notification|problem|report)|)"
            R"(returned mail|mail delivery failed|failure notice|could not be delivered|non.?delivery|)"
            R"(returned to sender|nicht zustellbar|unzustellbar|message not delivered|permanent error|)"
            R"(warning: could not send|mail system error|delivery notification|failed delivery|)"
            R"(rejected|not delivered|mail could not|unable to deliver|bounce)"),
        Options);
    return pattern.match(subject).hasMatch();
}

bool bounceBody(const QString &text)
{
    static const RE pattern(
        QStringLiteral(
            R"(could not be delivered|couldn.t be delivered|wasn.t delivered|was not delivered|)"
            R"(delivery (?:has )?failed|failed permanently|permanent (?:fatal )?error|)"
            R"(undeliverable|unable to deliver|qmail-send program|mail delivery software|)"
            R"(returned to sender|delivery to the following recipient|not be delivered to|)"
            R"(following address(?:es|\(es\))? (?:had|failed)|message you sent|I'm sorry to have to inform you|)"
            R"(remote server returned|the error that the other server returned|did not reach|)"
            R"(could not deliver|delivery failure|failed to deliver|mailbox is full|user unknown|)"
            R"(unknown user|invalid user|no such user|was rejected|were rejected|failure reasons|)"
            R"(error (?:has )?occurred while (?:trying|attempting) to deliver|trouble delivering|)"
            R"(permanent errors|transcript of session follows|cannot be delivered|)"
            // IMail ("User mailbox exceeds allowed size: a@b", "undeliverable to a@b"), X3
            R"(exceeds allowed size|invalid final delivery userid|undeliverable to|)"
            R"(recipients was aborted after|failed addresses follow|no valid recipients|)"
            // OpenSMTPD's delay warning, Exim's refusals of local filters and bad syntax
            R"(message is delayed|temporary failure report|not a valid user|)"
            R"(incorrectly constructed|account is disabled|)"
            // m-FILTER and other Japanese notices: "sending to the following address failed",
            // "this mail could not be sent"
            R"(送信に失敗しました|送信できませんでした|配信できませんでした)"),
        Options);
    return pattern.match(text).hasMatch();
}

QString reportingHost(const MailParts &parts, const QString &text)
{
    static const RE atHost(
        QStringLiteral(
            R"((?:mail system at host|qmail-send program at|Generating server:)\s+([A-Za-z0-9.-]+[A-Za-z0-9]))"),
        Options);
    if (const auto m = atHost.match(text); m.hasMatch())
        return m.captured(1).toLower();
    const QString from = MailText::address(parts.headers.value(QLatin1String("From")));
    return from.mid(from.indexOf(QLatin1Char('@')) + 1);
}

QString detectFormat(const MailParts &parts, const QString &text, bool dsn)
{
    auto textHas = [&](const char *needle) {
        return text.contains(QLatin1String(needle), Qt::CaseInsensitive);
    };
    const QString from = parts.headers.value(QLatin1String("From")).toLower();
    const QString received
        = parts.headers.values(QLatin1String("Received")).join(QLatin1Char('\n'));
    if (from.contains(QLatin1String("googlegroups")) || textHas("Google Groups")
        || textHas("googlegroups.com"))
        return QStringLiteral("googlegroups");
    if (parts.deliveryStatus.contains("X-Postfix") || textHas("This is the mail system at host")
        || textHas("The Postfix program"))
        return QStringLiteral("postfix");
    if (textHas("This is the qmail-send program")
        || received.contains(QLatin1String("invoked for bounce")))
        return QStringLiteral("qmail");
    if (parts.headers.contains(QLatin1String("X-Failed-Recipients"))
        || textHas("This message was created automatically by mail delivery software"))
        return QStringLiteral("exim");
    if (textHas("The following addresses had permanent fatal errors")
        || textHas("Transcript of session follows"))
        return QStringLiteral("sendmail");
    bool exchangeHeader = false;
    for (const auto &field : parts.headers.fields())
        exchangeHeader
            |= field.name.startsWith(QLatin1String("X-MS-Exchange"), Qt::CaseInsensitive);
    if (exchangeHeader || textHas("Delivery has failed to these recipients")
        || textHas("Microsoft Exchange") || from.contains(QLatin1String("outlook.com")))
        return QStringLiteral("exchange");
    if (from.contains(QLatin1String("googlemail.com")) || from.contains(QLatin1String("google.com"))
        || textHas("Google tried to deliver"))
        return QStringLiteral("gmail");
    if (from.contains(QLatin1String("amazonses")) || parts.deliveryStatus.contains("amazonses"))
        return QStringLiteral("amazonses");
    if (from.contains(QLatin1String("yahoo")))
        return QStringLiteral("yahoo");
    if (from.contains(QLatin1String("aol.com")))
        return QStringLiteral("aol");
    return dsn ? QStringLiteral("rfc3464") : QStringLiteral("unknown");
}

struct Mention
{
    QString address;
    qsizetype position;
};

// Addresses a bounce's prose names as failed, in order of first mention.
QList<Mention> mentionedRecipients(const QString &section, const QSet<QString> &exclude)
{
    static const QList<RE> patterns = [] {
        const QString a = AddressPattern;
        QList<RE> list;
        // Postfix "<a@b>: host ... said", qmail "<a@b>:", sendmail "<a@b>... User unknown"
        list.append(RE(QStringLiteral(R"(^[ \t]*<(%1)>(?::|\.\.\.|[ \t]*$))").arg(a), Options));
        // An address that starts its line: Exim, Gmail, Exchange ("a@b<mailto:a@b>"),
        // Sendmail-alikes (">>> a@b <a@b>"), GMX ("\"a@b\":"), Exchange 2003 ("a@b on <date>"),
        // bulleted lists ("  * a@b")
        list.append(RE(
            QStringLiteral(R"(^[ \t>"*]*<?(%1)>?"?[ \t]*(?::|<[^>]*>|\(|\[|on\s|\.\.\.|$))").arg(a),
            Options));
        list.append(RE(QStringLiteral(R"(RCPT TO:\s*<?(%1)>?)").arg(a), Options));
        // An address that starts a line on which a server's reply code follows (Zoho:
        // "a@b Invalid Address, ERROR_CODE :550, ...")
        list.append(
            RE(QStringLiteral(R"(^[ \t]*<?(%1)>?[ \t]+[^\n]*?(?<![\d.])[45]\d\d(?![\d.]))").arg(a),
                Options));
        // Old Sendmail's summary after the transcript: "554 <a@b>... 550 Host unknown"
        list.append(RE(QStringLiteral(R"(^[45]\d\d <(%1)>\.\.\.)").arg(a), Options));
        // PMDF / Sun Messaging Server "Recipient address: a@b"
        list.append(RE(QStringLiteral(R"(^[ \t]*Recipient address:\s*<?(%1)>?)").arg(a), Options));
        list.append(
            RE(QStringLiteral(
                   R"((?:delivered to|delivery to|message to|failed to|recipient|addressed to|)"
                   R"(deliver(?:ing)? to|reach|for|unknown user|user unknown|invalid user|)"
                   R"(no such user|errors|member of this (?:mailing )?list)[:\s]+<?(%1)>?)")
                    .arg(a),
                Options));
        list.append(RE(QStringLiteral(R"(^[ \t]*(%1)\.\.\.)").arg(a), Options));
        list.append(
            RE(QStringLiteral(R"(^[ \t]*(?:Original|Final)-Recipient:\s*(?:rfc822;)?\s*<?(%1)>?)")
                    .arg(a),
                Options));
        return list;
    }();
    QList<Mention> found;
    QSet<QString> seen;
    for (const RE &pattern : patterns) {
        // A Final-Recipient field in the prose, or an address alone on its line in qmail's and
        // Postfix's "<a@b>:" form, names the failed address outright, even when it is the
        // notice's own To (a user who wrote to themselves).
        const bool outright = &pattern == &patterns.last() || &pattern == &patterns.first();
        for (auto it = pattern.globalMatch(section); it.hasNext();) {
            const auto m = it.next();
            const QString address = MailText::address(m.captured(1));
            const QString key = address.toLower();
            if (address.isEmpty() || (exclude.contains(key) && !outright))
                continue;
            if (seen.contains(key)) {
                for (Mention &mention : found)
                    if (mention.address.toLower() == key)
                        mention.position = qMin(mention.position, m.capturedStart(1));
                continue;
            }
            seen.insert(key);
            found.append({ address, m.capturedStart(1) });
        }
    }
    std::sort(found.begin(), found.end(),
        [](const Mention &a, const Mention &b) { return a.position < b.position; });
    if (found.size() > MaxRecipients)
        found.resize(MaxRecipients);
    return found;
}

// A DSN field in ISO-2022-JP (Domino in Japanese): 7-bit, so it reads as ASCII with escape
// sequences; the part's charset says nothing about its fields, the escapes do.
QString withEscapesDecoded(const QString &text)
{
    if (!text.contains(QChar(0x1b)))
        return text;
    QStringDecoder japanese("ISO-2022-JP");
    if (!japanese.isValid())
        return text;
    const QString decoded = japanese.decode(text.toLatin1());
    return japanese.hasError() ? text : decoded;
}

QString compact(const QString &text)
{
    return text.simplified().left(MaxDiagnosticChars);
}

// The lines of an error section that carry a server's answer, else the whole section. An
// answer wrapped over indented lines (Exim: "550 5.2.0 <a@b> From:\n    Domain is invalid")
// keeps its continuation lines.
QString diagnosticLines(const QString &block)
{
    static const RE reply(
        QStringLiteral(R"(^.*(?<![\w.])[245]\d\d[ -].*$|^.*(?<![\d.])[245]\.\d{1,3}\.\d{1,3}.*$)"),
        Options);
    static const RE continuation(QStringLiteral(R"(\G\n([ \t]+\S[^\n]*))"));
    // Answers are joined with a bar, so that words of two answers never read as one phrase
    // ("User unknown | host example.jp" is no "unknown host").
    QStringList answers;
    for (auto it = reply.globalMatch(block); it.hasNext() && answers.size() < 50;) {
        const auto m = it.next();
        QString answer = m.captured(0).trimmed();
        // Indented lines right below the answer, up to the next answer or a blank line.
        qsizetype at = m.capturedEnd(0);
        for (auto more = continuation.match(block, at); more.hasMatch();
             more = continuation.match(block, at)) {
            if (reply.match(more.captured(1)).hasMatch() || answer.size() > MaxDiagnosticChars)
                break;
            answer += QLatin1Char(' ') + more.captured(1).trimmed();
            at = more.capturedEnd(0);
        }
        answers.append(answer);
    }
    return compact(answers.isEmpty() ? block : answers.join(QLatin1String(" | ")));
}

// Sendmail puts only the first line of a multi-line reply ("552-5.7.0 This message was blocked
// because ...") in the Diagnostic-Code; its transcript ("<<< 552-5.7.0 ...") has the rest, and
// the rest often says why.
QString completedReply(const QString &diagnostic, const QString &section)
{
    static const RE continued(QStringLiteral(R"(^\d{3}-)"));
    static const RE replyLine(
        QStringLiteral(R"(^(?:<<< )?(\d{3})([- ])(?:[245]\.\d{1,3}\.\d{1,3} )?(.*)$)"));
    if (!continued.match(diagnostic).hasMatch())
        return diagnostic;
    // The transcript's copy is the one at the start of a line ("<<< 552-..."); Sendmail's
    // summary quotes it in parentheses first.
    const QString start = diagnostic.left(40);
    QStringList parts;
    // A hostile notice may repeat the line thousands of times: a few copies are looked at.
    int copies = 0;
    for (qsizetype at = section.indexOf(start); at >= 0 && parts.isEmpty() && ++copies <= 8;
         at = section.indexOf(start, at + 1)) {
        // Line by line from the start of the copy's line, while they continue the reply.
        for (qsizetype lineStart = section.lastIndexOf(QLatin1Char('\n'), at) + 1;
             lineStart < section.size();) {
            qsizetype lineEnd = section.indexOf(QLatin1Char('\n'), lineStart);
            if (lineEnd < 0)
                lineEnd = section.size();
            const auto m = replyLine.match(
                QStringView(section).sliced(lineStart, lineEnd - lineStart).trimmed());
            if (!m.hasMatch())
                break;
            // The first line keeps its code, as the Diagnostic-Code gave it.
            parts.append(parts.isEmpty() ? diagnostic : m.captured(3).trimmed());
            if (m.captured(2) == QLatin1String(" ") || parts.size() > 50)
                break;
            lineStart = lineEnd + 1;
        }
    }
    return parts.size() > 1 ? compact(parts.join(QLatin1Char(' '))) : diagnostic;
}

// A delivery-status part that GMime could not split off (a boundary line indented by a space)
// is read where it stands in the text: from its Reporting-MTA, or its first recipient field,
// to the end of the notice's own text.
QByteArray deliveryStatusInProse(const QString &section)
{
    static const RE start(
        QStringLiteral(R"(^(?:Reporting-MTA|Original-Recipient|Final-Recipient):)"), Options);
    static const RE recipientField(QStringLiteral(R"(^Final-Recipient:)"), Options);
    static const RE statusField(QStringLiteral(R"(^Status:\s*[245]\.\d)"), Options);
    const auto first = start.match(section);
    if (!first.hasMatch())
        return {};
    const QString block = section.mid(first.capturedStart());
    if (!recipientField.match(block).hasMatch() || !statusField.match(block).hasMatch())
        return {};
    return block.left(MaxDiagnosticChars * 64).toUtf8();
}

QSet<QString> ownAddresses(const MailParts &parts)
{
    QSet<QString> set;
    for (const char *name : { "From", "To", "Return-Path" }) {
        const QString address = MailText::address(parts.headers.value(QLatin1String(name)));
        if (!address.isEmpty())
            set.insert(address.toLower());
    }
    return set;
}

OriginalMessage originalFrom(const MailParts &parts, const QString &text)
{
    if (!parts.originalHeaders.isEmpty())
        return OriginalMessageReader::read(parts.originalHeaders);
    const qsizetype start = originalStart(text);
    if (start < 0)
        return {};
    QString block = text.mid(start);
    while (block.startsWith(QLatin1Char('\n')) || block.startsWith(QLatin1Char('\r'))
        || block.startsWith(QLatin1Char(' ')))
        block.remove(0, 1);
    return OriginalMessageReader::read(block.toUtf8());
}

void finishRecipient(BounceRecipient &recipient, const QString &context, bool strictStage = false)
{
    const QString fromText = BounceReason::statusFromText(recipient.diagnostic);
    if (recipient.status.isEmpty()
        || (recipient.status.endsWith(QLatin1String(".0.0")) && !fromText.isEmpty()
            && !fromText.endsWith(QLatin1String(".0.0"))))
        recipient.status = fromText.isEmpty() ? BounceReason::statusFromText(context) : fromText;
    recipient.reason = BounceReason::classify(
        { recipient.status, recipient.diagnostic, context, strictStage, recipient.localMailer });
}

// The prose about each recipient (keyed by lower-case address), for DSNs whose Diagnostic-Code
// is missing or cut short.
QHash<QString, QString> recipientBlocks(const QString &section, const QList<Mention> &mentions)
{
    QHash<QString, QString> blocks;
    for (const Mention &mention : mentions) {
        // From the start of the line that names the recipient, and the line before when the
        // address stands alone ("Unknown user:" above it).
        qsizetype from = qMax<qsizetype>(0, mention.position);
        from = section.lastIndexOf(QLatin1Char('\n'), from) + 1;
        const qsizetype lineEnd = section.indexOf(QLatin1Char('\n'), from);
        const QString line = section.mid(from, lineEnd < 0 ? -1 : lineEnd - from).trimmed();
        if (line.size() <= mention.address.size() + 24 && from > 1) {
            const qsizetype previous = section.lastIndexOf(QLatin1Char('\n'), from - 2) + 1;
            if (!section.mid(previous, from - previous).trimmed().isEmpty())
                from = previous;
        }
        qsizetype to = section.size();
        for (const Mention &other : mentions)
            if (other.position > mention.position && other.position < to)
                to = other.position;
        blocks.insert(mention.address.toLower(), compact(section.mid(from, to - from)));
    }
    return blocks;
}

// Amazon SES delivers bounce notifications through SNS as JSON in a text/plain body.
std::optional<Bounce> fromSesNotification(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (!trimmed.startsWith(QLatin1Char('{'))
        || !trimmed.contains(QLatin1String("notificationType")))
        return std::nullopt;
    // The JSON object ends where the SNS footer starts.
    const qsizetype end = trimmed.lastIndexOf(QLatin1Char('}'));
    const QJsonObject root = QJsonDocument::fromJson(trimmed.left(end + 1).toUtf8()).object();
    if (root.value(QLatin1String("notificationType")).toString() != QLatin1String("Bounce"))
        return std::nullopt;
    const QJsonObject details = root.value(QLatin1String("bounce")).toObject();
    Bounce bounce;
    bounce.mtaFormat = QStringLiteral("amazonses");
    bounce.reportingMta = details.value(QLatin1String("reportingMTA")).toString();
    bounce.reportingMta = MailText::stripType(bounce.reportingMta);
    for (const QJsonValue &value : details.value(QLatin1String("bouncedRecipients")).toArray()) {
        const QJsonObject object = value.toObject();
        BounceRecipient recipient;
        recipient.address
            = MailText::address(object.value(QLatin1String("emailAddress")).toString());
        recipient.action = object.value(QLatin1String("action")).toString(QStringLiteral("failed"));
        recipient.status = object.value(QLatin1String("status")).toString();
        recipient.diagnostic = compact(object.value(QLatin1String("diagnosticCode")).toString());
        if (!recipient.address.isEmpty() && bounce.recipients.size() < MaxRecipients)
            bounce.recipients.append(recipient);
    }
    if (bounce.recipients.isEmpty())
        return std::nullopt;
    const QJsonObject common = root.value(QLatin1String("mail"))
                                   .toObject()
                                   .value(QLatin1String("commonHeaders"))
                                   .toObject();
    bounce.original.from
        = MailText::address(common.value(QLatin1String("from")).toArray().first().toString());
    bounce.original.to = common.value(QLatin1String("to")).toArray().first().toString();
    bounce.original.subject = common.value(QLatin1String("subject")).toString();
    bounce.original.messageId = common.value(QLatin1String("messageId")).toString();
    bounce.original.date = MailText::parseDate(common.value(QLatin1String("date")).toString());
    const QString subType = details.value(QLatin1String("bounceSubType")).toString();
    for (BounceRecipient &recipient : bounce.recipients)
        finishRecipient(recipient, subType);
    return bounce;
}

} // namespace

qsizetype originalStart(const QString &text)
{
    static const RE separator(
        QStringLiteral(
            R"(^[ \t>|-]*(?:this is a copy of the (?:message|headers)|below this line is a copy|)"
            R"((?:the )?original message(?: headers)?(?: (?:follows|is (?:included|attached|below)))?[ \t:.*-]*$|)"
            R"(undelivered message headers|returned message|message headers follow|headers of the original|)"
            R"(the header of the original message|included is a copy|a copy of the original message|)"
            R"(start of returned message|returned mail follows|text of the message follows|)"
            R"(original headers|unsent message (?:below|follows)|copy of the undelivered)[^\n]*\n)"),
        Options);
    if (const auto m = separator.match(text); m.hasMatch())
        return m.capturedEnd();
    // No separator: the first block of at least three header fields that a message starts with.
    static const RE fieldLine(
        QStringLiteral(
            R"(^(?:Received|Return-Path|Message-ID|DKIM-Signature|From|Date|Subject|To):[ \t])"),
        Options);
    for (auto it = fieldLine.globalMatch(text); it.hasNext();) {
        const qsizetype start = it.next().capturedStart();
        // A message's own header starts with a field its sender's or a relay's software wrote;
        // a summary of To, CC, Date and Subject (IMail) is the notice's prose.
        const HeaderFields fields = HeaderFields::parse(text.mid(start, 16 * 1024).toUtf8());
        bool originated = false;
        for (const char *name : { "From", "Received", "Return-Path", "Message-ID" })
            originated |= fields.contains(QLatin1String(name));
        if (fields.fields().size() >= 3 && originated)
            return start;
    }
    return -1;
}

bool isAutoReply(const MailParts &parts)
{
    if (parts.reportType == QLatin1String("disposition-notification"))
        return true; // a read receipt
    const QString autoSubmitted = parts.headers.value(QLatin1String("Auto-Submitted")).toLower();
    if (autoSubmitted.startsWith(QLatin1String("auto-replied")))
        return true;
    for (const char *name : { "X-Autoreply", "X-Autorespond", "X-Autoresponder" })
        if (parts.headers.contains(QLatin1String(name)))
            return true;
    if (parts.headers.value(QLatin1String("Precedence"))
            .compare(QLatin1String("auto_reply"), Qt::CaseInsensitive)
        == 0)
        return true;
    static const RE subject(
        QStringLiteral(
            R"(^\s*(?:auto(?:matic|matische)?[ -]?(?:reply|antwort|response|answer)|out of (?:the )?office|)"
            R"(abwesenheit|vacation|autoreply|auto:|r[ée]ponse automatique|risposta automatica|)"
            R"(respuesta autom[áa]tica|read:|gelesen:|lu :|delivered:|relayed:))"),
        Options);
    return subject.match(parts.subject()).hasMatch();
}

std::optional<Bounce> parse(const MailParts &parts)
{
    Bounce bounce;
    const QString text = parts.allText();
    const qsizetype originalAt = originalStart(text);
    const QString section = originalAt < 0 ? text : text.left(originalAt);
    QSet<QString> exclude = ownAddresses(parts);

    if (auto ses = fromSesNotification(text))
        return ses;
    bool dsn = false;
    const QByteArray deliveryStatus
        = parts.deliveryStatus.isEmpty() ? deliveryStatusInProse(section) : parts.deliveryStatus;
    const bool dsnInProse = parts.deliveryStatus.isEmpty() && !deliveryStatus.isEmpty();
    if (!deliveryStatus.isEmpty()) {
        const QList<HeaderFields> groups = HeaderFields::parseGroups(deliveryStatus);
        int successes = 0;
        for (const HeaderFields &group : groups) {
            if (group.contains(QLatin1String("Reporting-MTA")) && bounce.reportingMta.isEmpty())
                bounce.reportingMta
                    = MailText::stripType(group.value(QLatin1String("Reporting-MTA"))).toLower();
            if (group.contains(QLatin1String("Arrival-Date")) && bounce.arrivalDate == 0)
                bounce.arrivalDate
                    = MailText::parseDate(group.value(QLatin1String("Arrival-Date")));
            const QString finalRecipient = group.value(QLatin1String("Final-Recipient"));
            const QString originalRecipient = group.value(QLatin1String("Original-Recipient"));
            if (finalRecipient.isNull() && originalRecipient.isNull())
                continue;
            BounceRecipient recipient;
            const QString named = finalRecipient.isEmpty() ? originalRecipient : finalRecipient;
            recipient.address = MailText::address(named);
            // A malformed address ("user@#example.net") is still the one that failed.
            if (const QString raw = MailText::stripType(named).trimmed();
                recipient.address.isEmpty() && raw.contains(QLatin1Char('@'))
                && !raw.contains(QLatin1Char(' ')))
                recipient.address = raw.left(320);
            recipient.originalRecipient = MailText::address(originalRecipient);
            recipient.action = group.value(QLatin1String("Action")).trimmed().toLower();
            recipient.status
                = group.value(QLatin1String("Status")).section(QLatin1Char(' '), 0, 0).trimmed();
            recipient.remoteMta = MailText::stripType(group.value(QLatin1String("Remote-MTA")));
            const QString diagnosticCode = group.value(QLatin1String("Diagnostic-Code"));
            recipient.diagnostic = compact(withEscapesDecoded(MailText::stripType(diagnosticCode)));
            recipient.localMailer = diagnosticCode.trimmed().startsWith(
                QLatin1String("X-Unix;"), Qt::CaseInsensitive);
            const bool success = recipient.action.startsWith(QLatin1String("deliver"))
                || recipient.action == QLatin1String("relayed")
                || recipient.action == QLatin1String("expanded")
                || (recipient.action.isEmpty() && recipient.status.startsWith(QLatin1Char('2')));
            if (success) {
                ++successes;
                continue;
            }
            if (recipient.address.isEmpty() || bounce.recipients.size() >= MaxRecipients)
                continue;
            bounce.recipients.append(recipient);
        }
        if (bounce.recipients.isEmpty() && successes > 0)
            return std::nullopt; // a delivery (or relay) notice, not a bounce
        dsn = !bounce.recipients.isEmpty();
    }

    if (!dsn) {
        // No usable DSN: the prose must read like a bounce from a mail system.
        const bool looksLikeBounce = parts.headers.contains(QLatin1String("X-Failed-Recipients"))
            || parts.reportType == QLatin1String("delivery-status")
            || ((fromMailSystem(parts) || bounceSubject(parts.subject())) && bounceBody(section))
            || listManagerRefusal(parts, section);
        if (!looksLikeBounce)
            return std::nullopt;
        const OriginalMessage original = originalFrom(parts, text);
        if (!original.from.isEmpty())
            exclude.insert(original.from.toLower());
        QList<Mention> mentions;
        for (const QString &failed : parts.headers.value(QLatin1String("X-Failed-Recipients"))
                                         .split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QString address = MailText::address(failed);
            if (!address.isEmpty())
                mentions.append({ address, section.indexOf(address, 0, Qt::CaseInsensitive) });
        }
        if (mentions.isEmpty())
            mentions = mentionedRecipients(section, exclude);
        if (mentions.isEmpty()) {
            // No phrase names the recipient: any other address in the notice, else the
            // returned message's To (what the sender wrote to, and so what failed).
            static const RE any(AddressPattern, Options);
            for (auto it = any.globalMatch(section);
                 it.hasNext() && mentions.size() < MaxRecipients;) {
                const auto m = it.next();
                const QString address = MailText::address(m.captured(0));
                bool seen = exclude.contains(address.toLower());
                for (const Mention &mention : std::as_const(mentions))
                    seen |= mention.address.compare(address, Qt::CaseInsensitive) == 0;
                if (!seen)
                    mentions.append({ address, m.capturedStart(0) });
            }
            const QString to = MailText::address(original.to);
            if (mentions.isEmpty() && !to.isEmpty())
                mentions.append({ to, -1 });
        }
        // Some notices state the error once, before the list of recipients it applies to
        // (MailMarshal: "Could not be delivered because of 550 5.1.1 User unknown / The
        // following recipients were affected: ...").
        qsizetype firstMention = section.size();
        for (const Mention &mention : std::as_const(mentions))
            if (mention.position >= 0)
                firstMention = qMin(firstMention, mention.position);
        const QString preamble = diagnosticLines(section.left(firstMention));
        const bool preambleAnswers = !BounceReason::statusFromText(preamble).isEmpty();
        for (qsizetype i = 0; i < mentions.size(); ++i) {
            BounceRecipient recipient;
            recipient.address = mentions.at(i).address;
            recipient.action = QStringLiteral("failed");
            const qsizetype from = qMax<qsizetype>(0, mentions.at(i).position);
            qsizetype to = section.size();
            for (const Mention &other : mentions)
                if (other.position > from && other.position < to)
                    to = other.position;
            recipient.diagnostic = diagnosticLines(section.mid(from, to - from));
            if (preambleAnswers && BounceReason::statusFromText(recipient.diagnostic).isEmpty())
                recipient.diagnostic = preamble;
            bounce.recipients.append(recipient);
        }
        if (bounce.recipients.isEmpty())
            return std::nullopt; // a notice that names no recipient tells nothing to act on
        bounce.original = original;
    } else {
        bounce.original = originalFrom(parts, text);
    }

    for (BounceRecipient &recipient : bounce.recipients)
        recipient.diagnostic = completedReply(recipient.diagnostic, section);
    const QList<Mention> mentions = mentionedRecipients(section, exclude);
    const QHash<QString, QString> blocks = recipientBlocks(section, mentions);
    const QString whole = compact(section);
    bounce.mtaFormat = detectFormat(parts, text, dsn);
    const bool strictStage = bounce.mtaFormat == QLatin1String("postfix");
    for (BounceRecipient &recipient : bounce.recipients) {
        const auto block = blocks.constFind(recipient.address.toLower());
        // A DSN without a Diagnostic-Code (OpenSMTPD, Sendmail's queue) often has the server's
        // answer in the prose beside the address: "a@b: 552 5.2.2 ... Mailbox full". (Not when
        // the DSN itself stands in the prose: its fields are no answer.)
        if (recipient.diagnostic.isEmpty() && block != blocks.cend() && !dsnInProse
            && !BounceReason::statusFromText(*block).isEmpty())
            recipient.diagnostic = diagnosticLines(*block);
        // A recipient still queued (Action: delayed) with no answer of its own: the prose
        // around it is about the others, that failed.
        const bool waiting
            = recipient.action == QLatin1String("delayed") && recipient.diagnostic.isEmpty();
        finishRecipient(recipient, waiting ? QString() : (block != blocks.cend() ? *block : whole),
            strictStage);
    }
    if (bounce.reportingMta.isEmpty())
        bounce.reportingMta = reportingHost(parts, text);
    if (bounce.arrivalDate == 0)
        bounce.arrivalDate = MailText::parseDate(parts.headers.value(QLatin1String("Date")));
    // Google Groups answers in the sender's language: a refused post whatever it says.
    if (bounce.mtaFormat == QLatin1String("googlegroups"))
        for (BounceRecipient &recipient : bounce.recipients)
            if (BounceReason::saysNothingKnown(recipient.reason))
                recipient.reason = QStringLiteral("rejected");
    return bounce;
}

} // namespace BounceParser
