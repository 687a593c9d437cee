#include "linker.h"

#include <QHostAddress>
#include <QMap>
#include <QSet>

namespace {

bool isPublic(const QString &ip)
{
    const QHostAddress address(ip);
    if (address.isNull() || address.isLoopback() || address.isLinkLocal())
        return false;
    for (const auto &[network, length] : { std::pair { QStringLiteral("10.0.0.0"), 8 },
             { QStringLiteral("172.16.0.0"), 12 }, { QStringLiteral("192.168.0.0"), 16 },
             { QStringLiteral("100.64.0.0"), 10 }, { QStringLiteral("fc00::"), 7 } })
        if (address.isInSubnet(QHostAddress(network), length))
            return false;
    return true;
}

QString selectorKey(const QString &domain, const QString &selector)
{
    return selector.isEmpty() ? domain : domain + QLatin1Char('\n') + selector;
}

} // namespace

Linker::Linker(const QList<AddressRange> &addresses, const QList<DkimRange> &signatures,
    const QHash<QString, QString> &ptrNames)
{
    m_ranges.reserve(addresses.size() + signatures.size());
    for (const AddressRange &address : addresses) {
        m_byIp[address.ip].ranges.append(int(m_ranges.size()));
        m_ranges.append({ address.ip, address.begin, address.end });
    }
    for (const DkimRange &signature : signatures) {
        m_byDkim[selectorKey(signature.domain, signature.selector)].ranges.append(
            int(m_ranges.size()));
        m_ranges.append({ signature.ip, signature.begin, signature.end });
    }
    for (auto it = ptrNames.cbegin(); it != ptrNames.cend(); ++it)
        if (!it.value().isEmpty() && m_byIp.contains(it.key()))
            m_ipsByName[it.value().toLower()].append(it.key());
    finish(m_byIp);
    finish(m_byDkim);
}

void Linker::finish(QHash<QString, Bucket> &buckets) const
{
    for (Bucket &bucket : buckets) {
        std::sort(bucket.ranges.begin(), bucket.ranges.end(),
            [this](int a, int b) { return m_ranges.at(a).end < m_ranges.at(b).end; });
        for (const int range : std::as_const(bucket.ranges))
            bucket.maxSpan
                = qMax(bucket.maxSpan, m_ranges.at(range).end - m_ranges.at(range).begin);
    }
}

template<typename Visit>
void Linker::around(const Bucket &bucket, qint64 time, qint64 slack, Visit visit) const
{
    if (time == 0)
        return;
    // First range ending at or after time - slack; none past time + slack + the longest range
    // can start early enough.
    auto it = std::lower_bound(bucket.ranges.cbegin(), bucket.ranges.cend(), time - slack,
        [this](int range, qint64 value) { return m_ranges.at(range).end < value; });
    for (; it != bucket.ranges.cend(); ++it) {
        const Range &range = m_ranges.at(*it);
        if (range.end - bucket.maxSpan > time + slack)
            break;
        if (range.begin - slack <= time && !visit(range))
            return;
    }
}

bool Linker::covered(const QString &ip, qint64 time, qint64 slack) const
{
    const auto bucket = m_byIp.constFind(ip);
    bool found = false;
    if (bucket != m_byIp.cend())
        around(*bucket, time, slack, [&found](const Range &) {
            found = true;
            return false; // one is enough
        });
    return found;
}

qint64 Linker::arrivalFrom(const Mail &mail, const QString &ip, qint64 *slack) const
{
    *slack = 0;
    const QList<ReceivedHop> &hops = mail.original.received;
    for (const ReceivedHop &hop : hops)
        if (!ip.isEmpty() && hop.ip == ip && hop.time)
            return hop.time;
    for (const ReceivedHop &hop : hops)
        if (hop.time && m_byIp.contains(hop.ip))
            return hop.time;
    if (mail.failureReport && mail.arrival)
        return mail.arrival;
    for (const ReceivedHop &hop : hops)
        if (hop.time && isPublic(hop.ip))
            return hop.time;
    *slack = m_dateSlack;
    return mail.original.date;
}

