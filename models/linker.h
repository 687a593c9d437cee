#pragma once

#include "mailitems.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

// Joins bounces and failure reports to the aggregate rows that counted the same messages. A
// link needs the message's arrival inside the row's report range and at least one piece of
// evidence: the row's IP in the returned message's Received chain (received-ip) or as the
// failure report's Source-IP (source-ip), the row's reverse DNS name as a verified name or
// receiving host in that chain (relay-host), or a DKIM d= of the message among the row's DKIM
// domains, with the same selector when the domain is the policy domain (dkim-domain).
//
// The linker does not pair messages with rows. A busy relay has a thousand rows a day, one per
// reporter, and 100,000 bounces through it would make a hundred million pairs. It finds, per
// message, the sources it is linked to and the window in which their rows are linked
// (SourceLink); the pairs follow from those by indexed queries (LinkStore).
class Linker
{
public:
    // A source IP seen in rows of reports covering [begin, end] (one entry for all such rows).
    struct AddressRange
    {
        QString ip;
        qint64 begin = 0;
        qint64 end = 0;
    };

    // A source IP seen in rows signed by `domain`: as a third party when `selector` is empty,
    // else as the policy domain itself with that (lower-case) selector.
    struct DkimRange
    {
        QString ip;
        QString domain;
        QString selector;
        qint64 begin = 0;
        qint64 end = 0;
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

    // A message linked to the rows of `sourceIp` whose report range contains `arrival`, give or
    // take `slack`. With an empty dkimDomain every such row is linked, for `reasons` (received-ip,
    // source-ip, relay-host); else only rows carrying that signature, for dkim-domain.
    struct SourceLink
    {
        qint64 mailRef = 0;
        QString sourceIp;
        QString dkimDomain;
        QString dkimSelector; // empty: any row signed by dkimDomain as a third party
        QStringList reasons;
        qint64 arrival = 0;
        qint64 slack = 0;
    };

    // `ptrNames`: ip -> reverse DNS name of the rows' sources.
    Linker(const QList<AddressRange> &addresses, const QList<DkimRange> &signatures,
        const QHash<QString, QString> &ptrNames);

    // Slack around a report's range when only the sender's Date header dates the message
    // (clocks and queues); times read from the receiving hop need none.
    void setDateSlack(qint64 seconds) { m_dateSlack = seconds; }
    QList<SourceLink> linksFor(const Mail &mail) const;
    qsizetype rangeCount() const { return m_ranges.size(); }

    static Strength strengthOf(const QStringList &reasons);

private:
    struct Range
    {
        QString ip;
        qint64 begin = 0;
        qint64 end = 0;
    };

    // When the message reached the reporter: the hop that received it from `ip`, else the newest
    // hop from an address the reports know, else the newest public hop; 0 if none. `slack` is
    // set to the date slack when only the Date header dates it.
    qint64 arrivalFrom(const Mail &mail, const QString &ip, qint64 *slack) const;

    // Ranges sharing a key, sorted by their end, so the ranges around a time are found by a
    // binary search instead of a walk over every day a busy source was reported.
    struct Bucket
    {
        QList<int> ranges;
        qint64 maxSpan = 0; // the longest range among them
    };
    // Calls visit(range) for each range of `bucket` that holds `time` give or take `slack`,
    // until it returns false.
    template<typename Visit>
    void around(const Bucket &bucket, qint64 time, qint64 slack, Visit visit) const;
    bool covered(const QString &ip, qint64 time, qint64 slack) const;
    void finish(QHash<QString, Bucket> &buckets) const;

    QList<Range> m_ranges;
    QHash<QString, Bucket> m_byIp;
    QHash<QString, QStringList> m_ipsByName; // PTR name -> source IPs
    // "domain" -> ranges signed by it as a third party; "domain\nselector" -> ranges whose
    // policy domain it is, by selector.
    QHash<QString, Bucket> m_byDkim;
    qint64 m_dateSlack = 6 * 3600;
};
