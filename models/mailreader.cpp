#include "mailreader.h"

#include "bounceparser.h"
#include "bouncereason.h"
#include "contentsniffer.h"
#include "failurereportparser.h"
#include "headerfields.h"
#include "mailparts.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QRegularExpression>
#include <QStringDecoder>

#include <gmime/gmime.h>

#include <algorithm>

namespace MailReader {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("MailReader", text);
}

// MIME trees nested deeper than this are hostile (1,000 levels in the malformed set): stop there
// rather than recurse without bound.
constexpr int MaxDepth = 32;
constexpr int MaxPartsPerMessage = 1000;
// Longer header fields are logged: RFC 5322 allows 998 characters a line, real mail stays far
// below.
constexpr uint MaxHeaderBytes = 64 * 1024;
// The prose of a bounce is short; a text part is read this far and a message's texts this often.
constexpr qsizetype MaxTextBytes = 256 * 1024;
constexpr int MaxTexts = 4;
// TLS reports are kept raw until they get a reader; this much of each.
constexpr qsizetype MaxRawBytes = 1024 * 1024;

template<typename T> struct GObjectPtr
{
    explicit GObjectPtr(T *object)
        : object(object)
    { }
    ~GObjectPtr()
    {
        if (object)
            g_object_unref(object);
    }
    GObjectPtr(const GObjectPtr &) = delete;
    GObjectPtr &operator=(const GObjectPtr &) = delete;
    T *object;
};

// A g_malloc'ed string as bytes, freed.
QByteArray takeString(char *text)
{
    if (!text)
        return {};
    QByteArray bytes(text);
    g_free(text);
    return bytes;
}

QString mimeType(GMimeObject *object)
{
    GMimeContentType *type = g_mime_object_get_content_type(object);
    if (!type)
        return QStringLiteral("text/plain");
    return QString::fromLatin1(takeString(g_mime_content_type_get_mime_type(type))).toLower();
}

QString stripHtml(const QString &html)
{
    static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
    static const QRegularExpression breaks(
        QStringLiteral("<(?:br|/p|/div|/tr)[^>]*>"), QRegularExpression::CaseInsensitiveOption);
    QString text = html;
    text.replace(breaks, QStringLiteral("\n"));
    text.remove(tags);
    text.replace(QLatin1String("&nbsp;"), QLatin1String(" "));
    text.replace(QLatin1String("&lt;"), QLatin1String("<"));
    text.replace(QLatin1String("&gt;"), QLatin1String(">"));
    text.replace(QLatin1String("&amp;"), QLatin1String("&"));
    return text;
}

// Bounces quote the returned message as it came: UTF-8 inside a part declared us-ascii or
// ISO-8859-1 is common. Valid UTF-8 is taken as such; otherwise the declared charset, else
// Latin-1.
QString decodeText(GMimePart *part, const QByteArray &bytes)
{
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString asUtf8 = utf8.decode(bytes);
    const bool validUtf8 = !utf8.hasError();
    // ISO-2022-JP and its kin are 7-bit, and so valid UTF-8 too: escape sequences mean the
    // declared charset is the one to trust.
    if (validUtf8 && !bytes.contains('\x1b'))
        return asUtf8;
    GMimeContentType *type = g_mime_object_get_content_type(GMIME_OBJECT(part));
    if (const char *charset = type ? g_mime_content_type_get_parameter(type, "charset") : nullptr) {
        QStringDecoder declared(charset);
        if (declared.isValid()) {
            const QString text = declared.decode(bytes);
            if (!declared.hasError())
                return text;
        }
    }
    return validUtf8 ? asUtf8 : QString::fromLatin1(bytes);
}

class Walker
{
public:
    Walker(const InputCaps &caps, Result &result)
        : m_caps(caps)
        , m_result(result)
    { }

