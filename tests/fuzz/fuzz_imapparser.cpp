// libFuzzer target: any bytes from an IMAP server, fed in uneven chunks into the response
// parser: responses or an error, never a crash, a hang or memory past the limits.
#include "imapparser.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ImapParser::Limits limits;
    limits.maxLiteralBytes = 1 << 16;
    limits.maxLineBytes = 1 << 12;
    limits.maxResponseBytes = 1 << 17;
    limits.maxNesting = 16;
    ImapParser parser(limits);
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    // The first byte picks the chunk size, so splits inside literals and CRLFs are explored.
    const qsizetype chunk = size > 0 ? 1 + data[0] % 64 : 1;
    for (qsizetype at = 0; at < input.size(); at += chunk) {
        parser.feed(input.sliced(at, qMin(chunk, input.size() - at)));
        ImapResponse response;
        ImapParser::Status status;
        while ((status = parser.next(&response)) == ImapParser::Status::Response) {
            if (response.firstLine.size() > 200)
                __builtin_trap();
            (void)response.fetchItem("BODY[]");
        }
        if (status == ImapParser::Status::Error)
            break;
        if (parser.pendingBytes() > limits.maxResponseBytes + chunk)
            __builtin_trap();
    }
    return 0;
}
