#pragma once

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QQueue>
#include <QSqlDatabase>
#include <QString>

class QDnsLookup;

// One IP's reverse DNS as last looked up.
struct ReverseDnsEntry
{
    QString ip;
    QString name; // the PTR name without the trailing dot; empty when there is none
    bool forwardConfirmed = false; // the name resolves back to the IP
    qint64 lookedUpAt = 0;
    qint64 expiresAt = 0; // from the records' TTL (an hour for "no name")
    QString error; // a failure other than "no such name" (timeout, refused)
};

// The reverse_dns table: every lookup is kept until its TTL runs out.
namespace ReverseDnsCache {

QHash<QString, ReverseDnsEntry> load(QSqlDatabase db);
bool store(QSqlDatabase db, const QList<ReverseDnsEntry> &entries, QString *error = nullptr);
// The IPs of the stored reports without a cached, unexpired name.
QStringList pending(QSqlDatabase db, qint64 now);

} // namespace ReverseDnsCache

// Looks up PTR names with QDnsLookup, a bounded number at a time, and confirms each name by
// resolving it forward (A or AAAA) to the same IP. Asynchronous: needs an event loop, never
// blocks it. The name server is the system's unless one is set.
class ReverseDnsResolver : public QObject
{
    Q_OBJECT
public:
    explicit ReverseDnsResolver(QObject *parent = nullptr);

    void setNameserver(const QHostAddress &nameserver) { m_nameserver = nameserver; }
    void setMaxInFlight(int count) { m_maxInFlight = qMax(1, count); }
    // Queues the IPs; `finished` follows once every queued IP has an answer.
    void resolve(const QStringList &ips);
    bool isIdle() const { return m_queue.isEmpty() && m_inFlight == 0; }
    QList<ReverseDnsEntry> results() const { return m_results; }
    void clearResults() { m_results.clear(); }

    // "4.3.2.1.in-addr.arpa" / the nibble form under ip6.arpa; empty for a non-IP.
    static QString ptrName(const QString &ip);

Q_SIGNALS:
    void resolved(const ReverseDnsEntry &entry);
    void finished();

private:
    void startNext();
    void lookUpPtr(const QString &ip);
    void confirm(ReverseDnsEntry entry, qint64 ttl);
    void done(const ReverseDnsEntry &entry);

    QHostAddress m_nameserver;
    int m_maxInFlight = 16;
    int m_inFlight = 0;
    QQueue<QString> m_queue;
    QList<ReverseDnsEntry> m_results;
};
