#include "sourceclassifier.h"

#include "domainname.h"

#include <QCoreApplication>
#include <QLocale>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SourceClassifier", text);
}

// Relaxed alignment (RFC 7489 3.1): the same organisational domain.
bool aligned(const QString &domain, const QString &policyDomain)
{
    return !domain.isEmpty()
        && DomainName::registrable(domain) == DomainName::registrable(policyDomain);
}

QString organisationText(const Organisation &organisation, const QString &baseDomain)
{
    if (!organisation.isKnown())
        return baseDomain;
    return tr("%1, %2").arg(organisation.name, Organisation::typeName(organisation.type));
}

// "DKIM pass for sendgrid.info, not aligned with swznet.de; SPF pass for x.example, not aligned"
QStringList misalignedPasses(const SourceEvidence &evidence)
{
    QStringList parts;
    for (const auto &dkim : evidence.dkim)
        if (dkim.result == QLatin1String("pass") && !aligned(dkim.domain, evidence.policyDomain))
            parts.append(tr("DKIM pass for %1, not aligned with %2")
                             .arg(dkim.domain, evidence.policyDomain));
    for (const auto &spf : evidence.spf)
        if (spf.result == QLatin1String("pass") && !aligned(spf.domain, evidence.policyDomain))
            parts.append(tr("SPF pass for %1, not aligned").arg(spf.domain));
    parts.removeDuplicates();
    return parts;
}

} // namespace

QString SourceClass::categoryName(Category category)
{
    switch (category) {
    case Category::Authorized:
        return QStringLiteral("authorized");
    case Category::Forwarder:
        return QStringLiteral("forwarder");
    case Category::MisalignedService:
        return QStringLiteral("misaligned-service");
    case Category::Threat:
        return QStringLiteral("threat");
    }
    return {};
}

QString SourceClass::categoryTitle(Category category)
{
    switch (category) {
    case Category::Authorized:
        return tr("Authorised");
    case Category::Forwarder:
        return tr("Forwarder");
    case Category::MisalignedService:
        return tr("Misaligned service");
    case Category::Threat:
        return tr("Threat / unknown");
    }
    return {};
}

SourceClassifier::SourceClassifier(const OrgMap &organisations)
    : m_organisations(organisations)
{ }

QString SourceClassifier::selectorKey(const QString &domain, const QString &selector)
{
    return domain.toLower() + QLatin1Char('/') + selector.toLower();
}

SourceClass SourceClassifier::classify(const SourceEvidence &evidence) const
{
    SourceClass verdict;
    const QLocale locale;

    // Who runs it: the reverse DNS name first (it names the network), then what it signed or
    // was SPF-authorised as.
    if (!evidence.ptr.isEmpty()) {
        verdict.baseDomain = DomainName::registrable(evidence.ptr);
        verdict.organisation = m_organisations.lookup(evidence.ptr);
    }
    if (!verdict.organisation.isKnown()) {
        QList<SourceEvidence::Auth> passed;
        for (const auto &dkim : evidence.dkim)
            if (dkim.result == QLatin1String("pass"))
                passed.append(dkim);
        for (const auto &spf : evidence.spf)
            if (spf.result == QLatin1String("pass"))
                passed.append(spf);
        for (const auto &auth : std::as_const(passed)) {
            if (aligned(auth.domain, evidence.policyDomain))
                continue;
            const Organisation organisation = m_organisations.lookup(auth.domain);
            if (organisation.isKnown()) {
                verdict.organisation = organisation;
                verdict.baseDomain = DomainName::registrable(auth.domain);
                break;
            }
        }
    }
    const QString who = organisationText(verdict.organisation, verdict.baseDomain);

    // Authorised: DMARC passes for the bulk of its mail.
    if (evidence.messages > 0 && evidence.dmarcPass * 2 >= evidence.messages) {
        QStringList how;
        for (const auto &dkim : evidence.dkim)
            if (dkim.result == QLatin1String("pass") && aligned(dkim.domain, evidence.policyDomain))
                how.append(tr("DKIM aligned (d=%1)").arg(dkim.domain));
        for (const auto &spf : evidence.spf)
            if (spf.result == QLatin1String("pass") && aligned(spf.domain, evidence.policyDomain))
                how.append(tr("SPF aligned (%1)").arg(spf.domain));
        how.removeDuplicates();
        verdict.category = SourceClass::Category::Authorized;
        verdict.reason
            = tr("DMARC passes for %1 of %2 messages")
                  .arg(locale.toString(evidence.dmarcPass), locale.toString(evidence.messages));
        if (!how.isEmpty())
            verdict.reason += QLatin1String(": ") + how.join(QLatin1String(", "));
        return verdict;
    }

    QStringList why;
    // A signature in the domain's name whose selector never passes anywhere: forged.
    for (const auto &dkim : evidence.dkim) {
        if (dkim.result != QLatin1String("pass") && aligned(dkim.domain, evidence.policyDomain)
            && !m_passing.contains(selectorKey(dkim.domain, dkim.selector))) {
            why.append(dkim.selector.isEmpty()
                    ? tr("DKIM signature for %1 without a selector that ever passes: forged")
                          .arg(dkim.domain)
                    : tr("DKIM signature for %1 with selector %2, which never passes: forged")
                          .arg(dkim.domain, dkim.selector));
        }
    }

    const bool forwarded = evidence.arc || evidence.overrides.contains(QLatin1String("forwarded"))
        || evidence.overrides.contains(QLatin1String("trusted_forwarder"))
        || evidence.overrides.contains(QLatin1String("mailing_list"));
    if (why.isEmpty() && (forwarded || verdict.organisation.relays())) {
        verdict.category = SourceClass::Category::Forwarder;
        QStringList parts;
        if (verdict.organisation.relays())
            parts.append(tr("%1 relays mail sent elsewhere").arg(who));
        if (forwarded)
            parts.append(tr("the reporter saw it forwarded (%1)")
                             .arg(evidence.overrides.isEmpty()
                                     ? QStringLiteral("ARC")
                                     : evidence.overrides.join(QLatin1String(", "))));
        parts.append(tr("DMARC fails for %1 of %2 messages")
                         .arg(locale.toString(evidence.messages - evidence.dmarcPass),
                             locale.toString(evidence.messages)));
        verdict.reason = parts.join(QLatin1String("; "));
        return verdict;
    }

    const QStringList misaligned = misalignedPasses(evidence);
    if (why.isEmpty() && verdict.organisation.type == Organisation::Type::EmailServiceProvider) {
        verdict.category = SourceClass::Category::MisalignedService;
        verdict.reason = misaligned.isEmpty()
            ? tr("%1 sends in your name without authenticating it").arg(who)
            : who + QLatin1String(": ") + misaligned.join(QLatin1String("; "));
        return verdict;
    }

    verdict.category = SourceClass::Category::Threat;
    why.append(misaligned);
    if (why.isEmpty())
        why.append(evidence.dkim.isEmpty() ? tr("no DKIM signature and no aligned SPF pass")
                                           : tr("no aligned DKIM or SPF pass"));
    if (evidence.ptr.isEmpty())
        why.append(tr("no reverse DNS"));
    else
        why.append(
            tr("reverse DNS %1%2")
                .arg(evidence.ptr,
                    verdict.organisation.isKnown() ? QLatin1String(" (") + who + QLatin1Char(')')
                                                   : QString()));
    verdict.reason = why.join(QLatin1String("; "));
    return verdict;
}
