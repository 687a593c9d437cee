#include "linker.h"

#include <QHostAddress>
#include <QMap>

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

QString domainOf(const QString &address)
{
    const qsizetype at = address.lastIndexOf(QLatin1Char('@'));
    return (at < 0 ? address : address.mid(at + 1)).toLower();
}

QString selectorKey(const QString &domain, const QString &selector)
{
    return domain + QLatin1Char('\n') + selector.toLower();
}

} // namespace

Linker::Linker(QList<Row> rows, const QHash<QString, QString> &ptrNames)
    : m_rows(std::move(rows))
{
    for (int i = 0; i < m_rows.size(); ++i) {
        const Row &row = m_rows.at(i);
        m_byIp[row.sourceIp].rows.append(i);
        const QString name = ptrNames.value(row.sourceIp).toLower();
        if (!name.isEmpty())
            m_byName[name].rows.append(i);
        // A signature in the policy domain's own name links only with the same selector (the
        // campaign forges its own; the domain's real ones sign everything else), so those rows
        // are keyed by domain and selector: a forged signature then never walks the hundreds of
        // thousands of rows the real selector signed.
        QSet<QString> keys;
        const QString policyDomain = row.policyDomain.toLower();
        for (const DkimSignatureRef &dkim : row.dkim) {
            const QString domain = dkim.domain.toLower();
            keys.insert(domain == policyDomain ? selectorKey(domain, dkim.selector) : domain);
        }
        for (const QString &key : std::as_const(keys))
            m_byDkim[key].rows.append(i);
    }
    for (auto *buckets : { &m_byIp, &m_byName, &m_byDkim })
        finish(*buckets, m_rows);
}

void Linker::finish(QHash<QString, Bucket> &buckets, const QList<Row> &rows)
{
    for (Bucket &bucket : buckets) {
        std::sort(bucket.rows.begin(), bucket.rows.end(),
            [&rows](int a, int b) { return rows.at(a).end < rows.at(b).end; });
        for (const int row : std::as_const(bucket.rows))
            bucket.maxSpan = qMax(bucket.maxSpan, rows.at(row).end - rows.at(row).begin);
    }
}

QList<int> Linker::around(const Bucket &bucket, qint64 time, qint64 slack) const
{
    QList<int> result;
    if (time == 0)
        return result;
    // First row whose range ends at or after time - slack; none past time + slack + the longest
    // range can start early enough.
    auto it = std::lower_bound(bucket.rows.cbegin(), bucket.rows.cend(), time - slack,
        [this](int row, qint64 value) { return m_rows.at(row).end < value; });
    for (; it != bucket.rows.cend(); ++it) {
        const Row &row = m_rows.at(*it);
        if (row.end - bucket.maxSpan > time + slack)
            break;
        if (row.begin - slack <= time)
            result.append(*it);
    }
    return result;
}

qint64 Linker::arrivalFrom(const Mail &mail, const QString &ip, bool *fromHop) const
{
    *fromHop = true;
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
    *fromHop = false;
    return mail.original.date;
}

QList<Linker::Link> Linker::linksFor(const Mail &mail) const
{
    // Candidate rows with their reasons, in row order so results are stable.
    QMap<int, QStringList> candidates;
    auto add = [&](const QList<int> &rows, const QString &reason) {
        for (const int row : rows)
            if (!candidates[row].contains(reason))
                candidates[row].append(reason);
    };
    QSet<QString> ips, names;
    for (const ReceivedHop &hop : mail.original.received) {
        if (!hop.ip.isEmpty())
            ips.insert(hop.ip);
        // Names the receiving servers checked or are; never what a client claimed in HELO.
        if (!hop.fromHost.isEmpty())
            names.insert(hop.fromHost.toLower());
        if (!hop.byHost.isEmpty())
            names.insert(hop.byHost.toLower());
    }
    // Only rows whose report covers the arrival are candidates: a busy relay has thousands of
    // rows, one or two of them from the right day. Rows found by an address use the time of the
    // hop from that address; the others the message's arrival, with a day of margin for the exact
    // check below.
    auto windowFor = [&](const QString &ip, qint64 margin) {
        bool fromHop = false;
        const qint64 time = arrivalFrom(mail, ip, &fromHop);
        return std::pair { time, (fromHop ? 0 : m_dateSlack) + margin };
    };
    static const Bucket Empty;
    for (const QString &ip : std::as_const(ips)) {
        const auto [time, slack] = windowFor(ip, 0);
        add(around(m_byIp.value(ip, Empty), time, slack), QStringLiteral("received-ip"));
    }
    if (mail.failureReport && !mail.sourceIp.isEmpty()) {
        const auto [time, slack] = windowFor(mail.sourceIp, 0);
        add(around(m_byIp.value(mail.sourceIp, Empty), time, slack), QStringLiteral("source-ip"));
    }
    const auto [arrival, arrivalSlack] = windowFor(QString(), 86400);
    for (const QString &name : std::as_const(names))
        add(around(m_byName.value(name, Empty), arrival, arrivalSlack),
            QStringLiteral("relay-host"));
    for (const DkimSignatureRef &signature : mail.original.dkim) {
        const QString domain = signature.domain.toLower();
        // Rows signed by this domain as a third party, and rows whose policy domain it is that
        // were signed with the same selector.
        QList<int> matching = around(m_byDkim.value(domain, Empty), arrival, arrivalSlack);
        for (const int row : around(m_byDkim.value(selectorKey(domain, signature.selector), Empty),
                 arrival, arrivalSlack))
            if (m_rows.at(row).policyDomain.compare(domain, Qt::CaseInsensitive) == 0)
                matching.append(row);
        add(matching, QStringLiteral("dkim-domain"));
    }

    QList<Link> links;
    const QString envelope = domainOf(mail.original.from);
    for (auto it = candidates.cbegin(); it != candidates.cend(); ++it) {
        const Row &row = m_rows.at(it.key());
        bool fromHop = false;
        const qint64 time = arrivalFrom(mail, row.sourceIp, &fromHop);
        const qint64 slack = fromHop ? 0 : m_dateSlack;
        if (time == 0 || time < row.begin - slack || time > row.end + slack)
            continue;
        Link link;
        link.mailRef = mail.mailRef;
        link.recordRef = row.recordRef;
        link.reasons = it.value();
        // A distinctive envelope domain (not the policy domain every spoof uses) shared by both.
        if (!row.envelopeDomain.isEmpty() && row.envelopeDomain == envelope
            && row.envelopeDomain != row.policyDomain.toLower())
            link.reasons.append(QStringLiteral("envelope-domain"));
        link.reasons.sort();
        const bool strong = link.reasons.contains(QLatin1String("received-ip"))
            || link.reasons.contains(QLatin1String("source-ip"))
            || link.reasons.contains(QLatin1String("dkim-domain"));
        link.strength = strong ? Strength::Strong : Strength::Medium;
        links.append(link);
    }
    return links;
}
