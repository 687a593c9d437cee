#pragma once

#include <QHostAddress>
#include <QObject>
#include <QQueue>
#include <QSqlDatabase>
#include <QString>

// Whether the DKIM selectors that returned messages claim for the store's own domains have a
// key in DNS: a signature with the domain's name, a selector that never passes and no key is
// forged. Looked up with QDnsLookup (TXT selector._domainkey.domain), kept in the dkim_keys table
// for a day.
namespace DkimKeyCache {

struct Entry
{
    QString domain;
    QString selector;
    bool found = false; // a key with a non-empty p=
};

// Signatures in returned messages for a policy domain whose selector never passes in the
// reports and has no fresh cached answer.
QList<Entry> pending(QSqlDatabase db, qint64 now);
bool store(QSqlDatabase db, const QList<Entry> &entries, qint64 now, QString *error = nullptr);

} // namespace DkimKeyCache

class DkimKeyResolver : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    void setNameserver(const QHostAddress &nameserver) { m_nameserver = nameserver; }
    void resolve(const QList<DkimKeyCache::Entry> &keys);
    bool isIdle() const { return m_queue.isEmpty() && m_inFlight == 0; }
    QList<DkimKeyCache::Entry> results() const { return m_results; }
    void clearResults() { m_results.clear(); }

Q_SIGNALS:
    void finished();

private:
    void startNext();

    QHostAddress m_nameserver;
    QQueue<DkimKeyCache::Entry> m_queue;
    QList<DkimKeyCache::Entry> m_results;
    int m_inFlight = 0;
    static constexpr int MaxInFlight = 8;
};
