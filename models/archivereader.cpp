#include "archivereader.h"

#include "contentsniffer.h"

#include <QCoreApplication>
#include <QLocale>

#include <archive.h>
#include <archive_entry.h>

#include <memory>

namespace {

struct ArchiveDeleter
{
    void operator()(archive *a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveDeleter>;

QString tr(const char *text)
{
    return QCoreApplication::translate("ArchiveReader", text);
}

QString sizeText(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QString libarchiveError(archive *a)
{
    const char *text = archive_error_string(a);
    return text ? QString::fromUtf8(text) : tr("unknown error");
}

// An entry name that would escape an extraction directory. We never extract to disk, but such
// names only appear in hostile archives, so the entry is skipped rather than trusted.
bool isUnsafeEntryName(const QString &name)
{
    if (name.startsWith(QLatin1Char('/')) || name.startsWith(QLatin1Char('\\'))
        || (name.size() > 1 && name.at(1) == QLatin1Char(':')))
        return true;
    const auto parts = QStringView(name).split(QLatin1Char('/'));
    for (const auto &part : parts) {
        if (part == QLatin1String("..") || part.contains(QLatin1String("\\..")))
            return true;
    }
    return false;
}

} // namespace

ArchiveReader::ArchiveReader(const InputCaps &caps)
    : m_caps(caps)
{ }

ExtractResult ArchiveReader::extract(const QByteArray &input)
{
    ExtractResult result;
    m_inputSize = input.size();
    m_totalOut = 0;
    m_documents = 0;
    if (input.size() > m_caps.maxInputBytes) {
        result.error = tr("the input is %1, over the limit of %2")
                           .arg(sizeText(input.size()), sizeText(m_caps.maxInputBytes));
        return result;
    }
    // The top layer has no label: messages about it are about the input itself.
    extractLayer(input, QString(), 0, result);
    if (result.documents.size() == 1 && !result.documents.first().error.isEmpty()
        && result.documents.first().name.isEmpty()) {
        result.error = result.documents.takeFirst().error;
    }
    if (result.documents.isEmpty() && result.error.isEmpty())
        result.error = tr("the archive holds no XML report");
    return result;
}

void ArchiveReader::extractLayer(
    QByteArrayView data, const QString &name, int depth, ExtractResult &result)
{
    using ContentSniffer::Kind;
    const Kind kind = ContentSniffer::sniff(data);
    if (kind == Kind::Xml) {
        if (++m_documents > m_caps.maxMembers) {
            result.documents.append({ name, {},
                tr("more than %1 documents in one input; the rest is skipped")
                    .arg(m_caps.maxMembers) });
            return;
        }
        result.documents.append({ name, data.toByteArray(), {} });
        return;
    }
    if ((kind == Kind::Gzip || kind == Kind::Zip) && depth >= m_caps.maxNesting) {
        result.documents.append(
            { name, {}, tr("compressed more than %1 layers deep").arg(m_caps.maxNesting) });
        return;
    }
    switch (kind) {
    case Kind::Gzip:
        extractGzip(data, name, depth, result);
        return;
    case Kind::Zip:
        extractZip(data, name, depth, result);
        return;
    case Kind::Empty:
        result.documents.append({ name, {}, tr("the content is empty") });
        return;
    case Kind::Xml:
    case Kind::Unknown:
        break;
    }
    if (depth == 0) {
        result.documents.append({ name, {}, tr("the content is neither XML, gzip nor zip") });
    } else {
        result.warnings.append(tr("skipped %1: not XML, gzip or zip").arg(name));
    }
}

bool ArchiveReader::ratioExceeded() const
{
    return m_totalOut > m_caps.ratioFloorBytes && m_totalOut > m_caps.maxRatio * m_inputSize;
}

QString ArchiveReader::readEntry(archive *a, QByteArray &out)
{
    char buffer[64 * 1024];
    for (;;) {
        const la_ssize_t n = archive_read_data(a, buffer, sizeof buffer);
        if (n == 0)
            return {};
        if (n < 0)
            return tr("cannot decompress: %1").arg(libarchiveError(a));
        m_totalOut += n;
        if (out.size() + n > m_caps.maxMemberBytes)
            return tr("decompresses to more than %1, the limit for one document")
                .arg(sizeText(m_caps.maxMemberBytes));
        if (m_totalOut > m_caps.maxTotalBytes)
            return tr("the input decompresses to more than %1 in all, the limit for one input")
                .arg(sizeText(m_caps.maxTotalBytes));
        if (ratioExceeded())
            return tr("expands more than %1 times (%2 from %3): a likely decompression bomb")
                .arg(m_caps.maxRatio)
                .arg(sizeText(m_totalOut), sizeText(m_inputSize));
        out.append(buffer, n);
    }
}

void ArchiveReader::extractGzip(
    QByteArrayView data, const QString &name, int depth, ExtractResult &result)
{
    ArchivePtr a(archive_read_new());
    // libarchive stacks filters by itself, so gzip inside gzip comes out in one pass; its output
    // is still counted by readEntry.
    archive_read_support_filter_gzip(a.get());
    archive_read_support_format_raw(a.get());
    if (archive_read_open_memory(a.get(), data.data(), size_t(data.size())) != ARCHIVE_OK) {
        result.documents.append(
            { name, {}, tr("not a readable gzip stream: %1").arg(libarchiveError(a.get())) });
        return;
    }
    archive_entry *entry = nullptr;
    if (archive_read_next_header(a.get(), &entry) != ARCHIVE_OK) {
        result.documents.append(
            { name, {}, tr("not a readable gzip stream: %1").arg(libarchiveError(a.get())) });
        return;
    }
    QByteArray out;
    const QString error = readEntry(a.get(), out);
    if (!error.isEmpty()) {
        result.documents.append({ name, {}, error });
        return;
    }
    // A gzip layer holds one stream: its document keeps the layer's label.
    extractLayer(out, name, depth + 1, result);
}

void ArchiveReader::extractZip(
    QByteArrayView data, const QString &name, int depth, ExtractResult &result)
{
    ArchivePtr a(archive_read_new());
    archive_read_support_format_zip(a.get());
    if (archive_read_open_memory(a.get(), data.data(), size_t(data.size())) != ARCHIVE_OK) {
        result.documents.append(
            { name, {}, tr("not a readable zip archive: %1").arg(libarchiveError(a.get())) });
        return;
    }
    archive_entry *entry = nullptr;
    int index = 0; // entries, for naming the nameless
    int files = 0; // entries holding data, for the cap
    for (;;) {
        const int status = archive_read_next_header(a.get(), &entry);
        if (status == ARCHIVE_EOF)
            break;
        if (status < ARCHIVE_WARN) {
            result.documents.append(
                { name, {}, tr("the zip archive is corrupt: %1").arg(libarchiveError(a.get())) });
            return;
        }
        ++index;
        const char *rawName = archive_entry_pathname_utf8(entry);
        if (!rawName)
            rawName = archive_entry_pathname(entry);
        const QString entryName = QString::fromUtf8(rawName ? rawName : "");
        // An empty member name is real (mail-dmarc's fixtures): label it by its position.
        const QString member = entryName.isEmpty() ? tr("member %1").arg(index) : entryName;
        const QString label = name.isEmpty() ? member : name + QLatin1Char('/') + member;
        if (archive_entry_filetype(entry) == AE_IFDIR)
            continue;
        if (isUnsafeEntryName(entryName)) {
            result.warnings.append(
                tr("skipped the zip member \"%1\", whose name points outside the archive")
                    .arg(entryName));
            continue;
        }
        if (++files > m_caps.maxMembers) {
            result.documents.append(
                { name, {}, tr("more than %1 members in the zip archive").arg(m_caps.maxMembers) });
            return;
        }
        QByteArray out;
        const QString error = readEntry(a.get(), out);
        if (!error.isEmpty()) {
            result.documents.append({ label, {}, error });
            // A cap applies to the whole input: stop rather than inflate the next member.
            if (m_totalOut > m_caps.maxTotalBytes || ratioExceeded())
                return;
            continue;
        }
        extractLayer(out, label, depth + 1, result);
    }
}
