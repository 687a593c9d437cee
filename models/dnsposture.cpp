#include "dnsposture.h"

#include "dnsquery.h"
#include "domainname.h"
#include "sourceevidence.h"

#include <QCoreApplication>
#include <QDnsLookup>
#include <QRegularExpression>
#include <QSqlQuery>

namespace {

// RFC 7208 4.6.4: at most ten DNS-querying terms; more expansion is pointless.
constexpr int SpfLookupLimit = 10;
// Includes nested deeper than this are a loop or an attack on the checker.
constexpr int SpfMaxDepth = 8;

QMap<QString, QString> tags(const QString &record)
{
    QMap<QString, QString> result;
    for (const QString &part : record.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const qsizetype equals = part.indexOf(QLatin1Char('='));
        if (equals > 0)
            result.insert(part.left(equals).trimmed().toLower(), part.mid(equals + 1).trimmed());
    }
    return result;
}

// The domains of the mailto: URIs of rua= or ruf=.
QStringList reportDomains(const QString &uris)
{
    QStringList domains;
    for (const QString &uri : uris.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        QString address = uri.trimmed();
        if (!address.startsWith(QLatin1String("mailto:"), Qt::CaseInsensitive))
            continue;
        address = address.mid(7).section(QLatin1Char('!'), 0, 0);
        const qsizetype at = address.lastIndexOf(QLatin1Char('@'));
        if (at > 0)
            domains.append(address.mid(at + 1).toLower());
    }
    return domains;
}

} // namespace

void DnsPostureCheck::inputsFromStore(
    QSqlDatabase db, const QString &domain, QStringList *selectors, QStringList *spfOnly)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT DISTINCT selector FROM record_dkim WHERE domain = ? AND "
                                 "selector IS NOT NULL AND selector <> '' ORDER BY selector"));
    query.addBindValue(domain.toLower());
    if (query.exec())
        while (query.next())
            selectors->append(query.value(0).toString());
    const SourceEvidenceLoader::Result loaded = SourceEvidenceLoader::load(db);
    const OrgMap organisations = OrgMap::effective();
    SourceClassifier classifier(organisations);
    classifier.setPassingSelectors(loaded.passingSelectors);
    for (const SourceEvidence &evidence : loaded.sources) {
        if (evidence.policyDomain != domain.toLower()
            || classifier.classify(evidence).category != SourceClass::Category::Authorized)
            continue;
        bool alignedDkim = false;
        for (const auto &dkim : evidence.dkim)
            alignedDkim |= dkim.result == QLatin1String("pass")
                && DomainName::registrable(dkim.domain) == DomainName::registrable(domain);
        if (!alignedDkim)
            spfOnly->append(evidence.ip);
    }
}

DnsPostureCheck::DnsPostureCheck(QObject *parent)
    : QObject(parent)
{ }

void DnsPostureCheck::lookUpTxt(
    const QString &name, std::function<void(const QStringList &, bool found)> done)
{
    ++m_pending;
    auto *lookup = DnsQuery::create(QDnsLookup::TXT, name, m_nameserver, this);
    connect(lookup, &QDnsLookup::finished, this, [this, lookup, done] {
        lookup->deleteLater();
        done(DnsQuery::texts(*lookup), lookup->error() == QDnsLookup::NoError);
        requestDone();
    });
    lookup->lookup();
}

void DnsPostureCheck::start(const QString &domain, const QStringList &selectors)
{
    m_posture = DnsPosture();
    m_posture.domain = domain.toLower();
    m_authorisations.clear();
    m_spfSeen.clear();
    lookUpTxt(QStringLiteral("_dmarc.") + m_posture.domain, [this](const QStringList &texts, bool) {
        for (const QString &text : texts)
            if (text.startsWith(QLatin1String("v=DMARC1"), Qt::CaseInsensitive)) {
                m_posture.dmarcRecord = text;
                m_posture.dmarcTags = tags(text);
            }
        // Foreign report addresses must be authorised by their domain (RFC 7489 7.1).
        const QString own = DomainName::registrable(m_posture.domain);
        for (const QString &key : { QStringLiteral("rua"), QStringLiteral("ruf") })
            for (const QString &target : reportDomains(m_posture.dmarcTags.value(key))) {
                if (DomainName::registrable(target) == own || m_authorisations.contains(target))
                    continue;
                m_authorisations.insert(target, false);
                lookUpTxt(m_posture.domain + QLatin1String("._report._dmarc.") + target,
                    [this, target](const QStringList &texts, bool) {
                        for (const QString &text : texts)
                            if (text.startsWith(QLatin1String("v=DMARC1"), Qt::CaseInsensitive))
                                m_authorisations[target] = true;
                    });
            }
    });
    expandSpf(m_posture.domain, 0);
    for (const QString &selector : selectors) {
        const qsizetype index = m_posture.dkim.size();
        m_posture.dkim.append({ selector, false, false, {} });
        lookUpTxt(selector + QLatin1String("._domainkey.") + m_posture.domain,
            [this, index](const QStringList &texts, bool) {
                for (const QString &text : texts) {
                    if (!text.contains(QLatin1String("p="), Qt::CaseInsensitive))
                        continue;
                    DnsPosture::DkimKey &key = m_posture.dkim[index];
                    key.found = true;
                    key.record = text;
                    key.revoked = tags(text).value(QStringLiteral("p")).isEmpty();
                }
            });
    }
}

