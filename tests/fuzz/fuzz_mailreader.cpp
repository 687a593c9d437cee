// libFuzzer target: any bytes into the mail reader (GMime underneath): a result or an error, never
// a crash, a hang or an attachment over the caps.
#include "mailreader.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    InputCaps caps;
    caps.maxInputBytes = 1 << 20;
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const MailReader::Result result = MailReader::read(input, caps);
    for (const auto &attachment : result.attachments)
        if (attachment.content.size() > caps.maxInputBytes)
            __builtin_trap();
    return 0;
}
