#include "mboxsegments.h"

#include "mailreader.h"

#include <QFile>

namespace MboxSegments {

bool isMbox(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    return MailReader::looksLikeMbox(file.read(4096));
}

QList<Segment> split(const QString &path, qint64 segmentBytes)
{
    QFile file(path);
    const qint64 size = file.size();
    if (size <= segmentBytes || !file.open(QIODevice::ReadOnly))
        return { { 0, size, 1 } };
    // Mapped, not read: the scan touches every page once and keeps none of them.
    const uchar *mapped = file.map(0, size);
    if (!mapped)
        return { { 0, size, 1 } };
    const QByteArrayView data(reinterpret_cast<const char *>(mapped), size);

    QList<Segment> segments;
    Segment current;
    int messages = 0;
    for (qsizetype at = data.indexOf("From "); at >= 0; at = data.indexOf("From ", at + 5)) {
        // A separator starts a line: at the start of the file, or after LF or CR (old Macs).
        if (at > 0 && data[at - 1] != '\n' && data[at - 1] != '\r')
            continue;
        ++messages;
        if (at - current.offset >= segmentBytes) {
            current.length = at - current.offset;
            segments.append(current);
            current = { at, 0, messages };
        }
    }
    current.length = size - current.offset;
    segments.append(current);
    file.unmap(const_cast<uchar *>(mapped));
    return segments;
}

} // namespace MboxSegments
