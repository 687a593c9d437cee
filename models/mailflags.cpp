#include "mailflags.h"

#include "sourceclassifier.h"

#include <QCoreApplication>
#include <QSqlQuery>

MailFlags MailFlags::load(QSqlDatabase db)
{
    MailFlags flags;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (query.exec(QStringLiteral("SELECT DISTINCT policy_domain FROM reports")))
        while (query.next())
            flags.m_policyDomains.insert(query.value(0).toString().toLower());
    if (query.exec(QStringLiteral(
            "SELECT DISTINCT domain, selector FROM record_dkim WHERE result = 'pass'")))
        while (query.next())
            flags.m_passing.insert(SourceClassifier::selectorKey(
                query.value(0).toString(), query.value(1).toString()));
    if (query.exec(QStringLiteral("SELECT domain, selector, found FROM dkim_keys")))
        while (query.next())
            flags.m_keys.insert(
                SourceClassifier::selectorKey(query.value(0).toString(), query.value(1).toString()),
                query.value(2).toBool());
    return flags;
}

bool MailFlags::neverPasses(const DkimSignatureRef &signature) const
{
    return m_policyDomains.contains(signature.domain.toLower())
        && !m_passing.contains(SourceClassifier::selectorKey(signature.domain, signature.selector));
}

bool MailFlags::isForged(const DkimSignatureRef &signature) const
{
    const auto key
        = m_keys.constFind(SourceClassifier::selectorKey(signature.domain, signature.selector));
    return neverPasses(signature) && key != m_keys.cend() && !key.value();
}

QStringList MailFlags::flags(const OriginalMessage &original) const
{
    QStringList result;
    for (const DkimSignatureRef &signature : original.dkim) {
        if (isForged(signature))
            result.append(QCoreApplication::translate("MailFlags",
                "forged DKIM: d=%1 s=%2 never passes in any report and has no key in DNS")
                              .arg(signature.domain, signature.selector));
        else if (neverPasses(signature)
            && !m_keys.contains(
                SourceClassifier::selectorKey(signature.domain, signature.selector)))
            result.append(QCoreApplication::translate("MailFlags",
                "suspicious DKIM: d=%1 s=%2 never passes in any report (key not checked yet)")
                              .arg(signature.domain, signature.selector));
    }
    for (const ReceivedHop &hop : original.received)
        if (hop.heloMismatch)
            result.append(QCoreApplication::translate("MailFlags", "HELO %1 from %2 (%3)")
                              .arg(hop.helo, hop.ip,
                                  hop.fromHost.isEmpty()
                                      ? QCoreApplication::translate("MailFlags", "no host name")
                                      : hop.fromHost));
    return result;
}