    void walkMessage(GMimeMessage *message, int index)
    {
        m_parts = 0;
        m_index = index;
        m_mail = MailParts();
        m_html.clear();
        GMimeObject *top = GMIME_OBJECT(message);
        const QByteArray headerBlock = takeString(g_mime_object_get_headers(top, nullptr));
        m_mail.headers = HeaderFields::parse(headerBlock);
        GMimeObject *body = g_mime_message_get_mime_part(message);
        if (body) {
            m_mail.contentType = mimeType(body);
            GMimeContentType *type = g_mime_object_get_content_type(body);
            if (const char *report
                = type ? g_mime_content_type_get_parameter(type, "report-type") : nullptr)
                m_mail.reportType = QString::fromLatin1(report).toLower();
        }
        m_item = m_result.items.size();
        const qsizetype attachmentsBefore = m_result.attachments.size();
        walk(body, 0, false);
        if (m_mail.texts.isEmpty() && !m_html.isEmpty())
            m_mail.texts.append(stripHtml(m_html));
        if (m_mail.texts.isEmpty() && body && GMIME_IS_MULTIPART(body))
            addUnparsedBody(body);
        m_mail.hasAggregateReport = m_result.attachments.size() > attachmentsBefore;
        m_mail.hasTlsReport |= m_mail.reportType == QLatin1String("tlsrpt");
        m_result.items.append(classify(message, headerBlock));
    }

private:
    // A multipart whose parts GMime could not find (a boundary parameter on an unindented line,
    // say) still carries the notice's prose: read its raw body as text, as a mail client would
    // show it.
    void addUnparsedBody(GMimeObject *body)
    {
        const QByteArray raw = takeString(g_mime_object_to_string(body, nullptr));
        qsizetype start = raw.indexOf("\n\n");
        start = start < 0 ? 0 : start + 2;
        const QByteArray content = raw.mid(start, MaxTextBytes);
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString text = utf8.decode(content);
        m_mail.texts.append(utf8.hasError() ? QString::fromLatin1(content) : text);
    }

    MailItem classify(GMimeMessage *message, const QByteArray &headerBlock)
    {
        MailItem item;
        item.label = tr("message %1").arg(m_index);
        item.messageId = m_mail.headers.value(QLatin1String("Message-ID")).trimmed();
        item.from
            = MailText::address(MailText::decodeWords(m_mail.headers.value(QLatin1String("From"))));
        item.subject = m_mail.subject().simplified();
        item.date = MailText::parseDate(m_mail.headers.value(QLatin1String("Date")));
        item.dedupeKey = item.messageId.isEmpty()
            ? "sha256:" + QCryptographicHash::hash(headerBlock, QCryptographicHash::Sha256).toHex()
            : item.messageId.toUtf8();
        if (m_mail.hasTlsReport) {
            item.kind = MailKind::TlsReport;
            item.raw = takeString(g_mime_object_to_string(GMIME_OBJECT(message), nullptr))
                           .left(MaxRawBytes);
        } else if (auto failure = FailureReportParser::parse(m_mail)) {
            item.kind = MailKind::FailureReport;
            item.failure = std::move(*failure);
        } else if (auto bounce = BounceParser::parse(m_mail)) {
            item.kind = MailKind::Bounce;
            item.bounce = std::move(*bounce);
            if (saysNothingKnown(item.bounce))
                if (auto inner = quotedBounce())
                    item.bounce = std::move(*inner);
        } else if (BounceParser::isAutoReply(m_mail) || !m_mail.deliveryStatus.isEmpty()) {
            item.kind = MailKind::AutoReply; // read receipts and delivery notices too
        }
        return item;
    }

    static bool saysNothingKnown(const Bounce &bounce)
    {
        return std::all_of(bounce.recipients.cbegin(), bounce.recipients.cend(),
            [](const BounceRecipient &recipient) {
                return BounceReason::saysNothingKnown(recipient.reason);
            });
    }

    // A relay that forwards a bounce as plain text (OCN quotes a whole Postfix notice under a
    // dashed line) returns a "message" that is itself a delivery report: when the relay's own
    // words say nothing known, that report is the notice. (A bounce of a bounce that says why
    // keeps its own reading.) Read once, not for reports quoted within quoted reports.
    std::optional<Bounce> quotedBounce()
    {
        static thread_local int depth = 0;
        if (depth > 0)
            return std::nullopt;
        const QString text = m_mail.allText();
        const qsizetype at = BounceParser::originalStart(text);
        if (at < 0)
            return std::nullopt;
        const QByteArray quoted = text.sliced(at).toUtf8();
        const QByteArray contentType
            = HeaderFields::parse(quoted).value(QLatin1String("Content-Type")).toUtf8();
        GObjectPtr<GMimeContentType> type(
            g_mime_content_type_parse(nullptr, contentType.constData()));
        if (!isDeliveryReport(type.object))
            return std::nullopt;
        ++depth;
        const Result inner = read(quoted, m_caps);
        --depth;
        for (const MailItem &item : inner.items)
            if (item.kind == MailKind::Bounce)
                return item.bounce;
        return std::nullopt;
    }

    void warnLimit()
    {
        if (!m_limitReported)
            m_result.warnings.append(tr("message %1: MIME structure deeper than %2 levels or "
                                        "with more than %3 parts; the rest is skipped")
                                         .arg(m_index)
                                         .arg(MaxDepth)
                                         .arg(MaxPartsPerMessage));
        m_limitReported = true;
        m_result.truncated = true;
    }

