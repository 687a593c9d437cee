#pragma once

#include <QByteArrayView>
#include <QList>
#include <QString>

// "Name: value" fields as mail headers, DSN delivery-status blocks and ARF feedback reports
// write them: continuation lines folded in, names compared without case.
class HeaderFields
{
public:
    struct Field
    {
        QString name;
        QString value; // unfolded, trimmed, not RFC 2047 decoded
    };

    // Reads fields until the first empty line or the first line that is no field. `consumed`
    // receives the bytes read, including the empty line.
    // `unindentedContinuations`: a line that is no field continues the field before it (DSN
    // groups whose multi-line Diagnostic-Code lost its indentation) instead of ending the block.
    static HeaderFields parse(
        QByteArrayView text, qsizetype *consumed = nullptr, bool unindentedContinuations = false);
    // Blocks separated by empty lines, as in message/delivery-status: the per-message fields,
    // then one block per recipient.
    static QList<HeaderFields> parseGroups(QByteArrayView text);

    QString value(QLatin1StringView name) const; // the first field of that name
    QList<QString> values(QLatin1StringView name) const;
    bool contains(QLatin1StringView name) const { return !value(name).isNull(); }
    const QList<Field> &fields() const { return m_fields; }
    bool isEmpty() const { return m_fields.isEmpty(); }

private:
    QList<Field> m_fields;
};

namespace MailText {

// GMime's global state, set up once for the whole process (thread-safe).
void initGMime();
// Bytes of unknown charset as text: UTF-8 when valid, else Latin-1 (what 8-bit mail mostly is).
QString toText(QByteArrayView bytes);
// RFC 2047 encoded words decoded ("=?utf-8?B?...?=").
QString decodeWords(const QString &value);
// RFC 5322 dates and the sloppy variants MTAs write; 0 when unreadable.
qint64 parseDate(const QString &value);
// The addr-spec of "Name <a@b>", "rfc822; a@b" or "<a@b>", lower-cased domain; empty if none.
QString address(const QString &value);
// "dns; mx.example.net" -> "mx.example.net"
QString stripType(const QString &value);

} // namespace MailText
