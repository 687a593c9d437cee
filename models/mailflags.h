#pragma once

#include "mailitems.h"

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

    bool isForged(const DkimSignatureRef &signature) const;
    QStringList flags(const OriginalMessage &original) const;

private:
    QSet<QString> m_policyDomains;
    QSet<QString> m_passing; // "domain/selector"
};