    // `inside` is true below a message/rfc822: the returned or forwarded message, whose parts
    // are not the notice's own text.
    void walk(GMimeObject *object, int depth, bool inside)
    {
        if (!object)
            return;
        if (depth > MaxDepth || ++m_parts > MaxPartsPerMessage) {
            warnLimit();
            return;
        }
        if (GMIME_IS_MULTIPART(object)) {
            GMimeMultipart *multipart = GMIME_MULTIPART(object);
            const int count = g_mime_multipart_get_count(multipart);
            for (int i = 0; i < count; ++i)
                walk(g_mime_multipart_get_part(multipart, i), depth + 1, inside);
        } else if (GMIME_IS_MESSAGE_PART(object)) {
            GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
            if (!inner)
                return;
            const QString type = mimeType(object);
            if (type == QLatin1String("message/delivery-status")
                || type == QLatin1String("message/global-delivery-status")
                || type == QLatin1String("message/feedback-report")) {
                // GMime may read these as messages: their fields are then the headers.
                const QByteArray fields
                    = takeString(g_mime_object_get_headers(GMIME_OBJECT(inner), nullptr));
                if (!inside)
                    (type.endsWith(QLatin1String("feedback-report")) ? m_mail.feedbackReport
                                                                     : m_mail.deliveryStatus)
                        = fields;
                return;
            }
            GMimeObject *innerBody = g_mime_message_get_mime_part(inner);
            // A bounce forwarded as an attachment (a relay's or a colleague's cover note around
            // it) is the notice: its report is read as this message's own.
            if (!inside && m_mail.deliveryStatus.isEmpty() && m_mail.originalHeaders.isEmpty()
                && isDeliveryReport(innerBody)) {
                walk(innerBody, depth + 1, false);
                return;
            }
            if (!inside && m_mail.originalHeaders.isEmpty())
                m_mail.originalHeaders
                    = takeString(g_mime_object_get_headers(GMIME_OBJECT(inner), nullptr));
            walk(innerBody, depth + 1, true);
        } else if (GMIME_IS_PART(object)) {
            part(GMIME_PART(object), inside);
        }
    }

    // multipart/report; report-type=delivery-status: a notice about a delivery (RFC 3462).
    static bool isDeliveryReport(GMimeContentType *type)
    {
        const char *report
            = type ? g_mime_content_type_get_parameter(type, "report-type") : nullptr;
        return report && g_ascii_strcasecmp(report, "delivery-status") == 0
            && g_mime_content_type_is_type(type, "multipart", "report");
    }
    static bool isDeliveryReport(GMimeObject *body)
    {
        return body && GMIME_IS_MULTIPART(body)
            && isDeliveryReport(g_mime_object_get_content_type(body));
    }

    QByteArray decoded(GMimePart *part)
    {
        GMimeDataWrapper *content = g_mime_part_get_content(part);
        if (!content)
            return {};
        GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new());
        // Decodes base64 / quoted-printable while copying into memory.
        if (g_mime_data_wrapper_write_to_stream(content, stream.object) < 0) {
            m_result.warnings.append(tr("message %1: a part could not be decoded").arg(m_index));
            return {};
        }
        GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.object));
        if (!bytes || bytes->len == 0)
            return {};
        if (qint64(bytes->len) > m_caps.maxInputBytes) {
            m_result.warnings.append(tr("message %1: a part of %2 bytes is over the input limit")
                                         .arg(m_index)
                                         .arg(bytes->len));
            return {};
        }
        return QByteArray(reinterpret_cast<const char *>(bytes->data), qsizetype(bytes->len));
    }

    void part(GMimePart *part, bool inside)
    {
        const QString type = mimeType(GMIME_OBJECT(part));
        if (!inside) {
            if (type == QLatin1String("message/delivery-status")
                || type == QLatin1String("message/global-delivery-status")) {
                m_mail.deliveryStatus = decoded(part).left(MaxTextBytes);
                return;
            }
            if (type == QLatin1String("message/feedback-report")) {
                m_mail.feedbackReport = decoded(part).left(MaxTextBytes);
                return;
            }
            if (type == QLatin1String("text/rfc822-headers")
                || type == QLatin1String("message/rfc822-headers")) {
                if (m_mail.originalHeaders.isEmpty())
                    m_mail.originalHeaders = decoded(part).left(MaxTextBytes);
                return;
            }
            if (type.startsWith(QLatin1String("application/tlsrpt"))) {
                m_mail.hasTlsReport = true; // kept raw with the message, not unpacked here
                return;
            }
            if ((type == QLatin1String("text/plain") || type == QLatin1String("text/html"))
                && !g_mime_part_is_attachment(part)) {
                const QString text = decodeText(part, decoded(part).left(MaxTextBytes));
                if (type == QLatin1String("text/html"))
                    m_html += text;
                else if (m_mail.texts.size() < MaxTexts)
                    m_mail.texts.append(text);
                return;
            }
        }
        const QByteArray bytes = decoded(part);
        if (bytes.isEmpty())
            return;
        using ContentSniffer::Kind;
        const Kind kind = ContentSniffer::sniff(bytes);
        if (kind != Kind::Gzip && kind != Kind::Zip && kind != Kind::Xml)
            return; // text parts, HTML, images: not reports
        if (kind == Kind::Xml
            && !QByteArrayView(bytes)
                    .first(qMin<qsizetype>(bytes.size(), 4096))
                    .contains("<feedback"))
            return; // an XML part that is no aggregate report (a DSN's, a TLS report's ...)
        const char *filename = g_mime_part_get_filename(part);
        const QString name = filename ? QString::fromUtf8(filename) : tr("part %1").arg(m_parts);
        m_result.attachments.append({ tr("message %1: %2").arg(m_index).arg(name), bytes, m_item });
    }

    const InputCaps &m_caps;
    Result &m_result;
    MailParts m_mail;
    QString m_html;
    qsizetype m_item = 0;
    int m_parts = 0;
    int m_index = 0;
    bool m_limitReported = false;
};

} // namespace

