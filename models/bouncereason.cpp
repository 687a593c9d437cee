#include "bouncereason.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>

namespace BounceReason {

namespace {

using RE = QRegularExpression;

struct Rule
{
    const char *reason;
    const char *pattern; // case-insensitive, matched anywhere in the diagnostic
};

// Ordered: the first rule that matches wins. Blocklists come before spam because "blocked
// using zen.spamhaus.org" names spam without the message being judged spam; the recipient's
// mailbox comes before policy because a 5.7.1 "user unknown" is still an unknown user.
const Rule Rules[] = {
    { "virusdetected", R"(\bvirus|malware|infected|\bworm\b)" },
    { "policyviolation",
        R"(dmarc|policy violation|violat\w* (?:of )?(?:our|the|local)? ?(?:\w+ )?polic|)"
        R"(message (?:is )?not accepted (?:due to|because of) (?:a )?(?:local )?policy|)"
        R"(policy reasons|denied by policy|protocol violation|multiple .{0,20}addresses in from|)"
        R"(illegal attachment|potential security issue)" },
    // A spam filter's verdict, before the block lists that "Blocked by SpamAssassin" would hit.
    { "spamdetected", R"(spamassassin|spam pattern|blacklisted url|spam content)" },
    // Before the sender and relaying rules: "unauthenticated senders not allowed" and "not
    // permitted to relay without authentication" are about authenticating.
    { "securityerror",
        R"(unauthenticated senders? not allowed|turn on smtp authentication|)"
        R"(relay through this server without authentication)" },
    // Before the block lists: "Relay access denied" is about relaying, not an access list.
    { "norelaying",
        R"(relay(?:ing)? (?:access )?(?:denied|not permitted|prohibited)|not permitted to relay|)"
        R"(unable to relay|no relaying|not (?:allowed|authorized|configured) to relay|)"
        R"(relay not allowed|as a relay, but|list of allowed rcpthosts)" },
    { "blocked",
        R"(blocked using|block ?list|black ?list|(?<!not )listed (?:in|on|at)|rbl\b|dnsbl|)"
        R"(spamhaus|)"
        R"(\bblocked (?:by|for)\b|messages from [\d.:a-f]+ weren.t sent|)"
        R"(spamcop|barracuda ?central|sorbs|client host .{0,40}(?:blocked|rejected|refused)|)"
        R"(poor reputation|bad reputation|ip reputation|reputation of the sending ip|)"
        R"(ip .{0,40}(?:blocked|blacklisted|banned)|)"
        R"(connection (?:refused|rejected) .{0,20}(?:policy|reputation)|ip name lookup failed|banned|rdns|)"
        R"(not allowed to send mail from|invalid ip|your (?:ip|network) )"
        R"(.{0,30}(?:block|banned)|reverse dns|no ptr|ptr record|not allowed to send from|)"
        // Refusals of the sending host itself: its reputation (Yahoo's "deferred due to ...
        // user complaints"), its address range (dial-up pools told to use their ISP's server),
        // its name against its address, or any connection at all.
        R"(user complaints|use the smtp server of your isp|mismatches client ip|)"
        R"(not accepting connections)" },
    // A domain that publishes that it takes no mail, and a failed DNS query, before the domain
    // rules: "DNS Error: ... NXDOMAIN Domain name not found" is a lookup that failed (often for a
    // while), "Name service error ...: Host not found, try again" too.
    { "notaccept", R"(doesn.t receive e-?mail|does not receive e-?mail|no mx record found)" },
    { "hostunknown", R"(host or domain name not found)" },
    { "networkerror", R"(name service error|dns error|dns query failed)" },
    // Before the mailbox: "unrouteable address" and "domain does not exist" are about the domain.
    { "hostunknown",
        R"(host unknown|unknown host|host (?:or domain name )?not found|domain (?:not found|)"
        R"(does not exist|doesn.t exist|is not reachable|must exist)|no such domain|)"
        R"(unroute?able (?:mail domain|address)|no mx|domain name not found|unknown domain|)"
        R"(name or service not known|host unreachable)" },
    // The receiving system's disk, before the mailbox rules' "space for" and "try again later".
    { "systemfull", R"(insufficient (?:disk|system) (?:space|storage)(?! for))" },
    { "mailboxfull",
        R"(mailbox (?:is )?full|mail ?box.{0,20}full|over ?quota|quota exceeded|)"
        R"(exceeded .{0,20}quota|)"
        R"(mailbox size limit|storage allocation|insufficient (?:disk )?space for|full mailbox|)"
        R"(mailbox (?:has )?exceeded|disk quota|out of (?:storage|disk) space for|user.{0,20}over|)"
        R"(quota|folder is full|mailbox is full|mailbox exceeds allowed size|)"
        R"(too many messages on the server)" },
    { "suspend",
        R"((?<!delivery temporarily )suspended|disabled|inactive|deactivated|)"
        R"(account (?:has been )?(?:closed|locked|expired)|)"
        R"(mailbox (?:is )?(?:closed|locked)|is locked|temporar\w* locked|frozen|account is blocked)" },
    { "userunknown",
        R"(user unknown|unknown user|no such (?:user|mailbox|recipient|address|account)|)"
        R"(recipient not found|recipientnotfound|user not found|mail-?box not found|no mailbox found|)"
        R"(unknown recipient|invalid recipient|recipient (?:address )?(?:is )?invalid|)"
        R"(address (?:does not|doesn.t) exist|(?:mailbox|account|user|address) )"
        R"((?:does not|doesn.t) exist|does not exist|no mailbox here|not a valid mailbox|)"
        R"(invalid mailbox|bad destination mailbox|unknown local part|)"
        R"(user (?:is )?not known|addressee unknown|address not found|couldn.t be found|)"
        R"(could not be found|unknown address|no such local user|not our customer|)"
        R"(mailbox unavailable|mailbox is unavailable|user doesn.t have|does not like recipient|)"
        R"(not a known user|not an active address|no mail ?box available|bad_recipient|)"
        R"(recipient (?:address )?rejected|is not a valid|user not exist|not a valid recipient|)"
        R"(name is not recognized|no valid recipients|invalid final delivery userid|)"
        R"(not listed in (?:domino directory|public name)|ディレクトリには見つかりません|)"
        R"(ディレクトリのリストにありません|)"
        R"(invalid user address)" },
    { "spamdetected",
        R"(\bspam|\bube\b|unsolicited|bulk e?-?mail|junk mail|suspicious content|content reject|)"
        R"(content filter|\buribl\b|mass mailer)" },
    // Before the status: Gmail's "receiving mail at a rate that prevents..." is sent as 5.2.1.
    { "toomanyconn", R"(receiving mail at a rate)" },
    { "networkerror", R"(nxdomain|name server reply|dns lookup|host name lookup failure)" },
    { "mesgtoobig",
        R"(message (?:size )?(?:too (?:big|large)|exceeds)|too big|size limit|message is too large|)"
        R"(exceeds? (?:the )?(?:maximum|max) (?:message )?size|message length exceeds|)"
        R"(line limit exceeded|max(?:imum)? message size exceeded)" },
    { "expired",
        R"(expired|retry time(?:out)? (?:not reached|exceeded)|too long in (?:the )?queue|)"
        R"(could not be delivered (?:with)?in|delivery time|giving up|undeliverable for|gave up|)"
        R"(failing for a long time|will be retried|attempts will continue|)"
        R"(did not accept our requests to connect|was aborted after|connection timed out|)"
        R"(could not find a gateway|message timed out|server did not respond|has been delayed|)"
        R"(after multiple retries|not reachable within the allowed queue|)"
        R"(delivery failed \d+ attempts|not delivered within \d+ days)" },
    { "toomanyconn",
        R"(too many (?:connections|concurrent|sessions|recipients|messages)|rate limit|)"
        R"(try again later|throttl|temporarily deferred|frequency limited)" },
    { "networkerror",
        R"(connection (?:refused|timed out|reset)|timed out|network is unreachable|network error|)"
        R"(no route to host|lost connection|mail loop|loops back|too many hops|routing loop)" },
    { "rejected",
        R"(sender (?:address )?(?:rejected|denied|blocked)|sender verify|envelope sender|)"
        R"(mail from .{0,40}rejected|domain of sender|unauthenticated|not authorized to send|)"
        R"(sender address|not verified|not a member of this (?:mailing )?list|access denied)" },
    { "securityerror",
        R"(authentication (?:required|failed)|must (?:use|issue) (?:a )?starttls|tls required|)"
        R"(encryption required|\bspf\b|dkim)" },
    { "filtered",
        R"(filtered|refused by (?:the )?recipient|rejected by (?:the )?recipient|)"
        R"(delivery not authorized|not accepting mail from|recipient.{0,20}refuse)" },
    { "notaccept",
        R"(does not accept mail|not accept any mail|null mx|accepts no mail|no smtp service)" },
    { "systemfull", R"(insufficient system storage|disk full|file system full|out of disk)" },
    { "systemerror",
        R"(system error|internal (?:server )?error|configuration error|server error|)"
        R"(temporary (?:local )?problem|service (?:currently )?unavailable|transaction failed|)"
        R"(duplicated message-id)" },
    { "syntaxerror",
        R"(syntax error|command unrecognized|unrecognized command|not implemented|)"
        R"(malformed (?:recipient )?address)" },
    { "mailererror",
        R"(command failed|program exited|procmail|mailer error|exit code|pipe to \|)" },
    { "contenterror",
        R"(header error|illegal character|invalid header|malformed|8-bit data|)"
        R"(headers? too large)" },
    { "hasmoved", R"(has moved|address (?:has )?changed|no longer (?:valid|available))" },
};

struct CompiledRule
{
    QString reason;
    QRegularExpression pattern;
};

const QList<CompiledRule> &compiledRules()
{
    static const QList<CompiledRule> rules = [] {
        QList<CompiledRule> list;
        for (const Rule &rule : Rules)
            list.append({ QLatin1String(rule.reason),
                QRegularExpression(QString::fromUtf8(rule.pattern),
                    QRegularExpression::CaseInsensitiveOption
                        | QRegularExpression::UseUnicodePropertiesOption) });
        return list;
    }();
    return rules;
}

// The reason of the first rule that matches `text`, in the rules' order; empty if none does.
QString firstReason(const QString &text)
{
    if (!text.isEmpty())
        for (const CompiledRule &rule : compiledRules())
            if (rule.pattern.match(text).hasMatch())
                return rule.reason;
    return {};
}

// RFC 3463's subject and detail codes, where they name the problem on their own.
QString fromStatus(const QString &status)
{
    const QStringList parts = status.split(QLatin1Char('.'));
    if (parts.size() != 3)
        return {};
    const QString detail = parts.at(1) + QLatin1Char('.') + parts.at(2);
    static const struct
    {
        const char *detail;
        const char *reason;
    } Details[] = {
        { "1.1", "userunknown" },
        { "1.0", "userunknown" },
        { "1.10", "userunknown" },
        { "1.3", "userunknown" },
        { "1.2", "hostunknown" },
        { "1.6", "hasmoved" },
        { "1.7", "rejected" },
        { "1.8", "rejected" },
        { "2.0", "filtered" },
        { "2.1", "suspend" },
        { "2.2", "mailboxfull" },
        { "2.3", "exceedlimit" },
        { "2.4", "systemerror" },
        { "3.0", "systemerror" },
        { "3.1", "systemfull" },
        { "3.2", "notaccept" },
        { "3.4", "mesgtoobig" },
        { "3.5", "systemerror" },
        { "4.0", "networkerror" },
        { "4.1", "networkerror" },
        { "4.2", "networkerror" },
        { "4.3", "systemerror" },
        { "4.4", "hostunknown" },
        { "4.6", "networkerror" },
        { "4.7", "expired" },
        { "5.3", "toomanyconn" },
        { "5.0", "syntaxerror" },
        { "6.0", "contenterror" },
        { "7.0", "securityerror" },
        { "7.1", "rejected" },
        { "7.6", "securityerror" },
        { "7.8", "securityerror" },
        { "7.9", "securityerror" },
        { "7.23", "policyviolation" },
        { "7.25", "policyviolation" },
        { "7.26", "policyviolation" },
        { "7.27", "policyviolation" },
        { "7.28", "spamdetected" },
    };
    for (const auto &entry : Details)
        if (detail == QLatin1String(entry.detail))
            return QLatin1String(entry.reason);
    return {};
}

// Two codes are answered for whatever stopped the message, and the words say what did:
// servers answer 5.1.1 for any refused recipient (relaying, a block list, a full mailbox, a
// moved or refused address, a rate or size limit), and a queue that gave up (4.4.7) quotes the
// last answer it had (a block, a full mailbox or disk, a network error).
const QHash<QString, QStringList> &overridable()
{
    static const QHash<QString, QStringList> reasons = {
        { QStringLiteral("userunknown"),
            { QStringLiteral("norelaying"), QStringLiteral("blocked"),
                QStringLiteral("mailboxfull"), QStringLiteral("hasmoved"),
                QStringLiteral("rejected"), QStringLiteral("notaccept"),
                QStringLiteral("toomanyconn"), QStringLiteral("mesgtoobig") } },
        { QStringLiteral("expired"),
            { QStringLiteral("blocked"), QStringLiteral("mailboxfull"),
                QStringLiteral("systemfull"), QStringLiteral("norelaying"),
                QStringLiteral("spamdetected"), QStringLiteral("policyviolation"),
                QStringLiteral("suspend"), QStringLiteral("notaccept"),
                QStringLiteral("networkerror") } },
    };
    return reasons;
}

} // namespace

bool saysNothingKnown(const QString &reason)
{
    return reason == QLatin1String("onhold") || reason == QLatin1String("undefined");
}

QString smtpCommand(const QString &text)
{
    static const RE inReplyTo(
        QStringLiteral(
            R"((?:in reply to|SMTP error from remote mail server after|error after|after) )"
            R"((?:the )?(RCPT TO|MAIL FROM|end of DATA|DATA|EHLO|HELO|initial connection)\b)"),
        RE::CaseInsensitiveOption);
    static const RE transcript(
        QStringLiteral(R"(>>> (RCPT TO|MAIL FROM|DATA|EHLO|HELO)\b)"), RE::CaseInsensitiveOption);
    // Postfix's "refused to talk to me", qmail's "Connected to ... but greeting failed".
    static const RE greetingRefused(
        QStringLiteral(R"(refused to talk to me|but greeting failed)"), RE::CaseInsensitiveOption);
    // qmail names the refused step: "Connected to 192.0.2.1 but my name was rejected."
    static const RE qmailStep(
        QStringLiteral(R"(but (my name|sender) was rejected)"), RE::CaseInsensitiveOption);
    static const RE recipientCommand(QStringLiteral(R"(\bRCPT TO\b)"), RE::CaseInsensitiveOption);
    QString named;
    if (const auto m = inReplyTo.match(text); m.hasMatch()) {
        named = m.captured(1);
    } else {
        // The failing command is the transcript's last: the ones before it were answered.
        for (auto it = transcript.globalMatch(text); it.hasNext();)
            named = it.next().captured(1);
    }
    if (named.isEmpty()) {
        if (const auto m = qmailStep.match(text); m.hasMatch())
            return m.captured(1).compare(QLatin1String("sender"), Qt::CaseInsensitive) == 0
                ? QStringLiteral("MAIL")
                : QStringLiteral("EHLO");
        if (greetingRefused.match(text).hasMatch())
            return QStringLiteral("CONN");
        if (recipientCommand.match(text).hasMatch())
            return QStringLiteral("RCPT");
        return {};
    }
    named = named.toUpper();
    if (named.endsWith(QLatin1String("DATA")))
        return QStringLiteral("DATA");
    if (named == QLatin1String("INITIAL CONNECTION"))
        return QStringLiteral("CONN");
    return named.section(QLatin1Char(' '), 0, 0);
}

QString classify(const QString &status, const QString &diagnostic, const QString &context)
{
    return classify(Evidence { status, diagnostic, context });
}

QString classify(const Evidence &evidence)
{
    const QString &status = evidence.status;
    const QString &diagnostic = evidence.diagnostic;

    if (evidence.localMailer) {
        // A delivery program's exit: only a full disk or mailbox says more than that it failed.
        const QString named = firstReason(diagnostic);
        static const QStringList storage
            = { QStringLiteral("mailboxfull"), QStringLiteral("systemfull") };
        return storage.contains(named) ? named : QStringLiteral("mailererror");
    }

    // Some status codes name the problem exactly; the words next to them are then only
    // decoration (a "5.2.2 ... User unknown" is a full mailbox).
    static const QStringList exact = { QStringLiteral("1.1"), QStringLiteral("1.2"),
        QStringLiteral("1.6"), QStringLiteral("1.7"), QStringLiteral("1.8"), QStringLiteral("1.10"),
        QStringLiteral("2.2"), QStringLiteral("2.3"), QStringLiteral("3.4"), QStringLiteral("4.7"),
        QStringLiteral("7.26") };
    const QString byStatus = fromStatus(status);
    if (exact.contains(status.section(QLatin1Char('.'), 1))) {
        // A DSN without a Diagnostic-Code (Sendmail's queue give-up) says it in the prose.
        const QString &words = diagnostic.isEmpty() ? evidence.context : diagnostic;
        const auto more = overridable().constFind(byStatus);
        if (more != overridable().cend())
            if (const QString named = firstReason(words); more->contains(named))
                return named;
        return byStatus;
    }

    // The words are read next, and what they mean depends on the command they answered.
    QString command = smtpCommand(diagnostic);
    if (command.isEmpty())
        command = smtpCommand(evidence.context);
    const bool atGreeting = command == QLatin1String("CONN") || command == QLatin1String("EHLO")
        || command == QLatin1String("HELO");
    for (const QString *text : { &diagnostic, &evidence.context }) {
        const QString reason = firstReason(*text);
        if (reason.isEmpty())
            continue;
        if (reason == QLatin1String("userunknown")) {
            // An unknown-user answer to MAIL FROM is about the sender; one given after the
            // message was sent (at DATA) means a filter on the other side refused it.
            if (command == QLatin1String("MAIL"))
                return QStringLiteral("rejected");
            if (command == QLatin1String("DATA")
                || (evidence.strictStage && command != QLatin1String("RCPT")))
                return QStringLiteral("filtered");
        }
        // A refusal of the connection or greeting refuses the sending host.
        if (atGreeting && reason == QLatin1String("rejected"))
            return QStringLiteral("blocked");
        return reason;
    }
    if (atGreeting)
        return QStringLiteral("blocked");
    if (!byStatus.isEmpty())
        return byStatus;
    if (status.startsWith(QLatin1Char('4')))
        return QStringLiteral("expired");
    // As in Sisimai's taxonomy: an error message that says nothing known is "on hold" (a person
    // has to read it); "undefined" is a failure that came with no message at all.
    return diagnostic.trimmed().isEmpty() ? QStringLiteral("undefined") : QStringLiteral("onhold");
}

QString statusFromText(const QString &text)
{
    // A transcript quotes the successes before the failure ("250 2.1.5 Ok"): only a 4xx or
    // 5xx code says why the message failed.
    static const QRegularExpression enhanced(
        QStringLiteral(R"((?<![\d.])([45])\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d))"));
    static const QRegularExpression basic(QStringLiteral(R"((?<![\d.])([45])\d\d(?=[ -]))"));
    const QRegularExpressionMatch precise = enhanced.match(text);
    if (precise.hasMatch())
        return precise.captured(1) + QLatin1Char('.') + precise.captured(2) + QLatin1Char('.')
            + precise.captured(3);
    const QRegularExpressionMatch reply = basic.match(text);
    if (reply.hasMatch())
        return reply.captured(1) + QLatin1String(".0.0");
    return {};
}

QStringList all()
{
    QStringList reasons;
    for (const Rule &rule : Rules)
        reasons.append(QLatin1String(rule.reason));
    for (const char *extra : { "exceedlimit", "onhold", "undefined" })
        reasons.append(QLatin1String(extra));
    reasons.removeDuplicates(); // a reason may have rules at two places in the order
    return reasons;
}

} // namespace BounceReason