void DnsPostureCheck::expandSpf(const QString &name, int depth)
{
    if (depth > SpfMaxDepth || m_spfSeen.contains(name)
        || m_posture.spfLookups > SpfLookupLimit + 5)
        return;
    m_spfSeen.insert(name);
    lookUpTxt(name, [this, name, depth](const QStringList &texts, bool) {
        QStringList spf;
        for (const QString &text : texts)
            if (text.startsWith(QLatin1String("v=spf1"), Qt::CaseInsensitive))
                spf.append(text);
        if (spf.isEmpty())
            return;
        if (depth == 0) {
            m_posture.spfRecord = spf.join(QLatin1String(" | "));
            if (spf.size() > 1)
                m_posture.problems.append(tr("%1 publishes %2 SPF records: receivers treat that as "
                                             "a permanent error (RFC 7208 3.2)")
                                              .arg(name)
                                              .arg(spf.size()));
        } else {
            m_posture.spfIncludes.append(name);
        }
        static const QRegularExpression term(
            QStringLiteral(
                R"((?:^|\s)[+\-~?]?(include:|redirect=|a\b|a:|a/|mx\b|mx:|mx/|ptr\b|ptr:|exists:)(\S*))"),
            QRegularExpression::CaseInsensitiveOption);
        for (auto it = term.globalMatch(spf.first()); it.hasNext();) {
            const auto match = it.next();
            ++m_posture.spfLookups;
            const QString kind = match.captured(1).toLower();
            if (kind == QLatin1String("include:") || kind == QLatin1String("redirect="))
                expandSpf(match.captured(2).toLower(), depth + 1);
        }
    });
}

void DnsPostureCheck::requestDone()
{
    if (--m_pending > 0)
        return;
    m_posture.problems += judge(m_posture, m_spfOnly, m_authorisations);
    Q_EMIT finished(m_posture);
}

QStringList DnsPostureCheck::judge(const DnsPosture &posture, const QStringList &spfOnlySources,
    const QMap<QString, bool> &reportAuthorisations)
{
    QStringList problems;
    const QMap<QString, QString> &dmarc = posture.dmarcTags;
    if (posture.dmarcRecord.isEmpty()) {
        problems.append(tr("No DMARC record at _dmarc.%1: receivers apply no policy and send no "
                           "reports")
                            .arg(posture.domain));
        return problems;
    }
    const QString policy = dmarc.value(QStringLiteral("p")).toLower();
    if (policy != QLatin1String("none") && policy != QLatin1String("quarantine")
        && policy != QLatin1String("reject"))
        problems.append(
            tr("The DMARC record's p= is \"%1\", not none, quarantine or reject").arg(policy));
    if (policy == QLatin1String("quarantine") || policy == QLatin1String("reject"))
        for (const QString &ip : spfOnlySources)
            problems.append(tr("p=%1, but the authorised source %2 passes with SPF only: mail it "
                               "sends breaks when forwarded. Sign it with DKIM for %3")
                                .arg(policy, ip, posture.domain));
    if (posture.spfRecord.isEmpty())
        problems.append(tr("No SPF record for %1").arg(posture.domain));
    if (posture.spfLookups > SpfLookupLimit)
        problems.append(
            tr("The SPF record needs %1 DNS lookups (includes expanded); receivers stop "
               "at 10 and fail SPF (RFC 7208 4.6.4)")
                .arg(posture.spfLookups));
    for (auto it = reportAuthorisations.cbegin(); it != reportAuthorisations.cend(); ++it)
        if (!it.value())
            problems.append(tr("Reports go to %1, which does not authorise them: "
                               "%2._report._dmarc.%1 has no v=DMARC1 record, so receivers send "
                               "nothing there (RFC 7489 7.1)")
                                .arg(it.key(), posture.domain));
    for (const char *deprecated : { "pct", "rf", "ri" })
        if (dmarc.contains(QLatin1String(deprecated)))
            problems.append(tr("%1= is deprecated by DMARCbis (RFC 9989); receivers may ignore it")
                                .arg(QLatin1String(deprecated)));
    if (!dmarc.contains(QStringLiteral("sp")))
        problems.append(tr("No sp= tag: subdomains inherit p=%1; say so explicitly, or set a "
                           "stricter policy for subdomains you never send from")
                            .arg(policy));
    if (!dmarc.contains(QStringLiteral("np")))
        problems.append(tr("No np= tag: names that do not exist under %1 get p=%2; np=reject "
                           "stops spoofing of made-up subdomains")
                            .arg(posture.domain, policy));
    for (const DnsPosture::DkimKey &key : posture.dkim) {
        if (!key.found)
            problems.append(tr("DKIM selector %1 appears in reports but has no key at "
                               "%1._domainkey.%2: its signatures cannot pass (forged, or retired)")
                                .arg(key.selector, posture.domain));
        else if (key.revoked)
            problems.append(tr("DKIM selector %1 is revoked (empty p=)").arg(key.selector));
    }
    return problems;
}
