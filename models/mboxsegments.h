#pragma once

#include <QList>
#include <QString>

// An mbox file cut into runs of whole messages, so that a mailbox of any size is read a part at a
// time: a Thunderbird folder of years of reports easily outgrows the 256 MB read-whole cap, and
// reading it whole would hold every message in memory at once. Cuts fall only before a "From "
// line (mboxrd quotes such lines inside bodies as ">From "), so each part is an mbox itself.
namespace MboxSegments {

struct Segment
{
    qint64 offset = 0;
    qint64 length = 0;
    int firstMessage = 1; // the number of the part's first message in the whole mailbox
};

// True when the file starts like an mbox ("From " after optional blank lines).
bool isMbox(const QString &path);

// Cuts `path` into segments of at least `segmentBytes` (the last one may be shorter; a single
// message longer than that is a segment of its own). One segment covering the file when it is
// smaller or cannot be mapped.
QList<Segment> split(const QString &path, qint64 segmentBytes);

} // namespace MboxSegments
