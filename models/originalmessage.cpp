#include "originalmessage.h"

#include "headerfields.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace OriginalMessageReader {

namespace {

// Headers a mail server or web host adds to name the account that submitted the message: what
// an abuse desk needs to find the compromised account.
const char *const SubmitterHeaders[] = {
    "X-Authenticated-User",
    "X-Authenticated-Sender",
    "X-AuthUser",
    "X-Auth-User",
    "X-Authenticated-As",
    "X-Sender-Id",
    "X-Source-Auth",
    "X-Originating-IP",
    "X-PHP-Originating-Script",
    "X-PHP-Script",
};

// A header block longer than this is kept only in part: the hops and fields are read from all.
constexpr qsizetype MaxKeptHeaderChars = 64 * 1024;

QString validIp(const QString &text)
{
    QString candidate = text;
    if (candidate.startsWith(QLatin1String("IPv6:"), Qt::CaseInsensitive))
        candidate = candidate.mid(5);
    QHostAddress address;
    if (!address.setAddress(candidate))
        return {};
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped);
    if (mapped)
        return QHostAddress(v4).toString(); // ::ffff:1.2.3.4 is an IPv4 sender
    return address.toString();
}

bool looksLikeHostName(const QString &name)
{
    static const QRegularExpression host(
        QStringLiteral(R"(^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?$)"));
    return !name.isEmpty() && host.match(name).hasMatch();
}

