#pragma once

#include <QByteArrayView>

// Recognises an input by its first bytes, never by its name: reporters name files
// inconsistently (".xml" holding gzip, ".zip" holding gzip, no extension at all).
namespace ContentSniffer {

enum class Kind
{
    Empty,
    Gzip,
    Zip,
    Xml,
    Unknown,
};

Kind sniff(QByteArrayView head);
const char *kindName(Kind kind);

} // namespace ContentSniffer
