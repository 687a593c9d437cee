// libFuzzer target: any bytes into the aggregate report parser must give a report or an error,
// never a crash, a leak or unbounded memory.
#include "aggregateparser.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray xml(reinterpret_cast<const char *>(data), qsizetype(size));
    const AggregateParseResult result = AggregateParser::parse(xml);
    // Invariants a caller relies on: a report that parsed has what the store needs.
    if (result.ok()) {
        if (result.report.reportId.isEmpty() || result.report.records.isEmpty()
            || result.report.dateBegin > result.report.dateEnd || result.report.dateBegin < 0)
            __builtin_trap();
        for (const auto &record : result.report.records)
            if (record.sourceIp.isEmpty() || record.count < 0)
                __builtin_trap();
    }
    return 0;
}
