#include "mailreader.h"

#include "contentsniffer.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <gmime/gmime.h>

#include <mutex>

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

void initGMime()
{
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

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

class Walker
{
public:
    Walker(const InputCaps &caps, Result &result)
        : m_caps(caps)
        , m_result(result)
    { }

    // Returns the number of report attachments found in the message.
    int walkMessage(GMimeMessage *message, int index)
    {
        m_found = 0;
        m_parts = 0;
        m_index = index;
        walk(g_mime_message_get_mime_part(message), 0);
        return m_found;
    }

private:
    void walk(GMimeObject *object, int depth)
    {
        if (!object)
            return;
        if (depth > MaxDepth || ++m_parts > MaxPartsPerMessage) {
            if (!m_limitReported)
                m_result.warnings.append(tr("message %1: MIME structure deeper than %2 levels or "
                                            "with more than %3 parts; the rest is skipped")
                                             .arg(m_index)
                                             .arg(MaxDepth)
                                             .arg(MaxPartsPerMessage));
            m_limitReported = true;
            m_result.truncated = true;
            return;
        }
        if (GMIME_IS_MULTIPART(object)) {
            GMimeMultipart *multipart = GMIME_MULTIPART(object);
            const int count = g_mime_multipart_get_count(multipart);
            for (int i = 0; i < count; ++i)
                walk(g_mime_multipart_get_part(multipart, i), depth + 1);
        } else if (GMIME_IS_MESSAGE_PART(object)) {
            GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
            if (inner)
                walk(g_mime_message_get_mime_part(inner), depth + 1);
        } else if (GMIME_IS_PART(object)) {
            part(GMIME_PART(object));
        }
    }

    void part(GMimePart *part)
    {
        GMimeDataWrapper *content = g_mime_part_get_content(part);
        if (!content)
            return;
        GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new());
        // Decodes base64 / quoted-printable while copying into memory.
        if (g_mime_data_wrapper_write_to_stream(content, stream.object) < 0) {
            m_result.warnings.append(tr("message %1: a part could not be decoded").arg(m_index));
            return;
        }
        GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.object));
        if (!bytes || bytes->len == 0)
            return;
        if (qint64(bytes->len) > m_caps.maxInputBytes) {
            m_result.warnings.append(tr("message %1: a part of %2 bytes is over the input limit")
                                         .arg(m_index)
                                         .arg(bytes->len));
            return;
        }
        const QByteArrayView view(
            reinterpret_cast<const char *>(bytes->data), qsizetype(bytes->len));
        using ContentSniffer::Kind;
        const Kind kind = ContentSniffer::sniff(view);
        if (kind != Kind::Gzip && kind != Kind::Zip && kind != Kind::Xml)
            return; // text parts, HTML, images: not reports
        if (kind == Kind::Xml
            && !view.first(qMin<qsizetype>(view.size(), 4096)).contains("<feedback"))
            return; // an XML part that is no aggregate report (a DSN's, a TLS report's ...)
        const char *filename = g_mime_part_get_filename(part);
        const QString name = filename ? QString::fromUtf8(filename) : tr("part %1").arg(m_parts);
        m_result.attachments.append(
            { tr("message %1: %2").arg(m_index).arg(name), view.toByteArray() });
        ++m_found;
    }

    const InputCaps &m_caps;
    Result &m_result;
    int m_found = 0;
    int m_parts = 0;
    int m_index = 0;
    bool m_limitReported = false;
};

} // namespace

bool looksLikeMail(QByteArrayView head)
{
    if (head.startsWith("From "))
        return true; // mbox
    // An RFC 5322 header field on the first line: a name of printable characters and a colon.
    static const QRegularExpression field(QStringLiteral("^[!-9;-~]{1,76}:[ \\t]"));
    const qsizetype end = head.indexOf('\n');
    const QByteArrayView first = head.first(end < 0 ? qMin<qsizetype>(head.size(), 200) : end);
    return field.match(QString::fromLatin1(first.data(), first.size())).hasMatch();
}

Result read(const QByteArray &input, const InputCaps &caps)
{
    initGMime();
    Result result;
    // Old Mac mail (CR-only line ends): GMime reads lines by LF, so give it LFs.
    const QByteArray head = input.first(qMin<qsizetype>(input.size(), 64 * 1024));
    if (head.contains('\r') && !head.contains('\n')) {
        QByteArray normalised = input;
        normalised.replace('\r', '\n');
        return read(normalised, caps);
    }
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
        GMimeHeaderList *headers = g_mime_object_get_header_list(GMIME_OBJECT(message.object));
        for (int i = 0, n = g_mime_header_list_get_count(headers); i < n; ++i) {
            const char *value
                = g_mime_header_get_raw_value(g_mime_header_list_get_header_at(headers, i));
            if (value && qstrlen(value) > MaxHeaderBytes) {
                result.warnings.append(tr("message %1: a header over %2 KiB (spam or an attack)")
                                           .arg(result.messages)
                                           .arg(MaxHeaderBytes / 1024));
                break;
            }
        }
        if (walker.walkMessage(message.object, result.messages) > 0)
            ++result.reportMessages;
        if (!mbox)
            break;
    }
    return result;
}

} // namespace MailReader
