#pragma once

#include <QByteArray>
#include <QByteArrayView>

// The report XML as the store keeps it: a SHA-256 of the bytes for byte-level dedupe, and the
// bytes compressed in qCompress's format (a 4-byte big-endian length, then a zlib stream), so
// rows written by any version read back with qUncompress. Both run once per imported report
// and cost as much as parsing it with Qt's own implementations; OpenSSL's SHA-256 uses the
// CPU's SHA instructions and libdeflate compresses several times faster than zlib.
namespace RawXml {

QByteArray sha256Hex(QByteArrayView xml);
QByteArray compress(QByteArrayView xml);
// The XML back from compress() or qCompress(); empty when the blob is damaged.
QByteArray uncompress(const QByteArray &stored);

} // namespace RawXml
