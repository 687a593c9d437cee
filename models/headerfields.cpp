#include "headerfields.h"

#include <QRegularExpression>
#include <QStringDecoder>

#include <gmime/gmime.h>

#include <mutex>

namespace {

bool isFieldName(QByteArrayView line, qsizetype colon)
{
    if (colon <= 0 || colon > 76)
        return false;
    for (qsizetype i = 0; i < colon; ++i) {
        const char c = line[i];
        if (c <= ' ' || c > '~')
            return false;
    }
    return true;
}

bool isReplyCode(QByteArrayView prefix)
{
    auto digit = [](char c) {
        return c >= '0' && c <= '9';
    };
    return prefix.size() == 4 && prefix[0] >= '2' && prefix[0] <= '5' && digit(prefix[1])
        && digit(prefix[2]) && (prefix[3] == '-' || prefix[3] == ' ');
}

} // namespace

HeaderFields HeaderFields::parse(
    QByteArrayView text, qsizetype *consumed, bool unindentedContinuations)
{
    HeaderFields result;
    qsizetype pos = 0;
    while (pos < text.size()) {
        qsizetype end = text.indexOf('\n', pos);
        const qsizetype next = end < 0 ? text.size() : end + 1;
        if (end < 0)
            end = text.size();
        QByteArrayView line = text.sliced(pos, end - pos);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty()) {
            pos = next;
            break;
        }
        const qsizetype colon = line.indexOf(':');
        const bool field = isFieldName(line, colon);
        const bool indented = line.startsWith(' ') || line.startsWith('\t');
        if ((indented || (unindentedContinuations && !field)) && !result.m_fields.isEmpty()) {
            Field &last = result.m_fields.last();
            QByteArrayView more = line.trimmed();
            // An unindented line of a multi-line reply repeats the reply code ("550-...").
            if (!indented && more.size() > 4 && isReplyCode(more.first(4)))
                more = more.sliced(4);
            last.value += QLatin1Char(' ') + MailText::toText(more);
            pos = next;
            continue;
        }
        if (!field)
            break;
        result.m_fields.append({ QString::fromLatin1(line.first(colon)),
            MailText::toText(line.sliced(colon + 1).trimmed()) });
        pos = next;
    }
    if (consumed)
        *consumed = pos;
    return result;
}

QList<HeaderFields> HeaderFields::parseGroups(QByteArrayView text)
{
    QList<HeaderFields> groups;
    qsizetype pos = 0;
    while (pos < text.size()) {
        qsizetype consumed = 0;
        HeaderFields group = parse(text.sliced(pos), &consumed, true);
        // A recipient field that repeats starts the next recipient's group, where a DSN left out
        // the empty line between them (AOL).
        HeaderFields current;
        bool hasFinal = false, hasOriginal = false;
        for (Field &field : group.m_fields) {
            const bool finalField
                = field.name.compare(QLatin1String("Final-Recipient"), Qt::CaseInsensitive) == 0;
            const bool originalField
                = field.name.compare(QLatin1String("Original-Recipient"), Qt::CaseInsensitive) == 0;
            if ((finalField && hasFinal) || (originalField && hasOriginal)) {
                groups.append(std::move(current));
                current = HeaderFields();
                hasFinal = hasOriginal = false;
            }
            hasFinal |= finalField;
            hasOriginal |= originalField;
            current.m_fields.append(std::move(field));
        }
        if (!current.isEmpty())
            groups.append(std::move(current));
        if (consumed == 0) {
            // Not a field and not empty: skip the line rather than stop (DSNs in the wild carry
            // stray comment lines between groups).
            const qsizetype end = text.indexOf('\n', pos);
            consumed = end < 0 ? text.size() - pos : end + 1 - pos;
        }
        pos += consumed;
    }
    return groups;
}

QString HeaderFields::value(QLatin1StringView name) const
{
    for (const Field &field : m_fields)
        if (field.name.compare(name, Qt::CaseInsensitive) == 0)
            return field.value.isNull() ? QLatin1String("") : field.value;
    return {};
}

QList<QString> HeaderFields::values(QLatin1StringView name) const
{
    QList<QString> result;
    for (const Field &field : m_fields)
        if (field.name.compare(name, Qt::CaseInsensitive) == 0)
            result.append(field.value);
    return result;
}

namespace MailText {

void initGMime()
{
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

QString toText(QByteArrayView bytes)
{
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = utf8.decode(bytes);
    if (!utf8.hasError())
        return text;
    return QString::fromLatin1(bytes.data(), bytes.size());
}

QString decodeWords(const QString &value)
{
    if (!value.contains(QLatin1String("=?")))
        return value;
    initGMime();
    const QByteArray utf8 = value.toUtf8();
    char *decoded = g_mime_utils_header_decode_text(nullptr, utf8.constData());
    if (!decoded)
        return value;
    QString result = QString::fromUtf8(decoded);
    g_free(decoded);
    return result;
}

qint64 parseDate(const QString &value)
{
    if (value.trimmed().isEmpty())
        return 0;
    initGMime();
    const QByteArray utf8 = value.toUtf8();
    GDateTime *date = g_mime_utils_header_decode_date(utf8.constData());
    if (!date)
        return 0;
    const qint64 seconds = g_date_time_to_unix(date);
    g_date_time_unref(date);
    return seconds;
}

QString address(const QString &value)
{
    static const QRegularExpression spec(QStringLiteral(
        R"(((?:[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+|"[^"\r\n]{1,64}")@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?))"));
    const QRegularExpressionMatch match = spec.match(value);
    if (!match.hasMatch())
        return {};
    const QString found = match.captured(1);
    const qsizetype at = found.lastIndexOf(QLatin1Char('@'));
    return found.left(at + 1) + found.mid(at + 1).toLower();
}

QString stripType(const QString &value)
{
    const qsizetype semicolon = value.indexOf(QLatin1Char(';'));
    return (semicolon < 0 ? value : value.mid(semicolon + 1)).trimmed();
}

} // namespace MailText
