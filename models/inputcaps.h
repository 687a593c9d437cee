#pragma once

#include <QtGlobal>

// Limits applied to every untrusted input. They are counted while bytes stream out of the
// decompressor, so a bomb stops at the cap instead of filling memory first. Each error names the
// limit that was hit, so a user with a genuinely huge report knows which one to raise.
struct InputCaps
{
    qint64 maxInputBytes = 256ll << 20; // a file as read from disk
    qint64 maxMemberBytes = 128ll << 20; // one decompressed document
    qint64 maxTotalBytes = 512ll << 20; // everything decompressed from one input
    qint64 maxRatio = 100; // decompressed bytes per compressed byte of the input...
    qint64 ratioFloorBytes = 1ll << 20; // ...checked only once this much came out
    int maxMembers = 256; // documents in one archive, nested layers included
    int maxNesting = 4; // gzip inside zip inside gzip ...
    // An mbox file larger than this is read in parts of about this size, whole messages each;
    // maxInputBytes then applies to each part (a single message), not to the file.
    qint64 mboxPartBytes = 32ll << 20;
};
