#pragma once

#include "mailitems.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

// Joins bounces and failure reports to the aggregate rows that counted the same messages. A
// link needs the message's arrival inside the row's report range and at least one piece of
// evidence: the row's IP in the returned message's Received chain (received-ip) or as the
// failure report's Source-IP (source-ip), the row's reverse DNS name as a verified name or
// receiving host in that chain (relay-host), or a DKIM d= of the message among the row's DKIM
// domains, with the same selector when the domain is the policy domain (dkim-domain).
class Linker
{
public:
    struct Row
    {
        qint64 recordRef = 0;
        QString reportId;
        QString orgName;
        QString policyDomain;
        QString sourceIp;
        qint64 begin = 0;
        qint64 end = 0;
        QList<DkimSignatureRef> dkim;
        QString envelopeDomain;
    };

    struct Mail
    {
        qint64 mailRef = 0;
        bool failureReport = false;
        QString sourceIp; // a failure report's Source-IP
        qint64 arrival = 0; // a failure report's Arrival-Date
        OriginalMessage original;
    };

    enum class Strength
    {
        Medium = 1, // the relay's name alone
        Strong = 2, // an address or a DKIM signature
    };

    struct Link
    {
        qint64 mailRef = 0;
        qint64 recordRef = 0;
        QStringList reasons; // received-ip, source-ip, relay-host, dkim-domain, envelope-domain
        Strength strength = Strength::Medium;
    };

    // `ptrNames`: ip -> reverse DNS name of the rows' sources.
    Linker(QList<Row> rows, const QHash<QString, QString> &ptrNames);

    // Slack around a report's range when only the sender's Date header dates the message
    // (clocks and queues); times read from the receiving hop need none.
    void setDateSlack(qint64 seconds) { m_dateSlack = seconds; }
    QList<Link> linksFor(const Mail &mail) const;
    const QList<Row> &rows() const { return m_rows; }

private:
    // When the message reached the reporter: the hop that received it from `ip`, else the newest
    // hop from an address the reports know, else the newest public hop; 0 if none.
    qint64 arrivalFrom(const Mail &mail, const QString &ip, bool *fromHop) const;

    // Rows sharing a key, sorted by the end of their report's range, so the rows around a time
    // are found by a binary search instead of a walk over every row of a busy source.
    struct Bucket
    {
        QList<int> rows;
        qint64 maxSpan = 0; // the longest report range among them
    };
    QList<int> around(const Bucket &bucket, qint64 time, qint64 slack) const;
    static void finish(QHash<QString, Bucket> &buckets, const QList<Row> &rows);

    QList<Row> m_rows;
    QHash<QString, Bucket> m_byIp;
    QHash<QString, Bucket> m_byName; // PTR name -> rows
    // "domain" -> rows signed by it as a third party; "domain\nselector" -> rows whose policy
    // domain it is, by selector.
    QHash<QString, Bucket> m_byDkim;
    qint64 m_dateSlack = 6 * 3600;
};
