// libFuzzer target: any bytes into the archive reader, with small caps so that bombs are found
// quickly; every document it returns must respect them.
#include "archivereader.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    InputCaps caps;
    caps.maxMemberBytes = 1 << 20;
    caps.maxTotalBytes = 2 << 20;
    caps.ratioFloorBytes = 64 << 10;
    caps.maxMembers = 16;
    ArchiveReader reader(caps);
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const ExtractResult result = reader.extract(input);
    qint64 total = 0;
    for (const auto &document : result.documents) {
        if (document.data.size() > caps.maxMemberBytes)
            __builtin_trap();
        total += document.data.size();
    }
    if (total > caps.maxTotalBytes || result.documents.size() > caps.maxMembers + 1)
        __builtin_trap();
    return 0;
}