// True where `text` at `i` holds " keyword " for one of the Received: clause keywords.
bool keywordAt(QStringView text, qsizetype i)
{
    if (!text.at(i).isSpace())
        return false;
    for (const char *keyword : { "by", "with", "id", "for", "via" }) {
        const qsizetype length = qsizetype(qstrlen(keyword));
        const qsizetype after = i + 1 + length;
        if (after < text.size() && text.at(after).isSpace()
            && text.sliced(i + 1, length).compare(QLatin1String(keyword), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// The clause after a keyword, up to the next top-level keyword or the end. A plain scan: this
// runs for every hop of every returned message.
QString clause(const QString &value, const QRegularExpression &start)
{
    const QRegularExpressionMatch match = start.match(value);
    if (!match.hasMatch())
        return {};
    const QStringView rest = QStringView(value).sliced(match.capturedEnd());
    // Keywords inside parentheses ("(... helo=x by y)") do not end the clause.
    int depth = 0;
    for (qsizetype i = 0; i < rest.size(); ++i) {
        const QChar c = rest.at(i);
        if (c == QLatin1Char('('))
            ++depth;
        else if (c == QLatin1Char(')'))
            depth = qMax(0, depth - 1);
        else if (depth == 0 && (c == QLatin1Char(';') || keywordAt(rest, i)))
            return rest.first(i).trimmed().toString();
    }
    return rest.trimmed().toString();
}

} // namespace

ReceivedHop parseReceived(const QString &value)
{
    ReceivedHop hop;
    static const QRegularExpression fromStart(
        QStringLiteral(R"(^\s*from\s+)"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression byStart(
        QStringLiteral(R"((?:^|\s)by\s+)"), QRegularExpression::CaseInsensitiveOption);
    const QString from = clause(value, fromStart);
    const QString by = clause(value, byStart);
    hop.byHost = by.section(QLatin1Char(' '), 0, 0).remove(QLatin1Char('(')).toLower();
    if (!looksLikeHostName(hop.byHost))
        hop.byHost.clear();
    const qsizetype semicolon = value.lastIndexOf(QLatin1Char(';'));
    if (semicolon >= 0)
        hop.time = MailText::parseDate(value.mid(semicolon + 1));
    if (from.isEmpty())
        return hop;

    const QString first = from.section(QLatin1Char(' '), 0, 0);
    const qsizetype open = from.indexOf(QLatin1Char('('));
    const QString comment = open < 0
        ? QString()
        : from.mid(open + 1).chopped(from.endsWith(QLatin1Char(')')) ? 1 : 0);
    QString firstIp;
    if (first.startsWith(QLatin1Char('[')) && first.endsWith(QLatin1Char(']')))
        firstIp = validIp(first.mid(1, first.size() - 2));

    // "(name [1.2.3.4])" Postfix/Sendmail; "([1.2.3.4] helo=x)" Exim; "(1.2.3.4)" Exchange. The
    // address in the comment is the one the server saw connecting; a bracketed first word is
    // only what the client said in HELO, unless the comment names no address.
    static const QRegularExpression bracketed(
        QStringLiteral(R"((?:([^\s\[\]()]+)\s+)?\[([0-9A-Fa-f:.]+|IPv6:[0-9A-Fa-f:.]+)\])"));
    static const QRegularExpression bare(QStringLiteral(R"(^\s*([0-9A-Fa-f:.]+)\s*\)?\s*$)"));
    static const QRegularExpression heloClaim(
        QStringLiteral(R"(helo[=\s]+\[?([^\s\])]+))"), QRegularExpression::CaseInsensitiveOption);
    QString verified;
    bool saysUnknown = false;
    if (const QRegularExpressionMatch m = bracketed.match(comment); m.hasMatch()) {
        hop.ip = validIp(m.captured(2));
        const QString name = m.captured(1);
        if (name.compare(QLatin1String("unknown"), Qt::CaseInsensitive) == 0)
            saysUnknown = true;
        else if (looksLikeHostName(name) && name.contains(QLatin1Char('.')))
            verified = name.toLower();
    } else if (const QRegularExpressionMatch m = bare.match(comment); m.hasMatch()) {
        hop.ip = validIp(m.captured(1));
    }
    // Exim writes "from [ip] (helo=x)": a bracketed first word with no address in the comment
    // is the connecting address, not a HELO.
    const bool firstIsConnectingIp = !firstIp.isEmpty() && hop.ip.isEmpty();
    if (hop.ip.isEmpty())
        hop.ip = firstIp;

    if (const QRegularExpressionMatch m = heloClaim.match(comment); m.hasMatch()) {
        hop.helo = m.captured(1).toLower();
        // Exim: "from verified.name ([ip] helo=claim)": the first word is the checked name.
        if (firstIp.isEmpty() && verified.isEmpty() && looksLikeHostName(first))
            verified = first.toLower();
    } else if (!firstIsConnectingIp) {
        hop.helo = first.toLower();
        // "from name ([ip])" (Exim when the HELO matched) gives no second name: the HELO stood.
        if (verified.isEmpty() && !saysUnknown && firstIp.isEmpty()
            && comment.trimmed().startsWith(QLatin1Char('[')))
            verified = hop.helo;
    }
    hop.fromHost = verified;

    if (!hop.helo.isEmpty()) {
        const QString heloIp
            = validIp(QString(hop.helo).remove(QLatin1Char('[')).remove(QLatin1Char(']')));
        const bool heloIsOwnIp = !heloIp.isEmpty() && heloIp == hop.ip;
        if (!verified.isEmpty())
            hop.heloMismatch = hop.helo != verified && !heloIsOwnIp;
        else if (saysUnknown)
            hop.heloMismatch = !heloIsOwnIp;
    }
    return hop;
}

OriginalMessage read(QByteArrayView headerBlock)
{
    OriginalMessage original;
    qsizetype consumed = 0;
    const HeaderFields fields = HeaderFields::parse(headerBlock, &consumed);
    if (fields.isEmpty())
        return original;
    original.headers = MailText::toText(headerBlock.first(consumed).trimmed());
    if (original.headers.size() > MaxKeptHeaderChars)
        original.headers.truncate(MaxKeptHeaderChars);
    original.messageId = fields.value(QLatin1String("Message-ID")).trimmed();
    original.from = MailText::address(MailText::decodeWords(fields.value(QLatin1String("From"))));
    original.to = MailText::decodeWords(fields.value(QLatin1String("To"))).simplified();
    original.subject = MailText::decodeWords(fields.value(QLatin1String("Subject"))).simplified();
    original.date = MailText::parseDate(fields.value(QLatin1String("Date")));

    static const QRegularExpression tag(QStringLiteral(R"((?:^|;)\s*([ds])\s*=\s*([^;\s]+))"));
    for (const QString &signature : fields.values(QLatin1String("DKIM-Signature"))) {
        DkimSignatureRef ref;
        for (auto it = tag.globalMatch(signature); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            (m.captured(1) == QLatin1String("d") ? ref.domain : ref.selector) = m.captured(2);
        }
        ref.domain = ref.domain.toLower();
        if (!ref.domain.isEmpty())
            original.dkim.append(ref);
    }
    QStringList submitters;
    for (const char *name : SubmitterHeaders)
        for (const QString &value : fields.values(QLatin1String(name)))
            submitters.append(QLatin1String(name) + QLatin1String(": ") + value);
    original.submitter = submitters.join(QLatin1Char('\n'));
    for (const QString &received : fields.values(QLatin1String("Received"))) {
        ReceivedHop hop = parseReceived(received);
        if (!hop.ip.isEmpty() || !hop.fromHost.isEmpty() || !hop.byHost.isEmpty())
            original.received.append(hop);
    }
    return original;
}

} // namespace OriginalMessageReader
