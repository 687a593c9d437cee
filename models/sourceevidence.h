#pragma once

#include "sourceclassifier.h"

#include <QSqlDatabase>

// Reads, for every (source IP, policy domain) of the stored aggregate reports, what the
// classifier needs: message and DMARC pass counts, DKIM and SPF results with their domains and
// selectors, override reasons; and the DKIM selectors that ever passed. Reverse DNS names come
// from the reverse_dns cache where it has them.
namespace SourceEvidenceLoader {

struct Result
{
    QList<SourceEvidence> sources; // most messages first
    QSet<QString> passingSelectors; // SourceClassifier::selectorKey of every passing signature
};

Result load(QSqlDatabase db, QString *error = nullptr);

} // namespace SourceEvidenceLoader
