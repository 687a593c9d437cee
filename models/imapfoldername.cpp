#include "imapfoldername.h"

namespace ImapFolderName {

QByteArray encode(const QString &name)
{
    QByteArray out;
    QByteArray pending; // UTF-16BE bytes of characters outside printable ASCII
    auto flush = [&] {
        if (pending.isEmpty())
            return;
        QByteArray base64 = pending.toBase64(QByteArray::OmitTrailingEquals);
        base64.replace('/', ',');
        out += '&' + base64 + '-';
        pending.clear();
    };
    for (QChar c : name) {
        const char16_t unit = c.unicode();
        if (unit >= 0x20 && unit <= 0x7e) {
            flush();
            out += unit == u'&' ? QByteArray("&-") : QByteArray(1, char(unit));
        } else {
            pending += char(unit >> 8);
            pending += char(unit & 0xff);
        }
    }
    flush();
    return out;
}

QString decode(const QByteArray &encoded)
{
    QString out;
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        const char c = encoded.at(i);
        if (c != '&') {
            out += QLatin1Char(c);
            continue;
        }
        const qsizetype end = encoded.indexOf('-', i + 1);
        if (end < 0) { // not valid modified UTF-7: show the rest as it is
            out += QString::fromLatin1(encoded.mid(i));
            break;
        }
        if (end == i + 1) {
            out += QLatin1Char('&');
        } else {
            QByteArray base64 = encoded.mid(i + 1, end - i - 1);
            base64.replace(',', '/');
            const QByteArray utf16 = QByteArray::fromBase64(base64);
            for (qsizetype j = 0; j + 1 < utf16.size(); j += 2)
                out += QChar(char16_t((uchar(utf16.at(j)) << 8) | uchar(utf16.at(j + 1))));
        }
        i = end;
    }
    return out;
}

} // namespace ImapFolderName
