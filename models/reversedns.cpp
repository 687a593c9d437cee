#include "reversedns.h"

#include "dnsquery.h"
#include "transactionguard.h"

#include <QDateTime>
#include <QDnsLookup>
#include <QSqlError>
#include <QSqlQuery>

namespace {

// Answers without a TTL of their own ("no such name", errors) are kept this long.
constexpr qint64 NegativeSeconds = 3600;

} // namespace

namespace ReverseDnsCache {

QHash<QString, ReverseDnsEntry> load(QSqlDatabase db)
{
    QHash<QString, ReverseDnsEntry> entries;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT ip, name, forward_confirmed, looked_up_at, expires_at, "
                                   "error FROM reverse_dns")))
        return entries;
    while (query.next()) {
        ReverseDnsEntry entry { query.value(0).toString(), query.value(1).toString(),
            query.value(2).toBool(), query.value(3).toLongLong(), query.value(4).toLongLong(),
            query.value(5).toString() };
        entries.insert(entry.ip, entry);
    }
    return entries;
}

bool store(QSqlDatabase db, const QList<ReverseDnsEntry> &entries, QString *error)
{
    TransactionGuard transaction(db);
    QSqlQuery remove(db), insert(db);
    remove.prepare(QStringLiteral("DELETE FROM reverse_dns WHERE ip = ?"));
    insert.prepare(QStringLiteral("INSERT INTO reverse_dns (ip, name, forward_confirmed, "
                                  "looked_up_at, expires_at, error) VALUES (?, ?, ?, ?, ?, ?)"));
    for (const ReverseDnsEntry &entry : entries) {
        remove.addBindValue(entry.ip);
        insert.addBindValue(entry.ip);
        insert.addBindValue(entry.name);
        insert.addBindValue(entry.forwardConfirmed ? 1 : 0);
        insert.addBindValue(entry.lookedUpAt);
        insert.addBindValue(entry.expiresAt);
        insert.addBindValue(entry.error);
        if (!remove.exec() || !insert.exec()) {
            if (error)
                *error = (remove.lastError().isValid() ? remove : insert).lastError().text();
            return false;
        }
    }
    return transaction.commit();
}

QStringList pending(QSqlDatabase db, qint64 now)
{
    QStringList ips;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT DISTINCT rec.source_ip FROM records rec WHERE NOT EXISTS "
                                 "(SELECT 1 FROM reverse_dns d WHERE d.ip = rec.source_ip AND "
                                 "d.expires_at > ?)"));
    query.addBindValue(now);
    if (query.exec())
        while (query.next())
            ips.append(query.value(0).toString());
    return ips;
}

} // namespace ReverseDnsCache

ReverseDnsResolver::ReverseDnsResolver(QObject *parent)
    : QObject(parent)
{ }

QString ReverseDnsResolver::ptrName(const QString &ip)
{
    QHostAddress address;
    if (!address.setAddress(ip))
        return {};
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        const quint32 v4 = address.toIPv4Address();
        return QStringLiteral("%1.%2.%3.%4.in-addr.arpa")
            .arg(v4 & 0xff)
            .arg((v4 >> 8) & 0xff)
            .arg((v4 >> 16) & 0xff)
            .arg(v4 >> 24);
    }
    const Q_IPV6ADDR v6 = address.toIPv6Address();
    QString name;
    for (int i = 15; i >= 0; --i)
        name += QString::number(v6[i] & 0xf, 16) + QLatin1Char('.')
            + QString::number(v6[i] >> 4, 16) + QLatin1Char('.');
    return name + QLatin1String("ip6.arpa");
}

void ReverseDnsResolver::resolve(const QStringList &ips)
{
    for (const QString &ip : ips)
        m_queue.enqueue(ip);
    startNext();
    if (isIdle())
        Q_EMIT finished();
}

void ReverseDnsResolver::startNext()
{
    while (m_inFlight < m_maxInFlight && !m_queue.isEmpty()) {
        ++m_inFlight;
        lookUpPtr(m_queue.dequeue());
    }
}

void ReverseDnsResolver::lookUpPtr(const QString &ip)
{
    ReverseDnsEntry entry;
    entry.ip = ip;
    entry.lookedUpAt = QDateTime::currentSecsSinceEpoch();
    const QString name = ptrName(ip);
    if (name.isEmpty()) {
        entry.error = tr("not an IP address");
        entry.expiresAt = entry.lookedUpAt + NegativeSeconds;
        // Answered at once, but reported from the event loop like every other answer.
        QMetaObject::invokeMethod(
            this, [this, entry] { done(entry); }, Qt::QueuedConnection);
        return;
    }
    auto *lookup = DnsQuery::create(QDnsLookup::PTR, name, m_nameserver, this);
    connect(lookup, &QDnsLookup::finished, this, [this, lookup, entry]() mutable {
        lookup->deleteLater();
        const auto records = lookup->pointerRecords();
        if (lookup->error() == QDnsLookup::NoError && !records.isEmpty()) {
            entry.name = records.first().value().toLower();
            if (entry.name.endsWith(QLatin1Char('.')))
                entry.name.chop(1);
            confirm(entry, records.first().timeToLive());
            return;
        }
        if (lookup->error() != QDnsLookup::NotFoundError && lookup->error() != QDnsLookup::NoError)
            entry.error = lookup->errorString();
        entry.expiresAt = entry.lookedUpAt + NegativeSeconds;
        done(entry);
    });
    lookup->lookup();
}

void ReverseDnsResolver::confirm(ReverseDnsEntry entry, qint64 ttl)
{
    QHostAddress address(entry.ip);
    const auto type
        = address.protocol() == QAbstractSocket::IPv6Protocol ? QDnsLookup::AAAA : QDnsLookup::A;
    auto *lookup = DnsQuery::create(type, entry.name, m_nameserver, this);
    connect(lookup, &QDnsLookup::finished, this, [this, lookup, entry, ttl, address]() mutable {
        lookup->deleteLater();
        const auto records = lookup->hostAddressRecords();
        for (const auto &record : records)
            entry.forwardConfirmed |= record.value().isEqual(address);
        entry.expiresAt = entry.lookedUpAt + qMax<qint64>(ttl, 60);
        done(entry);
    });
    lookup->lookup();
}

void ReverseDnsResolver::done(const ReverseDnsEntry &entry)
{
    m_results.append(entry);
    --m_inFlight;
    Q_EMIT resolved(entry);
    startNext();
    if (isIdle())
        Q_EMIT finished();
}
