#include "sourcecategories.h"

#include "sourceevidence.h"

namespace SourceCategories {

QHash<QString, Entry> compute(QSqlDatabase db, QString *error)
{
    QHash<QString, Entry> entries;
    const SourceEvidenceLoader::Result loaded = SourceEvidenceLoader::load(db, error);
    const OrgMap organisations = OrgMap::effective();
    SourceClassifier classifier(organisations);
    classifier.setPassingSelectors(loaded.passingSelectors);
    // Most messages first: the first verdict for an IP is the one of its main domain.
    for (const SourceEvidence &evidence : loaded.sources) {
        if (entries.contains(evidence.ip)) {
            entries[evidence.ip].messages += evidence.messages;
            continue;
        }
        entries.insert(
            evidence.ip, { classifier.classify(evidence), evidence.ptr, evidence.messages });
    }
    return entries;
}

} // namespace SourceCategories