// Some saved messages start with blank lines.
static QByteArrayView withoutLeadingBlanks(QByteArrayView head)
{
    while (!head.isEmpty() && (head.front() == '\n' || head.front() == '\r' || head.front() == ' '))
        head = head.sliced(1);
    return head;
}

bool looksLikeMbox(QByteArrayView head)
{
    return withoutLeadingBlanks(head).startsWith("From ");
}

bool looksLikeMail(QByteArrayView head)
{
    head = withoutLeadingBlanks(head);
    if (head.startsWith("From "))
        return true; // mbox
    // An RFC 5322 header field on the first line: a name and a colon (no space needed after it:
    // Outlook writes "x-store-info:...").
    static const QRegularExpression field(QStringLiteral("^[A-Za-z][A-Za-z0-9-]{1,75}:"));
    const qsizetype end = head.indexOf('\n');
    const QByteArrayView first = head.first(end < 0 ? qMin<qsizetype>(head.size(), 200) : end);
    return field.match(QString::fromLatin1(first.data(), first.size())).hasMatch();
}

Result read(const QByteArray &input, const InputCaps &caps, int firstMessage)
{
    MailText::initGMime();
    Result result;
    // Old Mac mail (CR-only line ends): GMime reads lines by LF, so give it LFs.
    const QByteArray head = input.first(qMin<qsizetype>(input.size(), 64 * 1024));
    if (head.contains('\r') && !head.contains('\n')) {
        QByteArray normalised = input;
        normalised.replace('\r', '\n');
        return read(normalised, caps, firstMessage);
    }
    qsizetype leading = 0;
    while (leading < input.size()
        && (input[leading] == '\n' || input[leading] == '\r' || input[leading] == ' '))
        ++leading;
    if (leading > 0)
        return read(input.sliced(leading), caps, firstMessage);
    const bool mbox = input.startsWith("From ");
    GObjectPtr<GMimeStream> stream(
        g_mime_stream_mem_new_with_buffer(input.constData(), size_t(input.size())));
    GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.object));
    g_mime_parser_set_format(parser.object, mbox ? GMIME_FORMAT_MBOX : GMIME_FORMAT_MESSAGE);
    Walker walker(caps, result);
    while (!g_mime_parser_eos(parser.object)) {
        GObjectPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.object, nullptr));
        if (!message.object) {
            if (result.messages == 0)
                result.error = tr("not a readable mail message");
            break;
        }
        ++result.messages;
        const int number = firstMessage - 1 + result.messages;
        GMimeHeaderList *headers = g_mime_object_get_header_list(GMIME_OBJECT(message.object));
        for (int i = 0, n = g_mime_header_list_get_count(headers); i < n; ++i) {
            const char *value
                = g_mime_header_get_raw_value(g_mime_header_list_get_header_at(headers, i));
            if (value && qstrlen(value) > MaxHeaderBytes) {
                result.warnings.append(tr("message %1: a header over %2 KiB (spam or an attack)")
                                           .arg(number)
                                           .arg(MaxHeaderBytes / 1024));
                break;
            }
        }
        const qsizetype before = result.attachments.size();
        walker.walkMessage(message.object, number);
        if (result.attachments.size() > before)
            ++result.reportMessages;
        if (!mbox)
            break;
    }
    return result;
}

} // namespace MailReader

QString mailKindName(MailKind kind)
{
    switch (kind) {
    case MailKind::AggregateReport:
        return QStringLiteral("aggregate-report");
    case MailKind::FailureReport:
        return QStringLiteral("failure-report");
    case MailKind::Bounce:
        return QStringLiteral("bounce");
    case MailKind::TlsReport:
        return QStringLiteral("tls-report");
    case MailKind::AutoReply:
        return QStringLiteral("auto-reply");
    case MailKind::Other:
        return QStringLiteral("other");
    }
    return {};
}
