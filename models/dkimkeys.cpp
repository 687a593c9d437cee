#include "dkimkeys.h"

#include "dnsquery.h"
#include "transactionguard.h"

#include <QDnsLookup>
#include <QSqlError>
#include <QSqlQuery>

namespace {

// Keys change rarely; a day keeps the flags fresh without asking DNS on every import.
constexpr qint64 KeySeconds = 86400;

} // namespace

namespace DkimKeyCache {

QList<Entry> pending(QSqlDatabase db, qint64 now)
{
    QList<Entry> keys;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT DISTINCT lower(o.domain), o.selector FROM original_dkim o "
        "WHERE lower(o.domain) IN (SELECT DISTINCT lower(policy_domain) FROM reports) "
        "AND o.selector IS NOT NULL AND o.selector <> '' "
        "AND NOT EXISTS (SELECT 1 FROM record_dkim d WHERE lower(d.domain) = lower(o.domain) "
        "AND lower(d.selector) = lower(o.selector) AND d.result = 'pass') "
        "AND NOT EXISTS (SELECT 1 FROM dkim_keys k WHERE k.domain = lower(o.domain) "
        "AND k.selector = lower(o.selector) AND k.expires_at > ?)"));
    query.addBindValue(now);
    if (query.exec())
        while (query.next())
            keys.append({ query.value(0).toString(), query.value(1).toString().toLower(), false });
    return keys;
}

bool store(QSqlDatabase db, const QList<Entry> &entries, qint64 now, QString *error)
{
    TransactionGuard transaction(db);
    QSqlQuery remove(db), insert(db);
    remove.prepare(QStringLiteral("DELETE FROM dkim_keys WHERE domain = ? AND selector = ?"));
    insert.prepare(QStringLiteral("INSERT INTO dkim_keys (domain, selector, found, looked_up_at, "
                                  "expires_at) VALUES (?, ?, ?, ?, ?)"));
    for (const Entry &entry : entries) {
        remove.addBindValue(entry.domain);
        remove.addBindValue(entry.selector);
        insert.addBindValue(entry.domain);
        insert.addBindValue(entry.selector);
        insert.addBindValue(entry.found ? 1 : 0);
        insert.addBindValue(now);
        insert.addBindValue(now + KeySeconds);
        if (!remove.exec() || !insert.exec()) {
            if (error)
                *error = insert.lastError().text();
            return false;
        }
    }
    return transaction.commit();
}

} // namespace DkimKeyCache

void DkimKeyResolver::resolve(const QList<DkimKeyCache::Entry> &keys)
{
    for (const auto &key : keys)
        m_queue.enqueue(key);
    startNext();
    if (isIdle())
        Q_EMIT finished();
}

void DkimKeyResolver::startNext()
{
    while (m_inFlight < MaxInFlight && !m_queue.isEmpty()) {
        DkimKeyCache::Entry entry = m_queue.dequeue();
        ++m_inFlight;
        const QString name = entry.selector + QLatin1String("._domainkey.") + entry.domain;
        auto *lookup = DnsQuery::create(QDnsLookup::TXT, name, m_nameserver, this);
        connect(lookup, &QDnsLookup::finished, this, [this, lookup, entry]() mutable {
            lookup->deleteLater();
            // Only a clear answer counts: "no such name" or a record. A timeout or a refusal
            // says nothing about the key, and leaves it unchecked.
            const bool answered = lookup->error() == QDnsLookup::NoError
                || lookup->error() == QDnsLookup::NotFoundError;
            for (const QString &text : DnsQuery::texts(*lookup)) {
                // A key is "p=" with something after it; "p=" alone is a revoked key.
                const qsizetype p = text.indexOf(QLatin1String("p="));
                entry.found |= p >= 0 && p + 2 < text.size() && text.at(p + 2) != QLatin1Char(';');
            }
            if (answered)
                m_results.append(entry);
            --m_inFlight;
            startNext();
            if (isIdle())
                Q_EMIT finished();
        });
        lookup->lookup();
    }
}
