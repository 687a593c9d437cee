#include "rawxml.h"

#include <QtEndian>

#include <libdeflate.h>
#include <openssl/evp.h>

#include <memory>

namespace RawXml {

QByteArray sha256Hex(QByteArrayView xml)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!EVP_Digest(xml.data(), size_t(xml.size()), digest, &length, EVP_sha256(), nullptr))
        return {};
    return QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex();
}

QByteArray compress(QByteArrayView xml)
{
    // Level 1 still shrinks report XML about tenfold. One compressor per thread: allocating
    // one costs more than compressing a small report.
    struct Free
    {
        void operator()(libdeflate_compressor *c) const { libdeflate_free_compressor(c); }
    };
    thread_local std::unique_ptr<libdeflate_compressor, Free> compressor(
        libdeflate_alloc_compressor(1));
    if (!compressor)
        return {};
    const size_t bound = libdeflate_zlib_compress_bound(compressor.get(), size_t(xml.size()));
    QByteArray out(qsizetype(bound + 4), Qt::Uninitialized);
    qToBigEndian(quint32(xml.size()), out.data());
    const size_t written = libdeflate_zlib_compress(
        compressor.get(), xml.data(), size_t(xml.size()), out.data() + 4, bound);
    if (written == 0)
        return {};
    out.truncate(qsizetype(written + 4));
    return out;
}

QByteArray uncompress(const QByteArray &stored)
{
    return qUncompress(stored);
}

} // namespace RawXml
