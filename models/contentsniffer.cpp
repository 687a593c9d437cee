#include "contentsniffer.h"

namespace ContentSniffer {

namespace {

bool startsWith(QByteArrayView data, QByteArrayView prefix)
{
    return data.size() >= prefix.size() && data.first(prefix.size()) == prefix;
}

bool looksLikeXml(QByteArrayView data)
{
    // UTF-16 byte order marks: libxml2 decodes those documents itself.
    if (startsWith(data, "\xFF\xFE") || startsWith(data, "\xFE\xFF"))
        return true;
    if (startsWith(data, "\xEF\xBB\xBF"))
        data = data.sliced(3);
    for (char c : data) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return c == '<';
    }
    return false;
}

} // namespace

Kind sniff(QByteArrayView head)
{
    if (head.isEmpty())
        return Kind::Empty;
    if (startsWith(head, "\x1F\x8B"))
        return Kind::Gzip;
    // Local file header, or the end-of-central-directory record of an empty archive.
    if (startsWith(head, "PK\x03\x04") || startsWith(head, "PK\x05\x06"))
        return Kind::Zip;
    if (looksLikeXml(head.first(qMin<qsizetype>(head.size(), 4096))))
        return Kind::Xml;
    return Kind::Unknown;
}

const char *kindName(Kind kind)
{
    switch (kind) {
    case Kind::Empty:
        return "empty";
    case Kind::Gzip:
        return "gzip";
    case Kind::Zip:
        return "zip";
    case Kind::Xml:
        return "xml";
    case Kind::Unknown:
        break;
    }
    return "unknown";
}

} // namespace ContentSniffer
