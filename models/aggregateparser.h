#pragma once

#include "aggregatereport.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

struct AggregateParseResult
{
    AggregateReport report;
    QStringList warnings; // skipped records, repaired values: the report itself is kept
    QString error; // set when the document is rejected as a whole

    bool ok() const { return error.isEmpty(); }
};

// Parses one DMARC aggregate report (RFC 7489 or RFC 9990) from bytes with libxml2's SAX2 parser,
// building no tree. Hardened: no DTD loading, no entity substitution, no network, any DOCTYPE
// rejects the document, and libxml2's messages are captured instead of printed.
namespace AggregateParser {

AggregateParseResult parse(const QByteArray &xml);

// Replaces invalid UTF-8 sequences by U+FFFD. Returns the number of repairs made.
int repairUtf8(QByteArray &data);

} // namespace AggregateParser
