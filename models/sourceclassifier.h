#pragma once

#include "orgmap.h"

#include <QList>
#include <QSet>
#include <QString>

// What the aggregate reports (and reverse DNS) say about one sending IP for one policy domain.
struct SourceEvidence
{
    struct Auth
    {
        QString domain;
        QString selector; // DKIM only
        QString result; // pass, fail, ...
        qint64 messages = 0;
    };

    QString ip;
    QString policyDomain;
    qint64 messages = 0;
    qint64 dmarcPass = 0;
    QList<Auth> dkim;
    QList<Auth> spf;
    QStringList overrides; // override types: forwarded, trusted_forwarder, mailing_list, ...
    bool arc = false; // an override comment mentions ARC
    QString ptr; // reverse DNS name, forward-confirmed or not
    bool ptrConfirmed = false;
};

// The verdict and why, in words a domain owner can act on.
struct SourceClass
{
    enum class Category
    {
        Authorized,
        Forwarder,
        MisalignedService,
        Threat
    };

    Category category = Category::Threat;
    QString reason;
    Organisation organisation; // who runs the source, as far as names tell
    QString baseDomain; // the registrable domain the organisation was found by

    static QString categoryName(Category category); // "authorized", "misaligned-service", ...
    static QString categoryTitle(Category category); // "Authorised", "Misaligned service", ...
};

class SourceClassifier
{
public:
    explicit SourceClassifier(const OrgMap &organisations = OrgMap::shipped());

    // DKIM selectors of the policy domain that passed somewhere in the data: a signature with
    // the domain's name and any other selector is forged.
    void setPassingSelectors(const QSet<QString> &domainSelectorKeys)
    {
        m_passing = domainSelectorKeys;
    }
    static QString selectorKey(const QString &domain, const QString &selector);

    SourceClass classify(const SourceEvidence &evidence) const;

private:
    const OrgMap &m_organisations;
    QSet<QString> m_passing;
};
