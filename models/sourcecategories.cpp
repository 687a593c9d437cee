#include "sourcecategories.h"

#include "sourceevidence.h"

#include <QMutex>
#include <QSqlQuery>

namespace SourceCategories {

namespace {

// What the verdicts depend on: the records, the names and keys looked up, the user's own
// organisations. Equal keys mean equal verdicts.
QString versionKey(QSqlDatabase db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM records), (SELECT COUNT(*) FROM "
            "reverse_dns), (SELECT COALESCE(MAX(looked_up_at), 0) FROM reverse_dns), (SELECT "
            "COUNT(*) FROM dkim_keys), (SELECT COALESCE(MAX(looked_up_at), 0) FROM dkim_keys)"))
        || !query.next())
        return {};
    QString key = db.databaseName();
    for (int i = 0; i < 5; ++i)
        key += QLatin1Char('|') + query.value(i).toString();
    return key + QLatin1Char('|') + OrgMap::userEntries();
}

QHash<QString, Entry> computeUncached(QSqlDatabase db, QString *error)
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

} // namespace

QHash<QString, Entry> compute(QSqlDatabase db, QString *error)
{
    // The Overview and the Sources page load at the same time and both need every verdict:
    // the second waits for the first and takes its result instead of classifying all again.
    static QMutex mutex;
    static QString cachedKey;
    static QHash<QString, Entry> cached;
    const QString key = versionKey(db);
    QMutexLocker lock(&mutex);
    if (!key.isEmpty() && key == cachedKey)
        return cached;
    QString failure;
    QHash<QString, Entry> entries = computeUncached(db, &failure);
    if (!failure.isEmpty()) {
        if (error)
            *error = failure;
        return entries;
    }
    cachedKey = key;
    cached = entries;
    return entries;
}

} // namespace SourceCategories