Linker::Strength Linker::strengthOf(const QStringList &reasons)
{
    const bool strong = reasons.contains(QLatin1String("received-ip"))
        || reasons.contains(QLatin1String("source-ip"))
        || reasons.contains(QLatin1String("dkim-domain"));
    return strong ? Strength::Strong : Strength::Medium;
}

QList<Linker::SourceLink> Linker::linksFor(const Mail &mail) const
{
    // The sources the message names, with why; in IP order so results are stable.
    QMap<QString, QStringList> sources;
    auto add = [&sources](const QString &ip, const QString &reason) {
        QStringList &reasons = sources[ip];
        if (!reasons.contains(reason))
            reasons.append(reason);
    };
    for (const ReceivedHop &hop : mail.original.received) {
        if (!hop.ip.isEmpty() && m_byIp.contains(hop.ip))
            add(hop.ip, QStringLiteral("received-ip"));
        // Names the receiving servers checked or are; never what a client claimed in HELO.
        for (const QString &name : { hop.fromHost, hop.byHost })
            if (!name.isEmpty())
                for (const QString &ip : m_ipsByName.value(name.toLower()))
                    add(ip, QStringLiteral("relay-host"));
    }
    if (mail.failureReport && m_byIp.contains(mail.sourceIp))
        add(mail.sourceIp, QStringLiteral("source-ip"));

    // Each source is linked in the window of the message's arrival there: the time of the hop
    // from its address, else the message's general arrival.
    QList<SourceLink> links;
    for (auto it = sources.begin(); it != sources.end(); ++it) {
        qint64 slack = 0;
        const qint64 time = arrivalFrom(mail, it.key(), &slack);
        if (!covered(it.key(), time, slack))
            continue;
        it->sort();
        links.append({ mail.mailRef, it.key(), {}, {}, *it, time, slack });
    }

    // Signatures: the sources of rows signed by a third-party domain, or by the policy domain
    // with the same selector (a campaign forges its own; the real one signs everything else).
    qint64 arrivalSlack = 0;
    const qint64 arrival = arrivalFrom(mail, QString(), &arrivalSlack);
    QSet<QString> seenKeys;
    for (const DkimSignatureRef &signature : mail.original.dkim) {
        const QString domain = signature.domain.toLower();
        for (const QString &selector : { QString(), signature.selector.toLower() }) {
            const QString key = selectorKey(domain, selector);
            const auto bucket = m_byDkim.constFind(key);
            if (bucket == m_byDkim.cend() || seenKeys.contains(key))
                continue;
            seenKeys.insert(key);
            // Per source: its arrival (worked out once) and whether a range of it holds it.
            struct Arrival
            {
                qint64 time = 0;
                qint64 slack = 0;
                bool linked = false;
            };
            QMap<QString, Arrival> ips;
            around(*bucket, arrival, arrivalSlack + 86400, [&](const Range &range) {
                auto at = ips.find(range.ip);
                if (at == ips.end()) {
                    Arrival first;
                    first.time = arrivalFrom(mail, range.ip, &first.slack);
                    at = ips.insert(range.ip, first);
                }
                at->linked = at->linked
                    || (at->time != 0 && range.begin - at->slack <= at->time
                        && at->time <= range.end + at->slack);
                return true;
            });
            for (auto ip = ips.cbegin(); ip != ips.cend(); ++ip)
                if (ip->linked)
                    links.append({ mail.mailRef, ip.key(), domain, selector,
                        { QStringLiteral("dkim-domain") }, ip->time, ip->slack });
        }
    }
    // In the store's key order.
    std::sort(links.begin(), links.end(), [](const SourceLink &a, const SourceLink &b) {
        return std::tie(a.sourceIp, a.dkimDomain, a.dkimSelector)
            < std::tie(b.sourceIp, b.dkimDomain, b.dkimSelector);
    });
    return links;
}
