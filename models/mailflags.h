#pragma once

#include "mailitems.h"

#include <QHash>
#include <QSet>
#include <QSqlDatabase>
#include <QStringList>

// Warnings about a returned or reported message that a domain owner should see at once: a DKIM
// signature in one of their domains' names with a selector that never passes in any report
// (forged), and a Received hop whose HELO names another host than the connecting address's.
class MailFlags
{
public:
    // The policy domains of the stored reports and every DKIM domain/selector that passed.
    static MailFlags load(QSqlDatabase db);

    // The domain's name, a selector that never passes, and no key in DNS.
    bool isForged(const DkimSignatureRef &signature) const;
    // The domain's name and a selector that never passes (whatever DNS says).
    bool neverPasses(const DkimSignatureRef &signature) const;
    QStringList flags(const OriginalMessage &original) const;

private:
    QSet<QString> m_policyDomains;
    QSet<QString> m_passing; // "domain/selector"
    QHash<QString, bool> m_keys; // "domain/selector" -> a key is published (looked up in DNS)
};
